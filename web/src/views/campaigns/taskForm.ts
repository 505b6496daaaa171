// The task form (新增任务 / 编辑任务) of the campaign page: an empty form, the form of an
// existing task, client checks that mirror the server's, the PUT/POST body, and the
// server's field errors placed on the form. Pure functions: the dialog keeps the form reactive.
import type {
  DeadlineKind,
  DeadlinePeriod,
  FieldError,
  OrgGroup,
  OrgKind,
  OrgRef,
  TaskDetail,
  TaskInput,
  UnitEntryInput,
} from '@/api/types'
import { mappedEntry, type DraftEntry, type EntryRole } from './importDraft'

/** 完成时限 kinds, in the order the select offers them. */
export const DEADLINE_KIND_OPTIONS: { value: DeadlineKind; label: string }[] = [
  { value: 'window', label: '时间段' },
  { value: 'by', label: '截止日期' },
  { value: 'ongoing', label: '长期坚持' },
  { value: 'recurring', label: '周期性' },
  { value: 'unknown', label: '未明确' },
]

/** Reporting periods of a recurring task. */
export const PERIOD_OPTIONS: { value: DeadlinePeriod; label: string }[] = [
  { value: 'weekly', label: '每周' },
  { value: 'monthly', label: '每月' },
  { value: 'quarterly', label: '每季度' },
  { value: 'half_yearly', label: '每半年' },
  { value: 'yearly', label: '每年' },
]

const KINDS = new Set<string>(DEADLINE_KIND_OPTIONS.map((o) => o.value))
const PERIODS = new Set<string>(PERIOD_OPTIONS.map((o) => o.value))

export interface TaskForm {
  section: string
  section_number: string
  number: string
  text: string
  deadline: {
    text: string
    kind: DeadlineKind | ''
    start: string | null
    end: string | null
    period: DeadlinePeriod | ''
  }
  lead: DraftEntry[]
  responsible: DraftEntry[]
}

/** Which dates a kind of deadline has: a window both, `by` only the end, `unknown` none. */
export function deadlineDates(kind: DeadlineKind | ''): { start: boolean; end: boolean } {
  switch (kind) {
    case 'by':
      return { start: false, end: true }
    case 'unknown':
      return { start: false, end: false }
    default:
      return { start: true, end: true }
  }
}

/** The form of a new task (a `by` deadline, the most common one in the plans). */
export function emptyTaskForm(): TaskForm {
  return {
    section: '',
    section_number: '',
    number: '',
    text: '',
    deadline: { text: '', kind: 'by', start: null, end: null, period: '' },
    lead: [],
    responsible: [],
  }
}

/** An entry for units (one per unit when prefilling an existing task). */
function unitEntry(unit: OrgRef): DraftEntry {
  const e = mappedEntry(unit.name, [unit])
  // not picked by hand: shown like a resolved entry of the plan
  e.mapped = false
  return e
}

/** An entry for a group of the directory (sent as `group_id`; the server expands it). */
export function groupEntry(g: Pick<OrgGroup, 'id' | 'name' | 'rule' | 'members'>): DraftEntry {
  const e = mappedEntry(g.name, g.members ?? [])
  e.group = { id: g.id, name: g.name, rule: g.rule }
  e.mapped = false
  e.unit_count = g.members?.length ?? 0
  return e
}

/**
 * The form of an existing task. The responsible units are the distinct units of its
 * assignments (a recurring task has one assignment per unit and period), one entry per
 * unit, so a single unit can be removed; the lead units are `lead_units`.
 */
export function taskFormFromTask(t: TaskDetail): TaskForm {
  const seen = new Set<string>()
  const responsible: DraftEntry[] = []
  for (const a of t.assignments ?? []) {
    if (!a.org_id || seen.has(a.org_id)) continue
    seen.add(a.org_id)
    // the assignment does not say the unit's kind; the picker only shows it as a hint
    responsible.push(unitEntry({ id: a.org_id, name: a.org_name, kind: '' as OrgKind }))
  }
  const leadSeen = new Set<string>()
  const lead: DraftEntry[] = []
  for (const u of t.lead_units ?? []) {
    if (leadSeen.has(u.id)) continue
    leadSeen.add(u.id)
    lead.push(unitEntry(u))
  }
  const kind = t.deadline?.kind && KINDS.has(t.deadline.kind) ? (t.deadline.kind as DeadlineKind) : ''
  const period = t.deadline?.period && PERIODS.has(t.deadline.period) ? (t.deadline.period as DeadlinePeriod) : ''
  return {
    section: t.section ?? '',
    section_number: t.section_number ?? '',
    number: t.number ?? '',
    text: t.text ?? '',
    deadline: {
      text: t.deadline?.text ?? '',
      kind,
      start: t.deadline?.start || null,
      end: t.deadline?.end || null,
      period,
    },
    lead,
    responsible,
  }
}

/** The labels of the form's items, for messages that name one. */
export const TASK_FIELD_LABELS: Record<string, string> = {
  section: '所属部分',
  section_number: '所属部分',
  number: '序号',
  text: '工作任务',
  lead: '牵头单位',
  responsible: '责任单位',
  'deadline.text': '完成时限',
  'deadline.kind': '完成时限',
  'deadline.start': '开始日期',
  'deadline.end': '结束日期',
  'deadline.period': '报送周期',
}

