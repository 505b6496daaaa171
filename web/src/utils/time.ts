// All times are shown in China time, whatever the browser's zone is.
const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** RFC 3339 → "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai; "-" for empty or invalid. */
export function formatTime(value: string | number | Date | null | undefined, empty = '-'): string {
  if (value === null || value === undefined || value === '') return empty
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return empty
  const parts: Record<string, string> = {}
  for (const p of fmt.formatToParts(d)) parts[p.type] = p.value
  const hour = parts.hour === '24' ? '00' : parts.hour
  return `${parts.year}-${parts.month}-${parts.day} ${hour}:${parts.minute}:${parts.second}`
}

/** Today's date in China as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return formatTime(now).slice(0, 10)
}

/** True when a lock timestamp lies in the future. */
export function isLocked(lockedUntil: string | null | undefined, now: number = Date.now()): boolean {
  if (!lockedUntil) return false
  const t = new Date(lockedUntil).getTime()
  return !Number.isNaN(t) && t > now
}
