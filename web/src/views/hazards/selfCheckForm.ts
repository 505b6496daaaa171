// 填报自查: the form of a self-check record (date, scope, inspectors, an optional checklist,
// attachments, and either "nothing found" or the hazards found, each a 上报隐患 form), its
// checks, its body, and server errors (`hazards[1].description`, `items[0].item`) placed on
// the right hazard or checklist row.
import type { CheckResult, SelfCheckInput, SelfCheckItem } from '@/api/hazards'
import type { FieldError, FileBrief } from '@/api/types'
import {
  baseField,
  checkHazardForm,
  emptyHazardForm,
  hazardErrorsFrom,
  hazardFormToInput,
  isDate,
  syncHazardForm,
  type HazardErrors,
  type HazardForm,
} from './hazardForm'

export const CHECK_RESULTS: CheckResult[] = ['符合', '不符合', '不适用']

/** A few common check items, offered on a new record (rows can be removed or added). */
export const DEFAULT_CHECK_ITEMS = [
  '消防设施器材完好有效',
  '疏散通道和安全出口畅通',
  '电气线路无私拉乱接',
  '燃气使用场所通风和报警装置正常',
  '安全警示标志齐全',
]

export interface CheckRow {
  key: number
  item: string
  result: CheckResult
  note: string
}

export interface FoundHazard {
  key: number
  form: HazardForm
}

export interface SelfCheckForm {
  checked_on: string
  scope: string
  inspectors: string
  items: CheckRow[]
  attachments: FileBrief[]
  no_hazards: boolean
  hazards: FoundHazard[]
  note: string
}

export const SELF_CHECK_FIELDS = ['checked_on', 'scope', 'inspectors', 'items', 'attachments', 'no_hazards', 'hazards', 'note'] as const
export type SelfCheckField = (typeof SELF_CHECK_FIELDS)[number]

let keySeq = 0
const nextKey = () => ++keySeq

export function checkRow(item = '', result: CheckResult = '符合', note = ''): CheckRow {
  return { key: nextKey(), item, result, note }
}

/** A hazard found by the check: dated and found by the check's own date and inspectors. */
export function foundHazard(form: Pick<SelfCheckForm, 'checked_on' | 'inspectors'>): FoundHazard {
  const h = emptyHazardForm(form.checked_on)
  h.source = 'self_check'
  h.found_by = form.inspectors.trim()
  return { key: nextKey(), form: h }
}

export function emptySelfCheckForm(today: string): SelfCheckForm {
  return {
    checked_on: today,
    scope: '',
    inspectors: '',
    items: DEFAULT_CHECK_ITEMS.map((i) => checkRow(i)),
    attachments: [],
    no_hazards: false,
    hazards: [],
    note: '',
  }
}

/** After 检查日期 / 检查人员 changed: the hazards follow (deadline too, unless set by hand). */
export function syncFoundHazards(form: SelfCheckForm): void {
  for (const h of form.hazards) {
    h.form.found_on = form.checked_on
    h.form.found_by = form.inspectors.trim()
    syncHazardForm(h.form)
  }
}

export interface SelfCheckErrors {
  form: Partial<Record<SelfCheckField, string>>
  /** by checklist row index */
  items: Record<number, string>
  /** by hazard index */
  hazards: Record<number, HazardErrors>
}

export function emptyErrors(): SelfCheckErrors {
  return { form: {}, items: {}, hazards: {} }
}

export function hasErrors(e: SelfCheckErrors): boolean {
  return Object.keys(e.form).length > 0 || Object.keys(e.items).length > 0 || Object.values(e.hazards).some((h) => Object.keys(h).length > 0)
}

/** The client checks; `today` in China. */
export function checkSelfCheckForm(form: SelfCheckForm, today: string): SelfCheckErrors {
  const e = emptyErrors()
  if (!isDate(form.checked_on)) e.form.checked_on = '请选择检查日期'
  else if (today && form.checked_on > today) e.form.checked_on = '检查日期不能晚于今天'
  if (!form.scope.trim()) e.form.scope = '请填写检查范围'
  if (!form.inspectors.trim()) e.form.inspectors = '请填写检查人员'
  form.items.forEach((row, i) => {
    if (!row.item.trim() && row.note.trim()) e.items[i] = '请填写检查项目'
  })
  if (form.no_hazards) {
    // nothing else to check: the hazards are not sent
  } else if (form.hazards.length === 0) {
    e.form.hazards = '请添加发现的隐患，或勾选“本次检查未发现隐患”'
  } else {
    form.hazards.forEach((h, i) => {
      const he = checkHazardForm(h.form, { staff: false, selfCheck: true, today })
      if (Object.keys(he).length) e.hazards[i] = he
    })
  }
  return e
}

/** The checklist rows sent: blank rows are left out. */
function itemsToInput(rows: CheckRow[]): SelfCheckItem[] {
  return rows
    .filter((r) => r.item.trim())
    .map((r) => ({ item: r.item.trim(), result: r.result, ...(r.note.trim() ? { note: r.note.trim() } : {}) }))
}

/** The body of POST /api/self-checks. */
export function selfCheckToInput(form: SelfCheckForm, today: string): SelfCheckInput {
  const body: SelfCheckInput = {
    checked_on: form.checked_on,
    scope: form.scope.trim(),
    inspectors: form.inspectors.trim(),
    items: itemsToInput(form.items),
    no_hazards: form.no_hazards,
    hazards: form.no_hazards ? [] : form.hazards.map((h) => hazardFormToInput(h.form, { staff: false, selfCheck: true, today })),
    attachments: form.attachments.map((f) => f.id),
  }
  const note = form.note.trim()
  if (note) body.note = note
  return body
}

/**
 * Server field errors → the form (`scope`), a checklist row (`items[2].result`, counted among
 * the rows sent, i.e. without the blank ones) or a hazard (`hazards[1].photos[0]`).
 */
export function selfCheckErrorsFrom(errors: readonly Pick<FieldError, 'field' | 'message'>[], rows: CheckRow[]): SelfCheckErrors {
  const out = emptyErrors()
  const sentRows = rows.map((r, i) => ({ r, i })).filter((x) => x.r.item.trim())
  const grouped: Record<number, Pick<FieldError, 'field' | 'message'>[]> = {}
  for (const e of errors) {
    const m = /^(items|hazards)(?:\[(\d+)\]|\.(\d+))\.?(.*)$/.exec(e.field || '')
    if (m) {
      const n = Number(m[2] ?? m[3])
      if (m[1] === 'items') {
        const row = sentRows[n]
        if (row && !(row.i in out.items)) out.items[row.i] = e.message
        else if (!row && !out.form.items) out.form.items = e.message
      } else {
        ;(grouped[n] ??= []).push({ field: m[4], message: e.message })
      }
      continue
    }
    const f = baseField(e.field) as SelfCheckField
    if ((SELF_CHECK_FIELDS as readonly string[]).includes(f) && !out.form[f]) out.form[f] = e.message
  }
  for (const [n, list] of Object.entries(grouped)) {
    const he = hazardErrorsFrom(list)
    // an error on the hazard as a whole (`hazards[1]`) shows on its description
    const whole = list.find((x) => !x.field)
    if (whole && !he.description) he.description = whole.message
    out.hazards[Number(n)] = he
  }
  return out
}

/** "未发现隐患" or "发现N条（自改M条）". */
export function selfCheckResult(v: { no_hazards: boolean; hazards_found: number; fixed_on_spot: number }): string {
  if (v.no_hazards || v.hazards_found === 0) return '未发现隐患'
  return `发现${v.hazards_found}条（自改${v.fixed_on_spot}条）`
}
