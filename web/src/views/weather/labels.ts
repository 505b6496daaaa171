// Labels, colours and small rules of 极端天气预警 (kept beside the pages that use them). The
// server sends `*_label` with every record; these maps are for filters, forms and the CAP
// preview. The warning colours are painted like the risk map's (蓝 黄 橙 红).
import type { AckCounts, AckState, WarningColour, WeatherKind, Warning } from '@/api/weather'
import { COLOUR_HEX, COLOUR_TEXT } from '@/views/risk/labels'
import { formatTime } from '@/utils/time'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const KIND_LABELS: Record<WeatherKind, string> = {
  typhoon: '台风',
  rainstorm: '暴雨',
  thunderstorm_gale: '雷雨大风',
  heat: '高温',
}

/** Lowest first: 蓝 黄 橙 红. */
export const COLOUR_ORDER: WarningColour[] = ['blue', 'yellow', 'orange', 'red']

export const COLOUR_LABELS: Record<WarningColour, string> = {
  blue: '蓝色',
  yellow: '黄色',
  orange: '橙色',
  red: '红色',
}

export const ACK_STATE_LABELS: Record<AckState, string> = {
  pending: '待确认',
  acknowledged: '已确认',
  reported: '已报告',
}

const ACK_STATE_TAGS: Record<AckState, TagType> = {
  pending: 'danger',
  acknowledged: 'warning',
  reported: 'success',
}

const options = <K extends string>(m: Record<K, string>, order?: K[]) =>
  (order ?? (Object.keys(m) as K[])).map((value) => ({ value, label: m[value] }))

export const KINDS = options(KIND_LABELS)
export const COLOURS = options(COLOUR_LABELS, COLOUR_ORDER)
export const ACK_STATES = options(ACK_STATE_LABELS)

export function kindLabel(k: string | null | undefined): string {
  return k ? (KIND_LABELS[k as WeatherKind] ?? k) : '-'
}

export function colourLabel(c: string | null | undefined): string {
  return c ? (COLOUR_LABELS[c as WarningColour] ?? c) : '-'
}

export function ackStateLabel(s: string | null | undefined): string {
  return s ? (ACK_STATE_LABELS[s as AckState] ?? s) : '-'
}

export function ackStateTag(s: string | null | undefined): TagType {
  return ACK_STATE_TAGS[s as AckState] ?? 'info'
}

/** Background and text of a warning colour (dark text on yellow). */
export function warningColourStyle(c: string | null | undefined): { background: string; color: string; borderColor: string } {
  const k = c && c in COLOUR_HEX ? (c as WarningColour) : null
  if (!k) return { background: '#f4f4f5', color: '#909399', borderColor: '#e9e9eb' }
  return { background: COLOUR_HEX[k], color: COLOUR_TEXT[k], borderColor: COLOUR_HEX[k] }
}

/** 台风橙色预警 (the title the server would give when none was typed). */
export function defaultTitle(kind: string | null | undefined, colour: string | null | undefined): string {
  if (!kind || !colour) return ''
  return `${kindLabel(kind)}${colourLabel(colour)}预警`
}

export function warningTitle(w: Pick<Warning, 'title' | 'kind' | 'colour'>): string {
  return w.title || defaultTitle(w.kind, w.colour)
}

/** 生效中 / 未生效 / 已结束 / 已取消 */
export type WarningStatus = 'active' | 'upcoming' | 'ended' | 'cancelled'

export const STATUS_LABELS: Record<WarningStatus, string> = {
  active: '生效中',
  upcoming: '未生效',
  ended: '已结束',
  cancelled: '已取消',
}

const STATUS_TAGS: Record<WarningStatus, TagType> = {
  active: 'danger',
  upcoming: 'warning',
  ended: 'info',
  cancelled: 'info',
}

export function warningStatus(w: Pick<Warning, 'active' | 'cancelled' | 'valid_from'>, now: number = Date.now()): WarningStatus {
  if (w.cancelled) return 'cancelled'
  if (w.active) return 'active'
  const from = new Date(w.valid_from).getTime()
  return Number.isFinite(from) && from > now ? 'upcoming' : 'ended'
}

export function statusTag(s: WarningStatus): TagType {
  return STATUS_TAGS[s]
}

/** Active warnings first, then the others, each group in the server's order. */
export function activeFirst<T extends Pick<Warning, 'active'>>(list: readonly T[]): T[] {
  return [...list.filter((w) => w.active), ...list.filter((w) => !w.active)]
}

/** "2026-11-28 09:30 至 2026-11-30 09:30" in China time (the year kept once when both share it). */
export function validityText(from: string | null | undefined, to: string | null | undefined): string {
  const a = from ? formatTime(from).slice(0, 16) : ''
  const b = to ? formatTime(to).slice(0, 16) : ''
  if (!a && !b) return '-'
  if (a && b) return `${a} 至 ${a.slice(0, 4) === b.slice(0, 4) ? b.slice(5) : b}`
  return a ? `${a} 起` : `${b} 止`
}

export interface AckProgressParts {
  total: number
  pending: number
  /** confirmed receipt (reported ones included) */
  confirmed: number
  /** confirmed but not reported yet */
  acknowledgedOnly: number
  reported: number
  /** percent of the total, whole numbers */
  confirmedPct: number
  reportedPct: number
}

/**
 * The parts of the progress bar. 已确认 is read as "received" (total − pending), so it also
 * counts those that have reported, whether the server counts states apart or cumulatively.
 */
export function ackProgress(c: Partial<AckCounts> | null | undefined): AckProgressParts {
  const total = Math.max(0, c?.total ?? 0)
  const pending = Math.min(total, Math.max(0, c?.pending ?? 0))
  const reported = Math.min(total, Math.max(0, c?.reported ?? 0))
  const confirmed = total - pending
  const pct = (n: number) => (total > 0 ? Math.round((n / total) * 100) : 0)
  return {
    total,
    pending,
    confirmed,
    acknowledgedOnly: Math.max(0, confirmed - reported),
    reported,
    confirmedPct: pct(confirmed),
    reportedPct: pct(reported),
  }
}
