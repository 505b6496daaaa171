// 约谈 and 曝光 (docs/api-accountability.md): kinds, the form with its checks and body, and the
// follow-up (回访) status of a record. Pure functions.
import type { Interview, InterviewInput, InterviewKind } from '@/api/accountability'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const INTERVIEW_KIND_LABELS: Record<InterviewKind, string> = { interview: '约谈', exposure: '曝光' }

/** Who is interviewed: an enterprise, or a unit (a district bureau or a section). */
export type TargetType = 'enterprise' | 'unit'

export interface InterviewForm {
  kind: InterviewKind
  target: TargetType
  org_id: string | null
  held_on: string | null
  reason: string
  interviewer: string
  attendees: string
  commitments: string
  channel: string
  follow_up_on: string | null
}

export const INTERVIEW_FIELDS = ['kind', 'org_id', 'held_on', 'reason', 'interviewer', 'attendees', 'commitments', 'channel', 'follow_up_on'] as const
export type InterviewField = (typeof INTERVIEW_FIELDS)[number]

export function emptyInterviewForm(kind: InterviewKind, today: string): InterviewForm {
  return { kind, target: 'enterprise', org_id: null, held_on: today, reason: '', interviewer: '', attendees: '', commitments: '', channel: '', follow_up_on: null }
}

export function interviewFormFrom(i: Interview): InterviewForm {
  return {
    kind: i.kind,
    target: i.org_kind === 'unit' ? 'unit' : 'enterprise',
    org_id: i.org_id,
    held_on: i.held_on,
    reason: i.reason ?? '',
    interviewer: i.interviewer ?? '',
    attendees: i.attendees ?? '',
    commitments: i.commitments ?? '',
    channel: i.channel ?? '',
    follow_up_on: i.follow_up_on,
  }
}

export function checkInterviewForm(f: InterviewForm): Partial<Record<InterviewField, string>> {
  const e: Partial<Record<InterviewField, string>> = {}
  if (!f.org_id) e.org_id = f.target === 'unit' ? '请选择被约谈单位' : f.kind === 'exposure' ? '请选择被曝光企业' : '请选择被约谈企业'
  if (!f.held_on) e.held_on = f.kind === 'exposure' ? '请选择曝光日期' : '请选择约谈日期'
  if (!f.reason.trim()) e.reason = f.kind === 'exposure' ? '请填写曝光事由' : '请填写约谈事由'
  if (f.kind === 'exposure' && !f.channel.trim()) e.channel = '请填写曝光渠道'
  if (f.kind === 'interview' && !f.follow_up_on) e.follow_up_on = '请选择回访日期'
  else if (f.follow_up_on && f.held_on && f.follow_up_on < f.held_on) e.follow_up_on = '回访日期不能早于约谈日期'
  return e
}

export function interviewFormToInput(f: InterviewForm): InterviewInput {
  return {
    kind: f.kind,
    org_id: f.org_id,
    held_on: f.held_on,
    reason: f.reason.trim(),
    interviewer: f.interviewer.trim(),
    attendees: f.attendees.trim(),
    commitments: f.commitments.trim(),
    channel: f.kind === 'exposure' ? f.channel.trim() : '',
    follow_up_on: f.follow_up_on || null,
  }
}

export type FollowUpStatus = 'none' | 'done' | 'due' | 'pending'

/** 已回访; 待回访 (the date has come); 未到期; none when no follow-up is planned. */
export function followUpStatus(i: Pick<Interview, 'follow_up_on' | 'follow_up_done_at'>, today: string): FollowUpStatus {
  if (i.follow_up_done_at) return 'done'
  if (!i.follow_up_on) return 'none'
  return i.follow_up_on <= today ? 'due' : 'pending'
}

export const FOLLOW_UP_LABELS: Record<FollowUpStatus, string> = { none: '无需回访', done: '已回访', due: '待回访', pending: '未到回访日期' }
const FOLLOW_UP_TAGS: Record<FollowUpStatus, TagType> = { none: 'info', done: 'success', due: 'danger', pending: 'warning' }
export function followUpTag(s: FollowUpStatus): TagType {
  return FOLLOW_UP_TAGS[s]
}
