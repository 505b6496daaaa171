// 领导驾驶舱 and 月报 (docs/api-accountability.md, "Cockpit" and "Monthly report"): one object
// with the figures of the whole city or one district (a district user always gets its own),
// and the month's report as JSON, .docx and .xlsx.
import { downloadExport, http } from './client'
import type { DateString, Timestamp } from './types'

/** The campaign's progress: accepted assignments of all, month by month. */
export interface CockpitCampaign {
  id: string
  title: string
  tasks: number
  assignments: number
  accepted: number
  overdue: number
  /** percent, one decimal (66.7) */
  completion_rate: number
  /** `month` is YYYY-MM; `accepted` in that month, `rate` the cumulative completion (%) */
  series: { month: string; accepted: number; rate: number }[]
}

export interface CockpitOverdueUnit {
  org_id: string
  org_name: string
  overdue: number
}

export interface CockpitHazardMonth {
  /** YYYY-MM */
  month: string
  found: number
  closed: number
}

export interface CockpitHazards {
  open: number
  overdue: number
  major_open: number
  /** percent, one decimal */
  closed_rate: number
}

export interface CockpitMajorHazard {
  id: string
  code: string
  enterprise_name: string
  deadline: DateString | null
  overdue: boolean
}

/** Enterprises by their current risk level (未评估: no level yet). */
export interface CockpitRisk {
  major: number
  large: number
  general: number
  low: number
  unassessed: number
}

export interface CockpitWarning {
  id: string
  title: string
  kind_label: string
  /** blue / yellow / orange / red */
  colour: string
  colour_label: string
  valid_to: Timestamp | null
  acked: number
  total: number
}

export interface CockpitInspections {
  year_done: number
  month_done: number
  open: number
}

export interface CockpitTraining {
  year: number
  people: number
  trained: number
  /** percent */
  rate: number
}

/** Enterprises by credit grade (lower-case keys; the credit list takes `grade=A`…). */
export interface CockpitCredit {
  a: number
  b: number
  c: number
  d: number
  unscored: number
}

export interface CockpitReferrals {
  open: number
  concluded: number
}

export interface CockpitSelfChecks {
  /** "2026年11月" */
  period_label: string
  due: number
  done: number
}

/** GET /api/cockpit */
export interface Cockpit {
  /** "全市" or "秀英区" */
  scope_label: string
  generated_at: Timestamp
  today: DateString
  campaign: CockpitCampaign | null
  overdue_by_unit: CockpitOverdueUnit[]
  hazards_by_month: CockpitHazardMonth[]
  hazards: CockpitHazards
  major_open: CockpitMajorHazard[]
  risk: CockpitRisk
  weather: CockpitWarning[]
  inspections: CockpitInspections
  training: CockpitTraining
  credit: CockpitCredit
  referrals: CockpitReferrals
  self_checks: CockpitSelfChecks
}

export interface CockpitQuery {
  district_id?: string | null
  campaign_id?: string | null
}

export interface MonthlyReportQuery {
  /** YYYY-MM */
  month: string
  district_id?: string | null
}

/** A section of the report's text: `一、总体情况` and its paragraphs. */
export interface ReportSection {
  heading: string
  paragraphs: string[]
}

/** One table of the report (表1 主要指标 …): the caption, the column heads, the rows of cells. */
export interface MonthlyReportTable {
  caption: string
  head: string[]
  rows: string[][]
}

/**
 * GET /api/reports/monthly: the month's text and tables as the .docx has them (one .xlsx sheet
 * per table), and the cockpit's figures the report was drawn from.
 */
export interface MonthlyReport {
  /** YYYY-MM */
  month: string
  /** 海口市商务系统安全生产专项整治工作月报（2026年11月） */
  title: string
  scope_label: string
  period_from: DateString
  period_to: DateString
  sections: ReportSection[]
  tables: MonthlyReportTable[]
  cockpit: Cockpit
}

function clean<T extends object>(q: T): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') out[k] = String(v)
  return out
}

export const cockpitApi = {
  get: (q: CockpitQuery, signal?: AbortSignal) => http.get<Cockpit>('/api/cockpit', clean(q), { signal }),
}

export const monthlyReportApi = {
  get: (q: MonthlyReportQuery) => http.get<MonthlyReport>('/api/reports/monthly', clean(q)),
  docx: (q: MonthlyReportQuery, fallbackName: string) => downloadExport('/api/reports/monthly/docx', clean(q), fallbackName),
  xlsx: (q: MonthlyReportQuery, fallbackName: string) => downloadExport('/api/reports/monthly/xlsx', clean(q), fallbackName),
}
