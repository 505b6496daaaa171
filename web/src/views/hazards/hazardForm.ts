// The 上报隐患 form (also each hazard of a 自查 record) and the 编辑 form of a hazard: the
// form models, the default deadline (found + 30 days, 重大 15), the client checks that
// mirror the server's, the bodies sent, and server field errors placed on the forms.
// Pure functions: the components keep the forms reactive.
import type { FieldError, FileBrief } from '@/api/types'
import type { HazardDetail, HazardEdit, HazardInput, HazardLevel, HazardSource } from '@/api/hazards'
import { MAX_PHOTOS } from '@/utils/photoUploads'

/** Days to rectify by default: 一般 30, 重大 15 (the server's defaults). */
export const DEADLINE_DAYS: Record<HazardLevel, number> = { general: 30, major: 15 }

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isDate(v: string | null | undefined): v is string {
  const m = DATE.exec(v ?? '')
  if (!m) return false
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]
}

/** A calendar date plus `days` (no time zone involved): 2026-01-31 + 30 → 2026-03-02. */
export function addDays(date: string, days: number): string {
  const m = DATE.exec(date)
  if (!m) return ''
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + days))
  return d.toISOString().slice(0, 10)
}

/** The deadline the server would set: found + 30 days, 重大隐患 15. */
export function defaultDeadline(foundOn: string, level: HazardLevel | '' | null | undefined): string {
  return isDate(foundOn) ? addDays(foundOn, DEADLINE_DAYS[level === 'major' ? 'major' : 'general']) : ''
}

/** "1 200.5" / "1,200.5" → 1200.5; '' → null; anything else (or negative) → NaN. */
export function parseAmount(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null
  const s = String(text).replace(/[\s,，]/g, '')
  if (!s) return null
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return Number.NaN
  return Number(s)
}

const trimmed = (v: string | null | undefined) => (v ?? '').trim()
/** a trimmed text, or nothing when blank (optional fields of a new record are left out) */
const optional = (v: string | null | undefined) => trimmed(v) || undefined

// ---------------------------------------------------------------------------
// 上报隐患

export const HAZARD_FIELDS = [
  'enterprise_id',
  'source',
  'category_id',
  'level',
  'description',
  'location',
  'found_on',
  'found_by',
  'measures',
  'responsible',
  'deadline',
  'funds',
  'photos',
  'fixed_on_spot',
  'after_photos',
  'fix_note',
] as const

export type HazardField = (typeof HAZARD_FIELDS)[number]
export type HazardErrors = Partial<Record<HazardField, string>>

export interface HazardForm {
  enterprise_id: string | null
  source: HazardSource | ''
  category_id: string | null
  level: HazardLevel
  description: string
  location: string
  found_on: string
  found_by: string
  measures: string
  responsible: string
  deadline: string
  /** the deadline was picked by hand: 发现日期 and 等级 no longer move it */
  deadline_touched: boolean
  /** typed as text: blank means "not given" */
  funds: string
  photos: FileBrief[]
  fixed_on_spot: boolean
  after_photos: FileBrief[]
  fix_note: string
}

/** Who fills the form: staff pick the enterprise and the source; a self-check's hazards neither. */
export interface HazardFormMode {
  staff: boolean
  /** a hazard of a 自查 record: no enterprise or source; 发现日期 and 发现人 are the record's */
  selfCheck?: boolean
  /** today in China (YYYY-MM-DD): 发现日期 may not be later */
  today: string
}

export function emptyHazardForm(today: string, enterpriseId: string | null = null): HazardForm {
  return {
    enterprise_id: enterpriseId,
    source: '',
    category_id: null,
    level: 'general',
    description: '',
    location: '',
    found_on: today,
    found_by: '',
    measures: '',
    responsible: '',
    deadline: defaultDeadline(today, 'general'),
    deadline_touched: false,
    funds: '',
    photos: [],
    fixed_on_spot: false,
    after_photos: [],
    fix_note: '',
  }
}

/**
 * After 发现日期 or 等级 changed: the deadline follows unless picked by hand; a 重大隐患 is
 * never 即查即改.
 */
export function syncHazardForm(form: HazardForm): void {
  if (!form.deadline_touched || !form.deadline) form.deadline = defaultDeadline(form.found_on, form.level)
  if (form.level === 'major') form.fixed_on_spot = false
}

/** The client checks (the server checks the same and more); empty when the form may go. */
export function checkHazardForm(form: HazardForm, mode: HazardFormMode): HazardErrors {
  const e: HazardErrors = {}
  if (mode.staff && !mode.selfCheck) {
    if (!form.enterprise_id) e.enterprise_id = '请选择企业'
    if (!form.source) e.source = '请选择隐患来源'
  }
  if (!form.category_id) e.category_id = '请选择隐患类别'
  if (!trimmed(form.description)) e.description = '请填写隐患描述'
  if (!mode.selfCheck) {
    if (!isDate(form.found_on)) e.found_on = '请选择发现日期'
    else if (mode.today && form.found_on > mode.today) e.found_on = '发现日期不能晚于今天'
  }
  if (!isDate(form.deadline)) e.deadline = '请选择整改期限'
  else if (isDate(form.found_on) && form.deadline < form.found_on) e.deadline = '整改期限不能早于发现日期'
  const funds = parseAmount(form.funds)
  if (funds !== null && Number.isNaN(funds)) e.funds = '请输入金额（元），如 1200 或 1200.50'
  if (form.photos.length === 0) e.photos = '请至少上传 1 张隐患照片'
  else if (form.photos.length > MAX_PHOTOS) e.photos = `隐患照片最多 ${MAX_PHOTOS} 张`
  if (form.fixed_on_spot) {
    if (form.level === 'major') e.fixed_on_spot = '重大隐患不能即查即改，须按程序整改和验收'
    if (form.after_photos.length === 0) e.after_photos = '请上传整改后照片'
    else if (form.after_photos.length > MAX_PHOTOS) e.after_photos = `整改后照片最多 ${MAX_PHOTOS} 张`
    if (!trimmed(form.fix_note)) e.fix_note = '请填写现场整改情况'
  }
  return e
}

