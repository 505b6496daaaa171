// 诚信体系 and 成熟度评估, 典型做法 (docs/api-accountability.md): the credit scores of the
// enterprises with their explanation (which fact cost how many points), the scoring rules, the
// benchmark enterprises (标杆企业), the maturity questionnaire (成熟度评估) with its review and
// summary, and the good practices (典型做法) with their review. Photos of a practice go through
// `photoApi` (./hazards) and are sent by id.
import { downloadExport, http } from './client'
import type { FileBrief, ListParams, Page, Timestamp } from './types'

const id = (v: string) => encodeURIComponent(v)

// ---------------------------------------------------------------------------- credit

/** A级（诚信）≥ 90, B级（基本诚信）≥ 75, C级（失信警示）≥ 60, D级（严重失信）below. */
export type CreditGrade = 'A' | 'B' | 'C' | 'D'

export interface CreditRow {
  enterprise_id: string
  enterprise_name: string
  credit_code: string | null
  district_id: string | null
  district_name: string
  category_name: string | null
  score: number
  grade: CreditGrade | string
  grade_label: string
  red_list: boolean
  watch_list: boolean
  benchmark: boolean
  computed_at: Timestamp
}

export interface CreditFilter {
  district_id?: string | null
  category_id?: string | null
  grade?: CreditGrade | ''
  /** 红名单 / 重点关注名单 */
  list?: 'red' | 'watch' | ''
  q?: string
}

/** One line of the explanation: which fact, how many, how many points. */
export interface CreditItem {
  key: string
  label: string
  fact: string
  count: number
  points: number
}

export interface CreditHistoryEntry {
  score: number
  grade: CreditGrade | string
  computed_at: Timestamp
  /** what changed, e.g. 逾期未整改隐患 2 条（-10） */
  changes: string
}

export interface CreditDetail {
  enterprise_id: string
  enterprise_name: string
  district_name: string | null
  score: number
  grade: CreditGrade | string
  grade_label: string
  red_list: boolean
  watch_list: boolean
  benchmark: boolean
  items: CreditItem[]
  facts: Record<string, unknown>
  history: CreditHistoryEntry[]
}

export interface GradeCounts {
  a: number
  b: number
  c: number
  d: number
  unscored: number
  total: number
}

export interface CreditSummaryRow extends GradeCounts {
  district_id: string | null
  district_name: string
}

export interface CreditSummary {
  rows: CreditSummaryRow[]
  total: GradeCounts
}

export interface Recomputed {
  scored: number
  changed: number
}

/** A rule that applies or not: its points (negative a penalty, positive a bonus). */
export interface CreditFlagRule {
  points: number
}

/** A rule that counts (每条/每次): points for each, at most `cap` in all (an absolute value; null: no cap). */
export interface CreditCountRule {
  points: number
  cap: number | null
}

/** 全员轮训率偏低: below `low`% gives `low_points`, else below `high`% `high_points`. */
export interface CreditTrainingRule {
  low: number
  low_points: number
  high: number
  high_points: number
}

/**
 * The scoring rules as the server keeps them (the domain's `CreditRules`): one entry per rule and
 * the lowest score of grades A, B and C. The rules page renders the numbers generically (see
 * views/credit/rulesForm.ts) and sends the same shape back.
 */
export interface CreditRules {
  commitment_missing: CreditFlagRule
  notices_missing: CreditCountRule
  self_check_missed: CreditFlagRule
  overdue_hazards: CreditCountRule
  major_open: CreditCountRule
  major_overdue: CreditCountRule
  training_low: CreditTrainingRule
  referrals: CreditCountRule
  interviews: CreditCountRule
  exposures: CreditCountRule
  hazards_closed_on_time: CreditCountRule
  benchmark: CreditFlagRule
  grades: { a: number; b: number; c: number }
}

