// The risk point form (新增 / 编辑风险点): the model, the assessment it asks the server for, a
// local grading with the thresholds of GET /api/risk/methods (fallback when the live assessment
// cannot be had), the suggested re-assessment date (重大 3 months, 较大 6, 一般/低 12 from today),
// the client checks that mirror the server's, the body sent, and server field errors placed on
// the form. Pure functions: the components keep the form reactive.
import type { FieldError } from '@/api/types'
import type {
  AssessInput,
  Bands,
  ControlTier,
  MeasureKind,
  PointKind,
  RiskGrade,
  RiskMethod,
  RiskMethods,
  RiskPoint,
  RiskPointInput,
  Thresholds,
} from '@/api/risk'
import { GRADE_COLOURS, GRADE_LABELS, REQUIRED_TIER, TIER_LABELS, tierCovers } from './labels'

export interface MeasureRow {
  /** stable key for v-for and for errors of the rows sent */
  key: number
  kind: MeasureKind | null
  text: string
}

export interface RiskForm {
  /** staff only (an enterprise user's points are its own) */
  enterprise_id: string | null
  name: string
  kind: PointKind | null
  location: string
  hazard_factors: string
  accident_types: string[]
  method: RiskMethod
  l: number | null
  e: number | null
  c: number | null
  s: number | null
  measures: MeasureRow[]
  control_tier: ControlTier | null
  responsible: string
  responsible_phone: string
  reassess_on: string
  /** picked by hand: the grade no longer moves it */
  reassess_touched: boolean
}

export const RISK_FIELDS = [
  'enterprise_id',
  'name',
  'kind',
  'location',
  'hazard_factors',
  'accident_types',
  'method',
  'l',
  'e',
  'c',
  's',
  'measures',
  'control_tier',
  'responsible',
  'responsible_phone',
  'reassess_on',
] as const

export type RiskField = (typeof RISK_FIELDS)[number]

export interface RiskErrors {
  fields: Partial<Record<RiskField, string>>
  /** by MeasureRow.key */
  measures: Record<number, string>
}

export const noErrors = (): RiskErrors => ({ fields: {}, measures: {} })

export function hasErrors(e: RiskErrors): boolean {
  return Object.keys(e.fields).length > 0 || Object.keys(e.measures).length > 0
}

let nextKey = 1
export function measureRow(kind: MeasureKind | null = null, text = ''): MeasureRow {
  return { key: nextKey++, kind, text }
}

export function emptyRiskForm(enterpriseId: string | null = null): RiskForm {
  return {
    enterprise_id: enterpriseId,
    name: '',
    kind: 'place',
    location: '',
    hazard_factors: '',
    accident_types: [],
    method: 'lec',
    l: null,
    e: null,
    c: null,
    s: null,
    measures: [measureRow()],
    control_tier: null,
    responsible: '',
    responsible_phone: '',
    reassess_on: '',
    reassess_touched: false,
  }
}

/**
 * The form of an existing point (编辑). Its re-assessment date is kept when it still lies
 * ahead; a due one is replaced by the suggestion for its grade (a save assesses it again today).
 */
export function formFromPoint(p: RiskPoint, today: string): RiskForm {
  const due = !isDate(p.reassess_on) || p.reassess_on <= today
  return {
    enterprise_id: p.enterprise_id,
    name: p.name ?? '',
    kind: p.kind ?? null,
    location: p.location ?? '',
    hazard_factors: p.hazard_factors ?? '',
    accident_types: [...(p.accident_types ?? [])],
    method: p.method === 'ls' ? 'ls' : 'lec',
    l: p.l ?? null,
    e: p.method === 'ls' ? null : (p.e ?? null),
    c: p.method === 'ls' ? null : (p.c ?? null),
    s: p.method === 'ls' ? (p.s ?? null) : null,
    measures: (p.measures ?? []).length ? p.measures.map((m) => measureRow(m.kind, m.text)) : [measureRow()],
    control_tier: p.control_tier ?? null,
    responsible: p.responsible ?? '',
    responsible_phone: p.responsible_phone ?? '',
    reassess_on: due ? defaultReassessOn(p.grade, today) : p.reassess_on,
    reassess_touched: false,
  }
}

// ---------------------------------------------------------------------------
// assessment

/** The body of POST /api/risk/assess, or null while a factor of the method is missing. */
export function assessInput(f: Pick<RiskForm, 'method' | 'l' | 'e' | 'c' | 's'>): AssessInput | null {
  if (f.method === 'ls') return f.l !== null && f.s !== null ? { method: 'ls', l: f.l, s: f.s } : null
  return f.l !== null && f.e !== null && f.c !== null ? { method: 'lec', l: f.l, e: f.e, c: f.c } : null
}

/** A stable key of an assessment input (to skip asking twice for the same values). */
export function assessKey(input: AssessInput | null): string {
  if (!input) return ''
  return input.method === 'ls' ? `ls:${input.l}:${input.s}` : `lec:${input.l}:${input.e}:${input.c}`
}

