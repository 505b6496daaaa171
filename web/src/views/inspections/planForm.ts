// The 检查计划 and 专项检查 forms, free of Vue: the fields, the checks before sending, the body
// of POST /api/inspection-plans (one target per enterprise, each with its inspector) and of
// POST /api/inspection-campaigns.
import type { InspectionCampaignInput, InspectionPlanInput, Inspector } from '@/api/inspections'
import { inspectorApi } from '@/api/inspections'
import type { DateString, FieldError } from '@/api/types'

export interface TargetRow {
  enterprise_id: string
  enterprise_name: string
  district_name: string
  inspector_id: string | null
}

export interface PlanForm {
  title: string
  campaign_id: string | null
  template_id: string | null
  starts_on: DateString | ''
  due_on: DateString | ''
  note: string
  targets: TargetRow[]
}

export type PlanErrors = Partial<Record<'title' | 'template_id' | 'starts_on' | 'due_on' | 'targets', string>> & Record<string, string | undefined>

export function emptyPlanForm(today: DateString, campaignId: string | null = null): PlanForm {
  return { title: '', campaign_id: campaignId, template_id: null, starts_on: today, due_on: '', note: '', targets: [] }
}

/** Adds an enterprise (once); new rows get the default inspector. Answers whether it was added. */
export function addTarget(form: PlanForm, row: Omit<TargetRow, 'inspector_id'>, inspectorId: string | null): boolean {
  if (form.targets.some((t) => t.enterprise_id === row.enterprise_id)) return false
  form.targets.push({ ...row, inspector_id: inspectorId })
  return true
}

export function removeTarget(form: PlanForm, enterpriseId: string): void {
  form.targets = form.targets.filter((t) => t.enterprise_id !== enterpriseId)
}

/** Gives every target without an inspector (or all, with `all`) this inspector. */
export function assignInspector(form: PlanForm, inspectorId: string | null, all = false): void {
  if (!inspectorId) return
  for (const t of form.targets) if (all || !t.inspector_id) t.inspector_id = inspectorId
}

export function checkPlanForm(f: PlanForm): PlanErrors {
  const e: PlanErrors = {}
  if (!f.title.trim()) e.title = '请填写计划名称'
  if (!f.template_id) e.template_id = '请选择检查表'
  if (!f.starts_on) e.starts_on = '请选择开始日期'
  if (!f.due_on) e.due_on = '请选择完成期限'
  else if (f.starts_on && f.due_on < f.starts_on) e.due_on = '完成期限不能早于开始日期'
  if (f.targets.length === 0) e.targets = '请添加被检查企业'
  else {
    const missing = f.targets.filter((t) => !t.inspector_id)
    if (missing.length) e.targets = `请为 ${missing.map((t) => t.enterprise_name).join('、')} 指定检查人员`
  }
  return e
}

export function planFormToInput(f: PlanForm): InspectionPlanInput {
  const body: InspectionPlanInput = {
    title: f.title.trim(),
    template_id: f.template_id ?? '',
    starts_on: f.starts_on,
    due_on: f.due_on,
    targets: f.targets.map((t) => ({ enterprise_id: t.enterprise_id, inspector_id: t.inspector_id ?? '' })),
  }
  if (f.campaign_id) body.campaign_id = f.campaign_id
  if (f.note.trim()) body.note = f.note.trim()
  return body
}

/** Server field errors on the plan form: `targets[2].inspector_id` lands on `targets`. */
export function planErrorsFrom(errors: FieldError[]): PlanErrors {
  const out: PlanErrors = {}
  for (const err of errors) {
    const base = (err.field || '').split(/[.[]/)[0]
    if (base && !out[base]) out[base] = err.message
  }
  return out
}

export interface CampaignForm {
  name: string
  starts_on: DateString | ''
  ends_on: DateString | ''
  description: string
}

export function emptyCampaignForm(today: DateString): CampaignForm {
  return { name: '', starts_on: today, ends_on: '', description: '' }
}

export function checkCampaignForm(f: CampaignForm): Record<string, string> {
  const e: Record<string, string> = {}
  if (!f.name.trim()) e.name = '请填写专项检查名称'
  if (!f.starts_on) e.starts_on = '请选择开始日期'
  if (!f.ends_on) e.ends_on = '请选择结束日期'
  else if (f.starts_on && f.ends_on < f.starts_on) e.ends_on = '结束日期不能早于开始日期'
  return e
}

export function campaignFormToInput(f: CampaignForm): InspectionCampaignInput {
  return { name: f.name.trim(), starts_on: f.starts_on, ends_on: f.ends_on, description: f.description.trim() }
}

let inspectors: Promise<Inspector[]> | null = null

/**
 * The accounts of the user's unit that may be named inspectors (GET /api/inspections/inspectors),
 * fetched once per page load; [] without the right to plan inspections, or when the server refuses.
 */
export function fetchInspectors(mayPlan: boolean): Promise<Inspector[]> {
  if (!mayPlan) return Promise.resolve([])
  if (!inspectors) {
    inspectors = inspectorApi.candidates().catch(() => [])
  }
  return inspectors
}
