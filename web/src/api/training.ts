// 教育培训, 应急管理 and 宣传教育 (docs/api-training.md): the roster (从业人员名册) with its Excel
// import, training sessions with attendance, certificates, the hour requirements and the rotation
// coverage (全员轮训), the training evaluation of key enterprises; emergency plans, drills, the
// drill status and the spot checks (抽查评估) whose problems may become hazards; publicity and
// education activities and who took part. Uploads of materials and photos go through `fileApi`
// (./files) and `photoApi` (./hazards) and are sent by id.
import { downloadExport, http, request } from './client'
import type { DateString, FileBrief, ListParams, Page, Timestamp } from './types'

const id = (v: string) => encodeURIComponent(v)

// ---------------------------------------------------------------------------- roster

/** 主要负责人 安全管理人员 特种作业人员 从业人员 */
export type EmployeeCategory = 'principal' | 'safety_manager' | 'special_worker' | 'worker'

export interface Employee {
  id: string
  enterprise_id: string
  enterprise_name: string
  name: string
  post: string
  category: EmployeeCategory
  category_label: string
  hired_on: DateString
  /** 138****0000 */
  phone_masked: string | null
  active: boolean
  /** hours attended this year */
  year_hours: number
  /** hours required this year */
  required_hours: number
  trained: boolean
}

/** The body of POST / PUT /api/employees (`active` only on PUT). */
export interface EmployeeInput {
  name: string
  post: string
  category: EmployeeCategory | null
  hired_on: DateString | null
  phone: string | null
  active?: boolean
}

export interface EmployeeFilter {
  enterprise_id?: string | null
  category?: EmployeeCategory | ''
  q?: string
  /** only sent when chosen */
  active?: boolean | null
}

/** One problem of an uploaded roster, by row (Excel row number) and column. */
export interface RosterProblem {
  row: number
  column: string
  field: string
  message: string
}

export interface RosterPreview {
  draft_id: string
  /** data rows */
  total: number
  valid: number
  problems: RosterProblem[]
}

export interface RosterImported {
  created: number
  updated: number
}

// ---------------------------------------------------------------------------- sessions

/** 岗前培训 年度再培训 专项培训 */
export type TrainingKind = 'pre_job' | 'annual' | 'special'

export interface Attendance {
  employee_id: string
  name: string
  category_label: string
  hours: number
  score: number | null
}

export interface Training {
  id: string
  enterprise_id: string
  enterprise_name: string
  topic: string
  kind: TrainingKind
  kind_label: string
  held_on: DateString
  hours: number
  trainer: string | null
  attendees: number
  materials: FileBrief[]
  /** filled on the detail (empty in lists) */
  attendance: Attendance[]
}

export interface AttendanceInput {
  employee_id: string
  /** the session's hours when absent */
  hours?: number | null
  score?: number | null
}

export interface TrainingInput {
  topic: string
  kind: TrainingKind | null
  held_on: DateString | null
  hours: number | null
  trainer: string | null
  materials: string[]
  attendance: AttendanceInput[]
}

export interface TrainingFilter {
  enterprise_id?: string | null
  year?: number | null
  kind?: TrainingKind | ''
}

// ---------------------------------------------------------------------------- certificates

export interface Certificate {
  id: string
  employee_id: string
  employee_name: string
  enterprise_id: string
  enterprise_name: string
  kind: string
  number: string
  issued_on: DateString
  expires_on: DateString
  /** negative once expired */
  days_left: number
  file: FileBrief | null
}

export interface CertificateInput {
  employee_id: string | null
  kind: string
  number: string
  issued_on: DateString | null
  expires_on: DateString | null
  file: string | null
}

export interface CertificateFilter {
  enterprise_id?: string | null
  /** only `true` is sent: 即将到期 */
  expiring?: boolean
}

// ---------------------------------------------------------------------------- requirements, coverage

export interface Need {
  /** 初次（岗前）培训学时, counted in the year the person was hired */
  initial: number
  /** 每年再培训学时 */
  yearly: number
}

export type Requirements = Record<EmployeeCategory, Need>

export interface CategoryCoverage {
  category: EmployeeCategory
  label: string
  employees: number
  trained: number
  /** trained / employees, 0 when there is nobody */
  rate?: number
}

export interface ShortPerson {
  employee_id: string
  name: string
  category_label: string
  hours: number
  required: number
  missing: number
}

export interface Coverage {
  year: number
  enterprise_id: string
  employees: number
  trained: number
  /** 0..1 */
  coverage: number
  by_category: CategoryCoverage[]
  short: ShortPerson[]
}

export interface CoverageRow {
  district_id: string | null
  name: string
  enterprises: number
  employees: number
  trained: number
  coverage: number
}

