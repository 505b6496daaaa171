// 专班会议 and 座谈会 (docs/api-accountability.md): kinds, the meeting and decision forms with
// their checks, the unit names of a decision. Pure functions.
import type { Decision, DecisionInput, MeetingDetail, MeetingInput, MeetingKind } from '@/api/accountability'
import type { OrgKind, OrgRef } from '@/api/types'

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { task_force: '专班会议', symposium: '座谈会' }
export const MEETING_KINDS = (Object.keys(MEETING_KIND_LABELS) as MeetingKind[]).map((value) => ({ value, label: MEETING_KIND_LABELS[value] }))

export interface MeetingForm {
  kind: MeetingKind
  title: string
  held_on: string | null
  location: string
  host: string
  attendees: string
  topics: string
  minutes: string
  enterprise_ids: string[]
}

export const MEETING_FIELDS = ['kind', 'title', 'held_on', 'location', 'host', 'attendees', 'topics', 'minutes', 'enterprise_ids', 'file_ids'] as const
export type MeetingField = (typeof MEETING_FIELDS)[number]

export function emptyMeetingForm(today: string): MeetingForm {
  return { kind: 'task_force', title: '', held_on: today, location: '', host: '', attendees: '', topics: '', minutes: '', enterprise_ids: [] }
}

export function meetingFormFrom(m: MeetingDetail): MeetingForm {
  return {
    kind: m.kind,
    title: m.title,
    held_on: m.held_on,
    location: m.location ?? '',
    host: m.host ?? '',
    attendees: m.attendees ?? '',
    topics: m.topics ?? '',
    minutes: m.minutes ?? '',
    enterprise_ids: (m.enterprises ?? []).map((e) => e.id),
  }
}

export function checkMeetingForm(f: MeetingForm): Partial<Record<MeetingField, string>> {
  const e: Partial<Record<MeetingField, string>> = {}
  if (!f.title.trim()) e.title = '请填写会议名称'
  if (!f.held_on) e.held_on = '请选择会议日期'
  if (f.kind === 'symposium' && f.enterprise_ids.length === 0) e.enterprise_ids = '请选择参加座谈的企业'
  return e
}

export function meetingFormToInput(f: MeetingForm, fileIds: readonly string[]): MeetingInput {
  return {
    kind: f.kind,
    title: f.title.trim(),
    held_on: f.held_on,
    location: f.location.trim(),
    host: f.host.trim(),
    attendees: f.attendees.trim(),
    topics: f.topics.trim(),
    minutes: f.minutes.trim(),
    // participants are a symposium's; a task-force meeting sends none
    enterprise_ids: f.kind === 'symposium' ? [...f.enterprise_ids] : [],
    file_ids: [...fileIds],
  }
}

export interface DecisionForm {
  content: string
  lead_unit_ids: string[]
  unit_ids: string[]
  deadline: string | null
}

export const DECISION_FIELDS = ['content', 'lead_unit_ids', 'unit_ids', 'deadline'] as const
export type DecisionField = (typeof DECISION_FIELDS)[number]

export function decisionForm(d?: Decision | null): DecisionForm {
  return d
    ? { content: d.content, lead_unit_ids: [...d.lead_unit_ids], unit_ids: [...d.unit_ids], deadline: d.deadline }
    : { content: '', lead_unit_ids: [], unit_ids: [], deadline: null }
}

export function checkDecisionForm(f: DecisionForm): Partial<Record<DecisionField, string>> {
  const e: Partial<Record<DecisionField, string>> = {}
  if (!f.content.trim()) e.content = '请填写决定事项'
  if (f.unit_ids.length === 0) e.unit_ids = '请选择责任单位'
  if (!f.deadline) e.deadline = '请选择完成时限'
  return e
}

export function decisionFormToInput(f: DecisionForm): DecisionInput {
  return { content: f.content.trim(), lead_unit_ids: [...f.lead_unit_ids], unit_ids: [...f.unit_ids], deadline: f.deadline }
}

export function unitNames(units: readonly { name: string }[] | null | undefined): string {
  return (units ?? []).map((u) => u.name).join('、') || '-'
}

/** Named refs as the unit picker's `initial` (the kind is not sent with a decision). */
export function asOrgRefs(units: readonly { id: string; name: string }[] | null | undefined, kind: OrgKind | '' = ''): OrgRef[] {
  return (units ?? []).map((u) => ({ id: u.id, name: u.name, kind: kind as OrgKind }))
}

/** The campaign to offer first: the newest one the user's own unit owns. */
export function preferredCampaign<C extends { id: string; owner_org_id: string | null; year: number }>(campaigns: readonly C[], orgId: string | null | undefined): string | null {
  const own = campaigns.filter((c) => orgId && c.owner_org_id === orgId)
  const pick = (own.length ? own : campaigns)[0]
  return pick?.id ?? null
}
