// 督导检查 (docs/api-inspections.md): checklist templates (检查表) with their versions, special
// campaigns (专项检查), plans (检查计划) with their progress, and the inspections themselves
// (检查记录): start, answers saved as they are given, finish, confirm, cancel, the report.
import { downloadExport, http } from './client'
import { asPage } from './hazards'
import type { DateString, FileBrief, ListParams, Page, Timestamp } from './types'

export type { FileBrief } from './types'

const id = (v: string) => encodeURIComponent(v)

// ---------------------------------------------------------------------------
// checklist templates

export type AnswerKind = 'compliance' | 'number' | 'text' | 'photo'

export type AnswerSpec =
  | { kind: 'compliance' }
  | { kind: 'number'; unit?: string | null; min?: number | null; max?: number | null }
  | { kind: 'text' }
  | { kind: 'photo' }

/** 一般隐患 / 重大隐患 */
export type RuleLevel = 'general' | 'major'

/** What a 不符合 answer becomes: a hazard of this category (a 隐患类别 name) and level. */
export interface HazardRule {
  category: string
  level: RuleLevel
}

export interface ChecklistItem {
  /** stable within the template (answers and findings refer to it) */
  key: string
  text: string
  /** 依据: the rule or standard the item checks */
  basis: string
  answer: AnswerSpec
  hazard: HazardRule | null
  photo_required_on_fail: boolean
}

export interface ChecklistSection {
  title: string
  items: ChecklistItem[]
}

export interface Template {
  name: string
  scope_label: string
  sections: ChecklistSection[]
}

export interface TemplateBrief {
  id: string
  /** the built-in templates' key (mall, supermarket, …); null for the bureau's own */
  key: string | null
  name: string
  scope_label: string
  version: number
  /** number of items */
  items: number
  builtin: boolean
  updated_at: Timestamp
}

export interface TemplateVersion {
  version: number
  created_at: Timestamp
  created_by_name: string
}

export interface TemplateDetail {
  id: string
  key: string | null
  name: string
  scope_label: string
  version: number
  versions: TemplateVersion[]
  content: Template
  builtin?: boolean
}

// ---------------------------------------------------------------------------
// campaigns and plans

export interface Progress {
  total: number
  done: number
  in_progress: number
  not_started: number
  overdue: number
}

export interface ProgressRow extends Progress {
  id: string
  name: string
}

export interface CampaignSummary {
  plans: number
  total: number
  done: number
  overdue: number
  findings: number
  hazards: number
  hazards_closed: number
}

export interface InspectionCampaign {
  id: string
  name: string
  starts_on: DateString
  ends_on: DateString
  description: string | null
  created_at?: Timestamp
  created_by_name?: string
  /** the summary of its plans: counts flat, or the inspections' progress in `progress` */
  plans?: number
  progress?: Partial<Progress>
  findings?: number
  hazards?: number
  hazards_closed?: number
  summary?: Partial<CampaignSummary>
}

export type InspectionCampaignDetail = InspectionCampaign & Partial<Omit<CampaignSummary, 'plans' | 'findings' | 'hazards' | 'hazards_closed'>>

export interface InspectionCampaignInput {
  name: string
  starts_on: DateString
  ends_on: DateString
  description: string
}

export interface PlanTarget {
  enterprise_id: string
  inspector_id: string
}

export interface InspectionPlanInput {
  title: string
  campaign_id?: string
  template_id: string
  starts_on: DateString
  due_on: DateString
  note?: string
  targets: PlanTarget[]
}

export interface InspectionPlan {
  id: string
  title: string
  campaign_id: string | null
  campaign_name?: string | null
  template_id: string
  template_name?: string | null
  template_version?: number | null
  starts_on: DateString
  due_on: DateString
  note: string | null
  created_at?: Timestamp
  created_by_name?: string | null
  progress?: Progress
  by_inspector?: ProgressRow[]
  by_district?: ProgressRow[]
}

// ---------------------------------------------------------------------------
// inspections

/** 待检查 检查中 待企业确认 已完成 已取消 */
export type InspectionState = 'draft' | 'in_progress' | 'awaiting_confirmation' | 'completed' | 'cancelled'

export type ComplianceValue = 'compliant' | 'non_compliant' | 'not_applicable'

export type AnswerValue = ComplianceValue | { number: number } | { text: string } | 'photo'

/** An answer as the server keeps it. */
export interface Answer {
  key: string
  value: AnswerValue
  note: string | null
  photos: FileBrief[]
}

/** An answer as it is sent (PUT …/answers): photos by id. */
export interface AnswerInput {
  key: string
  value: AnswerValue
  note: string
  photos: string[]
}

export interface InspectionSummary {
  checked: number
  passed: number
  failed: number
  not_applicable: number
  unanswered: number
}

export interface InspectionBrief {
  id: string
  plan_id: string | null
  plan_title: string | null
  enterprise_id: string
  enterprise_name: string
  district_id?: string | null
  district_name: string | null
  inspector_id: string
  inspector_name: string
  template_id?: string
  template_name: string
  /** the template version the inspection uses */
  template_version?: number
  state: InspectionState
  state_label: string
  due_on: DateString | null
  overdue: boolean
  /** 不符合 so far (the list) */
  failed?: number
  /** the counts (the detail; some lists) */
  summary?: InspectionSummary | null
  started_at?: Timestamp | null
  finished_at: Timestamp | null
  created_at?: Timestamp
}

