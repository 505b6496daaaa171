// 宣传教育活动: the kinds, the form (participating units with their headcount, the linked campaign
// task, materials and photos), the client checks that mirror the server's, the body sent, and
// the labels of tasks and of the 参与情况 report. Pure functions.
import type { Activity, ActivityInput, ActivityKind, ActivityReportRow } from '@/api/training'
import type { FileBrief, OrgKind, TaskSummary } from '@/api/types'

const options = <K extends string>(m: Record<K, string>) => (Object.keys(m) as K[]).map((value) => ({ value, label: m[value] }))

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  training: '集中培训',
  viewing: '集中观看',
  study: '专题学习',
  interview: '访谈评论',
  campaign: '宣传活动',
}

export const ACTIVITY_KINDS = options(ACTIVITY_KIND_LABELS)

export function activityKindLabel(k: string | null | undefined): string {
  return k ? (ACTIVITY_KIND_LABELS[k as ActivityKind] ?? k) : '-'
}

export interface ParticipantRow {
  key: number
  org_id: string | null
  name: string
  headcount: number | null
}

let nextKey = 1
export function participantRow(orgId: string | null = null, name = '', headcount: number | null = null): ParticipantRow {
  return { key: nextKey++, org_id: orgId, name, headcount }
}

export interface ActivityForm {
  title: string
  kind: ActivityKind | null
  held_on: string
  organiser: string
  campaign_id: string | null
  task_id: string | null
  participants: ParticipantRow[]
  photos: FileBrief[]
  summary: string
}

export function emptyActivityForm(organiser = ''): ActivityForm {
  return { title: '', kind: null, held_on: '', organiser, campaign_id: null, task_id: null, participants: [participantRow()], photos: [], summary: '' }
}

export function activityFormFrom(a: Activity): ActivityForm {
  return {
    title: a.title,
    kind: a.kind,
    held_on: a.held_on,
    organiser: a.organiser,
    campaign_id: null,
    task_id: a.task_id,
    participants: a.participants.length ? a.participants.map((p) => participantRow(p.org_id, p.name, p.headcount)) : [participantRow()],
    photos: [...(a.photos ?? [])],
    summary: a.summary ?? '',
  }
}

/** Rows sent: rows with neither a unit nor a headcount are dropped. */
export function sentParticipants(rows: readonly ParticipantRow[]): ParticipantRow[] {
  return rows.filter((r) => r.org_id || r.headcount !== null)
}

/** Units and people of the rows with a unit. */
export function participantTotals(rows: readonly ParticipantRow[]): { units: number; headcount: number } {
  const withUnit = rows.filter((r) => r.org_id)
  return { units: withUnit.length, headcount: withUnit.reduce((n, r) => n + (r.headcount ?? 0), 0) }
}

const trimmed = (v: string | null | undefined) => (v ?? '').trim()

export function checkActivityForm(f: ActivityForm, today: string): Record<string, string> {
  const err: Record<string, string> = {}
  if (!trimmed(f.title)) err.title = '活动名称不能为空'
  else if (trimmed(f.title).length > 200) err.title = '活动名称不能超过200个字'
  if (!f.kind) err.kind = '请选择活动形式'
  if (!f.held_on) err.held_on = '活动日期不能为空'
  else if (f.held_on > today) err.held_on = '活动日期不能晚于今天'
  if (!trimmed(f.organiser)) err.organiser = '组织单位不能为空'
  const rows = sentParticipants(f.participants)
  if (!rows.length) err.participants = '请至少添加一个参加单位'
  const seen = new Set<string>()
  for (const r of rows) {
    if (!r.org_id) err[`participant.${r.key}`] = '请选择参加单位'
    else if (seen.has(r.org_id)) err[`participant.${r.key}`] = '参加单位重复'
    else if (r.headcount === null || r.headcount < 1 || !Number.isInteger(r.headcount)) err[`participant.${r.key}`] = '参加人数应为正整数'
    if (r.org_id) seen.add(r.org_id)
  }
  if (rows.some((r) => err[`participant.${r.key}`]) && !err.participants) err.participants = '请检查参加单位和人数'
  return err
}

export function activityInput(f: ActivityForm, materials: string[]): ActivityInput {
  return {
    title: trimmed(f.title),
    kind: f.kind,
    held_on: f.held_on || null,
    organiser: trimmed(f.organiser),
    task_id: f.task_id || null,
    participants: sentParticipants(f.participants).map((r) => ({ org_id: r.org_id as string, headcount: r.headcount ?? 0 })),
    materials,
    photos: f.photos.map((p) => p.id),
    summary: trimmed(f.summary) || null,
  }
}

/** Server errors on the form: `participants.1.headcount` on the 2nd row sent, the rest by field. */
export function activityErrorsFrom(errors: readonly { field: string; message: string }[], sent: readonly ParticipantRow[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of errors) {
    const f = (e.field || '').replace(/\[(\d+)\]/g, '.$1')
    const m = /^participants\.(\d+)\./.exec(f)
    const key = m && sent[+m[1]] ? `participant.${sent[+m[1]].key}` : f.split('.')[0]
    if (key && !(key in out)) out[key] = e.message
  }
  if (Object.keys(out).some((k) => k.startsWith('participant.')) && !out.participants) out.participants = '请检查参加单位和人数'
  return out
}

/** "一.1 制定安全生产宣传…" (the task's number and its text, cut to `max` characters). */
export function taskLabel(t: Pick<TaskSummary, 'number' | 'text'> & { section_number?: string }, max = 60): string {
  const text = t.text.length > max ? `${t.text.slice(0, max)}…` : t.text
  const no = [t.section_number, t.number].filter(Boolean).join('.')
  return no ? `${no} ${text}` : text
}

/** Which org kinds a user may pick as participants: a district its own bureau and enterprises. */
export function participantKinds(role: string | null | undefined): OrgKind[] {
  return role === 'district_staff' ? ['district', 'enterprise'] : ['section', 'district', 'enterprise']
}

/**
 * The report sorted by activities, then headcount, then name; with the totals (`participations`
 * counts a unit once per activity it took part in: one activity with two units is two).
 */
export function reportRows(rows: readonly ActivityReportRow[]): { rows: ActivityReportRow[]; participations: number; headcount: number } {
  const sorted = [...rows].sort((a, b) => b.activities - a.activities || b.headcount - a.headcount || a.name.localeCompare(b.name, 'zh-CN'))
  return { rows: sorted, participations: sorted.reduce((n, r) => n + r.activities, 0), headcount: sorted.reduce((n, r) => n + r.headcount, 0) }
}
