// Labels, colours and small rules of 诚信管理 (docs/api-accountability.md, "Credit"): the four
// grades in their colours (A green, B blue, C orange, D red), points shown with their sign, the
// explanation of a score (100 + the points of each item, clamped to 0–100), the summary chart
// and the benchmark states. The server sends `*_label` with every record; these maps are for
// filters, tags and charts.
import type { CreditGrade, CreditItem, CreditSummary } from '@/api/credit'

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const GRADE_ORDER: CreditGrade[] = ['A', 'B', 'C', 'D']

export const GRADE_LABELS: Record<CreditGrade, string> = {
  A: 'A级（诚信）',
  B: 'B级（基本诚信）',
  C: 'C级（失信警示）',
  D: 'D级（严重失信）',
}

export const GRADES = GRADE_ORDER.map((value) => ({ value, label: GRADE_LABELS[value] }))

const GRADE_TAGS: Record<CreditGrade, TagType> = { A: 'success', B: 'primary', C: 'warning', D: 'danger' }

/** Element Plus' success / primary / warning / danger colours. */
export const GRADE_COLOURS: Record<CreditGrade, string> = { A: '#67c23a', B: '#409eff', C: '#e6a23c', D: '#f56c6c' }

export const UNSCORED_COLOUR = '#c0c4cc'

export function isCreditGrade(v: unknown): v is CreditGrade {
  return typeof v === 'string' && (GRADE_ORDER as string[]).includes(v)
}

export function gradeTag(g: string | null | undefined): TagType {
  return isCreditGrade(g) ? GRADE_TAGS[g] : 'info'
}

export function gradeColour(g: string | null | undefined): string {
  return isCreditGrade(g) ? GRADE_COLOURS[g] : UNSCORED_COLOUR
}

export function gradeLabel(g: string | null | undefined): string {
  if (!g) return '未评分'
  return isCreditGrade(g) ? GRADE_LABELS[g] : g
}

/** The grade of a score: A ≥ 90, B ≥ 75, C ≥ 60, D below. */
export function gradeOf(score: number): CreditGrade {
  if (score >= 90) return 'A'
  if (score >= 75) return 'B'
  if (score >= 60) return 'C'
  return 'D'
}

/** −10 → "−10", 5 → "+5", 0 → "0" (a true minus sign, so the sign reads clearly). */
export function signedPoints(points: number | null | undefined): string {
  if (typeof points !== 'number' || !Number.isFinite(points)) return '-'
  const v = Math.round(points * 10) / 10
  if (v > 0) return `+${v}`
  if (v < 0) return `−${-v}`
  return '0'
}

/** The CSS class of points: `minus` (red), `plus` (green) or `zero`. */
export function pointsClass(points: number | null | undefined): 'plus' | 'minus' | 'zero' {
  if (typeof points !== 'number' || !points) return 'zero'
  return points > 0 ? 'plus' : 'minus'
}

export const BASE_SCORE = 100

export interface ScoreBreakdown {
  base: number
  /** the items that cost points, largest loss first */
  deductions: CreditItem[]
  /** the items that add points, largest first */
  bonuses: CreditItem[]
  /** items that count but weigh nothing (shown for completeness) */
  neutral: CreditItem[]
  lost: number
  gained: number
  /** 100 + every item's points, before clamping */
  raw: number
  /** the clamped result the score should be */
  expected: number
  /** raw was outside 0–100 */
  clamped: boolean
  /** "100 − 10 − 5 + 1 = 86" */
  formula: string
}

/** How a score comes about: 100 plus the points of each item, clamped to 0–100. */
export function scoreBreakdown(items: readonly CreditItem[]): ScoreBreakdown {
  const deductions = items.filter((i) => i.points < 0).sort((a, b) => a.points - b.points)
  const bonuses = items.filter((i) => i.points > 0).sort((a, b) => b.points - a.points)
  const neutral = items.filter((i) => !i.points)
  const lost = deductions.reduce((s, i) => s + i.points, 0)
  const gained = bonuses.reduce((s, i) => s + i.points, 0)
  const raw = BASE_SCORE + lost + gained
  const expected = Math.min(100, Math.max(0, raw))
  const parts = [String(BASE_SCORE), ...deductions.map((i) => `− ${-i.points}`), ...bonuses.map((i) => `+ ${i.points}`)]
  let formula = `${parts.join(' ')} = ${raw}`
  if (raw !== expected) formula += `，按 0–100 计为 ${expected}`
  return { base: BASE_SCORE, deductions, bonuses, neutral, lost, gained, raw, expected, clamped: raw !== expected, formula }
}

/** Whether the user is an enterprise user (its own credit only). */
export function isEnterpriseUser(role: string | null | undefined): boolean {
  return role === 'enterprise_user'
}

// ---------------------------------------------------------------------------- summary chart

const SUMMARY_STACKS = [
  { key: 'a', name: 'A级', colour: GRADE_COLOURS.A },
  { key: 'b', name: 'B级', colour: GRADE_COLOURS.B },
  { key: 'c', name: 'C级', colour: GRADE_COLOURS.C },
  { key: 'd', name: 'D级', colour: GRADE_COLOURS.D },
  { key: 'unscored', name: '未评分', colour: UNSCORED_COLOUR },
] as const

/** The ECharts option of the grade counts by district (horizontal stacked bars). */
export function summaryOption(s: CreditSummary | null) {
  const rows = s?.rows ?? []
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.district_name) },
    series: SUMMARY_STACKS.map((st) => ({
      name: st.name,
      type: 'bar',
      stack: 'grade',
      barMaxWidth: 28,
      itemStyle: { color: st.colour },
      emphasis: { focus: 'series' },
      data: rows.map((r) => r[st.key] ?? 0),
    })),
  }
}

// ---------------------------------------------------------------------------- benchmarks

export const BENCHMARK_STATE_LABELS: Record<string, string> = {
  nominated: '提名',
  published: '已发布',
  withdrawn: '已撤销',
}

export const BENCHMARK_STATES = Object.entries(BENCHMARK_STATE_LABELS).map(([value, label]) => ({ value, label }))

const BENCHMARK_STATE_TAGS: Record<string, TagType> = { nominated: 'warning', published: 'success', withdrawn: 'info' }

export function benchmarkStateTag(state: string | null | undefined): TagType {
  return (state && BENCHMARK_STATE_TAGS[state]) || 'info'
}

// ---------------------------------------------------------------------------- raw facts

const FACT_LABELS: Record<string, string> = {
  commitment_signed: '已签订年度安全承诺',
  commitment_missing: '未签订年度安全承诺',
  notices_missing: '未按期发布承诺公告',
  self_check_missed: '上期未按时自查',
  overdue_hazards: '逾期未整改隐患',
  major_open: '未销号重大隐患',
  major_overdue: '逾期重大隐患',
  training_rate: '全员轮训率',
  training_coverage: '全员轮训率',
  referrals: '被函送执法',
  interviews: '被约谈',
  exposures: '被曝光',
  hazards_closed_on_time: '按期整改销号',
  closed_on_time: '按期整改销号',
  benchmark: '标杆企业',
}

/** The raw facts as label / value lines (known keys named in Chinese, the rest as they come). */
export function factLines(facts: Record<string, unknown> | null | undefined): { key: string; label: string; value: string }[] {
  if (!facts) return []
  return Object.entries(facts)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .map(([key, v]) => ({
      key,
      label: FACT_LABELS[key] ?? key,
      value: v === null ? '-' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v),
    }))
}
