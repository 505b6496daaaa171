// Pure helpers of the battle map (挂图作战): where a task's window sits on the year, the
// "today" line, the filters and the legend counts, the unit kind and the enterprise page
// it asks for, its figures and the per-district sums. Dates are calendar dates
// (YYYY-MM-DD) and are computed in UTC so the browser's time zone never shifts a day.
import type { Band, BoardCell, BoardGroup, BoardParams, BoardSummary, BoardTask, Deadline, OrgKind } from '@/api/types'
import { BANDS } from '@/utils/labels'

const DAY_MS = 24 * 60 * 60 * 1000

function parseDate(value: string | null | undefined): number | null {
  if (!value) return null
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  if (!m) return null
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

/** Days of a year (365 or 366). */
export function daysInYear(year: number): number {
  return Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS)
}

/** Day index of a date within `year` (0 = 1 January; negative before, ≥ days after). */
export function dayIndex(value: string, year: number): number | null {
  const t = parseDate(value)
  if (t === null) return null
  return Math.round((t - Date.UTC(year, 0, 1)) / DAY_MS)
}

/** The twelve months of a year with their lengths (the board's columns). */
export function monthColumns(year: number): { month: number; label: string; days: number }[] {
  return Array.from({ length: 12 }, (_, i) => ({
    month: i + 1,
    label: `${i + 1}月`,
    days: Math.round((Date.UTC(year, i + 1, 1) - Date.UTC(year, i, 1)) / DAY_MS),
  }))
}

/**
 * What a task shows on the year line, positions in percent of the year:
 * - `bar`: a window (start…end, end inclusive); `openEnd` when it has a start only;
 *   `clippedStart` / `clippedEnd` when it runs past the year's edge;
 * - `marker`: a due date only (a `by` deadline);
 * - `span`: ongoing or recurring work without dates (a faint bar over the whole year);
 * - `outside`: the dates lie wholly before or after the year (an arrow at that edge);
 * - `none`: no date to place.
 */
export type BarShape =
  | { shape: 'bar'; left: number; width: number; clippedStart: boolean; clippedEnd: boolean; openEnd: boolean }
  | { shape: 'marker'; left: number }
  | { shape: 'span'; left: number; width: number }
  | { shape: 'outside'; side: 'before' | 'after' }
  | { shape: 'none' }

const pct = (days: number, total: number) => Math.round((days / total) * 100000) / 1000

export function barOf(deadline: Pick<Deadline, 'start' | 'end' | 'kind'> | null | undefined, year: number): BarShape {
  const total = daysInYear(year)
  const s = deadline?.start ? dayIndex(deadline.start, year) : null
  const e = deadline?.end ? dayIndex(deadline.end, year) : null
  if (s === null && e === null) {
    const kind = deadline?.kind
    return kind === 'ongoing' || kind === 'recurring' ? { shape: 'span', left: 0, width: 100 } : { shape: 'none' }
  }
  if (s === null && e !== null) {
    if (e < 0) return { shape: 'outside', side: 'before' }
    if (e >= total) return { shape: 'outside', side: 'after' }
    return { shape: 'marker', left: pct(e + 0.5, total) }
  }
  // a start, with or without an end (a start only runs on to the end of the year)
  let from = s as number
  let to = e ?? total - 1
  if (to < from) [from, to] = [to, from]
  if (to < 0) return { shape: 'outside', side: 'before' }
  if (from >= total) return { shape: 'outside', side: 'after' }
  const a = Math.max(0, from)
  const b = Math.min(total - 1, to)
  return {
    shape: 'bar',
    left: pct(a, total),
    width: pct(b - a + 1, total),
    clippedStart: from < 0,
    clippedEnd: to >= total,
    openEnd: e === null,
  }
}

/** Position of "today" on the year line in percent, or null when today is not in that year. */
export function todayOffset(today: string | null | undefined, year: number): number | null {
  if (!today) return null
  const d = dayIndex(today, year)
  if (d === null || d < 0 || d >= daysInYear(year)) return null
  return pct(d + 0.5, daysInYear(year))
}

/** Short text of a task for a board row: the first sentence, cut at `max` characters. */
export function shortText(text: string, max = 26): string {
  const t = (text || '').trim()
  const first = t.split(/[。；;]/)[0] || t
  return first.length > max ? `${first.slice(0, max)}…` : first
}

export interface SectionOption {
  value: string
  label: string
}

/** The plan's sections (所属部分) in task order, each once. */
export function sectionsOf(tasks: BoardTask[]): SectionOption[] {
  const seen = new Set<string>()
  const out: SectionOption[] = []
  for (const t of tasks) {
    const key = t.section || ''
    if (!key || seen.has(key)) continue
    seen.add(key)
    out.push({ value: key, label: t.section_number ? `${t.section_number}、${key}` : key })
  }
  return out
}

export interface BoardFilter {
  section: string
  band: Band | ''
  unitId: string | null
}

/** Tasks that pass the filters; `unitId` keeps the tasks that unit has an assignment in. */
export function filterTasks(tasks: BoardTask[], cells: BoardCell[], f: BoardFilter, ignoreBand = false): BoardTask[] {
  const ofUnit = f.unitId ? new Set(cells.filter((c) => c.unit_id === f.unitId).map((c) => c.task_id)) : null
  return tasks.filter(
    (t) =>
      (!f.section || t.section === f.section) &&
      (ignoreBand || !f.band || t.band === f.band) &&
      (!ofUnit || ofUnit.has(t.id)),
  )
}

