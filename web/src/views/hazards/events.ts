// The 全过程记录 of a hazard: events in the order they happened, the state change of each in
// words, and the facts an event's `data` carries (a new deadline, a level change, the funds).
import type { HazardEventView } from '@/api/hazards'
import { formatMoney, levelLabel, stateLabel } from './labels'

/** Oldest first (上报 … 销号), as the process reads; same instant keeps the server's order. */
export function sortEvents(events: readonly HazardEventView[]): HazardEventView[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i))
    .map((x) => x.e)
}

/** "待整改 → 整改中"; only the new state when it did not change or there was none before. */
export function stateChange(ev: Pick<HazardEventView, 'from_state' | 'to_state' | 'to_state_label'>): string {
  const to = ev.to_state_label || stateLabel(ev.to_state)
  if (!ev.from_state || ev.from_state === ev.to_state) return to
  return `${stateLabel(ev.from_state)} → ${to}`
}

const SUPERVISION_KINDS: Record<string, string> = { district: '区级挂牌督办', bureau: '市级挂牌督办' }

type Formatter = (v: unknown, action: string) => string | null

const text: Formatter = (v) => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null)
const level: Formatter = (v) => (typeof v === 'string' && v ? levelLabel(v) : null)
const money: Formatter = (v) => (typeof v === 'number' ? `${formatMoney(v)} 元` : null)

/** The keys of `data` shown, in this order, with their labels (others are not shown). */
const FACTS: [string, string | ((action: string) => string), Formatter][] = [
  ['kind', '督办级别', (v) => (typeof v === 'string' ? (SUPERVISION_KINDS[v] ?? v) : null)],
  ['from_level', '原等级', level],
  ['old_level', '原等级', level],
  ['to_level', '新等级', level],
  ['new_level', '新等级', level],
  ['level', (a) => (a === 'change_level' ? '新等级' : '等级'), level],
  ['from_deadline', '原整改期限', text],
  ['old_deadline', '原整改期限', text],
  ['to_deadline', '新整改期限', text],
  ['new_deadline', '新整改期限', text],
  ['deadline', (a) => (a === 'supervise' ? '督办期限' : '整改期限'), text],
  ['funds_spent', '实际资金', money],
  ['fix_note', '现场整改情况', text],
]

/** "督办期限：2026-12-01" … for the facts an event's data carries. */
export function eventFacts(ev: Pick<HazardEventView, 'action' | 'data'>): string[] {
  const data = ev.data
  if (!data || typeof data !== 'object') return []
  const out: string[] = []
  for (const [key, label, fmt] of FACTS) {
    if (!(key in data)) continue
    const value = fmt(data[key], ev.action)
    if (value === null) continue
    out.push(`${typeof label === 'function' ? label(ev.action) : label}：${value}`)
  }
  return out
}
