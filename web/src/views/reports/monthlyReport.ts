// 月报: the month's figures from GET /api/reports/monthly shaped into tables for the preview,
// the download file names and the months one may pick. The contract names what the report
// holds (the cockpit's figures for the month plus the month's referrals, interviews, meetings,
// bulletins, inspections and trainings) but not its JSON shape, so the tables are built from
// whatever the answer carries: scalars → one 概况 table, an object of scalars → a two-column
// table, an array of objects → a table with one column per field, and a `tables` (or `sheets`)
// array of `{title, columns, rows}` as it is. Pure functions.
import type { MonthlyReport } from '@/api/cockpit'
import { monthTitle } from '@/views/cockpit/cockpitCharts'

export interface ReportColumn {
  key: string
  label: string
}

export interface ReportTable {
  key: string
  title: string
  columns: ReportColumn[]
  rows: Record<string, string>[]
}

/** Chinese names of the fields the report (and the cockpit it draws on) is known to carry. */
export const FIELD_LABELS: Record<string, string> = {
  // sections
  summary: '概况',
  campaign: '专项整治任务',
  hazards: '隐患排查治理',
  hazards_by_month: '隐患发现与销号',
  major_open: '未销号重大隐患',
  overdue_by_unit: '逾期任务（按单位）',
  risk: '企业风险等级',
  weather: '极端天气预警',
  inspections: '督导检查',
  training: '教育培训',
  trainings: '培训开展情况',
  credit: '企业诚信等级',
  referrals: '函送执法',
  interviews: '约谈',
  exposures: '曝光',
  meetings: '专班会议',
  bulletins: '通报',
  self_checks: '企业自查',
  // fields
  scope_label: '范围',
  month: '月份',
  period_label: '期间',
  title: '名称',
  name: '名称',
  org_name: '单位',
  unit_name: '单位',
  enterprise_name: '企业',
  district_name: '所属区',
  agency_name: '执法部门',
  code: '编号',
  number: '文号',
  tasks: '任务数',
  assignments: '分工数',
  accepted: '已验收',
  completion_rate: '完成率',
  rate: '比率',
  overdue: '逾期',
  open: '未办结',
  closed: '已销号',
  found: '发现',
  closed_rate: '整改率',
  major: '重大',
  large: '较大',
  general: '一般',
  low: '低',
  unassessed: '未评估',
  a: 'A级',
  b: 'B级',
  c: 'C级',
  d: 'D级',
  unscored: '未评分',
  year_done: '本年已完成',
  month_done: '本月已完成',
  done: '已完成',
  due: '应完成',
  people: '从业人员',
  trained: '已达标',
  concluded: '已反馈结果',
  sent: '已函送',
  count: '数量',
  total: '合计',
  state_label: '状态',
  kind_label: '类型',
  colour_label: '预警颜色',
  held_on: '日期',
  date: '日期',
  deadline: '整改期限',
  valid_to: '有效期至',
  acked: '已确认',
  location: '地点',
  host: '主持人',
  sessions: '培训场次',
  hours: '学时',
  attendees: '参加人数',
  issued_on: '印发日期',
  reason: '事由',
  violation: '违法行为',
  result: '办理结果',
  sent_at: '函送时间',
  year: '年度',
}

/** Fields never shown (ids link records; they mean nothing to a reader). */
function hidden(key: string): boolean {
  return key === 'id' || key.endsWith('_id') || key === 'generated_at' || key === 'colour' || key === 'kind' || key === 'state' || key === 'source'
}

export function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? key
}

