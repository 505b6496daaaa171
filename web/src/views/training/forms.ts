// The forms of 教育培训: a person of the roster, a training session with its attendance, a
// certificate, and the 教育培训完成情况评估 (scores per item, the live total and grade). Each has
// its model, the client checks that mirror the server's (field → message), and the body sent.
// Pure functions: the components keep the forms reactive.
import type { FileBrief } from '@/api/types'
import type {
  Attendance,
  Certificate,
  CertificateInput,
  Employee,
  EmployeeCategory,
  EmployeeInput,
  EvalItem,
  EvaluationGrade,
  EvaluationInput,
  Training,
  TrainingInput,
  TrainingKind,
} from '@/api/training'
import { evaluationGrade, tenths } from './labels'

export type Errors<F extends string = string> = Partial<Record<F, string>>

const trimmed = (v: string | null | undefined) => (v ?? '').trim()
const orNull = (v: string | null | undefined) => trimmed(v) || null

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isDate(v: string | null | undefined): v is string {
  const m = DATE.exec(v ?? '')
  if (!m) return false
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]
}

/** A mobile number (11 digits from 1) or a landline with its area code (0898-66668888). */
export function isPhone(s: string): boolean {
  const mobile = /^1\d{10}$/.test(s)
  const digits = s.replace(/-/g, '')
  const landline = s.startsWith('0') && /^\d{10,12}$/.test(digits) && (s.match(/-/g) ?? []).length <= 2
  return mobile || landline
}

/** At most one decimal (the server keeps scores and hours in tenths). */
export function oneDecimal(v: number): boolean {
  return Math.abs(v * 10 - Math.round(v * 10)) < 1e-6
}

/**
 * Server field errors keyed for a form: `attendance.0.hours` / `attendance[0].hours` stay as
 * `attendance.0.hours` (rows), anything else by its first segment. The first message wins.
 */
export function errorsFrom(errors: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of errors) {
    const f = (e.field || '').replace(/\[(\d+)\]/g, '.$1')
    const parts = f.split('.')
    const key = parts.length >= 3 && /^\d+$/.test(parts[1]) ? `${parts[0]}.${parts[1]}.${parts[2]}` : parts[0]
    if (key && !(key in out)) out[key] = e.message
  }
  return out
}

/** The ids of a file list after editing: the saved ones not marked for removal, then the new ones. */
export function fileIds(saved: readonly { id: string }[], removed: readonly string[], added: readonly { id: string }[]): string[] {
  const out: string[] = []
  for (const f of [...saved.filter((s) => !removed.includes(s.id)), ...added]) if (!out.includes(f.id)) out.push(f.id)
  return out
}

// ---------------------------------------------------------------------------- a person of the roster

export interface EmployeeForm {
  name: string
  post: string
  category: EmployeeCategory | null
  hired_on: string
  /** a new number (the saved one is only known masked) */
  phone: string
  active: boolean
}

export type EmployeeField = 'name' | 'post' | 'category' | 'hired_on' | 'phone'

export function emptyEmployeeForm(): EmployeeForm {
  return { name: '', post: '', category: null, hired_on: '', phone: '', active: true }
}

export function employeeFormFrom(e: Employee): EmployeeForm {
  return { name: e.name, post: e.post, category: e.category, hired_on: e.hired_on, phone: '', active: e.active }
}

export function checkEmployeeForm(f: EmployeeForm, today: string): Errors<EmployeeField> {
  const err: Errors<EmployeeField> = {}
  if (!trimmed(f.name)) err.name = '姓名不能为空'
  else if (trimmed(f.name).length > 50) err.name = '姓名不能超过50个字'
  if (!trimmed(f.post)) err.post = '岗位不能为空'
  else if (trimmed(f.post).length > 50) err.post = '岗位不能超过50个字'
  if (!f.category) err.category = '请选择人员类别'
  if (!f.hired_on) err.hired_on = '入职日期不能为空'
  else if (!isDate(f.hired_on)) err.hired_on = '入职日期格式不正确'
  else if (f.hired_on > today) err.hired_on = '入职日期不能晚于今天'
  const phone = trimmed(f.phone)
  if (phone && !isPhone(phone)) err.phone = '联系电话格式不正确（应为11位手机号或带区号的固定电话，如0898-66668888）'
  return err
}

