// 企业管理: the registry (list, export, form, Excel import), enterprise accounts, the
// 安全生产管理体系 profile with its review, 承诺公告, completeness statistics and the
// 行业类别 dictionary. Uploads of attachments go through `fileApi` (./files).
import { downloadExport, http, request } from './client'
import type {
  BusinessStatus,
  CompletenessRow,
  EnterpriseAccount,
  EnterpriseAccountCreated,
  EnterpriseAccountInput,
  EnterpriseInput,
  EnterpriseProfile,
  EnterpriseView,
  ImportConfirmInput,
  ImportReport,
  IndustryCategory,
  IndustryCategoryInput,
  ListParams,
  NoticeItem,
  NoticeList,
  Page,
  ProfileItemCode,
  ProfileItemInput,
  ProfileItemView,
} from './types'

const id = (v: string) => encodeURIComponent(v)

export interface EnterpriseFilter {
  district_id?: string | null
  category_id?: string | null
  /** only sent when chosen */
  is_key?: boolean | null
  status?: BusinessStatus | ''
  q?: string
}

export const categoryApi = {
  list: () => http.get<IndustryCategory[]>('/api/industry-categories'),
  create: (body: IndustryCategoryInput) => http.post<IndustryCategory>('/api/industry-categories', body, { silent: true }),
  update: (categoryId: string, body: IndustryCategoryInput) =>
    http.put<IndustryCategory>(`/api/industry-categories/${id(categoryId)}`, body, { silent: true }),
  /** 409 when enterprises use it (the detail is shown by the client). */
  remove: (categoryId: string) => http.del(`/api/industry-categories/${id(categoryId)}`),
}

export const enterpriseApi = {
  list: (f: EnterpriseFilter & ListParams) => http.get<Page<EnterpriseView>>('/api/enterprises', { ...f }),
  export: (f: EnterpriseFilter & { sort?: string }) => downloadExport('/api/enterprises/export', { ...f }, '企业.xlsx'),
  /** Silent: the page shows "not found" itself (another scope's id answers 404). */
  get: (enterpriseId: string) => http.get<EnterpriseView>(`/api/enterprises/${id(enterpriseId)}`, undefined, { silent: true }),
  create: (body: EnterpriseInput) => http.post<EnterpriseView>('/api/enterprises', body, { silent: true }),
  update: (enterpriseId: string, body: EnterpriseInput) =>
    http.put<EnterpriseView>(`/api/enterprises/${id(enterpriseId)}`, body, { silent: true }),

  /** The import template (.xlsx with the columns and an 允许值 sheet). */
  template: () => downloadExport('/api/enterprises/import-template', undefined, '企业导入模板.xlsx'),
  /**
   * POST /api/enterprises/import/preview: the raw bytes of the .xlsx (application/octet-stream,
   * named by `file_name`). Silent: the wizard shows 400 / 413 / 415 next to the file.
   */
  previewImport: (file: File) =>
    request<ImportReport>('/api/enterprises/import/preview', {
      method: 'POST',
      query: { file_name: file.name },
      rawBody: file,
      contentType: 'application/octet-stream',
      silent: true,
    }),
  /** Silent: the wizard shows the problems (400) itself. */
  confirmImport: (body: ImportConfirmInput) => http.post<ImportReport>('/api/enterprises/import', body, { silent: true }),

  accounts: (enterpriseId: string) => http.get<EnterpriseAccount[]>(`/api/enterprises/${id(enterpriseId)}/accounts`),
  createAccount: (enterpriseId: string, body: EnterpriseAccountInput) =>
    http.post<EnterpriseAccountCreated>(`/api/enterprises/${id(enterpriseId)}/accounts`, body, { silent: true }),

  completeness: (groupBy: 'district' | 'category') =>
    http.get<CompletenessRow[]>('/api/enterprises/completeness', { group_by: groupBy }),
}

export const profileApi = {
  get: (enterpriseId: string) => http.get<EnterpriseProfile>(`/api/enterprises/${id(enterpriseId)}/profile`),
  /** Saves an item (it becomes 待提交). Silent: the card shows field errors and the detail. */
  save: (enterpriseId: string, item: ProfileItemCode, body: ProfileItemInput) =>
    http.put<ProfileItemView>(`/api/enterprises/${id(enterpriseId)}/profile/${item}`, body, { silent: true }),
  submit: (enterpriseId: string, item: ProfileItemCode) =>
    http.post<ProfileItemView>(`/api/enterprises/${id(enterpriseId)}/profile/${item}/submit`),
  approve: (enterpriseId: string, item: ProfileItemCode, comment: string) =>
    http.post<ProfileItemView>(`/api/enterprises/${id(enterpriseId)}/profile/${item}/approve`, comment ? { comment } : {}, {
      silent: true,
    }),
  /** The reason is required (field error `reason` otherwise). */
  return: (enterpriseId: string, item: ProfileItemCode, reason: string) =>
    http.post<ProfileItemView>(`/api/enterprises/${id(enterpriseId)}/profile/${item}/return`, { reason }, { silent: true }),
  commitmentText: (enterpriseId: string, year: number) =>
    http.get<{ text: string }>(`/api/enterprises/${id(enterpriseId)}/commitment/default-text`, { year }),
  /** 在线承诺: confirmed by the principal responsible person. */
  confirmCommitment: (enterpriseId: string, year: number, text: string) =>
    http.post<ProfileItemView>(`/api/enterprises/${id(enterpriseId)}/commitment/confirm`, { year, text }, { silent: true }),
}

export const noticeApi = {
  list: (enterpriseId: string) => http.get<NoticeList>(`/api/enterprises/${id(enterpriseId)}/notices`, undefined, { silent: true }),
  /** 409 when this period's notice is already posted (the detail is shown by the client). */
  post: (enterpriseId: string, content: string) =>
    http.post<NoticeItem>(`/api/enterprises/${id(enterpriseId)}/notices`, { content }),
}