export interface CoverageSummary {
  year: number
  rows: CoverageRow[]
  total: CoverageRow
}

// ---------------------------------------------------------------------------- evaluations

export interface EvalItem {
  key: string
  label: string
  max: number
  /** pre-filled from the computed coverage (the coverage item only) */
  suggested?: number | null
  /** the score of an evaluation already made this year */
  score?: number | null
}

export interface EvaluationForm {
  enterprise_id: string
  year: number
  items: EvalItem[]
  coverage: Coverage
}

export interface KeyScore {
  key: string
  score: number
}

export interface EvaluationInput {
  enterprise_id: string
  year: number
  items: KeyScore[]
  comment: string | null
}

/** 优秀 良好 合格 不合格 */
export type EvaluationGrade = 'excellent' | 'good' | 'pass' | 'fail'

export interface Evaluation {
  id: string
  enterprise_id: string
  enterprise_name: string
  district_name: string
  year: number
  total: number
  grade: EvaluationGrade | string
  grade_label: string
  items: EvalItem[]
  comment: string | null
  coverage: number
  evaluated_by_name: string
  evaluated_at: Timestamp
}

export interface EvaluationFilter {
  year?: number | null
  district_id?: string | null
}

export interface EvaluationSummaryRow {
  district_id: string | null
  name: string
  evaluated: number
  average: number
  excellent: number
  good: number
  pass: number
  fail: number
}

export const employeeApi = {
  list: (f: EmployeeFilter & ListParams) => http.get<Page<Employee>>('/api/employees', { ...f, active: f.active ?? undefined }),
  export: (f: EmployeeFilter) => downloadExport('/api/employees/export', { ...f, active: f.active ?? undefined }, '人员名册.xlsx'),
  /** Silent: the form shows field errors and the detail. */
  create: (body: EmployeeInput) => http.post<Employee>('/api/employees', body, { silent: true }),
  update: (employeeId: string, body: EmployeeInput) => http.put<Employee>(`/api/employees/${id(employeeId)}`, body, { silent: true }),
  /** 409 when the person attended a session (the detail is shown by the client). */
  remove: (employeeId: string) => http.del(`/api/employees/${id(employeeId)}`),
  /** The import template (.xlsx with the columns and an 允许值 sheet). */
  template: () => downloadExport('/api/employees/import-template', undefined, '人员名册导入模板.xlsx'),
  /** The raw bytes of the .xlsx, named by `file_name`. Silent: the wizard shows 400 / 413 / 415 itself. */
  previewImport: (file: File) =>
    request<RosterPreview>('/api/employees/import/preview', {
      method: 'POST',
      query: { file_name: file.name },
      rawBody: file,
      contentType: 'application/octet-stream',
      silent: true,
    }),
  /** Silent: the wizard shows the problems (400) itself. */
  confirmImport: (body: { draft_id: string; valid_only: boolean }) => http.post<RosterImported>('/api/employees/import', body, { silent: true }),
}

export const trainingApi = {
  list: (f: TrainingFilter & ListParams) => http.get<Page<Training>>('/api/trainings', { ...f }),
  export: (f: TrainingFilter) => downloadExport('/api/trainings/export', { ...f }, '培训记录.xlsx'),
  /** With the attendance. Silent: the drawer shows why it could not load. */
  get: (trainingId: string) => http.get<Training>(`/api/trainings/${id(trainingId)}`, undefined, { silent: true }),
  create: (body: TrainingInput) => http.post<Training>('/api/trainings', body, { silent: true }),
  update: (trainingId: string, body: TrainingInput) => http.put<Training>(`/api/trainings/${id(trainingId)}`, body, { silent: true }),
  remove: (trainingId: string) => http.del(`/api/trainings/${id(trainingId)}`),

  requirements: () => http.get<Requirements>('/api/training/requirements'),
  /** dictionary.write; silent: the form shows field errors. */
  saveRequirements: (body: Requirements) => http.put<Requirements>('/api/training/requirements', body, { silent: true }),
  /** An enterprise user's own coverage without `enterprise_id`; staff name the enterprise. */
  coverage: (f: { enterprise_id?: string | null; year?: number | null }) => http.get<Coverage>('/api/training/coverage', { ...f }),
  coverageSummary: (year?: number | null) => http.get<CoverageSummary>('/api/training/coverage/summary', { year: year ?? undefined }),

  evaluationForm: (enterpriseId: string, year: number) =>
    http.get<EvaluationForm>('/api/training/evaluations/form', { enterprise_id: enterpriseId, year }),
  /** One per enterprise and year: a second one replaces it. Silent: the form shows field errors. */
  evaluate: (body: EvaluationInput) => http.post<Evaluation>('/api/training/evaluations', body, { silent: true }),
  evaluations: (f: EvaluationFilter & ListParams) => http.get<Page<Evaluation>>('/api/training/evaluations', { ...f }),
  exportEvaluations: (f: EvaluationFilter) => downloadExport('/api/training/evaluations/export', { ...f }, '培训评估.xlsx'),
  evaluationSummary: (year?: number | null) => http.get<EvaluationSummaryRow[]>('/api/training/evaluations/summary', { year: year ?? undefined }),
}