export const creditApi = {
  list: (f: CreditFilter & ListParams) => http.get<Page<CreditRow>>('/api/credit', { ...f }),
  export: (f: CreditFilter & { sort?: string }) => downloadExport('/api/credit/export', { ...f }, '诚信评价.xlsx'),
  /** The live score with its items and the stored history. Silent: the page shows why it could not load. */
  get: (enterpriseId: string) => http.get<CreditDetail>(`/api/credit/${id(enterpriseId)}`, undefined, { silent: true }),
  summary: () => http.get<CreditSummary>('/api/credit/summary'),
  /** credit.manage */
  recompute: () => http.post<Recomputed>('/api/credit/recompute'),
  rules: () => http.get<CreditRules>('/api/credit/rules'),
  /** credit.manage; silent: the form shows field errors. */
  saveRules: (body: CreditRules) => http.put<CreditRules>('/api/credit/rules', body, { silent: true }),
}

// ---------------------------------------------------------------------------- benchmarks

export type BenchmarkState = 'nominated' | 'published' | 'withdrawn'

export interface Benchmark {
  id: string
  enterprise_id: string
  enterprise_name: string
  district_name: string | null
  year: number
  reason: string
  state: BenchmarkState | string
  state_label: string
  nominated_by_name: string | null
  nominated_at: Timestamp | null
  published_at: Timestamp | null
  withdrawn_reason?: string | null
  grade: CreditGrade | string | null
}

export interface BenchmarkFilter {
  year?: number | null
  state?: BenchmarkState | ''
}

export interface BenchmarkInput {
  enterprise_id: string | null
  year: number | null
  reason: string
}

export const benchmarkApi = {
  list: (f: BenchmarkFilter & ListParams) => http.get<Page<Benchmark>>('/api/benchmarks', { ...f }),
  /** credit.manage; 409 when the enterprise already has one that year. Silent: the drawer shows errors. */
  nominate: (body: BenchmarkInput) => http.post<Benchmark>('/api/benchmarks', body, { silent: true }),
  publish: (benchmarkId: string) => http.post<Benchmark>(`/api/benchmarks/${id(benchmarkId)}/publish`),
  withdraw: (benchmarkId: string, reason: string) => http.post<Benchmark>(`/api/benchmarks/${id(benchmarkId)}/withdraw`, { reason }),
}

// ---------------------------------------------------------------------------- maturity

export interface LevelDescriptor {
  level: number
  descriptor: string
}

export interface MaturityQuestion {
  key: string
  text: string
  levels: LevelDescriptor[]
}

export interface MaturityDimension {
  key: string
  label: string
  questions: MaturityQuestion[]
}

export interface Questionnaire {
  dimensions: MaturityDimension[]
  levels: { level: number; label: string }[]
}

export type MaturityState = 'draft' | 'submitted' | 'returned' | 'reviewed'

export interface MaturityRow {
  id: string
  enterprise_id: string
  enterprise_name: string
  district_name: string | null
  category_name: string | null
  year: number
  pilot_group: string | null
  state: MaturityState | string
  state_label: string
  self_level: number | null
  reviewed_level: number | null
  submitted_at: Timestamp | null
  reviewed_at: Timestamp | null
}

export interface Answer {
  level: number | null
  note?: string | null
}

export interface DimensionLevel {
  key: string
  label: string
  self: number | null
  reviewed: number | null
}

export interface MaturityDetail extends MaturityRow {
  answers: Record<string, Answer>
  /** the reviewer's level by question key (empty until reviewed) */
  review: Record<string, { level: number }>
  dimensions: DimensionLevel[]
  review_note: string | null
  reviewer_name: string | null
}

export interface MaturityFilter {
  year?: number | null
  district_id?: string | null
  state?: MaturityState | ''
  pilot_group?: string
}

export interface PilotInput {
  year: number | null
  group: string
  enterprise_ids: string[]
}

export interface ReviewInput {
  approve: boolean
  note: string
  levels: Record<string, number>
}

export interface MaturitySummaryRow {
  /** the district's or category's id; null for enterprises without one */
  key: string | null
  label: string
  total: number
  reviewed: number
  avg_level: number | null
  /** counts of the reviewed levels 1..5 (rounded) */
  levels: number[]
}

