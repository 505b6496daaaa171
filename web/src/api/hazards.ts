// 隐患排查治理 and 自查自改自报 (docs/api-hazards.md): photos, the 隐患类别 dictionary, the
// hazard ledger with its steps (start, plan, supervise, submit, accept, return, level, edit),
// self-checks and their status, statistics and repeat hazards.
import { downloadExport, http, uploadFile, type Query, type UploadOptions } from './client'
import type { DateString, FileBrief, ListParams, Page, SelfCheckPeriod, Timestamp } from './types'

export type { FileBrief } from './types'

const id = (v: string) => encodeURIComponent(v)

/** 企业自查 区局检查 市局督导 专项检查 群众举报 其他 */
export type HazardSource = 'self_check' | 'district_check' | 'bureau_supervision' | 'special_check' | 'public_report' | 'other'
/** 一般隐患 重大隐患 */
export type HazardLevel = 'general' | 'major'
/** 待整改 整改中 待验收 已销号 */
export type HazardState = 'pending' | 'rectifying' | 'verifying' | 'closed'
/** The steps the detail may offer (`actions`). */
export type HazardAction = 'start' | 'submit_plan' | 'supervise' | 'submit' | 'accept' | 'return' | 'change_level' | 'edit'

export interface HazardView {
  id: string
  /** e.g. YH2026000123 */
  code: string
  enterprise_id: string
  enterprise_name: string
  district_id: string | null
  district_name: string
  source: HazardSource
  source_label: string
  category_id: string
  category_name: string
  level: HazardLevel
  level_label: string
  state: HazardState
  state_label: string
  description: string
  location: string | null
  found_on: DateString
  found_by: string | null
  measures: string | null
  responsible: string | null
  deadline: DateString
  funds: number | null
  fixed_on_spot: boolean
  overdue: boolean
  overdue_days: number
  supervised: boolean
  /** file id of the first photo (it has a thumbnail) */
  thumb: string | null
  closed_on: DateString | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface Supervision {
  kind: 'district' | 'bureau'
  /** 区级挂牌督办 / 市级挂牌督办 */
  kind_label: string
  org_id: string
  org_name: string
  by_name: string
  at: Timestamp
  deadline: DateString
  note: string | null
}

/** 整改方案: 目标和任务 方法和措施 经费和物资 机构和人员 时限和要求 安全措施和应急预案 */
export interface RectificationPlan {
  goal: string
  methods: string
  funds: string
  organization: string
  schedule: string
  safety: string
}

export interface HazardEventView {
  id: string
  /** 'report' | 'fixed_on_spot' | HazardAction */
  action: string
  action_label: string
  from_state: HazardState | null
  to_state: HazardState
  to_state_label: string
  comment: string | null
  data: Record<string, unknown> | null
  actor_name: string
  actor_org_name: string
  at: Timestamp
  attachments: FileBrief[]
}

export interface HazardDetail extends HazardView {
  photos: FileBrief[]
  after_photos: FileBrief[]
  supervision: Supervision | null
  plan: RectificationPlan | null
  plan_at: Timestamp | null
  rectified_note: string | null
  funds_spent: number | null
  submitted_at: Timestamp | null
  verified_by_name: string | null
  closed_at: Timestamp | null
  returns: number
  created_by_name: string
  self_check_id: string | null
  events: HazardEventView[]
  actions: HazardAction[]
}

export interface HazardInput {
  enterprise_id?: string
  source?: HazardSource
  category_id?: string
  level?: HazardLevel
  description: string
  location?: string
  found_on?: DateString
  found_by?: string
  measures?: string
  responsible?: string
  deadline?: DateString
  funds?: number
  /** ids from POST /api/photos, at least one */
  photos: string[]
  fixed_on_spot?: boolean
  after_photos?: string[]
  fix_note?: string
}

export interface HazardEdit {
  category_id: string
  description: string
  location?: string | null
  measures?: string | null
  responsible?: string | null
  deadline?: DateString
  funds?: number | null
  comment?: string
}

export interface HazardCategory {
  id: string
  name: string
  sort_order: number
  hazard_count: number
}

export interface HazardCategoryInput {
  name: string
  sort_order: number
}

export interface StatsRow {
  key: string
  label: string
  found: number
  closed: number
  open: number
  overdue: number
  on_spot: number
  /** closed ÷ found, percent */
  rate: number
  avg_days: number | null
}

export type StatsBy = 'district' | 'category' | 'level' | 'source' | 'month'

export interface HazardStats {
  by: StatsBy | string
  rows: StatsRow[]
  total: StatsRow
}

export interface RepeatGroup {
  enterprise_id: string
  enterprise_name: string
  district_name: string
  category_id: string
  category_name: string
  count: number
  hazards: { id: string; code: string; found_on: DateString; state_label: string }[]
}

export type CheckResult = '符合' | '不符合' | '不适用'

export interface SelfCheckItem {
  item: string
  result: CheckResult
  note?: string | null
}

export interface SelfCheckInput {
  enterprise_id?: string
  checked_on?: DateString
  scope: string
  inspectors: string
  items: SelfCheckItem[]
  no_hazards: boolean
  hazards: HazardInput[]
  attachments: string[]
  note?: string
}

export interface SelfCheckView {
  id: string
  enterprise_id: string
  enterprise_name: string
  district_name: string
  checked_on: DateString
  scope: string
  inspectors: string
  no_hazards: boolean
  hazards_found: number
  fixed_on_spot: number
  created_by_name: string
  created_at: Timestamp
}

export interface SelfCheckDetail extends SelfCheckView {
  items: SelfCheckItem[]
  note: string | null
  attachments: FileBrief[]
  hazards: HazardView[]
}

export interface SelfCheckStatus {
  enterprise_id: string
  enterprise_name: string
  district_name: string
  category_name: string | null
  period: SelfCheckPeriod
  /** e.g. 2026年11月 */
  period_label: string
  done: boolean
  last_checked_on: DateString | null
  previous_missed: boolean
}

export interface HazardFilter {
  district_id?: string
  enterprise_id?: string
  /** `open`: not closed (待整改, 整改中, 待验收) */
  state?: HazardState | 'open' | ''
  level?: HazardLevel | ''
  category_id?: string
  source?: HazardSource | ''
  /** only `true` is sent */
  overdue?: boolean
  supervised?: boolean
  found_from?: DateString
  found_to?: DateString
  q?: string
}

export interface SelfCheckFilter {
  enterprise_id?: string
  district_id?: string
  from?: DateString
  to?: DateString
}

export interface SelfCheckStatusFilter {
  district_id?: string
  category_id?: string
  /** only `true` is sent */
  missing?: boolean
}

export interface StatsFilter {
  district_id?: string
  /** months YYYY-MM of finding */
  from?: string
  to?: string
}

/**
 * A list the contract may answer as a bare array or as a Page: always a Page. A bare array
 * is paged here when a page size is given.
 */
export function asPage<T>(v: T[] | Page<T> | null | undefined, page = 1, pageSize = 0): Page<T> {
  if (Array.isArray(v)) {
    const items = pageSize > 0 ? v.slice((page - 1) * pageSize, page * pageSize) : v
    return { items, total: v.length, page, page_size: pageSize || v.length }
  }
  if (v && Array.isArray(v.items)) return v
  return { items: [], total: 0, page, page_size: pageSize }
}

/** `true` flags are sent, `false` ones left out ("only the overdue ones" or all). */
export function flags(f: object): Query {
  const out: Query = {}
  for (const [k, v] of Object.entries(f)) out[k] = v === false ? undefined : (v as Query[string])
  return out
}

export const photoApi = {
  /**
   * POST /api/photos: one picture as the multipart part `file` (JPG, PNG, WebP); answers its
   * FileBrief with `has_thumb` and `taken_at`. Silent: the uploader shows the reason beside it.
   */
  upload: (file: File, opts: UploadOptions = {}) =>
    uploadFile<FileBrief>('/api/photos', file, file.name || 'photo.jpg', { silent: true, ...opts }),
}

export const hazardCategoryApi = {
  list: () => http.get<HazardCategory[]>('/api/hazard-categories'),
  create: (body: HazardCategoryInput) => http.post<HazardCategory>('/api/hazard-categories', body, { silent: true }),
  update: (categoryId: string, body: HazardCategoryInput) =>
    http.put<HazardCategory>(`/api/hazard-categories/${id(categoryId)}`, body, { silent: true }),
  /** 409 when hazards use it (the detail is shown by the client). */
  remove: (categoryId: string) => http.del(`/api/hazard-categories/${id(categoryId)}`),
}

export const hazardApi = {
  list: (f: HazardFilter & ListParams) => http.get<Page<HazardView> & { total_more?: boolean }>('/api/hazards', flags(f)),
  export: (f: HazardFilter & { sort?: string }) => downloadExport('/api/hazards/export', flags(f), '隐患台账.xlsx'),
  /** Silent: the page shows "not found" itself (another scope's id answers 404). */
  get: (hazardId: string) => http.get<HazardDetail>(`/api/hazards/${id(hazardId)}`, undefined, { silent: true }),
  /**
   * Silent: the form shows field errors and the detail. `key` (see `submissionKey`)
   * is the same on each retry of one report, so a retry never files it twice.
   */
  create: (body: HazardInput, key?: string) =>
    http.post<HazardDetail>('/api/hazards', body, { silent: true, idempotencyKey: key }),
  update: (hazardId: string, body: HazardEdit) => http.put<HazardDetail>(`/api/hazards/${id(hazardId)}`, body, { silent: true }),

  // The steps: each answers the new HazardDetail; silent, the dialog shows what went wrong.
  start: (hazardId: string, comment: string) => step(hazardId, 'start', comment ? { comment } : {}),
  plan: (hazardId: string, body: { plan: RectificationPlan; attachments?: string[]; comment?: string }) => step(hazardId, 'plan', body),
  supervise: (hazardId: string, body: { deadline: DateString; comment?: string }) => step(hazardId, 'supervise', body),
  submit: (hazardId: string, body: { photos: string[]; comment?: string; funds_spent?: number }) => step(hazardId, 'submit', body),
  accept: (hazardId: string, comment: string) => step(hazardId, 'accept', comment ? { comment } : {}),
  return: (hazardId: string, comment: string) => step(hazardId, 'return', { comment }),
  level: (hazardId: string, body: { level: HazardLevel; comment: string }) => step(hazardId, 'level', body),

  stats: (by: StatsBy, f: StatsFilter) => http.get<HazardStats>('/api/hazards/stats', { by, ...f }),
  repeats: async (f: StatsFilter) => asPage(await http.get<RepeatGroup[] | Page<RepeatGroup>>('/api/hazards/repeats', { ...f })).items,
}

function step(hazardId: string, path: string, body: unknown) {
  return http.post<HazardDetail>(`/api/hazards/${id(hazardId)}/${path}`, body, { silent: true })
}

export const selfCheckApi = {
  list: (f: SelfCheckFilter & ListParams) => http.get<Page<SelfCheckView>>('/api/self-checks', { ...f }),
  get: (checkId: string) => http.get<SelfCheckDetail>(`/api/self-checks/${id(checkId)}`, undefined, { silent: true }),
  create: (body: SelfCheckInput) => http.post<SelfCheckDetail>('/api/self-checks', body, { silent: true }),
  export: (f: SelfCheckFilter) => downloadExport('/api/self-checks/export', { ...f }, '自查记录.xlsx'),
  exportStatus: (f: SelfCheckStatusFilter) => downloadExport('/api/self-checks/status/export', flags(f), '自查情况.xlsx'),
  /** Per enterprise in scope; a bare array is taken as one page. */
  status: async (f: SelfCheckStatusFilter & ListParams) =>
    asPage(
      await http.get<SelfCheckStatus[] | Page<SelfCheckStatus>>('/api/self-checks/status', flags(f)),
      f.page,
      f.page_size,
    ),
}