export const certificateApi = {
  list: (f: CertificateFilter & ListParams) => http.get<Page<Certificate>>('/api/certificates', { ...f, expiring: f.expiring ? true : undefined }),
  export: (f: CertificateFilter) => downloadExport('/api/certificates/export', { ...f, expiring: f.expiring ? true : undefined }, '证书.xlsx'),
  create: (body: CertificateInput) => http.post<Certificate>('/api/certificates', body, { silent: true }),
  update: (certificateId: string, body: CertificateInput) => http.put<Certificate>(`/api/certificates/${id(certificateId)}`, body, { silent: true }),
  remove: (certificateId: string) => http.del(`/api/certificates/${id(certificateId)}`),
}

// ---------------------------------------------------------------------------- emergency plans, drills

/** 综合应急预案 专项应急预案 现场处置方案 (drills: 综合演练 专项演练 现场处置方案演练) */
export type PlanKind = 'comprehensive' | 'special' | 'onsite'
export type DrillKind = PlanKind
/** 桌面推演 实战演练 */
export type DrillMode = 'tabletop' | 'live'

export interface EmergencyPlan {
  id: string
  enterprise_id: string
  enterprise_name: string
  kind: PlanKind
  kind_label: string
  title: string
  version: string
  approved_on: DateString
  filed_on: DateString | null
  review_due: DateString | null
  review_overdue: boolean
  attachments: FileBrief[]
}

export interface EmergencyPlanInput {
  kind: PlanKind | null
  title: string
  version: string
  approved_on: DateString | null
  filed_on: DateString | null
  /** three years after approval when absent */
  review_due: DateString | null
  attachments: string[]
}

export interface PlanFilter {
  enterprise_id?: string | null
  kind?: PlanKind | ''
}

export interface Drill {
  id: string
  enterprise_id: string
  enterprise_name: string
  kind: DrillKind
  kind_label: string
  mode: DrillMode
  mode_label: string
  held_on: DateString
  scenario: string
  participants: number
  plan_id: string | null
  photos: FileBrief[]
  assessment: string | null
  improvements: string | null
}

export interface DrillInput {
  kind: DrillKind | null
  mode: DrillMode | null
  held_on: DateString | null
  scenario: string
  participants: number | null
  plan_id: string | null
  photos: string[]
  assessment: string | null
  improvements: string | null
}

export interface DrillFilter {
  enterprise_id?: string | null
  year?: number | null
}

export interface DrillStatusRow {
  enterprise_id: string
  enterprise_name: string
  district_name: string
  /** the last 综合 or 专项 drill */
  last_main: DateString | null
  /** the last 现场处置方案 drill */
  last_onsite: DateString | null
  main_due: boolean
  onsite_due: boolean
}

export interface Criterion {
  key: string
  /** 预案可操作性 or 演练效果 */
  group: string
  label: string
  max: number
}

/** 一般隐患 重大隐患 */
export type ProblemLevel = 'general' | 'major'

export interface SpotProblemInput {
  text: string
  to_hazard: boolean
  category_id: string | null
  level: ProblemLevel | null
}

export interface SpotCheckInput {
  enterprise_id: string | null
  plan_id: string | null
  drill_id: string | null
  scores: KeyScore[]
  problems: SpotProblemInput[]
  comment: string | null
}

export interface SpotProblem {
  text: string
  to_hazard: boolean
  hazard_id: string | null
  hazard_code: string | null
}

/** 优秀 合格 不合格 */
export type SpotResult = 'excellent' | 'qualified' | 'unqualified'

export interface SpotCheck {
  id: string
  enterprise_id: string
  enterprise_name: string
  district_name: string
  plan_id: string | null
  drill_id: string | null
  total: number
  result: SpotResult | string
  result_label: string
  scores: (Criterion & { score: number | null })[]
  problems: SpotProblem[]
  comment: string | null
  evaluated_by_name: string
  evaluated_at: Timestamp
  /** the contract's short answer (docs/api-training.md); the server sends `problems` with the codes */
  hazards?: { id: string; code: string }[]
}