/** POST (new: no `active`) or PUT (edit: with `active`) body. */
export function employeeInput(f: EmployeeForm, editing: boolean): EmployeeInput {
  const body: EmployeeInput = {
    name: trimmed(f.name),
    post: trimmed(f.post),
    category: f.category,
    hired_on: f.hired_on || null,
    phone: orNull(f.phone),
  }
  if (editing) body.active = f.active
  return body
}

// ---------------------------------------------------------------------------- a training session

export interface AttendanceRow {
  employee_id: string
  name: string
  category_label: string
  /** null: the session's hours */
  hours: number | null
  score: number | null
}

export interface SessionForm {
  topic: string
  kind: TrainingKind | null
  held_on: string
  hours: number | null
  trainer: string
  attendance: AttendanceRow[]
}

export type SessionField = 'topic' | 'kind' | 'held_on' | 'hours' | 'trainer' | 'attendance' | 'materials'

export function emptySessionForm(): SessionForm {
  return { topic: '', kind: null, held_on: '', hours: null, trainer: '', attendance: [] }
}

export function sessionFormFrom(t: Training): SessionForm {
  return {
    topic: t.topic,
    kind: t.kind,
    held_on: t.held_on,
    hours: t.hours,
    trainer: t.trainer ?? '',
    attendance: (t.attendance ?? []).map((a: Attendance) => ({
      employee_id: a.employee_id,
      name: a.name,
      category_label: a.category_label,
      // a person's own hours only when they differ from the session's
      hours: a.hours === t.hours ? null : a.hours,
      score: a.score ?? null,
    })),
  }
}

/** A roster person as an attendance row (the session's hours, no score yet). */
export function attendanceRow(e: Pick<Employee, 'id' | 'name' | 'category_label'>): AttendanceRow {
  return { employee_id: e.id, name: e.name, category_label: e.category_label, hours: null, score: null }
}

/** The attendance after picking people: kept rows keep their hours and score, new ones are added in pick order. */
export function syncAttendance(rows: readonly AttendanceRow[], picked: readonly Pick<Employee, 'id' | 'name' | 'category_label'>[]): AttendanceRow[] {
  return picked.map((p) => rows.find((r) => r.employee_id === p.id) ?? attendanceRow(p))
}

/** The hours a person is credited with (their own, else the session's). */
export function creditedHours(row: Pick<AttendanceRow, 'hours'>, sessionHours: number | null): number | null {
  return row.hours ?? sessionHours
}

export function checkSessionForm(f: SessionForm, today: string): Errors<string> {
  const err: Errors<string> = {}
  if (!trimmed(f.topic)) err.topic = '培训主题不能为空'
  else if (trimmed(f.topic).length > 200) err.topic = '培训主题不能超过200个字'
  if (!f.kind) err.kind = '请选择培训类型'
  if (!f.held_on) err.held_on = '培训日期不能为空'
  else if (f.held_on > today) err.held_on = '培训日期不能晚于今天'
  if (f.hours === null || !Number.isFinite(f.hours)) err.hours = '培训学时不能为空'
  else if (f.hours < 0.5 || f.hours > 200) err.hours = '培训学时应在0.5到200之间'
  else if (!oneDecimal(f.hours)) err.hours = '培训学时最多保留一位小数'
  if (f.attendance.length === 0) err.attendance = '请选择参训人员'
  f.attendance.forEach((a, i) => {
    if (a.hours !== null && (a.hours < 0.5 || a.hours > 200 || !oneDecimal(a.hours))) err[`attendance.${i}.hours`] = `${a.name}的学时应在0.5到200之间，最多一位小数`
    if (a.score !== null && (a.score < 0 || a.score > 100 || !oneDecimal(a.score))) err[`attendance.${i}.score`] = `${a.name}的考核成绩应在0到100之间`
  })
  return err
}

/** The body of POST / PUT /api/trainings; per-person hours only when they differ from the session's. */
export function sessionInput(f: SessionForm, materials: string[]): TrainingInput {
  return {
    topic: trimmed(f.topic),
    kind: f.kind,
    held_on: f.held_on || null,
    hours: f.hours,
    trainer: orNull(f.trainer),
    materials,
    attendance: f.attendance.map((a) => {
      const row: TrainingInput['attendance'][number] = { employee_id: a.employee_id }
      if (a.hours !== null && a.hours !== f.hours) row.hours = a.hours
      if (a.score !== null) row.score = a.score
      return row
    }),
  }
}

