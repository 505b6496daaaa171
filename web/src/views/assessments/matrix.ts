// 考核评估 (docs/api-accountability.md): labels, the score matrix (rows = units, columns =
// indicators), the checks of an adjusted score, server field errors of a cell, and the text of
// a 整改 task made from a unit's weak points. Pure functions.
import type { AssessmentDetail, AssessmentItem, AssessmentPeriod, AssessmentRow, AssessmentTargetKind, Indicator, ScoreInput } from '@/api/accountability'
import type { FieldError } from '@/api/types'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const PERIOD_LABELS: Record<AssessmentPeriod, string> = { h1: '上半年', annual: '年度' }
export const TARGET_KIND_LABELS: Record<AssessmentTargetKind, string> = { district: '区商务局', section: '局科室', enterprise: '重点企业' }
export const PERIODS = (Object.keys(PERIOD_LABELS) as AssessmentPeriod[]).map((value) => ({ value, label: PERIOD_LABELS[value] }))
export const TARGET_KINDS = (Object.keys(TARGET_KIND_LABELS) as AssessmentTargetKind[]).map((value) => ({ value, label: TARGET_KIND_LABELS[value] }))

const GRADE_TAGS: Record<string, TagType> = { 优秀: 'success', 良好: 'primary', 合格: 'warning', 不合格: 'danger' }
export function gradeTag(grade: string | null | undefined): TagType {
  return GRADE_TAGS[grade ?? ''] ?? 'info'
}

/** 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60 (the server's rule, for a total edited before it answers). */
export function gradeOf(total: number): string {
  return total >= 90 ? '优秀' : total >= 80 ? '良好' : total >= 60 ? '合格' : '不合格'
}

/** 2026年上半年区商务局安全生产工作考核 */
export function defaultTitle(year: number, period: AssessmentPeriod, kind: AssessmentTargetKind): string {
  return `${year}年${PERIOD_LABELS[period]}${TARGET_KIND_LABELS[kind]}安全生产专项整治工作考核`
}

export function weightSum(indicators: readonly Pick<Indicator, 'weight'>[]): number {
  return Math.round(indicators.reduce((s, i) => s + (Number(i.weight) || 0), 0) * 100) / 100
}

const EPS = 1e-6
/** The server's tolerance: a score differing from the auto score by more than this is an adjustment. */
export const ADJUST_TOLERANCE = 0.05
const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** A score differs from the automatic one (a manual indicator is scored by hand, never adjusted). */
export function isAdjusted(item: Pick<AssessmentItem, 'auto_score' | 'score'>, manual = false): boolean {
  const auto = num(item.auto_score)
  const score = num(item.score)
  if (manual || auto === null || score === null) return false
  return Math.abs(auto - score) > ADJUST_TOLERANCE
}

export const isManual = (c: Pick<Indicator, 'source'> | undefined) => c?.source === 'manual'

export interface MatrixCell {
  key: string
  weight: number
  valueLabel: string
  auto: number | null
  score: number | null
  reason: string
  adjusted: boolean
  item: AssessmentItem | null
}

export interface MatrixRow {
  row: AssessmentRow
  cells: MatrixCell[]
}

export interface Matrix {
  columns: Indicator[]
  rows: MatrixRow[]
}

/** Columns from the assessment's indicators (or the first row's items); rows ranked (unranked last). */
export function buildMatrix(a: Pick<AssessmentDetail, 'indicators' | 'rows'>): Matrix {
  const columns: Indicator[] =
    a.indicators?.length > 0
      ? a.indicators
      : (a.rows[0]?.items ?? []).map((i) => ({ key: i.key, label: i.label, weight: i.weight, source: i.key }))
  const rows = [...a.rows]
    .sort((x, y) => (x.rank ?? Number.MAX_SAFE_INTEGER) - (y.rank ?? Number.MAX_SAFE_INTEGER) || x.org_name.localeCompare(y.org_name, 'zh-CN'))
    .map((row) => ({
      row,
      cells: columns.map((c) => {
        const item = row.items.find((i) => i.key === c.key) ?? null
        const manual = isManual(c)
        return {
          key: c.key,
          weight: item?.weight ?? c.weight,
          valueLabel: item?.value_label || (item?.value !== null && item?.value !== undefined ? `${Math.round(item.value * 1000) / 10}%` : '-'),
          // a manual indicator has no automatic score (the server sends 0)
          auto: manual ? null : num(item?.auto_score),
          score: num(item?.score),
          reason: (item?.reason ?? '').trim(),
          adjusted: item ? isAdjusted(item, manual) : false,
          item,
        }
      }),
    }))
  return { columns, rows }
}

