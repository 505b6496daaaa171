// The editable draft of an imported plan (step 2 of the import wizard) and the rules that
// decide whether it may be confirmed. Pure functions: the view keeps the draft reactive.
import type {
  CampaignCreateInput,
  CampaignEntryInput,
  DeadlineKind,
  FieldError,
  OrgRef,
  PlanEntry,
  PlanGroupRef,
  Preview,
} from '@/api/types'

/** The server takes plans of at most 5 MB (5 × 1024 × 1024 bytes). */
export const MAX_PLAN_BYTES = 5 * 1024 * 1024

export type EntryRole = 'lead' | 'responsible'

export interface DraftEntry {
  /** local id (stable while the user edits) */
  uid: number
  phrase: string
  /** a group the phrase resolved to (sent as `group_id`) */
  group: PlanGroupRef | null
  /** the units the phrase stands for (sent as `unit_ids` when there is no group) */
  units: OrgRef[]
  unit_count: number
  /** the server could not resolve the phrase and the user has not mapped it yet */
  unresolved: boolean
  /** the user picked the units by hand */
  mapped: boolean
}

export interface DraftTask {
  /** local row id (the preview's `key`, or a fresh one) */
  key: number
  section: string
  section_number: string
  number: string
  text: string
  deadline: {
    text: string
    kind: DeadlineKind | string | null
    start: string | null
    end: string | null
    /** for recurring deadlines: weekly, monthly, quarterly, half_yearly, yearly */
    period: string | null
  }
  lead: DraftEntry[]
  responsible: DraftEntry[]
  warnings: string[]
}

export interface Draft {
  draft_id: string
  title: string
  /** as typed (the input is text); checked by `parseYear` */
  year: string
  source_name: string | null
  warnings: string[]
  unresolved: string[]
  tasks: DraftTask[]
}

let nextUid = 1
const uid = () => nextUid++

/** True when an entry can be sent: a group, or at least one unit. */
export function entryReady(e: DraftEntry): boolean {
  return !e.unresolved && (!!e.group || e.units.length > 0)
}

function toEntry(e: PlanEntry): DraftEntry {
  const units = Array.isArray(e.units) ? e.units : []
  const draft: DraftEntry = {
    uid: uid(),
    phrase: e.phrase,
    group: e.group ?? null,
    units,
    unit_count: typeof e.unit_count === 'number' ? e.unit_count : units.length,
    unresolved: false,
    mapped: false,
  }
  // `resolved: true` without a group or units cannot be sent either: it needs mapping too
  draft.unresolved = !e.resolved || (!draft.group && units.length === 0)
  return draft
}

/** Makes an entry of units the user picked (a mapped phrase, or a new entry). */
export function mappedEntry(phrase: string, units: OrgRef[]): DraftEntry {
  return { uid: uid(), phrase, group: null, units, unit_count: units.length, unresolved: false, mapped: true }
}

export function toDraft(p: Preview): Draft {
  return {
    draft_id: p.draft_id,
    title: p.title ?? '',
    year: p.year ? String(p.year) : '',
    source_name: p.source_name ?? null,
    warnings: p.warnings ?? [],
    unresolved: p.unresolved ?? [],
    tasks: (p.tasks ?? []).map((t, i) => ({
      key: typeof t.key === 'number' ? t.key : i,
      section: t.section ?? '',
      section_number: t.section_number ?? '',
      number: t.number ?? '',
      text: t.text ?? '',
      deadline: {
        text: t.deadline?.text ?? '',
        kind: t.deadline?.kind ?? null,
        start: t.deadline?.start || null,
        end: t.deadline?.end || null,
        period: t.deadline?.period ?? null,
      },
      lead: (t.lead ?? []).map(toEntry),
      responsible: (t.responsible ?? []).map(toEntry),
      warnings: t.warnings ?? [],
    })),
  }
}

/** "2021" → 2021; empty → null; anything else → NaN. */
export function parseYear(v: string): number | null {
  const s = v.trim()
  if (!s) return null
  return /^\d{4}$/.test(s) ? Number(s) : Number.NaN
}

export function countUnresolved(d: Draft): number {
  let n = 0
  for (const t of d.tasks) for (const e of [...t.lead, ...t.responsible]) if (!entryReady(e)) n++
  return n
}

/** Why 确认导入 is not possible yet (empty: it is). Rows are counted from 1, as shown. */
export function blockers(d: Draft): string[] {
  const out: string[] = []
  if (!d.title.trim()) out.push('请填写方案标题')
  const year = parseYear(d.year)
  if (year === null) out.push('请填写年度')
  else if (Number.isNaN(year)) out.push('年度应为四位数字')
  if (d.tasks.length === 0) out.push('没有任务')
  const unresolved = countUnresolved(d)
  if (unresolved > 0) out.push(`还有 ${unresolved} 个单位写法未识别，请指定单位或删除`)
  const noText: number[] = []
  const noResponsible: number[] = []
  const badDates: number[] = []
  d.tasks.forEach((t, i) => {
    if (!t.text.trim()) noText.push(i + 1)
    if (t.responsible.length === 0) noResponsible.push(i + 1)
    if (t.deadline.start && t.deadline.end && t.deadline.start > t.deadline.end) badDates.push(i + 1)
  })
  const rows = (list: number[]) => `第 ${list.join('、')} 项`
  if (noText.length) out.push(`${rows(noText)}任务内容为空`)
  if (noResponsible.length) out.push(`${rows(noResponsible)}没有责任单位`)
  if (badDates.length) out.push(`${rows(badDates)}完成时限的开始日期晚于结束日期`)
  return out
}

