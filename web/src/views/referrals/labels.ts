// Labels and small rules of 函送执法 (docs/api-accountability.md): the states and sources, which
// steps the viewer may take in a state (by permission), the timeline of events, and the form
// model with its checks and the body sent. Pure functions.
import type { FieldError } from '@/api/types'
import type { ReferralEvent, ReferralInput, ReferralPrefill, ReferralSource, ReferralState } from '@/api/accountability'
import { formatTime } from '@/utils/time'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const REFERRAL_STATE_LABELS: Record<ReferralState, string> = {
  draft: '草稿',
  sent: '已函送',
  received: '已接收',
  acting: '办理中',
  concluded: '已反馈结果',
  withdrawn: '已撤回',
}

const STATE_TAGS: Record<ReferralState, TagType> = {
  draft: 'info',
  sent: 'warning',
  received: 'primary',
  acting: 'primary',
  concluded: 'success',
  withdrawn: 'info',
}

export const REFERRAL_SOURCE_LABELS: Record<ReferralSource, string> = {
  manual: '日常监管',
  hazard: '隐患',
  inspection: '督导检查',
}

const options = <K extends string>(m: Record<K, string>) => (Object.keys(m) as K[]).map((value) => ({ value, label: m[value] }))
export const REFERRAL_STATES = options(REFERRAL_STATE_LABELS)
export const REFERRAL_SOURCES = options(REFERRAL_SOURCE_LABELS)

export function referralStateTag(s: string | null | undefined): TagType {
  return STATE_TAGS[s as ReferralState] ?? 'info'
}

export function referralStateLabel(s: string | null | undefined): string {
  return s ? (REFERRAL_STATE_LABELS[s as ReferralState] ?? s) : '-'
}

/** The steps of a referral, in the order the buttons show. */
export type ReferralStep = 'edit' | 'send' | 'delete' | 'receive' | 'action' | 'result' | 'follow_up' | 'withdraw'

export const STEP_LABELS: Record<ReferralStep, string> = {
  edit: '编辑',
  send: '函送',
  delete: '删除',
  receive: '接收',
  action: '办理情况',
  result: '反馈结果',
  follow_up: '跟踪问效',
  withdraw: '撤回',
}

const ORDER: ReferralStep[] = ['edit', 'send', 'receive', 'action', 'result', 'follow_up', 'withdraw', 'delete']

export interface ReferralPerms {
  /** referral.write: the referring side (局科室, 区商务局) */
  write: boolean
  /** referral.handle: the agency (外部单位) */
  handle: boolean
}

export interface AllowedStep {
  step: ReferralStep
  /** recorded by the referring unit for the agency (代为登记) */
  onBehalf: boolean
}

/**
 * The steps the state allows for the viewer. The referring unit drafts, sends, follows up and
 * withdraws; the agency receives, records its action and the result; a referral.write user may
 * record the agency's steps on its behalf (代为登记). The server decides in the end (409/403).
 */
export function allowedSteps(state: ReferralState | string, perms: ReferralPerms): AllowedStep[] {
  const out = new Map<ReferralStep, boolean>()
  const agencySteps: ReferralStep[] =
    state === 'sent' ? ['receive'] : state === 'received' || state === 'acting' ? ['action', 'result'] : []
  if (perms.write) {
    if (state === 'draft') for (const s of ['edit', 'send', 'delete', 'withdraw'] as const) out.set(s, false)
    if (state === 'sent') out.set('withdraw', false)
    if (state === 'sent' || state === 'received' || state === 'acting') out.set('follow_up', false)
    if (!perms.handle) for (const s of agencySteps) out.set(s, true)
  }
  if (perms.handle) for (const s of agencySteps) out.set(s, false)
  return ORDER.filter((s) => out.has(s)).map((step) => ({ step, onBehalf: out.get(step) === true }))
}

/** The button text: 代为登记 steps say so. */
export function stepLabel(a: AllowedStep): string {
  return a.onBehalf ? `代为登记${STEP_LABELS[a.step]}` : STEP_LABELS[a.step]
}

export interface TimelineItem {
  key: string
  action: string
  title: string
  /** "YYYY-MM-DD HH:mm" China time */
  time: string
  /** 单位 · 姓名 */
  who: string
  note: string
  type: TagType
}

/** By the server's event codes: create, send, receive, act (办理), conclude (反馈结果), follow_up, withdraw. */
const EVENT_TYPES: Record<string, TagType> = {
  create: 'info',
  send: 'warning',
  receive: 'primary',
  act: 'primary',
  conclude: 'success',
  follow_up: 'warning',
  withdraw: 'info',
}

/** Titles of the event codes that are not step names (when the server gives no label). */
const EVENT_TITLES: Record<string, string> = { create: '登记', act: '办理情况', conclude: '反馈结果' }

/** The events newest first, as the el-timeline shows them. */
export function timelineItems(events: readonly ReferralEvent[] | null | undefined): TimelineItem[] {
  return [...(events ?? [])]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (b.e.at || '').localeCompare(a.e.at || '') || b.i - a.i)
    .map(({ e, i }) => ({
      key: `${e.at}-${i}`,
      action: e.action,
      title: e.action_label || EVENT_TITLES[e.action] || STEP_LABELS[e.action as ReferralStep] || e.action,
      time: formatTime(e.at).slice(0, 16),
      who: [e.org_name, e.actor_name].filter(Boolean).join(' · '),
      note: (e.note ?? '').trim(),
      type: EVENT_TYPES[e.action] ?? 'info',
    }))
}

