// The forms of 应急管理: an emergency plan, a drill and a spot check (抽查评估): the models, the
// client checks that mirror the server's, the bodies sent; the spot check's criteria grouped
// (预案可操作性 / 演练效果), its live total and result, and the hazards it created. Pure functions.
import type { FileBrief } from '@/api/types'
import type {
  Criterion,
  Drill,
  DrillInput,
  DrillKind,
  DrillMode,
  EmergencyPlan,
  EmergencyPlanInput,
  PlanKind,
  ProblemLevel,
  SpotCheck,
  SpotCheckInput,
  SpotResult,
} from '@/api/training'
import { spotResult } from './labels'

export type Errors = Record<string, string>

const trimmed = (v: string | null | undefined) => (v ?? '').trim()
const orNull = (v: string | null | undefined) => trimmed(v) || null

// ---------------------------------------------------------------------------- 应急预案

export interface PlanForm {
  kind: PlanKind | null
  title: string
  version: string
  approved_on: string
  filed_on: string
  review_due: string
}

export function emptyPlanForm(): PlanForm {
  return { kind: null, title: '', version: '', approved_on: '', filed_on: '', review_due: '' }
}

export function planFormFrom(p: EmergencyPlan): PlanForm {
  return { kind: p.kind, title: p.title, version: p.version, approved_on: p.approved_on, filed_on: p.filed_on ?? '', review_due: p.review_due ?? '' }
}

export function checkPlanForm(f: PlanForm, today: string): Errors {
  const err: Errors = {}
  if (!f.kind) err.kind = '请选择预案类型'
  if (!trimmed(f.title)) err.title = '预案名称不能为空'
  if (!trimmed(f.version)) err.version = '版本号不能为空'
  if (!f.approved_on) err.approved_on = '批准发布日期不能为空'
  else if (f.approved_on > today) err.approved_on = '批准发布日期不能晚于今天'
  if (f.filed_on && f.approved_on && f.filed_on < f.approved_on) err.filed_on = '备案日期不能早于批准发布日期'
  if (f.review_due && f.approved_on && f.review_due <= f.approved_on) err.review_due = '下次评估期限应晚于批准发布日期'
  return err
}

export function planInput(f: PlanForm, attachments: string[]): EmergencyPlanInput {
  return {
    kind: f.kind,
    title: trimmed(f.title),
    version: trimmed(f.version),
    approved_on: f.approved_on || null,
    filed_on: f.filed_on || null,
    review_due: f.review_due || null,
    attachments,
  }
}

/** Three years after approval (the server's default review date), as the form's hint. */
export function defaultReviewDue(approvedOn: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(approvedOn)
  if (!m) return ''
  const y = +m[1] + 3
  // 29 February → 28 February
  const last = new Date(Date.UTC(y, +m[2], 0)).getUTCDate()
  return `${y}-${m[2]}-${String(Math.min(+m[3], last)).padStart(2, '0')}`
}

// ---------------------------------------------------------------------------- 应急演练

export interface DrillForm {
  kind: DrillKind | null
  mode: DrillMode | null
  held_on: string
  scenario: string
  participants: number | null
  plan_id: string | null
  photos: FileBrief[]
  assessment: string
  improvements: string
}

export function emptyDrillForm(): DrillForm {
  return { kind: null, mode: null, held_on: '', scenario: '', participants: null, plan_id: null, photos: [], assessment: '', improvements: '' }
}

export function drillFormFrom(d: Drill): DrillForm {
  return {
    kind: d.kind,
    mode: d.mode,
    held_on: d.held_on,
    scenario: d.scenario,
    participants: d.participants,
    plan_id: d.plan_id,
    photos: [...(d.photos ?? [])],
    assessment: d.assessment ?? '',
    improvements: d.improvements ?? '',
  }
}

export function checkDrillForm(f: DrillForm, today: string): Errors {
  const err: Errors = {}
  if (!f.kind) err.kind = '请选择演练类型'
  if (!f.mode) err.mode = '请选择演练形式'
  if (!f.held_on) err.held_on = '演练日期不能为空'
  else if (f.held_on > today) err.held_on = '演练日期不能晚于今天'
  if (!trimmed(f.scenario)) err.scenario = '演练场景不能为空'
  if (f.participants === null || !Number.isFinite(f.participants)) err.participants = '参演人数不能为空'
  else if (f.participants < 1 || !Number.isInteger(f.participants)) err.participants = '参演人数应为正整数'
  return err
}

export function drillInput(f: DrillForm): DrillInput {
  return {
    kind: f.kind,
    mode: f.mode,
    held_on: f.held_on || null,
    scenario: trimmed(f.scenario),
    participants: f.participants,
    plan_id: f.plan_id || null,
    photos: f.photos.map((p) => p.id),
    assessment: orNull(f.assessment),
    improvements: orNull(f.improvements),
  }
}

// ---------------------------------------------------------------------------- 抽查评估

export interface CriteriaGroup {
  group: string
  max: number
  items: Criterion[]
}