function entryInput(e: DraftEntry): CampaignEntryInput {
  return e.group ? { phrase: e.phrase, group_id: e.group.id } : { phrase: e.phrase, unit_ids: e.units.map((u) => u.id) }
}

/** The POST /api/campaigns body for the draft as it stands. */
export function createBody(d: Draft): CampaignCreateInput {
  const year = parseYear(d.year)
  return {
    draft_id: d.draft_id,
    title: d.title.trim(),
    year: year === null || Number.isNaN(year) ? null : year,
    tasks: d.tasks.map((t) => ({
      section: t.section,
      section_number: t.section_number,
      number: t.number.trim(),
      text: t.text.trim(),
      deadline: {
        text: t.deadline.text.trim(),
        kind: t.deadline.kind || null,
        start: t.deadline.start || null,
        end: t.deadline.end || null,
        period: t.deadline.period || null,
      },
      lead: t.lead.map(entryInput),
      responsible: t.responsible.map(entryInput),
    })),
  }
}

// ---- server validation errors on the rows ----

export interface RowError {
  /** the row the error belongs to (DraftTask.key) */
  key: number
  /** the entry it names, when it names one */
  entryUid: number | null
  /** where in the row, in words: 任务内容, 责任单位第2项 … */
  where: string
  message: string
}

const FIELD_LABELS: Record<string, string> = {
  section: '所属部分',
  number: '序号',
  text: '任务内容',
  deadline: '完成时限',
  'deadline.text': '完成时限',
  'deadline.start': '开始日期',
  'deadline.end': '结束日期',
  lead: '牵头单位',
  responsible: '责任单位',
}

/**
 * Splits `tasks[3].responsible[1].unit_ids` (or `tasks.3.responsible.1`) into
 * {task: 3, path: 'responsible', entry: 1}; null for fields outside `tasks[n]`.
 */
export function parseTaskField(field: string): { task: number; path: string; entry: number | null } | null {
  const m = /^tasks(?:\[(\d+)\]|\.(\d+))(?:\.(.*))?$/.exec(field.trim())
  if (!m) return null
  const task = Number(m[1] ?? m[2])
  const rest = (m[3] ?? '').replace(/\[(\d+)\]/g, '.$1')
  const parts = rest.split('.').filter(Boolean)
  const named = parts.filter((p) => !/^\d+$/.test(p))
  let entry: number | null = null
  if ((parts[0] === 'lead' || parts[0] === 'responsible') && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    entry = Number(parts[1])
  }
  return { task, path: named.slice(0, 2).join('.'), entry }
}

/**
 * Places the server's field errors on the rows that were sent (`sent` is the task list in
 * the order of the POST body). Errors outside the tasks are answered in `other`.
 */
export function rowErrors(errors: FieldError[], sent: DraftTask[]): { rows: RowError[]; other: FieldError[] } {
  const rows: RowError[] = []
  const other: FieldError[] = []
  for (const e of errors) {
    const parsed = parseTaskField(e.field || '')
    const task = parsed ? sent[parsed.task] : undefined
    if (!parsed || !task) {
      other.push(e)
      continue
    }
    const base = parsed.path.split('.')[0]
    let entryUid: number | null = null
    let where = FIELD_LABELS[parsed.path] ?? FIELD_LABELS[base] ?? ''
    if ((base === 'lead' || base === 'responsible') && parsed.entry !== null) {
      const entry = task[base][parsed.entry]
      entryUid = entry?.uid ?? null
      where = `${FIELD_LABELS[base]}第 ${parsed.entry + 1} 项${entry ? `（${entry.phrase}）` : ''}`
    }
    rows.push({ key: task.key, entryUid, where, message: e.message })
  }
  return { rows, other }
}

/** Tooltip of a resolved entry: its units, or "N 家企业" for the enterprise group. */
export function entryTooltip(e: DraftEntry): string {
  if (!entryReady(e)) return '未识别：请点击指定单位，或删除'
  const prefix = e.group ? `${e.group.name}：` : e.mapped ? '已指定：' : ''
  if (e.units.length > 0) return `${prefix}${e.units.map((u) => u.name).join('、')}`
  if (e.group?.rule === 'enterprises' || e.unit_count > 0) return `${prefix}${e.unit_count} 家企业`
  return `${prefix}当前没有成员单位`
}
