// Totals over the rows of 完整度统计 (the average is weighted by the enterprises of each row).
import type { CompletenessRow } from '@/api/types'

export interface CompletenessTotals {
  enterprises: number
  /** weighted average score, one decimal */
  average: number
  complete: number
}

export function completenessTotals(rows: CompletenessRow[]): CompletenessTotals {
  let enterprises = 0
  let weighted = 0
  let complete = 0
  for (const r of rows) {
    const n = Math.max(0, r.enterprises || 0)
    enterprises += n
    weighted += n * (Number.isFinite(r.average_score) ? r.average_score : 0)
    complete += Math.max(0, r.complete || 0)
  }
  return { enterprises, average: enterprises ? Math.round((weighted / enterprises) * 10) / 10 : 0, complete }
}
