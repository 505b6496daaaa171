// 安全生产管理体系: the form model of each item, filled from the item's `data` and turned
// back into the `data` the server takes (PUT …/profile/{item}), and the server's field
// errors (`data.members[0].name`) placed on the form.
import type { FieldError, ProfileItemCode } from '@/api/types'

type Num = number | null | undefined
type DateValue = string | null

export interface ResponsibilityForm {
  approved_on: DateValue
  posts_covered: Num
  posts_total: Num
  note: string
}

export interface RuleRow {
  name: string
  issued_on: DateValue
}

export interface RulesForm {
  rules: RuleRow[]
}

export interface MemberRow {
  name: string
  post: string
  certificate: string
  phone: string
}

export interface TeamForm {
  institution: string
  members: MemberRow[]
}

export type StandardizationStatus = 'none' | 'in_progress' | 'certified'

export interface StandardizationForm {
  status: StandardizationStatus | ''
  grade: string
  certificate_no: string
  expires_on: DateValue
}

export interface RiskReportingForm {
  present: boolean
  note: string
}

export type CommitmentMode = 'upload' | 'in_app'

export interface CommitmentForm {
  year: Num
  mode: CommitmentMode
  text: string
  /** set by the server when the principal confirmed (在线承诺); shown, never sent */
  confirmed_by: string | null
  confirmed_at: string | null
}

export interface ProfileForms {
  responsibility: ResponsibilityForm
  rules: RulesForm
  team: TeamForm
  standardization: StandardizationForm
  risk_reporting: RiskReportingForm
  commitment: CommitmentForm
}

export const STANDARDIZATION_STATUSES: { value: StandardizationStatus; label: string }[] = [
  { value: 'none', label: '未开展' },
  { value: 'in_progress', label: '创建中' },
  { value: 'certified', label: '已达标' },
]

export const STANDARD_GRADES = ['一级', '二级', '三级', '小微']

export const COMMITMENT_MODES: { value: CommitmentMode; label: string }[] = [
  { value: 'upload', label: '上传签字承诺书' },
  { value: 'in_app', label: '在线承诺' },
]

/** The current year in China (the default 承诺年度). */
export function yearInChina(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now))
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const dateOrNull = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null)
const arr = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []

export function emptyMember(): MemberRow {
  return { name: '', post: '', certificate: '', phone: '' }
}

export function emptyRule(): RuleRow {
  return { name: '', issued_on: null }
}

/** The form of an item, filled from its saved `data` (null: nothing saved yet). */
export function toForm<K extends ProfileItemCode>(item: K, data: Record<string, unknown> | null | undefined, now = new Date()): ProfileForms[K] {
  const d = data ?? {}
  const forms: { [P in ProfileItemCode]: () => ProfileForms[P] } = {
    responsibility: () => ({
      approved_on: dateOrNull(d.approved_on),
      posts_covered: numOrNull(d.posts_covered),
      posts_total: numOrNull(d.posts_total),
      note: str(d.note),
    }),
    rules: () => ({
      rules: arr(d.rules).map((r) => ({ name: str(r.name), issued_on: dateOrNull(r.issued_on) })),
    }),
    team: () => ({
      institution: str(d.institution),
      members: arr(d.members).map((m) => ({
        name: str(m.name),
        post: str(m.post),
        certificate: str(m.certificate),
        phone: str(m.phone),
      })),
    }),
    standardization: () => {
      const status = STANDARDIZATION_STATUSES.find((s) => s.value === d.status)?.value ?? ''
      return {
        status,
        grade: str(d.grade),
        certificate_no: str(d.certificate_no),
        expires_on: dateOrNull(d.expires_on),
      }
    },
    risk_reporting: () => ({ present: d.present === true, note: str(d.note) }),
    commitment: () => ({
      year: numOrNull(d.year) ?? yearInChina(now),
      mode: d.mode === 'in_app' ? 'in_app' : 'upload',
      text: str(d.text),
      confirmed_by: typeof d.confirmed_by === 'string' ? d.confirmed_by : null,
      confirmed_at: typeof d.confirmed_at === 'string' ? d.confirmed_at : null,
    }),
  }
  return forms[item]() as ProfileForms[K]
}