// ---------------------------------------------------------------------------- a certificate

export interface CertificateForm {
  employee_id: string | null
  kind: string
  number: string
  issued_on: string
  expires_on: string
  /** the scan: saved or freshly uploaded */
  file: FileBrief | null
}

export type CertificateField = 'employee_id' | 'kind' | 'number' | 'issued_on' | 'expires_on' | 'file'

export function emptyCertificateForm(): CertificateForm {
  return { employee_id: null, kind: '', number: '', issued_on: '', expires_on: '', file: null }
}

export function certificateFormFrom(c: Certificate): CertificateForm {
  return { employee_id: c.employee_id, kind: c.kind, number: c.number, issued_on: c.issued_on, expires_on: c.expires_on, file: c.file ?? null }
}

export function checkCertificateForm(f: CertificateForm, today: string): Errors<CertificateField> {
  const err: Errors<CertificateField> = {}
  if (!f.employee_id) err.employee_id = '请选择持证人员'
  if (!trimmed(f.kind)) err.kind = '证书名称不能为空'
  else if (trimmed(f.kind).length > 100) err.kind = '证书名称不能超过100个字'
  if (!trimmed(f.number)) err.number = '证书编号不能为空'
  if (!f.issued_on) err.issued_on = '发证日期不能为空'
  else if (f.issued_on > today) err.issued_on = '发证日期不能晚于今天'
  if (!f.expires_on) err.expires_on = '有效期至不能为空'
  else if (f.issued_on && f.expires_on <= f.issued_on) err.expires_on = '有效期至应晚于发证日期'
  return err
}

export function certificateInput(f: CertificateForm): CertificateInput {
  return {
    employee_id: f.employee_id,
    kind: trimmed(f.kind),
    number: trimmed(f.number),
    issued_on: f.issued_on || null,
    expires_on: f.expires_on || null,
    file: f.file?.id ?? null,
  }
}

// ---------------------------------------------------------------------------- 教育培训完成情况评估

export interface ScoreRow {
  key: string
  label: string
  max: number
  /** the value computed from the data (the coverage item) */
  suggested: number | null
  score: number | null
}

/** The rows of the form: the score already given, else the suggestion (the coverage item), else empty. */
export function scoreRows(items: readonly EvalItem[]): ScoreRow[] {
  return items.map((i) => ({
    key: i.key,
    label: i.label,
    max: i.max,
    suggested: i.suggested ?? null,
    score: i.score ?? i.suggested ?? null,
  }))
}

/** The sum of the scores given (to one decimal), the full marks and what is still unscored. */
export function scoreTotal(rows: readonly Pick<ScoreRow, 'score' | 'max' | 'label'>[]): { total: number; max: number; missing: string[] } {
  let t = 0
  let max = 0
  const missing: string[] = []
  for (const r of rows) {
    max += r.max
    if (r.score === null || !Number.isFinite(r.score)) missing.push(r.label)
    else t += tenths(r.score)
  }
  return { total: t / 10, max, missing }
}

/** The live total and grade of the form (the grade once every item is scored). */
export function liveEvaluation(rows: readonly ScoreRow[]): { total: number; max: number; complete: boolean; grade: EvaluationGrade | null } {
  const { total, max, missing } = scoreTotal(rows)
  return { total, max, complete: missing.length === 0, grade: missing.length === 0 ? evaluationGrade(total) : null }
}

/** Per-row problems: over the maximum, negative or with more than one decimal. Keyed by item key. */
export function checkScores(rows: readonly ScoreRow[]): Record<string, string> {
  const err: Record<string, string> = {}
  for (const r of rows) {
    if (r.score === null) err[r.key] = '请评分'
    else if (r.score < 0 || r.score > r.max) err[r.key] = `得分应在0到${r.max}之间`
    else if (!oneDecimal(r.score)) err[r.key] = '得分最多保留一位小数'
  }
  return err
}

export function evaluationInput(enterpriseId: string, year: number, rows: readonly ScoreRow[], comment: string): EvaluationInput {
  return {
    enterprise_id: enterpriseId,
    year,
    items: rows.map((r) => ({ key: r.key, score: r.score ?? 0 })),
    comment: orNull(comment),
  }
}