/** The body of POST /api/hazards (or one of a self-check's `hazards`). */
export function hazardFormToInput(form: HazardForm, mode: HazardFormMode): HazardInput {
  const input: HazardInput = {
    description: trimmed(form.description),
    photos: form.photos.map((p) => p.id),
  }
  if (mode.staff && !mode.selfCheck) {
    if (form.enterprise_id) input.enterprise_id = form.enterprise_id
    if (form.source) input.source = form.source
  }
  if (form.category_id) input.category_id = form.category_id
  input.level = form.level
  const location = optional(form.location)
  if (location) input.location = location
  // a self-check's hazards carry the record's date and inspectors (the form copies them in)
  if (form.found_on) input.found_on = form.found_on
  const foundBy = optional(form.found_by)
  if (foundBy) input.found_by = foundBy
  const measures = optional(form.measures)
  if (measures) input.measures = measures
  const responsible = optional(form.responsible)
  if (responsible) input.responsible = responsible
  if (form.deadline) input.deadline = form.deadline
  const funds = parseAmount(form.funds)
  if (funds !== null && !Number.isNaN(funds)) input.funds = funds
  if (form.fixed_on_spot && form.level !== 'major') {
    input.fixed_on_spot = true
    input.after_photos = form.after_photos.map((p) => p.id)
    input.fix_note = trimmed(form.fix_note)
  }
  return input
}

/** `photos[2]` / `photos.2` → `photos` (the form item the message lands on). */
export function baseField(field: string): string {
  return (field || '').split(/[.[]/)[0]
}

/** Server field errors of one hazard form (fields of HazardInput). */
export function hazardErrorsFrom(errors: readonly Pick<FieldError, 'field' | 'message'>[]): HazardErrors {
  const out: HazardErrors = {}
  for (const e of errors) {
    const f = baseField(e.field) as HazardField
    if ((HAZARD_FIELDS as readonly string[]).includes(f) && !out[f]) out[f] = e.message
  }
  return out
}

// ---------------------------------------------------------------------------
// 编辑 (HazardEdit)

export const EDIT_FIELDS = ['category_id', 'description', 'location', 'measures', 'responsible', 'deadline', 'funds', 'comment'] as const
export type EditField = (typeof EDIT_FIELDS)[number]

export interface HazardEditForm {
  category_id: string | null
  description: string
  location: string
  measures: string
  responsible: string
  deadline: string
  funds: string
  /** 修改说明: required when the deadline moves */
  comment: string
}

export function editFormFrom(h: Pick<HazardDetail, 'category_id' | 'description' | 'location' | 'measures' | 'responsible' | 'deadline' | 'funds'>): HazardEditForm {
  return {
    category_id: h.category_id || null,
    description: h.description ?? '',
    location: h.location ?? '',
    measures: h.measures ?? '',
    responsible: h.responsible ?? '',
    deadline: h.deadline ?? '',
    funds: h.funds === null || h.funds === undefined ? '' : String(h.funds),
    comment: '',
  }
}

export function deadlineMoved(form: Pick<HazardEditForm, 'deadline'>, original: { deadline: string }): boolean {
  return !!form.deadline && form.deadline !== original.deadline
}

export function checkEditForm(form: HazardEditForm, original: { deadline: string; found_on: string }): Partial<Record<EditField, string>> {
  const e: Partial<Record<EditField, string>> = {}
  if (!form.category_id) e.category_id = '请选择隐患类别'
  if (!trimmed(form.description)) e.description = '请填写隐患描述'
  if (!isDate(form.deadline)) e.deadline = '请选择整改期限'
  else if (isDate(original.found_on) && form.deadline < original.found_on) e.deadline = '整改期限不能早于发现日期'
  const funds = parseAmount(form.funds)
  if (funds !== null && Number.isNaN(funds)) e.funds = '请输入金额（元），如 1200 或 1200.50'
  if (deadlineMoved(form, original) && !trimmed(form.comment)) e.comment = '修改整改期限须填写修改说明'
  return e
}

/** The body of PUT /api/hazards/{id}: blank optional texts are sent as null (cleared). */
export function editFormToInput(form: HazardEditForm): HazardEdit {
  const funds = parseAmount(form.funds)
  const body: HazardEdit = {
    category_id: form.category_id ?? '',
    description: trimmed(form.description),
    location: trimmed(form.location) || null,
    measures: trimmed(form.measures) || null,
    responsible: trimmed(form.responsible) || null,
    deadline: form.deadline,
    funds: funds === null || Number.isNaN(funds) ? null : funds,
  }
  const comment = trimmed(form.comment)
  if (comment) body.comment = comment
  return body
}