const opt = (v: string): string | null => {
  const t = v.trim()
  return t ? t : null
}
const intOrNull = (v: Num): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null)

/**
 * The `data` of a form as the server takes it: texts trimmed (blank optional ones → null),
 * dates YYYY-MM-DD or null, numbers or null. Rows are kept as they are (a row left blank
 * gets the server's message on that row), so error indexes match the rows on screen.
 */
export function toData<K extends ProfileItemCode>(item: K, form: ProfileForms[K]): Record<string, unknown> {
  switch (item) {
    case 'responsibility': {
      const f = form as ResponsibilityForm
      return {
        approved_on: f.approved_on || null,
        posts_covered: intOrNull(f.posts_covered),
        posts_total: intOrNull(f.posts_total),
        note: opt(f.note),
      }
    }
    case 'rules': {
      const f = form as RulesForm
      return { rules: f.rules.map((r) => ({ name: r.name.trim(), issued_on: r.issued_on || null })) }
    }
    case 'team': {
      const f = form as TeamForm
      return {
        institution: opt(f.institution),
        members: f.members.map((m) => ({
          name: m.name.trim(),
          post: m.post.trim(),
          certificate: opt(m.certificate),
          phone: opt(m.phone.replace(/\s+/g, '')),
        })),
      }
    }
    case 'standardization': {
      const f = form as StandardizationForm
      const certified = f.status === 'certified'
      return {
        status: f.status,
        // grade, certificate and expiry belong to a certified enterprise only
        grade: certified ? opt(f.grade) : null,
        certificate_no: certified ? opt(f.certificate_no) : null,
        expires_on: certified ? f.expires_on || null : null,
      }
    }
    case 'risk_reporting': {
      const f = form as RiskReportingForm
      return { present: !!f.present, note: opt(f.note) }
    }
    case 'commitment': {
      const f = form as CommitmentForm
      return { year: intOrNull(f.year), mode: f.mode, text: opt(f.text) }
    }
  }
  return {}
}

export interface PlacedErrors {
  /** by form path: `approved_on`, `members[0].name`, `rules[2].issued_on`, `attachments` */
  fields: Record<string, string>
  /** messages that name no field of the form */
  other: string[]
}

/** The known field paths of each item (top level; row fields are `list[i].field`). */
const ITEM_FIELDS: Record<ProfileItemCode, string[]> = {
  responsibility: ['approved_on', 'posts_covered', 'posts_total', 'note'],
  rules: ['rules'],
  team: ['institution', 'members'],
  standardization: ['status', 'grade', 'certificate_no', 'expires_on'],
  risk_reporting: ['present', 'note'],
  commitment: ['year', 'mode', 'text'],
}

/** Normalises `data.members.0.name` / `data.members[0].name` to `members[0].name`. */
export function errorPath(field: string): string {
  return field
    .replace(/^data\.?/, '')
    .replace(/\.(\d+)(?=\.|$)/g, '[$1]')
    .replace(/^\[(\d+)\]/, '$1')
}

/** Places the server's field errors of an item on its form (first message per path). */
export function placeErrors(item: ProfileItemCode, errors: FieldError[]): PlacedErrors {
  const out: PlacedErrors = { fields: {}, other: [] }
  for (const e of errors) {
    const raw = e.field || ''
    if (raw === 'attachments' || raw.startsWith('attachments') || raw.startsWith('remove_attachments')) {
      out.fields.attachments ??= e.message
      continue
    }
    const path = errorPath(raw)
    const top = path.split(/[.[]/)[0]
    if (raw.startsWith('data') && ITEM_FIELDS[item].includes(top)) {
      if (!(path in out.fields)) out.fields[path] = e.message
    } else {
      out.other.push(e.message)
    }
  }
  return out
}
