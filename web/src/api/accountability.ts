// 督查考核 (docs/api-accountability.md): enforcement referrals (函送执法) with their follow-up
// (跟踪问效), task-force meetings (专班会议) and symposiums (座谈会) whose decisions become campaign
// tasks, the periodic bulletin (通报) drafted from the data, interviews (约谈) and exposure (曝光),
// and the semi-annual / annual assessment (考核评估) with its score matrix. Uploads go through
// `fileApi` (./files) and are sent by id; the .docx and .xlsx come through `downloadExport`.
import { downloadExport, http } from './client'
import type { DateString, FileBrief, ListParams, Page, Timestamp } from './types'

const id = (v: string) => encodeURIComponent(v)

export interface NamedRef {
  id: string
  name: string
}

// ---------------------------------------------------------------------------- referrals

/** 草稿 已函送 已接收 办理中 已反馈结果 已撤回 */
export type ReferralState = 'draft' | 'sent' | 'received' | 'acting' | 'concluded' | 'withdrawn'
/** 日常监管 隐患 督导检查 */
export type ReferralSource = 'manual' | 'hazard' | 'inspection'

export interface Referral {
  id: string
  /** 海商函〔2026〕3号 once sent */
  number: string | null
  enterprise_id: string
  enterprise_name: string
  district_name: string | null
  agency_id: string
  agency_name: string
  source: ReferralSource
  source_label: string
  hazard_id: string | null
  inspection_id: string | null
  violation: string
  state: ReferralState
  state_label: string
  from_org_name: string | null
  sent_at: Timestamp | null
  reply_by: DateString | null
  next_follow_up_on: DateString | null
  result: string | null
  concluded_at: Timestamp | null
}

export interface ReferralEvent {
  at: Timestamp
  actor_name: string | null
  org_name: string | null
  action: string
  action_label: string
  note: string | null
}

export interface ReferralDetail extends Referral {
  legal_basis: string | null
  evidence: string | null
  requested_action: string | null
  contact_name: string | null
  contact_phone: string | null
  /** 办理情况 (the last one recorded) */
  action: string | null
  penalty: string | null
  files: FileBrief[]
  result_files: FileBrief[]
  events: ReferralEvent[]
}

export interface ReferralInput {
  enterprise_id: string | null
  agency_id: string | null
  source: ReferralSource
  hazard_id?: string | null
  inspection_id?: string | null
  violation: string
  legal_basis: string
  evidence: string
  requested_action: string
  reply_by?: DateString | null
  contact_name: string
  contact_phone: string
  file_ids: string[]
}

export interface ReferralPrefill {
  enterprise_id: string
  enterprise_name: string
  source: ReferralSource
  violation: string
  evidence: string
  file_ids: string[]
}

export interface ReferralFilter {
  state?: ReferralState | ''
  agency_id?: string | null
  district_id?: string | null
  enterprise_id?: string | null
  source?: ReferralSource | ''
  /** only `true` is sent: 待跟踪 */
  follow_up_due?: boolean
  q?: string
}

export interface ReferralResultInput {
  result: string
  penalty?: string | null
  note?: string | null
  file_ids?: string[]
  on_behalf?: boolean
}

const referralQuery = (f: ReferralFilter) => ({ ...f, follow_up_due: f.follow_up_due ? true : undefined })