export const maturityApi = {
  questionnaire: () => http.get<Questionnaire>('/api/maturity/questionnaire'),
  list: (f: MaturityFilter & ListParams) => http.get<Page<MaturityRow>>('/api/maturity', { ...f }),
  export: (f: MaturityFilter) => downloadExport('/api/maturity/export', { ...f }, '成熟度评估.xlsx'),
  /** maturity.review; silent: the dialog shows field errors. */
  pilots: (body: PilotInput) => http.post<{ created: number }>('/api/maturity/pilots', body, { silent: true }),
  /** maturity.fill: the own enterprise's draft for the year (409 when it has one). */
  start: (year: number) => http.post<MaturityDetail>('/api/maturity', { year }, { silent: true }),
  get: (assessmentId: string) => http.get<MaturityDetail>(`/api/maturity/${id(assessmentId)}`, undefined, { silent: true }),
  /** maturity.fill (draft or returned); partial answers are kept. Silent: the page shows the state. */
  save: (assessmentId: string, answers: Record<string, Answer>) =>
    http.put<MaturityDetail>(`/api/maturity/${id(assessmentId)}`, { answers }, { silent: true }),
  /** 400 naming `answers.<question_key>` for every unanswered question. Silent: shown by question. */
  submit: (assessmentId: string) => http.post<MaturityDetail>(`/api/maturity/${id(assessmentId)}/submit`, undefined, { silent: true }),
  /** maturity.review (submitted); a return needs the note. Silent: the page shows field errors. */
  review: (assessmentId: string, body: ReviewInput) =>
    http.post<MaturityDetail>(`/api/maturity/${id(assessmentId)}/review`, body, { silent: true }),
  /** One row per district or category. */
  summary: (year: number | null, by: 'district' | 'category') =>
    http.get<{ rows: MaturitySummaryRow[] }>('/api/maturity/summary', { year: year ?? undefined, by }),
}

// ---------------------------------------------------------------------------- good practices

export type PracticeState = 'draft' | 'submitted' | 'published' | 'returned'

export interface Practice {
  id: string
  title: string
  category: string
  summary: string
  org_name: string
  state: PracticeState | string
  state_label: string
  submitted_at: Timestamp | null
  published_at: Timestamp | null
  cover: FileBrief | null
}

export interface PracticeDetail extends Practice {
  body: string
  photos: FileBrief[]
  review_note: string | null
}

export interface PracticeFilter {
  state?: PracticeState | ''
  q?: string
  /** only `true` is sent: the own unit's in every state */
  mine?: boolean
}

export interface PracticeInput {
  title: string
  category: string
  summary: string
  body: string
  photo_ids: string[]
}

const practiceQuery = (f: PracticeFilter) => ({ ...f, mine: f.mine ? true : undefined })

export const practiceApi = {
  list: (f: PracticeFilter & ListParams) => http.get<Page<Practice>>('/api/practices', practiceQuery(f)),
  export: (f: PracticeFilter) => downloadExport('/api/practices/export', practiceQuery(f), '典型做法.xlsx'),
  get: (practiceId: string) => http.get<PracticeDetail>(`/api/practices/${id(practiceId)}`, undefined, { silent: true }),
  create: (body: PracticeInput) => http.post<PracticeDetail>('/api/practices', body, { silent: true }),
  update: (practiceId: string, body: PracticeInput) => http.put<PracticeDetail>(`/api/practices/${id(practiceId)}`, body, { silent: true }),
  remove: (practiceId: string) => http.del(`/api/practices/${id(practiceId)}`),
  submit: (practiceId: string) => http.post<PracticeDetail>(`/api/practices/${id(practiceId)}/submit`),
  /** practice.review; the note is required to return. */
  review: (practiceId: string, approve: boolean, note: string) =>
    http.post<PracticeDetail>(`/api/practices/${id(practiceId)}/review`, { approve, note }),
}
