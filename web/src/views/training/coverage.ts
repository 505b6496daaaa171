// 全员轮训 coverage as the pages show it: the big percentage, one bar per category (categories
// with nobody are left out), the people still short of hours (most missing first) and the
// district summary rows.
import type { Coverage, CoverageRow, CoverageSummary, ShortPerson } from '@/api/training'
import { formatHours, formatRate, rateColour, rateOf, ratePercent } from './labels'

export interface CoverageBar {
  category: string
  label: string
  employees: number
  trained: number
  percent: number
  colour: string
  /** "2/3 人" */
  text: string
}

export interface CoverageParts {
  percent: number
  /** "67%" */
  rateText: string
  colour: string
  /** "已达标 2 人 / 共 3 人" */
  countText: string
  bars: CoverageBar[]
  short: (ShortPerson & { hoursText: string })[]
  empty: boolean
}

export function coverageParts(c: Coverage | null | undefined): CoverageParts {
  const employees = c?.employees ?? 0
  const trained = c?.trained ?? 0
  const rate = typeof c?.coverage === 'number' ? c.coverage : rateOf(trained, employees)
  const bars = (c?.by_category ?? [])
    .filter((b) => b.employees > 0)
    .map((b) => {
      const r = typeof b.rate === 'number' ? b.rate : rateOf(b.trained, b.employees)
      return {
        category: b.category,
        label: b.label,
        employees: b.employees,
        trained: b.trained,
        percent: ratePercent(r),
        colour: rateColour(r),
        text: `${b.trained}/${b.employees} 人`,
      }
    })
  const short = [...(c?.short ?? [])]
    .sort((a, b) => b.missing - a.missing || a.name.localeCompare(b.name, 'zh-CN'))
    .map((s) => ({ ...s, hoursText: `${formatHours(s.hours)} / ${formatHours(s.required)}` }))
  return {
    percent: ratePercent(rate),
    rateText: formatRate(rate),
    colour: rateColour(rate),
    countText: `已达标 ${trained} 人 / 共 ${employees} 人`,
    bars,
    short,
    empty: employees === 0,
  }
}

/** The district rows then the total row (合计), each with its percentage. */
export function summaryRows(s: CoverageSummary | null | undefined): (CoverageRow & { rateText: string; total: boolean })[] {
  if (!s) return []
  const rows = (s.rows ?? []).map((r) => ({ ...r, rateText: formatRate(r.coverage), total: false }))
  if (s.total && rows.length) rows.push({ ...s.total, name: s.total.name || '合计', rateText: formatRate(s.total.coverage), total: true })
  return rows
}
