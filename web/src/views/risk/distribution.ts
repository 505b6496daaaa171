// 四色分布: the stacked bars (one colour per grade) and the table under them, shaped from
// GET /api/risk/distribution rows. Pure functions (the page only loads and shows).
import type { Distribution, DistributionRow, RiskGrade } from '@/api/risk'
import { districtShortName } from '@/views/enterprises/lookups'
import { COLOUR_HEX, GRADE_COLOURS, GRADE_LABELS, GRADE_ORDER, NONE_HEX } from './labels'

/** What the bars count: risk points, or enterprises by their current level. */
export type DistributionMeasure = 'points' | 'enterprises'

export type Stack = RiskGrade | 'none'

/** The stacks of a measure, bottom to top: 重大 … 低 (then 未评估 for enterprises). */
export function stacks(measure: DistributionMeasure): Stack[] {
  return measure === 'enterprises' ? [...GRADE_ORDER, 'none'] : [...GRADE_ORDER]
}

export function stackLabel(s: Stack): string {
  return s === 'none' ? '未评估' : GRADE_LABELS[s]
}

export function stackColour(s: Stack): string {
  return s === 'none' ? NONE_HEX : COLOUR_HEX[GRADE_COLOURS[s]]
}

/** A row's name as people read it: districts by their short name (秀英区). */
export function rowName(by: string, row: Pick<DistributionRow, 'name' | 'key'>): string {
  const name = row.name || row.key || '未分类'
  return by === 'district' ? districtShortName(name) : name
}

function count(row: Pick<DistributionRow, 'points' | 'enterprises'> | undefined, measure: DistributionMeasure, s: Stack): number {
  if (!row) return 0
  const bag = (measure === 'enterprises' ? row.enterprises : row.points) as Partial<Record<Stack, number>> | undefined
  const v = bag?.[s]
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

/** The stacked bar chart: one series per grade in its colour, one bar per district / category. */
export function distributionOption(d: Distribution | null | undefined, measure: DistributionMeasure) {
  const rows = d?.rows ?? []
  const names = rows.map((r) => rowName(d?.by ?? '', r))
  const unit = measure === 'enterprises' ? '家' : '个'
  return {
    color: stacks(measure).map(stackColour),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v} ${unit}` },
    legend: { data: stacks(measure).map(stackLabel), top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: unit, minInterval: 1 },
    series: stacks(measure).map((s) => ({
      name: stackLabel(s),
      type: 'bar',
      stack: 'grade',
      barMaxWidth: 40,
      itemStyle: { color: stackColour(s) },
      emphasis: { focus: 'series' },
      data: rows.map((r) => count(r, measure, s)),
    })),
  }
}

export interface DistributionTableRow {
  key: string
  name: string
  counts: Record<Stack, number>
  total: number
  /** the 合计 row at the bottom */
  isTotal: boolean
}

/** The table under the chart: the rows as the server ordered them, then 合计. */
export function distributionTable(d: Distribution | null | undefined, measure: DistributionMeasure): DistributionTableRow[] {
  if (!d || !d.rows.length) return []
  const shape = (r: Pick<DistributionRow, 'points' | 'enterprises'>, key: string, name: string, isTotal: boolean): DistributionTableRow => {
    const counts = Object.fromEntries(stacks(measure).map((s) => [s, count(r, measure, s)])) as Record<Stack, number>
    return { key, name, counts, total: Object.values(counts).reduce((a, b) => a + b, 0), isTotal }
  }
  const rows = d.rows.map((r) => shape(r, r.key, rowName(d.by, r), false))
  const total = d.total ? shape(d.total, '__total', '合计', true) : shape(sumRows(d.rows), '__total', '合计', true)
  return [...rows, total]
}

function sumRows(rows: DistributionRow[]): Pick<DistributionRow, 'points' | 'enterprises'> {
  const points = { major: 0, large: 0, general: 0, low: 0 }
  const enterprises = { major: 0, large: 0, general: 0, low: 0, none: 0 }
  for (const r of rows) {
    for (const g of GRADE_ORDER) {
      points[g] += r.points?.[g] ?? 0
      enterprises[g] += r.enterprises?.[g] ?? 0
    }
    enterprises.none += r.enterprises?.none ?? 0
  }
  return { points, enterprises }
}
