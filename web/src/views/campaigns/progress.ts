/** Share of completed assignments as a whole percentage (0 when there are none). */
export function completion(completed: number, total: number): number {
  if (!total || total <= 0) return 0
  return Math.max(0, Math.min(100, Math.round((completed / total) * 100)))
}