export interface SpotCheckFilter {
  district_id?: string | null
  enterprise_id?: string | null
}

export const planApi = {
  list: (f: PlanFilter & ListParams) => http.get<Page<EmergencyPlan>>('/api/emergency-plans', { ...f }),
  export: (f: PlanFilter) => downloadExport('/api/emergency-plans/export', { ...f }, '应急预案.xlsx'),
  create: (body: EmergencyPlanInput) => http.post<EmergencyPlan>('/api/emergency-plans', body, { silent: true }),
  update: (planId: string, body: EmergencyPlanInput) => http.put<EmergencyPlan>(`/api/emergency-plans/${id(planId)}`, body, { silent: true }),
  remove: (planId: string) => http.del(`/api/emergency-plans/${id(planId)}`),
}

export const drillApi = {
  list: (f: DrillFilter & ListParams) => http.get<Page<Drill>>('/api/drills', { ...f }),
  export: (f: DrillFilter) => downloadExport('/api/drills/export', { ...f }, '应急演练.xlsx'),
  get: (drillId: string) => http.get<Drill>(`/api/drills/${id(drillId)}`, undefined, { silent: true }),
  create: (body: DrillInput) => http.post<Drill>('/api/drills', body, { silent: true }),
  update: (drillId: string, body: DrillInput) => http.put<Drill>(`/api/drills/${id(drillId)}`, body, { silent: true }),
  remove: (drillId: string) => http.del(`/api/drills/${id(drillId)}`),
  /** 演练情况 of the enterprises in reach. */
  status: (districtId?: string | null) => http.get<DrillStatusRow[]>('/api/drills/status', { district_id: districtId ?? undefined }),
}

export const spotCheckApi = {
  criteria: () => http.get<{ items: Criterion[] }>('/api/drill-evaluations/criteria'),
  /** Silent: the form shows field errors and the detail. */
  create: (body: SpotCheckInput) => http.post<SpotCheck>('/api/drill-evaluations', body, { silent: true }),
  list: (f: SpotCheckFilter & ListParams) => http.get<Page<SpotCheck>>('/api/drill-evaluations', { ...f }),
  export: (f: SpotCheckFilter) => downloadExport('/api/drill-evaluations/export', { ...f }, '抽查评估.xlsx'),
  get: (checkId: string) => http.get<SpotCheck>(`/api/drill-evaluations/${id(checkId)}`, undefined, { silent: true }),
}

// ---------------------------------------------------------------------------- publicity

/** 集中培训 集中观看 专题学习 访谈评论 宣传活动 */
export type ActivityKind = 'training' | 'viewing' | 'study' | 'interview' | 'campaign'

export interface Participant {
  org_id: string
  name: string
  headcount: number
}

export interface Activity {
  id: string
  title: string
  kind: ActivityKind
  kind_label: string
  held_on: DateString
  organiser: string
  task_id: string | null
  task_text: string | null
  participants: Participant[]
  units: number
  headcount: number
  materials: FileBrief[]
  photos: FileBrief[]
  summary: string | null
  created_by_name: string
}

export interface ActivityInput {
  title: string
  kind: ActivityKind | null
  held_on: DateString | null
  organiser: string
  task_id: string | null
  participants: { org_id: string; headcount: number }[]
  materials: string[]
  photos: string[]
  summary: string | null
}

export interface ActivityFilter {
  year?: number | null
  kind?: ActivityKind | ''
  org_id?: string | null
  task_id?: string | null
}

export interface ActivityReportRow {
  org_id: string
  name: string
  activities: number
  headcount: number
}

export const activityApi = {
  list: (f: ActivityFilter & ListParams) => http.get<Page<Activity>>('/api/activities', { ...f }),
  export: (f: ActivityFilter) => downloadExport('/api/activities/export', { ...f }, '宣传教育活动.xlsx'),
  get: (activityId: string) => http.get<Activity>(`/api/activities/${id(activityId)}`, undefined, { silent: true }),
  create: (body: ActivityInput) => http.post<Activity>('/api/activities', body, { silent: true }),
  update: (activityId: string, body: ActivityInput) => http.put<Activity>(`/api/activities/${id(activityId)}`, body, { silent: true }),
  remove: (activityId: string) => http.del(`/api/activities/${id(activityId)}`),
  /** 参与情况 by unit. */
  report: (year?: number | null) => http.get<ActivityReportRow[]>('/api/activities/report', { year: year ?? undefined }),
  /** The activities linked to a campaign task (silent: the task page shows an empty list). */
  ofTask: (taskId: string) => http.get<Page<Activity>>(`/api/tasks/${id(taskId)}/activities`, undefined, { silent: true }),
}