/** The form items errors land on. */
export type TaskFormItem = 'section' | 'number' | 'text' | 'lead' | 'responsible' | 'deadlineText' | 'deadlineKind' | 'deadlineDates' | 'period'

export type TaskFormErrors = Record<TaskFormItem, string>

export function noErrors(): TaskFormErrors {
  return { section: '', number: '', text: '', lead: '', responsible: '', deadlineText: '', deadlineKind: '', deadlineDates: '', period: '' }
}

/** What the client can tell before sending (the server says the same, in the same words). */
export function checkTaskForm(f: TaskForm): TaskFormErrors {
  const e = noErrors()
  if (!f.text.trim()) e.text = '请填写工作任务'
  if (f.responsible.length === 0) e.responsible = '请至少添加一个责任单位'
  const dates = deadlineDates(f.deadline.kind)
  const start = dates.start ? f.deadline.start : null
  const end = dates.end ? f.deadline.end : null
  if (start && end && start > end) e.deadlineDates = '结束日期早于开始日期'
  if (f.deadline.kind === 'by' && !end) e.deadlineDates = '请选择截止日期'
  if (f.deadline.kind === 'recurring' && !f.deadline.period) e.period = '周期性任务请选择报送周期'
  return e
}

export function hasErrors(e: TaskFormErrors): boolean {
  return Object.values(e).some((v) => !!v)
}

function entryInput(e: DraftEntry): UnitEntryInput {
  return e.group ? { phrase: e.phrase, group_id: e.group.id } : { phrase: e.phrase, unit_ids: e.units.map((u) => u.id) }
}

/** The POST /api/campaigns/{id}/tasks and PUT /api/tasks/{id} body. */
export function taskInputBody(f: TaskForm): TaskInput {
  const kind = f.deadline.kind || null
  const dates = deadlineDates(f.deadline.kind)
  return {
    section: f.section.trim(),
    section_number: f.section_number.trim(),
    number: f.number.trim(),
    text: f.text.trim(),
    deadline: {
      text: f.deadline.text.trim(),
      kind,
      start: dates.start ? f.deadline.start || null : null,
      end: dates.end ? f.deadline.end || null : null,
      period: kind === 'recurring' ? f.deadline.period || null : null,
    },
    lead: f.lead.map(entryInput),
    responsible: f.responsible.map(entryInput),
  }
}

/**
 * Places the server's field errors (`text`, `deadline.end`, `responsible[1]`, `lead.0.unit_ids`
 * …) on the form items. An entry error names the entry and outlines its tag (`entryUids`,
 * the entries as they were sent); fields the form has no item for are answered in `other`.
 */
export function placeTaskErrors(
  errors: FieldError[],
  sent: Pick<TaskForm, 'lead' | 'responsible'>,
): { items: TaskFormErrors; entryUids: Set<number>; other: string[] } {
  const items = noErrors()
  const entryUids = new Set<number>()
  const other: string[] = []
  const put = (item: TaskFormItem, message: string) => {
    if (!items[item]) items[item] = message
  }
  for (const err of errors) {
    const field = (err.field || '').trim().replace(/\[(\d+)\]/g, '.$1')
    const parts = field.split('.').filter(Boolean)
    const head = parts[0] ?? ''
    if (head === 'lead' || head === 'responsible') {
      const role = head as EntryRole
      const idx = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? Number(parts[1]) : null
      const entry = idx !== null ? sent[role][idx] : undefined
      if (entry) entryUids.add(entry.uid)
      put(role, idx !== null ? `第 ${idx + 1} 项${entry ? `（${entry.phrase}）` : ''}：${err.message}` : err.message)
      continue
    }
    if (head === 'deadline') {
      const sub = parts[1] ?? ''
      if (sub === 'start' || sub === 'end') put('deadlineDates', err.message)
      else if (sub === 'period') put('period', err.message)
      else if (sub === 'kind') put('deadlineKind', err.message)
      else put('deadlineText', err.message)
      continue
    }
    if (head === 'section' || head === 'section_number') put('section', err.message)
    else if (head === 'number') put('number', err.message)
    else if (head === 'text') put('text', err.message)
    else other.push(err.message)
  }
  return { items, entryUids, other }
}

/** Distinct parts (所属部分) of a campaign's tasks, in task order, for the section suggestions. */
export function distinctSections(tasks: { section: string; section_number?: string }[]): { section: string; section_number: string }[] {
  const seen = new Set<string>()
  const out: { section: string; section_number: string }[] = []
  for (const t of tasks) {
    const section = (t.section ?? '').trim()
    if (!section || seen.has(section)) continue
    seen.add(section)
    out.push({ section, section_number: t.section_number ?? '' })
  }
  return out
}

/**
 * The entry after the user picked other units for it. A phrase that only named the old
 * units (a prefilled unit, a group) follows the new units; a phrase typed by hand is kept.
 */
export function remapEntry(old: DraftEntry, units: OrgRef[]): DraftEntry {
  const named = old.units.map((u) => u.name).join('、')
  const follows = !!old.group || !old.phrase.trim() || old.phrase === named
  return mappedEntry(follows ? units.map((u) => u.name).join('、') : old.phrase, units)
}