export function fmtScore(v: number | null | undefined): string {
  const n = num(v)
  return n === null ? '-' : String(Math.round(n * 100) / 100)
}

/**
 * The checks of the score dialog: the score given and within 0..weight. Whether a reason is
 * needed is the server's to say (it knows the manual indicators and its tolerance): its
 * `items.<key>.reason` error lands under the reason field.
 */
export function checkScore(score: number | null | undefined, _reason: string, item: Pick<AssessmentItem, 'weight' | 'auto_score'>): { score?: string; reason?: string } {
  const e: { score?: string; reason?: string } = {}
  const s = num(score)
  if (s === null) e.score = '请填写得分'
  else if (s < 0 || s > item.weight + EPS) e.score = `得分应在 0 至 ${item.weight} 之间`
  return e
}

/** The row's items as PUT sends them, with one item replaced. */
export function rowScoresWith(row: AssessmentRow, key: string, score: number, reason: string): ScoreInput[] {
  return row.items.map((i) =>
    i.key === key ? { key, score, reason: reason.trim() || null } : { key: i.key, score: i.score, reason: (i.reason ?? '').trim() || null },
  )
}

/** `items.<key>.score` / `items.<key>.reason` (also `items[<key>]…`) of a cell; the rest as messages. */
export function cellErrors(errors: readonly Pick<FieldError, 'field' | 'message'>[], key: string): { score?: string; reason?: string; other: string[] } {
  const out: { score?: string; reason?: string; other: string[] } = { other: [] }
  for (const e of errors) {
    const parts = (e.field || '').replace(/\[([^\]]*)\]/g, '.$1').split('.').filter(Boolean)
    if (parts[0] === 'items' && parts[1] === key && (parts[2] === 'score' || parts[2] === 'reason')) {
      const f = parts[2]
      if (!out[f]) out[f] = e.message
    } else if (parts[0] === 'items' && parts[1] === key && !out.score) {
      out.score = e.message
    } else if (e.message) out.other.push(e.message)
  }
  return out
}

/** The items scoring below 60% of their weight (the server's weak points), weakest first. */
export function weakItems(row: AssessmentRow, ratio = 0.6): AssessmentItem[] {
  return row.items
    .filter((i) => i.weight > 0 && (num(i.score) ?? 0) < i.weight * ratio - EPS)
    .sort((a, b) => (num(a.score) ?? 0) / a.weight - (num(b.score) ?? 0) / b.weight)
}

/** The text of the 整改 task: the weak points named with their values and scores. */
export function weakPointText(row: AssessmentRow, title: string): string {
  const weak = weakItems(row)
  const head = `根据《${title}》结果，${row.org_name}得分 ${fmtScore(row.total)} 分（${row.grade}）`
  // the server's weak points when it named them, else the items under 60%
  const points = row.weak_points?.length
    ? row.weak_points
    : weak.map((i) => `${i.label}${i.value_label ? `（${i.value_label}）` : ''}得 ${fmtScore(i.score)}/${fmtScore(i.weight)} 分`)
  if (!points.length) return `${head}，请对照考核指标查漏补缺，巩固提升。`
  return `${head}，其中${points.join('；')}。请针对上述薄弱环节制定整改措施，按期完成整改并报送整改情况。`
}
