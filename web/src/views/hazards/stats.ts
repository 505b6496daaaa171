// 统计分析: the summary cards, the tables under the charts and the chart options, shaped
// from `GET /api/hazards/stats` rows. Pure functions (the page only loads and shows).
import type { HazardStats, StatsRow } from '@/api/hazards'
import { districtShortName } from '@/views/enterprises/lookups'
import { formatDays, formatRate } from './labels'

export const EMPTY_ROW: StatsRow = { key: '', label: '合计', found: 0, closed: 0, open: 0, overdue: 0, on_spot: 0, rate: 0, avg_days: null }

/** The five summary cards, from the `total` row. */
export function summaryCards(total: StatsRow | null | undefined): { key: string; label: string; value: string; unit: string; tone: string }[] {
  const t = total ?? EMPTY_ROW
  return [
    { key: 'found', label: '发现隐患', value: String(t.found), unit: '条', tone: 'primary' },
    { key: 'closed', label: '已销号', value: String(t.closed), unit: '条', tone: 'success' },
    { key: 'overdue', label: '逾期未改', value: String(t.overdue), unit: '条', tone: t.overdue > 0 ? 'danger' : 'muted' },
    { key: 'rate', label: '整改率', value: t.found ? formatRate(t.rate) : '-', unit: '', tone: 'warning' },
    { key: 'avg_days', label: '平均整改天数', value: formatDays(t.avg_days), unit: t.avg_days === null ? '' : '天', tone: 'muted' },
  ]
}

export interface StatsTableRow {
  key: string
  label: string
  found: number
  closed: number
  open: number
  overdue: number
  on_spot: number
  rate: string
  avg_days: string
  /** the 合计 row at the bottom */
  total: boolean
}

/** A row label as people read it: districts by their short name (秀英区). */
export function rowLabel(by: string, row: Pick<StatsRow, 'label' | 'key'>): string {
  const label = row.label || row.key || '未分类'
  return by === 'district' ? districtShortName(label) : label
}

/** The table under a chart: the rows as the server ordered them, then 合计. */
export function statsTable(stats: HazardStats | null | undefined): StatsTableRow[] {
  if (!stats) return []
  const shape = (r: StatsRow, total: boolean): StatsTableRow => ({
    key: total ? '__total' : r.key,
    label: total ? '合计' : rowLabel(stats.by, r),
    found: r.found,
    closed: r.closed,
    open: r.open,
    overdue: r.overdue,
    on_spot: r.on_spot,
    rate: formatRate(r.rate, r.found),
    avg_days: formatDays(r.avg_days),
    total,
  })
  const rows = stats.rows.map((r) => shape(r, false))
  return rows.length ? [...rows, shape(stats.total ?? EMPTY_ROW, true)] : []
}

/** YYYY-MM of a date (months of the trend). */
function monthOf(y: number, m: number): string {
  return `${y}-${String(m).padStart(2, '0')}`
}

/** Every month from `from` to `to` (YYYY-MM, inclusive); at most 120. */
export function monthsBetween(from: string, to: string): string[] {
  const a = /^(\d{4})-(\d{2})$/.exec(from)
  const b = /^(\d{4})-(\d{2})$/.exec(to)
  if (!a || !b) return []
  let y = +a[1]
  let m = +a[2]
  const end = +b[1] * 12 + +b[2]
  const out: string[] = []
  while (y * 12 + m <= end && out.length < 120) {
    out.push(monthOf(y, m))
    m++
    if (m > 12) {
      m = 1
      y++
    }
  }
  return out
}

/**
 * The trend rows month by month: the months the server left out (nothing found) are filled
 * with zeros when a range is known, so the axis has no holes.
 */
export function trendRows(rows: StatsRow[], from?: string, to?: string): StatsRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]))
  const keys = [...rows.map((r) => r.key)].sort()
  const first = from || keys[0]
  const last = to || keys[keys.length - 1]
  const months = first && last ? monthsBetween(first, last) : []
  if (!months.length) return [...rows].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
  const known = new Set(months)
  const extra = rows.filter((r) => !known.has(r.key))
  return [
    ...months.map((k) => byKey.get(k) ?? { ...EMPTY_ROW, key: k, label: monthLabel(k), rate: 0 }),
    ...extra,
  ]
}

