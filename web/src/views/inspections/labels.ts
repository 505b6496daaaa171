// Labels of 督导检查: states, answers, answer kinds, hazard levels of a rule. The server sends
// `state_label` with every inspection; these maps are for tabs, forms and the checklist.
import type { AnswerKind, ComplianceValue, InspectionState, RuleLevel } from '@/api/inspections'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const STATE_LABELS: Record<InspectionState, string> = {
  draft: '待检查',
  in_progress: '检查中',
  awaiting_confirmation: '待企业确认',
  completed: '已完成',
  cancelled: '已取消',
}

/** The tabs of 我的检查 ('' is 全部). */
export const STATE_TABS: { value: InspectionState | ''; label: string }[] = [
  { value: '', label: '全部' },
  { value: 'draft', label: '待检查' },
  { value: 'in_progress', label: '检查中' },
  { value: 'awaiting_confirmation', label: '待确认' },
  { value: 'completed', label: '已完成' },
]

const STATE_TAGS: Record<InspectionState, TagType> = {
  draft: 'info',
  in_progress: 'primary',
  awaiting_confirmation: 'warning',
  completed: 'success',
  cancelled: 'info',
}

export function stateTag(state: string): TagType {
  return STATE_TAGS[state as InspectionState] ?? 'info'
}

export function stateLabel(state: string | null | undefined): string {
  return state ? (STATE_LABELS[state as InspectionState] ?? state) : '-'
}

export const COMPLIANCE: { value: ComplianceValue; label: string }[] = [
  { value: 'compliant', label: '符合' },
  { value: 'non_compliant', label: '不符合' },
  { value: 'not_applicable', label: '不适用' },
]

export const COMPLIANCE_LABELS: Record<ComplianceValue, string> = {
  compliant: '符合',
  non_compliant: '不符合',
  not_applicable: '不适用',
}

export const KIND_LABELS: Record<AnswerKind, string> = {
  compliance: '符合性判断',
  number: '数值',
  text: '文字记录',
  photo: '拍照',
}

export const KINDS = (Object.keys(KIND_LABELS) as AnswerKind[]).map((value) => ({ value, label: KIND_LABELS[value] }))

export const RULE_LEVEL_LABELS: Record<RuleLevel, string> = {
  general: '一般隐患',
  major: '重大隐患',
}

export const RULE_LEVELS = (Object.keys(RULE_LEVEL_LABELS) as RuleLevel[]).map((value) => ({ value, label: RULE_LEVEL_LABELS[value] }))

export function ruleLevelTag(level: string): TagType {
  return level === 'major' ? 'danger' : 'warning'
}

/** "0 ~ 100 m"，"≥ 2 个", "≤ 30 ℃", '' without a range. */
export function rangeText(min: number | null | undefined, max: number | null | undefined, unit?: string | null): string {
  const u = unit ? ` ${unit}` : ''
  const has = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)
  if (has(min) && has(max)) return `${min} ~ ${max}${u}`
  if (has(min)) return `≥ ${min}${u}`
  if (has(max)) return `≤ ${max}${u}`
  return ''
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (the section numbers 一、二、…). */
export function cnNumber(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n >= 100) return String(n)
  if (n < 10) return DIGITS[n]
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`
}