/** A value as a table cell: true/false as 是/否, null as "-", numbers as they are. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '-'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 10) / 10) : '-'
  if (typeof v === 'string') return v
  if (Array.isArray(v)) return v.map(cellText).join('、')
  return JSON.stringify(v)
}

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v)
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The explicit `{caption, head, rows}` tables of the report (also `{title, columns, rows}`). */
function explicitTables(list: unknown[]): ReportTable[] {
  const out: ReportTable[] = []
  list.forEach((t, i) => {
    if (!isPlainObject(t) || !Array.isArray(t.rows)) return
    const rawCols = Array.isArray(t.head) ? t.head : Array.isArray(t.columns) ? t.columns : []
    let columns: ReportColumn[] = rawCols.map((c, j) =>
      isPlainObject(c) ? { key: String(c.key ?? j), label: String(c.label ?? c.title ?? c.key ?? j) } : { key: String(j), label: String(c) },
    )
    const rows = t.rows.map((r) => {
      const row: Record<string, string> = {}
      if (Array.isArray(r)) r.forEach((v, j) => (row[columns[j]?.key ?? String(j)] = cellText(v)))
      else if (isPlainObject(r)) for (const [k, v] of Object.entries(r)) row[k] = cellText(v)
      return row
    })
    if (!columns.length) {
      const first = t.rows.find(isPlainObject)
      columns = first ? Object.keys(first).filter((k) => !hidden(k)).map((k) => ({ key: k, label: fieldLabel(k) })) : []
    }
    out.push({ key: `table-${i}`, title: String(t.caption ?? t.title ?? t.name ?? `表${i + 1}`), columns, rows })
  })
  return out
}

/** The report's tables, in the order the server sent its fields (概况 first). */
export function reportTables(report: Partial<MonthlyReport> | Record<string, unknown> | null | undefined): ReportTable[] {
  if (!report) return []
  const tables: ReportTable[] = []
  const summary: Record<string, string>[] = []
  for (const [key, value] of Object.entries(report)) {
    if (hidden(key)) continue
    if ((key === 'tables' || key === 'sheets') && Array.isArray(value)) {
      tables.push(...explicitTables(value))
    } else if (isScalar(value)) {
      summary.push({ item: fieldLabel(key), value: cellText(value) })
    } else if (Array.isArray(value)) {
      const rows = value.filter(isPlainObject)
      const keys: string[] = []
      for (const r of rows) for (const k of Object.keys(r)) if (!hidden(k) && !keys.includes(k) && isScalar(r[k])) keys.push(k)
      tables.push({
        key,
        title: fieldLabel(key),
        columns: keys.map((k) => ({ key: k, label: fieldLabel(k) })),
        rows: rows.map((r) => Object.fromEntries(keys.map((k) => [k, cellText(r[k])]))),
      })
    } else if (isPlainObject(value)) {
      const rows: Record<string, string>[] = []
      for (const [k, v] of Object.entries(value)) {
        if (hidden(k)) continue
        if (isScalar(v)) rows.push({ item: fieldLabel(k), value: cellText(v) })
        else if (Array.isArray(v) && v.every(isScalar)) rows.push({ item: fieldLabel(k), value: cellText(v) })
      }
      tables.push({ key, title: fieldLabel(key), columns: [{ key: 'item', label: '项目' }, { key: 'value', label: '数值' }], rows })
      // nested lists (a campaign's series) become tables of their own
      for (const [k, v] of Object.entries(value)) {
        if (Array.isArray(v) && v.some(isPlainObject)) tables.push(...reportTables({ [`${key}.${k}`]: v }).map((t) => ({ ...t, title: `${fieldLabel(key)} · ${fieldLabel(k)}` })))
      }
    }
  }
  if (summary.length) tables.unshift({ key: 'summary', title: '概况', columns: [{ key: 'item', label: '项目' }, { key: 'value', label: '数值' }], rows: summary })
  return tables
}

/** 《2026年11月安全生产专项整治工作月报》 as a file name, with the district when one is chosen. */
export function reportFileName(month: string, ext: 'docx' | 'xlsx', scopeLabel?: string | null): string {
  const scope = scopeLabel && scopeLabel !== '全市' ? `${scopeLabel}` : ''
  return `${scope}${monthTitle(month)}安全生产专项整治工作月报.${ext}`
}

/** The query of the report and its downloads (no district: the whole city, or the user's own). */
export function reportQuery(month: string, districtId?: string | null): { month: string; district_id?: string } {
  return districtId ? { month, district_id: districtId } : { month }
}

/** The download URL, as a plain link would fetch it. */
export function reportDownloadUrl(ext: 'docx' | 'xlsx', month: string, districtId?: string | null): string {
  const q = new URLSearchParams(reportQuery(month, districtId))
  return `/api/reports/monthly/${ext}?${q.toString()}`
}

/** Months after the current one cannot be reported on. */
export function isFutureMonth(month: string, today: string): boolean {
  return month > today.slice(0, 7)
}
