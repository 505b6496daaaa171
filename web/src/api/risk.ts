// 风险分级管控 (docs/api-risk.md): the vocabulary (factor tables, thresholds, grades, accident
// types, measure kinds, control tiers), the live assessment, risk points with their 风险告知卡,
// the enterprise's dynamic level and the 四色分布.
import { downloadExport, http } from './client'
import type { DateString, ListParams, Page, Timestamp } from './types'

const id = (v: string) => encodeURIComponent(v)

/** 重大 较大 一般 低 */
export type RiskGrade = 'major' | 'large' | 'general' | 'low'
/** the colour of the four-colour map: 红 橙 黄 蓝 */
export type RiskColour = 'red' | 'orange' | 'yellow' | 'blue'
/** LEC法（作业条件危险性分析法） LS法（风险矩阵法） */
export type RiskMethod = 'lec' | 'ls'
/** 场所/区域 作业活动 */
export type PointKind = 'place' | 'activity'
/** 工程技术 管理 培训教育 个体防护 应急处置 */
export type MeasureKind = 'engineering' | 'management' | 'training' | 'ppe' | 'emergency'
/** 单位级 部门级 班组级 岗位级 */
export type ControlTier = 'unit' | 'department' | 'team' | 'post'

/** One row of a factor table: the value as sent (0.5, 10) and what it means. */
export interface FactorChoice {
  value: number
  label: string
}

/** Lower bounds of 重大, 较大, 一般 (whole score points); below `general` is 低. */
export interface Bands {
  major: number
  large: number
  general: number
}

export interface Thresholds {
  lec: Bands
  ls: Bands
}

export interface GradeInfo {
  code: RiskGrade
  /** 重大风险 */
  label: string
  /** 重大 */
  short: string
  colour: RiskColour
}

export interface CodeLabel<T extends string = string> {
  code: T
  label: string
}

/** GET /api/risk/methods */
export interface RiskMethods {
  lec: { l: FactorChoice[]; e: FactorChoice[]; c: FactorChoice[] }
  ls: { l: FactorChoice[]; s: FactorChoice[] }
  thresholds: Thresholds
  grades: GradeInfo[]
  accident_types: string[]
  measure_kinds: CodeLabel<MeasureKind>[]
  tiers: CodeLabel<ControlTier>[]
}

/** The body of POST /api/risk/assess: LEC sends l, e, c; LS sends l, s. */
export type AssessInput = { method: 'lec'; l: number; e: number; c: number } | { method: 'ls'; l: number; s: number }

export interface Assessment {
  score: number
  grade: RiskGrade
  grade_label: string
  colour: RiskColour
  /** LEC法：L=3，E=6，C=15，D=270 */
  method_line: string
}

export interface RiskMeasure {
  kind: MeasureKind
  kind_label?: string
  text: string
}

export interface RiskPoint {
  id: string
  enterprise_id: string
  enterprise_name: string
  district_id: string | null
  district_name: string | null
  name: string
  kind: PointKind
  kind_label: string
  location: string | null
  hazard_factors: string
  accident_types: string[]
  method: RiskMethod
  l: number
  e: number | null
  c: number | null
  s: number | null
  score: number
  grade: RiskGrade
  grade_label: string
  colour: RiskColour
  method_line: string
  measures: RiskMeasure[]
  control_tier: ControlTier
  control_tier_label: string
  responsible: string
  responsible_phone: string | null
  reassess_on: DateString
  reassess_due: boolean
  assessed_on: DateString
  assessed_by_name: string | null
  updated_at: Timestamp
}

/** The body of POST / PUT /api/risk-points (flat, as the contract lists it). */
export interface RiskPointInput {
  /** staff only; an enterprise user's points are its own enterprise's */
  enterprise_id?: string
  name: string
  kind: PointKind | null
  location: string | null
  hazard_factors: string
  accident_types: string[]
  method: RiskMethod
  l: number | null
  e?: number | null
  c?: number | null
  s?: number | null
  measures: { kind: MeasureKind | null; text: string }[]
  control_tier: ControlTier | null
  responsible: string
  responsible_phone: string | null
  reassess_on: DateString | null
}

export interface RiskPointFilter {
  enterprise_id?: string
  district_id?: string
  grade?: RiskGrade | ''
  q?: string
  /** only `true` is sent: 需复评 */
  reassess_due?: boolean
}

export type PointCounts = Record<RiskGrade, number>

export interface LevelChange {
  from: RiskGrade | null
  from_label: string | null
  to: RiskGrade | null
  to_label: string | null
  reasons: string[]
  at: Timestamp
}

/** GET /api/enterprises/{id}/risk: the dynamic level (动态分级). */
export interface EnterpriseRisk {
  grade: RiskGrade | null
  /** 重大风险 … or 未评估 */
  grade_label: string
  colour: RiskColour | null
  base_grade: RiskGrade | null
  reasons: string[]
  points: PointCounts
  changes: LevelChange[]
}

export type DistributionBy = 'district' | 'category'

export interface DistributionRow {
  key: string
  name: string
  points: PointCounts
  enterprises: PointCounts & { none: number }
}

export interface Distribution {
  by: DistributionBy | string
  rows: DistributionRow[]
  total: Omit<DistributionRow, 'key' | 'name'> & Partial<Pick<DistributionRow, 'key' | 'name'>>
}

export const riskApi = {
  methods: () => http.get<RiskMethods>('/api/risk/methods'),
  /** Silent: the form shows the result box (or why it cannot be computed). */
  assess: (body: AssessInput, signal?: AbortSignal) => http.post<Assessment>('/api/risk/assess', body, { silent: true, signal }),
  /** dictionary.write; silent: the form shows field errors. */
  saveThresholds: (body: Thresholds) => http.put<Thresholds>('/api/risk/thresholds', body, { silent: true }),
  distribution: (by: DistributionBy) => http.get<Distribution>('/api/risk/distribution', { by }),
  enterpriseRisk: (enterpriseId: string) => http.get<EnterpriseRisk>(`/api/enterprises/${id(enterpriseId)}/risk`, undefined, { silent: true }),
}

export const riskPointApi = {
  list: (f: RiskPointFilter & ListParams) =>
    http.get<Page<RiskPoint>>('/api/risk-points', { ...f, reassess_due: f.reassess_due ? true : undefined }),
  get: (pointId: string) => http.get<RiskPoint>(`/api/risk-points/${id(pointId)}`, undefined, { silent: true }),
  /** Silent: the form shows field errors and the detail. */
  create: (body: RiskPointInput) => http.post<RiskPoint>('/api/risk-points', body, { silent: true }),
  update: (pointId: string, body: RiskPointInput) => http.put<RiskPoint>(`/api/risk-points/${id(pointId)}`, body, { silent: true }),
  remove: (pointId: string) => http.del(`/api/risk-points/${id(pointId)}`),
  /** 风险告知卡 (.docx), saved under the server's file name. */
  card: (pointId: string, fallbackName = '风险告知卡.docx') => downloadExport(`/api/risk-points/${id(pointId)}/card.docx`, undefined, fallbackName),
}