export const referralApi = {
  agencies: () => http.get<NamedRef[]>('/api/referrals/agencies'),
  /** Silent: the form still opens empty when the hazard or inspection cannot be read. */
  prefill: (q: { hazard_id?: string | null; inspection_id?: string | null }) =>
    http.get<ReferralPrefill>('/api/referrals/prefill', { hazard_id: q.hazard_id ?? undefined, inspection_id: q.inspection_id ?? undefined }, { silent: true }),
  list: (f: ReferralFilter & ListParams) => http.get<Page<Referral>>('/api/referrals', referralQuery(f)),
  export: (f: ReferralFilter) => downloadExport('/api/referrals/export', referralQuery(f), '函送执法.xlsx'),
  /** Silent: the page shows "not found" itself. */
  get: (referralId: string) => http.get<ReferralDetail>(`/api/referrals/${id(referralId)}`, undefined, { silent: true }),
  /** Silent: the form shows field errors and the detail. */
  create: (body: ReferralInput) => http.post<ReferralDetail>('/api/referrals', body, { silent: true }),
  update: (referralId: string, body: ReferralInput) => http.put<ReferralDetail>(`/api/referrals/${id(referralId)}`, body, { silent: true }),
  remove: (referralId: string) => http.del(`/api/referrals/${id(referralId)}`),
  send: (referralId: string, note?: string) => http.post<ReferralDetail>(`/api/referrals/${id(referralId)}/send`, note ? { note } : {}),
  /** Silent: the dialogs show field errors and the detail. */
  receive: (referralId: string, body: { note?: string; on_behalf?: boolean }) =>
    http.post<ReferralDetail>(`/api/referrals/${id(referralId)}/receive`, body, { silent: true }),
  action: (referralId: string, body: { note: string; on_behalf?: boolean }) =>
    http.post<ReferralDetail>(`/api/referrals/${id(referralId)}/action`, body, { silent: true }),
  result: (referralId: string, body: ReferralResultInput) => http.post<ReferralDetail>(`/api/referrals/${id(referralId)}/result`, body, { silent: true }),
  followUp: (referralId: string, note: string) => http.post<ReferralDetail>(`/api/referrals/${id(referralId)}/follow-up`, { note }, { silent: true }),
  withdraw: (referralId: string, reason: string) => http.post<ReferralDetail>(`/api/referrals/${id(referralId)}/withdraw`, { reason }, { silent: true }),
  /** 《关于函送…安全生产违法线索的函》 (.docx). */
  letter: (referralId: string) => downloadExport(`/api/referrals/${id(referralId)}/letter`, undefined, '函送执法函.docx'),
}

// ---------------------------------------------------------------------------- meetings

/** 专班会议 座谈会 */
export type MeetingKind = 'task_force' | 'symposium'

export interface Meeting {
  id: string
  kind: MeetingKind
  kind_label: string
  title: string
  held_on: DateString
  location: string | null
  host: string | null
  attendees: string | null
  topics: string | null
  decisions: number
  tasks_created: number
  organiser_name: string | null
}

export interface Decision {
  id: string
  meeting_id: string
  content: string
  lead_unit_ids: string[]
  lead_units: NamedRef[]
  unit_ids: string[]
  units: NamedRef[]
  deadline: DateString | null
  task_id: string | null
  campaign_id: string | null
}

export interface MeetingDetail extends Omit<Meeting, 'decisions'> {
  minutes: string | null
  enterprises: NamedRef[]
  files: FileBrief[]
  decisions: Decision[]
}

export interface MeetingInput {
  kind: MeetingKind
  title: string
  held_on: DateString | null
  location: string
  host: string
  attendees: string
  topics: string
  minutes: string
  enterprise_ids: string[]
  file_ids: string[]
}

export interface DecisionInput {
  content: string
  lead_unit_ids: string[]
  unit_ids: string[]
  deadline: DateString | null
}

export interface MeetingFilter {
  kind?: MeetingKind | ''
  year?: number | null
}

export const meetingApi = {
  list: (f: MeetingFilter & ListParams) => http.get<Page<Meeting>>('/api/meetings', { ...f }),
  export: (f: MeetingFilter) => downloadExport('/api/meetings/export', { ...f }, '专班会议.xlsx'),
  get: (meetingId: string) => http.get<MeetingDetail>(`/api/meetings/${id(meetingId)}`, undefined, { silent: true }),
  create: (body: MeetingInput) => http.post<MeetingDetail>('/api/meetings', body, { silent: true }),
  update: (meetingId: string, body: MeetingInput) => http.put<MeetingDetail>(`/api/meetings/${id(meetingId)}`, body, { silent: true }),
  /** 409 once a decision became a task (the detail is shown by the client). */
  remove: (meetingId: string) => http.del(`/api/meetings/${id(meetingId)}`),
  addDecision: (meetingId: string, body: DecisionInput) => http.post<Decision>(`/api/meetings/${id(meetingId)}/decisions`, body, { silent: true }),
  updateDecision: (decisionId: string, body: DecisionInput) => http.put<Decision>(`/api/meeting-decisions/${id(decisionId)}`, body, { silent: true }),
  removeDecision: (decisionId: string) => http.del(`/api/meeting-decisions/${id(decisionId)}`),
  /** Silent: the dialog shows the detail (409 already a task, not the campaign's owner). */
  toTask: (decisionId: string, campaignId: string) =>
    http.post<{ decision: Decision; task_id: string }>(`/api/meeting-decisions/${id(decisionId)}/task`, { campaign_id: campaignId }, { silent: true }),
}

