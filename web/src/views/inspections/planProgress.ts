// Progress of a plan (and of a campaign), free of Vue: the parts of a stacked bar (完成 / 检查中
// / 未开始, in whole percent adding up to 100) and the share done.
import type { Progress } from '@/api/inspections'

export interface ProgressPart {
  key: 'done' | 'in_progress' | 'not_started'
  label: string
  count: number
  percent: number
}

const PARTS: { key: ProgressPart['key']; label: string }[] = [
  { key: 'done', label: '已完成' },
  { key: 'in_progress', label: '检查中' },
  { key: 'not_started', label: '未开始' },
]

const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0)

/** A progress with every count a number (missing ones 0; total at least the sum of the parts). */
export function normalizeProgress(p: Partial<Progress> | null | undefined): Progress {
  const done = n(p?.done)
  const inProgress = n(p?.in_progress)
  const notStarted = n(p?.not_started)
  return { total: Math.max(n(p?.total), done + inProgress + notStarted), done, in_progress: inProgress, not_started: notStarted, overdue: n(p?.overdue) }
}

/** Whole percents that add up to exactly 100 (largest remainder), all 0 for an empty total. */
export function wholePercents(counts: number[], total: number): number[] {
  if (total <= 0) return counts.map(() => 0)
  const exact = counts.map((c) => (c / total) * 100)
  const floors = exact.map(Math.floor)
  const target = Math.round(Math.min(100, (counts.reduce((a, b) => a + b, 0) / total) * 100))
  let rest = target - floors.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => ({ i, r: e - floors[i] })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of order) {
    if (rest <= 0) break
    floors[i]++
    rest--
  }
  return floors
}

/** The segments of the stacked bar. */
export function progressParts(p: Partial<Progress> | null | undefined): ProgressPart[] {
  const q = normalizeProgress(p)
  const counts = PARTS.map((x) => q[x.key])
  const percents = wholePercents(counts, q.total)
  return PARTS.map((x, i) => ({ ...x, count: counts[i], percent: percents[i] }))
}

/** 完成率 in whole percent. */
export function donePercent(p: Partial<Progress> | null | undefined): number {
  const q = normalizeProgress(p)
  return q.total > 0 ? Math.round((q.done / q.total) * 100) : 0
}