/** 2026-03 → 2026年3月 */
export function monthLabel(key: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(key)
  return m ? `${m[1]}年${+m[2]}月` : key
}

const COLORS = { found: '#409eff', closed: '#67c23a', open: '#e6a23c', overdue: '#f56c6c', rate: '#e6a23c' }

/** 趋势: 发现 and 已销号 bars by month, 整改率 as a line on its own axis. */
export function trendOption(rows: StatsRow[]) {
  return {
    color: [COLORS.found, COLORS.closed, COLORS.rate],
    tooltip: { trigger: 'axis' },
    legend: { data: ['发现', '已销号', '整改率'], top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.label || monthLabel(r.key)) },
    yAxis: [
      { type: 'value', name: '条', minInterval: 1 },
      { type: 'value', name: '整改率', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: '发现', type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.found) },
      { name: '已销号', type: 'bar', barMaxWidth: 28, data: rows.map((r) => r.closed) },
      {
        name: '整改率',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: rows.map((r) => (r.found ? Math.round(r.rate * 10) / 10 : null)),
        tooltip: { valueFormatter: (v: number | null) => (v === null || v === undefined ? '-' : `${v}%`) },
      },
    ],
  }
}

/** By district / category: 已销号 and 未销号 stacked (their sum is 发现), 逾期 beside. */
export function barOption(by: string, rows: StatsRow[]) {
  const labels = rows.map((r) => rowLabel(by, r))
  return {
    color: [COLORS.closed, COLORS.open, COLORS.overdue],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: ['已销号', '未销号', '逾期'], top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '已销号', type: 'bar', stack: 'found', barMaxWidth: 36, data: rows.map((r) => r.closed) },
      { name: '未销号', type: 'bar', stack: 'found', barMaxWidth: 36, data: rows.map((r) => r.open) },
      { name: '逾期', type: 'bar', barMaxWidth: 20, data: rows.map((r) => r.overdue) },
    ],
  }
}

/** By level / source: share of 发现. */
export function pieOption(by: string, rows: StatsRow[]) {
  const LEVEL_COLORS: Record<string, string> = { major: '#f56c6c', general: '#e6a23c' }
  const data = rows
    .filter((r) => r.found > 0)
    .map((r) => ({
      name: rowLabel(by, r),
      value: r.found,
      ...(by === 'level' && LEVEL_COLORS[r.key] ? { itemStyle: { color: LEVEL_COLORS[r.key] } } : {}),
    }))
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 条（{d}%）' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{d}%' },
        data,
      },
    ],
  }
}

/** The last 12 months up to this one (China), as the page opens: [from, to] YYYY-MM. */
export function defaultMonthRange(today: string): [string, string] {
  const m = /^(\d{4})-(\d{2})/.exec(today)
  if (!m) return ['', '']
  const y = +m[1]
  const mo = +m[2]
  const back = y * 12 + (mo - 1) - 11
  return [monthOf(Math.floor(back / 12), (back % 12) + 1), monthOf(y, mo)]
}

/** The last day of a month: 2026-02 → 2026-02-28. */
export function monthEnd(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  if (!m) return ''
  return new Date(Date.UTC(+m[1], +m[2], 0)).toISOString().slice(0, 10)
}

/**
 * The 隐患台账 query listing the hazards behind a row of a table (same months and district),
 * e.g. by category → ?category_id=…&found_from=2026-01-01&found_to=2026-12-31.
 */
export function ledgerQueryFor(by: string, key: string, f: { district_id?: string | null; from?: string; to?: string }): Record<string, string> {
  const q: Record<string, string> = {}
  if (f.district_id) q.district_id = f.district_id
  let from = f.from
  let to = f.to
  if (by === 'month') {
    from = key
    to = key
  } else if (by === 'district') q.district_id = key
  else if (by === 'category') q.category_id = key
  else if (by === 'level') q.level = key
  else if (by === 'source') q.source = key
  if (from && to) {
    q.found_from = `${from}-01`
    q.found_to = monthEnd(to)
  }
  return q
}