// ---------------------------------------------------------------------------- bulletins

export interface BulletinSection {
  heading: string
  paragraphs: string[]
}

export interface BulletinFacts {
  overdue_units: { org_id: string; name: string; overdue: number; tasks: string[] }[]
  returned_units: { org_id: string; name: string; returned: number }[]
  low_rate_districts: { org_id: string; name: string; found: number; closed: number; rate: number }[]
  major_overdue_enterprises: { org_id: string; name: string; district_name: string | null; count: number }[]
}

export type BulletinState = 'draft' | 'issued'

export interface BulletinSummary {
  id: string
  title: string
  number: string | null
  period_from: DateString
  period_to: DateString
  state: BulletinState
  state_label: string
  issued_at: Timestamp | null
}

export interface Bulletin extends BulletinSummary {
  sections: BulletinSection[]
  facts: BulletinFacts | null
  created_by_name: string | null
  created_at: Timestamp
}

export interface BulletinInput {
  title: string
  number: string | null
  sections: BulletinSection[]
}

export interface BulletinFilter {
  state?: BulletinState | ''
  year?: number | null
}

export const bulletinApi = {
  /** Silent: the dialog shows field errors (period_from, period_to). */
  draft: (body: { period_from: DateString; period_to: DateString }) => http.post<Bulletin>('/api/bulletins/draft', body, { silent: true }),
  list: (f: BulletinFilter & ListParams) => http.get<Page<BulletinSummary>>('/api/bulletins', { ...f }),
  get: (bulletinId: string) => http.get<Bulletin>(`/api/bulletins/${id(bulletinId)}`, undefined, { silent: true }),
  update: (bulletinId: string, body: BulletinInput) => http.put<Bulletin>(`/api/bulletins/${id(bulletinId)}`, body, { silent: true }),
  remove: (bulletinId: string) => http.del(`/api/bulletins/${id(bulletinId)}`),
  /** Silent: the editor shows the `number` field error. */
  issue: (bulletinId: string) => http.post<Bulletin>(`/api/bulletins/${id(bulletinId)}/issue`, {}, { silent: true }),
  docx: (bulletinId: string) => downloadExport(`/api/bulletins/${id(bulletinId)}/docx`, undefined, '通报.docx'),
}

// ---------------------------------------------------------------------------- interviews, exposure

/** 约谈 曝光 */
export type InterviewKind = 'interview' | 'exposure'

export interface Interview {
  id: string
  kind: InterviewKind
  kind_label: string
  org_id: string
  org_name: string
  org_kind: 'enterprise' | 'unit'
  district_name: string | null
  held_on: DateString
  reason: string
  interviewer: string | null
  attendees: string | null
  commitments: string | null
  channel: string | null
  follow_up_on: DateString | null
  follow_up_done_at: Timestamp | null
  follow_up_note: string | null
  recorded_by_name: string | null
}

export interface InterviewInput {
  kind: InterviewKind
  org_id: string | null
  held_on: DateString | null
  reason: string
  interviewer: string
  attendees: string
  commitments: string
  channel: string
  follow_up_on: DateString | null
}

export interface InterviewFilter {
  kind?: InterviewKind | ''
  district_id?: string | null
  org_id?: string | null
  /** only `true` is sent: 待回访 */
  follow_up_due?: boolean
}

const interviewQuery = (f: InterviewFilter) => ({ ...f, follow_up_due: f.follow_up_due ? true : undefined })

