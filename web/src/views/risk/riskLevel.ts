// The enterprise's dynamic risk level (GET /api/enterprises/{id}/risk) as the card shows it:
// the count tiles, the change history newest first. Pure functions.
import type { EnterpriseRisk, LevelChange, RiskGrade } from '@/api/risk'
import { GRADE_LABELS, GRADE_ORDER, GRADE_SHORT, gradeLabel } from './labels'

export interface CountTile {
  grade: RiskGrade
  label: string
  count: number
}

/** One tile per grade, 重大 first; a missing count is 0. */
export function countTiles(points: Partial<Record<RiskGrade, number>> | null | undefined): CountTile[] {
  return GRADE_ORDER.map((grade) => ({ grade, label: GRADE_SHORT[grade], count: points?.[grade] ?? 0 }))
}

export function totalPoints(points: Partial<Record<RiskGrade, number>> | null | undefined): number {
  return countTiles(points).reduce((a, t) => a + t.count, 0)
}

/** Newest first (the server's order is not promised). */
export function sortChanges(changes: readonly LevelChange[] | null | undefined): LevelChange[] {
  return [...(changes ?? [])].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
}

/** "较大风险 → 重大风险" (未评估 for none). */
export function changeText(c: Pick<LevelChange, 'from' | 'from_label' | 'to' | 'to_label'>): string {
  return `${c.from_label || gradeLabel(c.from)} → ${c.to_label || gradeLabel(c.to)}`
}

/** Did the level go up (red in the history) or down? */
export function changeDirection(c: Pick<LevelChange, 'from' | 'to'>): 'up' | 'down' | 'same' {
  const rank = (g: RiskGrade | null) => (g ? GRADE_ORDER.length - GRADE_ORDER.indexOf(g) : 0)
  const d = rank(c.to) - rank(c.from)
  return d > 0 ? 'up' : d < 0 ? 'down' : 'same'
}

/** "风险点最高等级：较大风险" when the level was raised above its points' highest grade. */
export function raisedFrom(r: Pick<EnterpriseRisk, 'grade' | 'base_grade'>): string {
  if (!r.base_grade || !r.grade || r.base_grade === r.grade) return ''
  return `由${GRADE_LABELS[r.base_grade]}上调`
}
