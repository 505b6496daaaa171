// 发布预警 (POST /api/weather-warnings): the form model, the time conversion (the pickers show
// China wall time; the body carries RFC 3339 with +08:00 whatever the browser's zone), the
// action checklist prefilled from GET /api/weather/actions, the client checks that mirror the
// server's, the body sent and server field errors placed on the form. Also the body of a
// report (落实情况). Pure functions.
import type { FieldError } from '@/api/types'
import type { ReportInput, WarningColour, WarningInput, WeatherKind } from '@/api/weather'
import { formatTime } from '@/utils/time'

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/

/** China wall time "YYYY-MM-DD HH:mm:ss" → RFC 3339 "YYYY-MM-DDTHH:mm:ss+08:00" ('' when invalid). */
export function chinaToRfc3339(wall: string | null | undefined): string {
  const m = WALL.exec((wall ?? '').trim())
  if (!m) return ''
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+08:00`
}

/** An instant → China wall time "YYYY-MM-DD HH:mm:ss" ('' for none). */
export function toChinaWall(ts: string | number | Date | null | undefined): string {
  const v = formatTime(ts ?? null, '')
  return v
}

/** Milliseconds of a China wall time (NaN when invalid). */
export function wallMillis(wall: string): number {
  const iso = chinaToRfc3339(wall)
  return iso ? new Date(iso).getTime() : Number.NaN
}

/** A China wall time plus hours. */
export function addHoursWall(wall: string, hours: number): string {
  const t = wallMillis(wall)
  return Number.isFinite(t) ? toChinaWall(t + hours * 3600_000) : ''
}

export interface ActionRow {
  key: number
  text: string
}

let nextKey = 1
export function actionRow(text = ''): ActionRow {
  return { key: nextKey++, text }
}

export interface WarningForm {
  kind: WeatherKind | null
  colour: WarningColour | null
  title: string
  district_ids: string[]
  category_ids: string[]
  /** China wall time */
  valid_from: string
  valid_to: string
  description: string
  actions: ActionRow[]
}

/** A new warning: in force from now (to the minute) for 24 hours; a district user's own district. */
export function emptyWarningForm(now: Date = new Date(), districtIds: string[] = []): WarningForm {
  const from = `${toChinaWall(now).slice(0, 16)}:00`
  return {
    kind: null,
    colour: null,
    title: '',
    district_ids: [...districtIds],
    category_ids: [],
    valid_from: from,
    valid_to: addHoursWall(from, 24),
    description: '',
    actions: [],
  }
}

const clean = (list: readonly string[]) => list.map((t) => t.trim()).filter(Boolean)

/** The actions were changed by hand since the defaults were loaded (then a kind/colour change asks first). */
export function actionsEdited(rows: readonly ActionRow[], defaults: readonly string[]): boolean {
  const a = clean(rows.map((r) => r.text))
  const b = clean(defaults)
  return a.length !== b.length || a.some((t, i) => t !== b[i])
}

export function rowsFrom(actions: readonly string[]): ActionRow[] {
  return actions.map((t) => actionRow(t))
}

export const WARNING_FIELDS = ['kind', 'colour', 'title', 'district_ids', 'category_ids', 'valid_from', 'valid_to', 'description', 'actions'] as const
export type WarningField = (typeof WARNING_FIELDS)[number]

export interface WarningErrors {
  fields: Partial<Record<WarningField, string>>
  /** by ActionRow.key */
  actions: Record<number, string>
}

export const noWarningErrors = (): WarningErrors => ({ fields: {}, actions: {} })

export function hasWarningErrors(e: WarningErrors): boolean {
  return Object.keys(e.fields).length > 0 || Object.keys(e.actions).length > 0
}

/** The action rows sent: blank rows are left out. */
export function sentActions(form: Pick<WarningForm, 'actions'>): ActionRow[] {
  return form.actions.filter((r) => r.text.trim())
}

export function checkWarningForm(form: WarningForm): WarningErrors {
  const e = noWarningErrors()
  const f = e.fields
  if (!form.kind) f.kind = '请选择预警种类'
  if (!form.colour) f.colour = '请选择预警颜色'
  if (form.district_ids.length === 0) f.district_ids = '请至少选择一个区'
  const from = wallMillis(form.valid_from)
  const to = wallMillis(form.valid_to)
  if (!Number.isFinite(from)) f.valid_from = '请选择生效时间'
  if (!Number.isFinite(to)) f.valid_to = '请选择结束时间'
  else if (Number.isFinite(from) && to <= from) f.valid_to = '结束时间应晚于生效时间'
  if (sentActions(form).length === 0) f.actions = '请至少填写一项应采取的措施'
  for (const r of form.actions) if (r.text.trim().length > 500) e.actions[r.key] = '每项措施不超过500字'
  if (form.title.trim().length > 100) f.title = '标题不超过100字'
  return e
}

export function warningFormToInput(form: WarningForm): WarningInput {
  const body: WarningInput = {
    kind: form.kind as WeatherKind,
    colour: form.colour as WarningColour,
    district_ids: [...form.district_ids],
    category_ids: [...form.category_ids],
    valid_from: chinaToRfc3339(form.valid_from),
    valid_to: chinaToRfc3339(form.valid_to),
    actions: sentActions(form).map((r) => r.text.trim()),
  }
  const title = form.title.trim()
  if (title) body.title = title
  const description = form.description.trim()
  if (description) body.description = description
  return body
}

/** Server field errors: `actions[2]` / `actions.2` → that row sent; `district_ids.0` → 区. */
export function warningErrorsFrom(errors: readonly Pick<FieldError, 'field' | 'message'>[], sent: readonly ActionRow[]): WarningErrors & { other: string[] } {
  const out: WarningErrors & { other: string[] } = { ...noWarningErrors(), other: [] }
  for (const e of errors) {
    const parts = (e.field || '').replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)
    const base = parts[0] as WarningField
    if (base === 'actions' && parts.length > 1 && /^\d+$/.test(parts[1]) && sent[+parts[1]]) {
      const key = sent[+parts[1]].key
      if (!out.actions[key]) out.actions[key] = e.message
      continue
    }
    if ((WARNING_FIELDS as readonly string[]).includes(base)) {
      if (!out.fields[base]) out.fields[base] = e.message
    } else if (e.message) out.other.push(e.message)
  }
  return out
}

/** The body of POST …/report: the ticked actions as indices (sorted, unique, in range). */
export function reportBody(done: readonly number[], actionCount: number, note: string, photoIds: readonly string[]): ReportInput {
  const indices = [...new Set(done)].filter((i) => Number.isInteger(i) && i >= 0 && i < actionCount).sort((a, b) => a - b)
  return { done: indices, note: note.trim(), photos: [...photoIds] }
}