/** The grade of a score: the first band whose lower bound it reaches. */
export function gradeOf(score: number, bands: Bands): RiskGrade {
  if (score >= bands.major) return 'major'
  if (score >= bands.large) return 'large'
  if (score >= bands.general) return 'general'
  return 'low'
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  lec: { major: 320, large: 160, general: 70 },
  ls: { major: 20, large: 15, general: 9 },
}

/** D = L×E×C or R = L×S, to two decimals (LEC values like 0.5 make fractions). */
export function scoreOf(input: AssessInput): number {
  const raw = input.method === 'ls' ? input.l * input.s : input.l * input.e * input.c
  return Math.round(raw * 100) / 100
}

/** What the server would answer, computed here (the fallback of the live result box). */
export function localAssess(input: AssessInput, thresholds: Thresholds = DEFAULT_THRESHOLDS) {
  const score = scoreOf(input)
  const grade = gradeOf(score, input.method === 'ls' ? thresholds.ls : thresholds.lec)
  const n = (v: number) => String(Math.round(v * 100) / 100)
  const method_line =
    input.method === 'ls'
      ? `LS法：L=${n(input.l)}，S=${n(input.s)}，R=${n(score)}`
      : `LEC法：L=${n(input.l)}，E=${n(input.e)}，C=${n(input.c)}，D=${n(score)}`
  return { score, grade, grade_label: GRADE_LABELS[grade], colour: GRADE_COLOURS[grade], method_line }
}

/** The factor tables of a method, for the drop-downs. */
export function factorTables(methods: RiskMethods | null, method: RiskMethod) {
  if (!methods) return method === 'ls' ? { l: [], s: [] } : { l: [], e: [], c: [] }
  return method === 'ls' ? methods.ls : methods.lec
}

/** Switching the method clears the factors the other method does not use. */
export function switchMethod(form: RiskForm, method: RiskMethod): void {
  if (form.method === method) return
  form.method = method
  form.l = null
  form.e = null
  form.c = null
  form.s = null
}

// ---------------------------------------------------------------------------
// re-assessment date

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isDate(v: string | null | undefined): v is string {
  const m = DATE.exec(v ?? '')
  if (!m) return false
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]
}