export const interviewApi = {
  list: (f: InterviewFilter & ListParams) => http.get<Page<Interview>>('/api/interviews', interviewQuery(f)),
  export: (f: InterviewFilter) => downloadExport('/api/interviews/export', interviewQuery(f), '约谈曝光.xlsx'),
  create: (body: InterviewInput) => http.post<Interview>('/api/interviews', body, { silent: true }),
  update: (interviewId: string, body: InterviewInput) => http.put<Interview>(`/api/interviews/${id(interviewId)}`, body, { silent: true }),
  remove: (interviewId: string) => http.del(`/api/interviews/${id(interviewId)}`),
  followUp: (interviewId: string, note: string) => http.post<Interview>(`/api/interviews/${id(interviewId)}/follow-up`, { note }, { silent: true }),
}

// ---------------------------------------------------------------------------- assessments

export type AssessmentPeriod = 'h1' | 'annual'
export type AssessmentTargetKind = 'district' | 'section' | 'enterprise'

export interface Indicator {
  key: string
  label: string
  weight: number
  /** the data it is computed from; `manual` is scored by hand */
  source: string
}

export interface AssessmentSummary {
  id: string
  title: string
  year: number
  period: AssessmentPeriod
  period_label: string
  target_kind: AssessmentTargetKind
  target_kind_label: string
  state: 'draft' | 'final'
  state_label: string
  targets: number
  created_at: Timestamp
  finalized_at: Timestamp | null
}

export interface AssessmentItem {
  key: string
  label: string
  weight: number
  /** 0..1, null for a manual indicator (or when nothing was due) */
  value: number | null
  /** "17/20", empty for a manual indicator */
  value_label: string
  /** 0 for a manual indicator */
  auto_score: number
  score: number
  reason: string | null
}

export interface AssessmentRow {
  id: string
  org_id: string
  org_name: string
  items: AssessmentItem[]
  total: number
  grade: string
  rank: number
  /** the indicators under 60% of their weight, e.g. 隐患整改率得分 10.0/25（低于60%） */
  weak_points: string[]
  task_id: string | null
}

export interface AssessmentDetail extends AssessmentSummary {
  indicators: Indicator[]
  rows: AssessmentRow[]
}

export interface AssessmentInput {
  title: string
  year: number
  period: AssessmentPeriod
  target_kind: AssessmentTargetKind
  enterprise_ids?: string[]
  indicators?: Indicator[]
}

export interface ScoreInput {
  key: string
  score: number
  reason: string | null
}

export const assessmentApi = {
  indicators: (targetKind: AssessmentTargetKind) => http.get<Indicator[]>('/api/assessments/indicators', { target_kind: targetKind }),
  list: (f: { year?: number | null } & ListParams) => http.get<Page<AssessmentSummary>>('/api/assessments', { ...f }),
  get: (assessmentId: string) => http.get<AssessmentDetail>(`/api/assessments/${id(assessmentId)}`, undefined, { silent: true }),
  create: (body: AssessmentInput) => http.post<AssessmentDetail>('/api/assessments', body, { silent: true }),
  /** The whole assessment (totals and ranks change). Silent: the score dialog shows `items.<key>.score` / `items.<key>.reason`. */
  updateRow: (rowId: string, items: ScoreInput[]) => http.put<AssessmentDetail>(`/api/assessment-rows/${id(rowId)}`, { items }, { silent: true }),
  refresh: (assessmentId: string) => http.post<AssessmentDetail>(`/api/assessments/${id(assessmentId)}/refresh`, {}),
  finalize: (assessmentId: string) => http.post<AssessmentDetail>(`/api/assessments/${id(assessmentId)}/finalize`, {}),
  export: (assessmentId: string) => downloadExport(`/api/assessments/${id(assessmentId)}/export`, undefined, '考核评估.xlsx'),
  toTask: (rowId: string, body: { campaign_id: string; text: string; deadline: DateString | null }) =>
    http.post<{ task_id: string }>(`/api/assessment-rows/${id(rowId)}/task`, body, { silent: true }),
}