/** The criteria by group, groups in the order they first appear. */
export function groupCriteria(criteria: readonly Criterion[]): CriteriaGroup[] {
  const out: CriteriaGroup[] = []
  for (const c of criteria) {
    let g = out.find((x) => x.group === c.group)
    if (!g) {
      g = { group: c.group, max: 0, items: [] }
      out.push(g)
    }
    g.items.push(c)
    g.max += c.max
  }
  return out
}

export interface ProblemRow {
  key: number
  text: string
  to_hazard: boolean
  category_id: string | null
  level: ProblemLevel
}

let nextKey = 1
export function problemRow(text = ''): ProblemRow {
  return { key: nextKey++, text, to_hazard: false, category_id: null, level: 'general' }
}

export interface SpotForm {
  enterprise_id: string | null
  plan_id: string | null
  drill_id: string | null
  /** by criterion key */
  scores: Record<string, number | null>
  problems: ProblemRow[]
  comment: string
}

export function emptySpotForm(criteria: readonly Criterion[] = []): SpotForm {
  return { enterprise_id: null, plan_id: null, drill_id: null, scores: Object.fromEntries(criteria.map((c) => [c.key, null])), problems: [], comment: '' }
}

/** The live total (one decimal), the full marks, the result once every criterion is scored. */
export function spotTotal(
  criteria: readonly Criterion[],
  scores: Record<string, number | null>,
): { total: number; max: number; complete: boolean; result: SpotResult | null; groups: { group: string; total: number; max: number }[] } {
  let t = 0
  let max = 0
  let complete = true
  const groups = groupCriteria(criteria).map((g) => {
    let gt = 0
    for (const c of g.items) {
      const s = scores[c.key]
      if (s === null || s === undefined || !Number.isFinite(s)) complete = false
      else gt += Math.round(s * 10)
    }
    t += gt
    max += g.max
    return { group: g.group, total: gt / 10, max: g.max }
  })
  const total = t / 10
  return { total, max, complete: complete && criteria.length > 0, result: complete && criteria.length > 0 ? spotResult(total) : null, groups }
}

/** Problem rows that will be sent (blank rows are dropped). */
export function sentProblems(rows: readonly ProblemRow[]): ProblemRow[] {
  return rows.filter((p) => trimmed(p.text) || p.to_hazard)
}

export function checkSpotForm(f: SpotForm, criteria: readonly Criterion[]): Errors {
  const err: Errors = {}
  if (!f.enterprise_id) err.enterprise_id = '请选择企业'
  for (const c of criteria) {
    const s = f.scores[c.key]
    if (s === null || s === undefined) err[`score.${c.key}`] = '请评分'
    else if (s < 0 || s > c.max) err[`score.${c.key}`] = `得分应在0到${c.max}之间`
  }
  if (criteria.some((c) => err[`score.${c.key}`])) err.scores = '请为每一项评分（不超过该项分值）'
  sentProblems(f.problems).forEach((p) => {
    if (!trimmed(p.text)) err[`problem.${p.key}.text`] = '问题描述不能为空'
    if (p.to_hazard && !p.category_id) err[`problem.${p.key}.category_id`] = '转为隐患须选择隐患类别'
  })
  return err
}

export function spotCheckInput(f: SpotForm, criteria: readonly Criterion[]): SpotCheckInput {
  return {
    enterprise_id: f.enterprise_id,
    plan_id: f.plan_id || null,
    drill_id: f.drill_id || null,
    scores: criteria.map((c) => ({ key: c.key, score: f.scores[c.key] ?? 0 })),
    problems: sentProblems(f.problems).map((p) => ({
      text: trimmed(p.text),
      to_hazard: p.to_hazard,
      category_id: p.to_hazard ? p.category_id : null,
      level: p.to_hazard ? p.level : null,
    })),
    comment: orNull(f.comment),
  }
}

/**
 * Server errors placed on the form: `scores.3.score` on the 4th criterion, `problems.1.category_id`
 * on the 2nd problem sent; the rest by field name.
 */
export function spotErrorsFrom(errors: readonly { field: string; message: string }[], criteria: readonly Criterion[], sent: readonly ProblemRow[]): Errors {
  const out: Errors = {}
  for (const e of errors) {
    const f = (e.field || '').replace(/\[(\d+)\]/g, '.$1')
    const s = /^scores\.(\d+)\.(score|key)$/.exec(f)
    const p = /^problems\.(\d+)\.(\w+)$/.exec(f)
    let key = f.split('.')[0]
    if (s && criteria[+s[1]]) key = `score.${criteria[+s[1]].key}`
    else if (p && sent[+p[1]]) key = `problem.${sent[+p[1]].key}.${p[2] === 'category_id' ? 'category_id' : 'text'}`
    if (key && !(key in out)) out[key] = e.message
  }
  return out
}

/** The hazards a spot check created: from its problems (or the contract's short `hazards`). */
export function createdHazards(c: Pick<SpotCheck, 'problems' | 'hazards'>): { id: string; code: string }[] {
  const fromProblems = (c.problems ?? []).filter((p) => p.hazard_id && p.hazard_code).map((p) => ({ id: p.hazard_id as string, code: p.hazard_code as string }))
  if (fromProblems.length) return fromProblems
  return [...(c.hazards ?? [])]
}