/** A calendar date plus whole months, the day clamped to the month's end: 11-30 + 3 → 02-28. */
export function addMonths(date: string, months: number): string {
  const m = DATE.exec(date)
  if (!m) return ''
  const total = +m[1] * 12 + (+m[2] - 1) + months
  const y = Math.floor(total / 12)
  const mo = total - y * 12
  const last = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate()
  const d = Math.min(+m[3], last)
  return `${String(y).padStart(4, '0')}-${String(mo + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Months until the next assessment: 重大 3, 较大 6, 一般 and 低 12. */
export const REASSESS_MONTHS: Record<RiskGrade, number> = { major: 3, large: 6, general: 12, low: 12 }

/** The suggested next assessment of a point graded today. */
export function defaultReassessOn(grade: RiskGrade | null | undefined, today: string): string {
  return grade && isDate(today) ? addMonths(today, REASSESS_MONTHS[grade]) : ''
}

/** The latest allowed next assessment: a year from today (every risk is assessed yearly). */
export function latestReassessOn(today: string): string {
  return addMonths(today, 12)
}

/** After the grade changed: the date follows unless picked by hand. */
export function syncReassess(form: RiskForm, grade: RiskGrade | null, today: string): void {
  if (!grade) return
  if (!form.reassess_touched || !form.reassess_on) form.reassess_on = defaultReassessOn(grade, today)
}

// ---------------------------------------------------------------------------
// checks and body

const trimmed = (v: string | null | undefined) => (v ?? '').trim()

/** The measure rows sent: rows with neither kind nor text are left out. */
export function sentMeasures(form: Pick<RiskForm, 'measures'>): MeasureRow[] {
  return form.measures.filter((m) => m.kind || trimmed(m.text))
}

export function isPhone(s: string): boolean {
  const mobile = /^1\d{10}$/.test(s)
  const digits = s.replace(/-/g, '')
  const landline = s.startsWith('0') && /^\d{10,12}$/.test(digits) && (s.match(/-/g) ?? []).length <= 2
  return mobile || landline
}

export interface RiskFormMode {
  /** staff pick the enterprise */
  staff: boolean
  /** today in China (YYYY-MM-DD) */
  today: string
}

/**
 * The client checks (the server checks the same and more); `grade` is the live result. The
 * control tier is NOT refused here: the hint under the field says what the grade needs and
 * the server's message lands on the field.
 */
export function checkRiskForm(form: RiskForm, mode: RiskFormMode): RiskErrors {
  const e = noErrors()
  const f = e.fields
  if (mode.staff && !form.enterprise_id) f.enterprise_id = '请选择企业'
  if (!trimmed(form.name)) f.name = '请填写风险点名称'
  else if (trimmed(form.name).length > 100) f.name = '风险点名称不能超过100个字'
  if (!form.kind) f.kind = '请选择风险点类型（场所/区域或作业活动）'
  if (!trimmed(form.hazard_factors)) f.hazard_factors = '请填写主要危险因素'
  if (form.accident_types.length === 0) f.accident_types = '请至少选择一种可能导致的事故类型'
  if (form.l === null) f.l = '请选择L（事故发生的可能性）'
  if (form.method === 'lec') {
    if (form.e === null) f.e = '请选择E（暴露于危险环境的频繁程度）'
    if (form.c === null) f.c = '请选择C（发生事故可能造成的后果）'
  } else if (form.s === null) f.s = '请选择S（事故后果的严重性）'
  const rows = sentMeasures(form)
  if (rows.length === 0) f.measures = '请至少填写一项管控措施'
  rows.forEach((m, i) => {
    if (!m.kind) e.measures[m.key] = `请选择第${i + 1}项管控措施的类别`
    else if (!trimmed(m.text)) e.measures[m.key] = `请填写第${i + 1}项管控措施的内容`
  })
  if (!form.control_tier) f.control_tier = '请选择管控层级'
  if (!trimmed(form.responsible)) f.responsible = '请填写管控责任人'
  const phone = trimmed(form.responsible_phone)
  if (phone && !isPhone(phone)) f.responsible_phone = '责任人联系电话格式不正确，应为11位手机号或带区号的固定电话'
  if (!isDate(form.reassess_on)) f.reassess_on = '请选择下次评估日期'
  else if (mode.today && form.reassess_on <= mode.today) f.reassess_on = '下次评估日期应晚于本次评估日期（今天）'
  else if (mode.today && form.reassess_on > latestReassessOn(mode.today)) f.reassess_on = `下次评估日期不能晚于${latestReassessOn(mode.today)}（风险至少每年评估一次）`
  return e
}

/** The tier hint: what the grade needs, and whether the chosen tier is too low. */
export function tierHint(grade: RiskGrade | null, tier: ControlTier | null): { text: string; tooLow: boolean } {
  if (!grade) return { text: '', tooLow: false }
  const need = REQUIRED_TIER[grade]
  const text = `${GRADE_LABELS[grade]}应由${TIER_LABELS[need]}${need === 'unit' ? '' : '或以上'}管控`
  return { text, tooLow: !!tier && !tierCovers(tier, grade) }
}

/**
 * The body of POST / PUT /api/risk-points, flat as the contract lists it: LEC sends l, e, c,
 * LS sends l, s (the other method's factors are left out); blank optional texts are null.
 */
export function riskFormToInput(form: RiskForm, mode: Pick<RiskFormMode, 'staff'>): RiskPointInput {
  const body: RiskPointInput = {
    name: trimmed(form.name),
    kind: form.kind,
    location: trimmed(form.location) || null,
    hazard_factors: trimmed(form.hazard_factors),
    accident_types: [...form.accident_types],
    method: form.method,
    l: form.l,
    measures: sentMeasures(form).map((m) => ({ kind: m.kind, text: trimmed(m.text) })),
    control_tier: form.control_tier,
    responsible: trimmed(form.responsible),
    responsible_phone: trimmed(form.responsible_phone) || null,
    reassess_on: form.reassess_on || null,
  }
  if (form.method === 'ls') body.s = form.s
  else {
    body.e = form.e
    body.c = form.c
  }
  if (mode.staff && form.enterprise_id) body.enterprise_id = form.enterprise_id
  return body
}

/**
 * Server field errors on the form: `assessment.l` / `l` → the L select, `accident_types.2` →
 * the accident types, `measures.1.text` → the second measure row sent (`sent` are the rows the
 * body carried, in order). Unknown fields are returned in `other`.
 */
export function riskErrorsFrom(errors: readonly Pick<FieldError, 'field' | 'message'>[], sent: readonly MeasureRow[]): RiskErrors & { other: string[] } {
  const out: RiskErrors & { other: string[] } = { ...noErrors(), other: [] }
  for (const e of errors) {
    const parts = (e.field || '').replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)
    if (parts[0] === 'assessment') parts.shift()
    const base = parts[0] as RiskField
    if (base === 'measures' && parts.length > 1 && /^\d+$/.test(parts[1])) {
      const row = sent[+parts[1]]
      if (row && !out.measures[row.key]) out.measures[row.key] = e.message
      else if (!row && !out.fields.measures) out.fields.measures = e.message
      continue
    }
    if ((RISK_FIELDS as readonly string[]).includes(base)) {
      if (!out.fields[base]) out.fields[base] = e.message
    } else if (e.message) out.other.push(e.message)
  }
  return out
}