// ---------------------------------------------------------------------------- the form

export interface ReferralForm {
  enterprise_id: string | null
  agency_id: string | null
  source: ReferralSource
  hazard_id: string | null
  inspection_id: string | null
  violation: string
  legal_basis: string
  evidence: string
  requested_action: string
  reply_by: string | null
  contact_name: string
  contact_phone: string
}

export const REFERRAL_FIELDS = [
  'enterprise_id',
  'agency_id',
  'source',
  'violation',
  'legal_basis',
  'evidence',
  'requested_action',
  'reply_by',
  'contact_name',
  'contact_phone',
  'file_ids',
] as const
export type ReferralField = (typeof REFERRAL_FIELDS)[number]

export const DEFAULT_REQUESTED_ACTION = '请依法调查处理，并于办结后将处理结果函告我局。'

export function emptyReferralForm(): ReferralForm {
  return {
    enterprise_id: null,
    agency_id: null,
    source: 'manual',
    hazard_id: null,
    inspection_id: null,
    violation: '',
    legal_basis: '',
    evidence: '',
    requested_action: DEFAULT_REQUESTED_ACTION,
    reply_by: null,
    contact_name: '',
    contact_phone: '',
  }
}

/** The suggestion from a hazard or an inspection; fields the user already typed are kept. */
export function applyPrefill(form: ReferralForm, p: ReferralPrefill, from: { hazard_id?: string | null; inspection_id?: string | null }): ReferralForm {
  return {
    ...form,
    enterprise_id: p.enterprise_id || form.enterprise_id,
    source: p.source || (from.hazard_id ? 'hazard' : from.inspection_id ? 'inspection' : form.source),
    hazard_id: from.hazard_id ?? form.hazard_id,
    inspection_id: from.inspection_id ?? form.inspection_id,
    violation: form.violation.trim() ? form.violation : (p.violation ?? ''),
    evidence: form.evidence.trim() ? form.evidence : (p.evidence ?? ''),
  }
}

const PHONE = /^[0-9+\-() ]{5,20}$/

export function checkReferralForm(form: ReferralForm): Partial<Record<ReferralField, string>> {
  const e: Partial<Record<ReferralField, string>> = {}
  if (!form.enterprise_id) e.enterprise_id = '请选择被函送企业'
  if (!form.agency_id) e.agency_id = '请选择执法部门'
  if (!form.violation.trim()) e.violation = '请填写违法违规行为'
  if (!form.legal_basis.trim()) e.legal_basis = '请填写法律依据'
  if (!form.requested_action.trim()) e.requested_action = '请填写建议处理事项'
  if (!form.contact_name.trim()) e.contact_name = '请填写联系人'
  if (!form.contact_phone.trim()) e.contact_phone = '请填写联系电话'
  else if (!PHONE.test(form.contact_phone.trim())) e.contact_phone = '联系电话格式不正确'
  return e
}

export function referralFormToInput(form: ReferralForm, fileIds: readonly string[]): ReferralInput {
  const body: ReferralInput = {
    enterprise_id: form.enterprise_id,
    agency_id: form.agency_id,
    source: form.source,
    violation: form.violation.trim(),
    legal_basis: form.legal_basis.trim(),
    evidence: form.evidence.trim(),
    requested_action: form.requested_action.trim(),
    reply_by: form.reply_by || null,
    contact_name: form.contact_name.trim(),
    contact_phone: form.contact_phone.trim(),
    file_ids: [...fileIds],
  }
  if (form.hazard_id) body.hazard_id = form.hazard_id
  if (form.inspection_id) body.inspection_id = form.inspection_id
  return body
}

/** Server field errors by form field (`file_ids.0` → file_ids); the rest as messages. */
export function placeFieldErrors<F extends string>(
  errors: readonly Pick<FieldError, 'field' | 'message'>[],
  fields: readonly F[],
): { fields: Partial<Record<F, string>>; other: string[] } {
  const out: { fields: Partial<Record<F, string>>; other: string[] } = { fields: {}, other: [] }
  for (const e of errors) {
    const base = (e.field || '').split(/[.[]/)[0] as F
    if ((fields as readonly string[]).includes(base)) {
      if (!out.fields[base]) out.fields[base] = e.message
    } else if (e.message) out.other.push(e.message)
  }
  return out
}

/** The file ids sent: the saved ones not removed, then the new uploads. */
export function keptFileIds(saved: readonly { id: string }[], removed: readonly string[], added: readonly { id: string }[]): string[] {
  return [...saved.filter((f) => !removed.includes(f.id)).map((f) => f.id), ...added.map((f) => f.id)]
}

/** 回复期限 shown with how far it is (逾期 N 天 once past). */
export function replyByText(replyBy: string | null | undefined, today: string, state?: string): string {
  if (!replyBy) return '-'
  if (state === 'concluded' || state === 'withdrawn' || state === 'draft') return replyBy
  const days = Math.round((Date.parse(`${replyBy}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
  if (!Number.isFinite(days)) return replyBy
  if (days < 0) return `${replyBy}（逾期 ${-days} 天）`
  if (days === 0) return `${replyBy}（今日到期）`
  return replyBy
}