export interface InspectionHazard {
  id: string
  code: string
  item_key: string | null
  state: string
  state_label: string
}

/** A 不符合 item as the inspection records it. */
export interface Finding {
  key: string
  section?: string
  item_text: string
  basis: string
  /** 存在问题: the note, or the measured value against the range */
  problem: string
  level?: RuleLevel
  level_label?: string
  category?: string
}

export interface InspectionDetail extends InspectionBrief {
  template: Template
  answers: Answer[]
  summary: InspectionSummary | null
  findings: Finding[]
  hazards: InspectionHazard[]
  accompanied_by: string | null
  confirmed_by_name: string | null
  confirmed_at: Timestamp | null
  /** 企业意见 given with the confirmation */
  confirm_comment?: string | null
  objection: string | null
  cancel_reason?: string | null
  version: number
}

export interface SaveAnswersResult {
  version: number
  summary: InspectionSummary
}

export interface InspectionFilter {
  plan_id?: string
  state?: InspectionState | ''
  /** only `true` is sent */
  mine?: boolean
  enterprise_id?: string
}

export interface ConfirmInput {
  /** the enterprise representative's name (the inspector confirms on site) */
  name?: string
  comment?: string
  objection?: string
}

// ---------------------------------------------------------------------------

export const templateApi = {
  list: async () => asPage(await http.get<TemplateBrief[] | Page<TemplateBrief>>('/api/checklist-templates')).items,
  /** Silent: the page shows "not found" itself. */
  get: (templateId: string, version?: number) =>
    http.get<TemplateDetail>(`/api/checklist-templates/${id(templateId)}`, { version }, { silent: true }),
  /** Silent: the editor shows field errors and the detail. */
  create: (content: Template) => http.post<TemplateDetail>('/api/checklist-templates', { content }, { silent: true }),
  update: (templateId: string, content: Template) =>
    http.put<TemplateDetail>(`/api/checklist-templates/${id(templateId)}`, { content }, { silent: true }),
}

export const inspectionCampaignApi = {
  list: async () => asPage(await http.get<InspectionCampaign[] | Page<InspectionCampaign>>('/api/inspection-campaigns')).items,
  get: (campaignId: string) => http.get<InspectionCampaignDetail>(`/api/inspection-campaigns/${id(campaignId)}`, undefined, { silent: true }),
  create: (body: InspectionCampaignInput) => http.post<InspectionCampaign>('/api/inspection-campaigns', body, { silent: true }),
}

export const inspectionPlanApi = {
  list: async (f: { campaign_id?: string } = {}) =>
    asPage(await http.get<InspectionPlan[] | Page<InspectionPlan>>('/api/inspection-plans', { ...f })).items,
  get: (planId: string) => http.get<InspectionPlan>(`/api/inspection-plans/${id(planId)}`, undefined, { silent: true }),
  create: (body: InspectionPlanInput) => http.post<InspectionPlan>('/api/inspection-plans', body, { silent: true }),
}

export const inspectionApi = {
  list: async (f: InspectionFilter & ListParams) => {
    const query = { ...f, mine: f.mine ? true : undefined }
    return asPage(await http.get<InspectionBrief[] | Page<InspectionBrief>>('/api/inspections', query), f.page, f.page_size)
  },
  /** Silent: the page shows "not found" itself (another scope's id answers 404). */
  get: (inspectionId: string) => http.get<InspectionDetail>(`/api/inspections/${id(inspectionId)}`, undefined, { silent: true }),
  create: (body: { enterprise_id: string; template_id: string; plan_id?: string }) =>
    http.post<InspectionDetail>('/api/inspections', body, { silent: true }),
  start: (inspectionId: string) => http.post<InspectionDetail>(`/api/inspections/${id(inspectionId)}/start`, {}, { silent: true }),
  /**
   * Saves answers (merged by key). Silent: the page marks the item 未同步 or shows why it was
   * refused; a lost connection is not an error to pop up on every tap.
   */
  saveAnswers: (inspectionId: string, answers: AnswerInput[]) =>
    http.put<SaveAnswersResult>(`/api/inspections/${id(inspectionId)}/answers`, { answers }, { silent: true }),
  /** 422 lists every unanswered item (the dialog shows them). */
  finish: (inspectionId: string, accompaniedBy: string) =>
    http.post<InspectionDetail>(
      `/api/inspections/${id(inspectionId)}/finish`,
      accompaniedBy ? { accompanied_by: accompaniedBy } : {},
      { silent: true },
    ),
  confirm: (inspectionId: string, body: ConfirmInput) =>
    http.post<InspectionDetail>(`/api/inspections/${id(inspectionId)}/confirm`, body, { silent: true }),
  cancel: (inspectionId: string, reason: string) =>
    http.post<InspectionDetail>(`/api/inspections/${id(inspectionId)}/cancel`, { reason }, { silent: true }),
  /** The 督导检查意见书 (.docx), saved under the server's file name. */
  report: (inspectionId: string) =>
    downloadExport(`/api/inspections/${id(inspectionId)}/report.docx`, undefined, '督导检查意见书.docx'),
}

export interface Inspector {
  id: string
  display_name: string
  org_name: string
}

export const inspectorApi = {
  /** The accounts of the caller's unit that may be named inspectors (section and district staff). */
  candidates: () => http.get<Inspector[]>('/api/inspections/inspectors', undefined, { silent: true }),
}
