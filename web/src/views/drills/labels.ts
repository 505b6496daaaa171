// Labels and small rules of 应急管理: plan kinds, drill kinds and modes, the spot-check result
// (优秀 ≥ 90, 合格 ≥ 60, 不合格 below, compared in tenths like the server).
import type { DrillKind, DrillMode, PlanKind, SpotResult } from '@/api/training'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

const options = <K extends string>(m: Record<K, string>) => (Object.keys(m) as K[]).map((value) => ({ value, label: m[value] }))

export const PLAN_KIND_LABELS: Record<PlanKind, string> = {
  comprehensive: '综合应急预案',
  special: '专项应急预案',
  onsite: '现场处置方案',
}

export const DRILL_KIND_LABELS: Record<DrillKind, string> = {
  comprehensive: '综合演练',
  special: '专项演练',
  onsite: '现场处置方案演练',
}

export const DRILL_MODE_LABELS: Record<DrillMode, string> = {
  tabletop: '桌面推演',
  live: '实战演练',
}

export const PLAN_KINDS = options(PLAN_KIND_LABELS)
export const DRILL_KINDS = options(DRILL_KIND_LABELS)
export const DRILL_MODES = options(DRILL_MODE_LABELS)

export function planKindLabel(k: string | null | undefined): string {
  return k ? (PLAN_KIND_LABELS[k as PlanKind] ?? k) : '-'
}

export const SPOT_RESULT_LABELS: Record<SpotResult, string> = {
  excellent: '优秀',
  qualified: '合格',
  unqualified: '不合格',
}

const SPOT_RESULT_TAGS: Record<SpotResult, TagType> = {
  excellent: 'success',
  qualified: 'warning',
  unqualified: 'danger',
}

/** 优秀 ≥ 90, 合格 ≥ 60, 不合格 below (compared in tenths: 89.95 counts as 90). */
export function spotResult(total: number): SpotResult {
  const t = Math.round(total * 10)
  if (t >= 900) return 'excellent'
  if (t >= 600) return 'qualified'
  return 'unqualified'
}

export function spotResultTag(r: string | null | undefined): TagType {
  return SPOT_RESULT_TAGS[r as SpotResult] ?? 'info'
}

/** What a drill-status row says: "逾期" when the drill is due, else the last date. */
export function dueText(last: string | null | undefined, due: boolean): { text: string; overdue: boolean } {
  if (due) return { text: last ? `逾期（上次 ${last}）` : '逾期（未开展）', overdue: true }
  return { text: last ?? '-', overdue: false }
}