/** Legend entries: every band with its colour and how many of `tasks` it holds. */
export function bandCounts(tasks: BoardTask[]): { value: Band; label: string; color: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const t of tasks) counts.set(t.band, (counts.get(t.band) ?? 0) + 1)
  return BANDS.map((b) => ({ ...b, count: counts.get(b.value) ?? 0 }))
}

/** Key of a matrix cell. */
export const cellKey = (unitId: string, taskId: string) => `${unitId}|${taskId}`

export function cellMap(cells: BoardCell[]): Map<string, BoardCell> {
  const m = new Map<string, BoardCell>()
  for (const c of cells) m.set(cellKey(c.unit_id, c.task_id), c)
  return m
}

// ----- unit kind, enterprise page, figures -------------------------------------------

/** A unit kind of the board; '' = every kind (no `unit_kind` sent). */
export type BoardKind = OrgKind | ''

/** The matrix's unit kinds, 区商务局 first chosen. */
export const UNIT_KINDS: { value: BoardKind; label: string }[] = [
  { value: 'section', label: '科室' },
  { value: 'district', label: '区商务局' },
  { value: 'enterprise', label: '企业' },
  { value: '', label: '全部' },
]

export const DEFAULT_UNIT_KIND: BoardKind = 'district'

/** `?unit_kind=` of a link to the board: a kind, `all` for every kind; anything else is 区商务局. */
export function unitKindFromQuery(value: unknown): BoardKind {
  const v = Array.isArray(value) ? value[0] : value
  if (v === 'all') return ''
  return UNIT_KINDS.some((k) => k.value && k.value === v) ? (v as OrgKind) : DEFAULT_UNIT_KIND
}

/** The kind as `?unit_kind=` (undefined for the default, 区商务局). */
export function unitKindToQuery(kind: BoardKind): string | undefined {
  if (kind === DEFAULT_UNIT_KIND) return undefined
  return kind || 'all'
}

/** Whether a board of this kind carries enterprises (a page of them, the per-district sums). */
export function withEnterprises(kind: BoardKind | string): boolean {
  return kind === '' || kind === 'enterprise'
}

export const PAGE_SIZES = [10, 20, 50, 100, 200]
/** The server's default page of enterprises. */
export const DEFAULT_PAGE_SIZE = 50

/** The query for a kind: the enterprise page and name filter only when the kind has enterprises. */
export function boardParams(kind: BoardKind, page: number, pageSize: number, name: string): BoardParams {
  if (!withEnterprises(kind)) return {}
  return { unit_q: name.trim() || undefined, page: Math.max(1, Math.floor(page) || 1), page_size: pageSize }
}

/** A rate 0–1 as a percent with at most one decimal: 0.8333 → "83.3%", 1 → "100%". */
export function ratePercent(rate: number | null | undefined): string {
  const r = typeof rate === 'number' && Number.isFinite(rate) ? Math.min(1, Math.max(0, rate)) : 0
  return `${Math.round(r * 1000) / 10}%`
}

export interface SummaryItem {
  key: 'assignments' | 'completed' | 'rate' | 'overdue' | 'returned'
  label: string
  value: string
  /** 'bad' for overdue and returned when there are any */
  tone: '' | 'good' | 'bad' | 'warn'
}

/** The board's figures: 责任事项 N 项、已完成 N、完成率 x%、逾期 N、退回 N. */
export function summaryItems(s: BoardSummary | null | undefined): SummaryItem[] {
  const n = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
  return [
    { key: 'assignments', label: '责任事项', value: `${n(s?.assignments)} 项`, tone: '' },
    { key: 'completed', label: '已完成', value: String(n(s?.completed)), tone: n(s?.completed) > 0 ? 'good' : '' },
    { key: 'rate', label: '完成率', value: ratePercent(s?.rate), tone: '' },
    { key: 'overdue', label: '逾期', value: String(n(s?.overdue)), tone: n(s?.overdue) > 0 ? 'bad' : '' },
    { key: 'returned', label: '退回', value: String(n(s?.returned)), tone: n(s?.returned) > 0 ? 'warn' : '' },
  ]
}

/** "仅显示前 100 项" when a list carries fewer rows than its total, else ''. */
export function listLimitNote(shown: number, total: number | null | undefined): string {
  return typeof total === 'number' && total > shown ? `仅显示前 ${shown} 项` : ''
}

export interface GroupRow extends BoardGroup {
  /** the district as people read it (秀英区), or 未划分辖区 */
  label: string
  percent: string
}

/** 辖区企业完成情况: one row per district, its short name and completion as a percent. */
export function groupRows(groups: readonly BoardGroup[] | null | undefined): GroupRow[] {
  return (groups ?? []).map((g) => {
    const i = g.name.indexOf('区')
    const label = g.name.endsWith('区商务局') && i > 0 ? g.name.slice(0, i + 1) : g.name
    return { ...g, label, percent: ratePercent(g.rate) }
  })
}
