// Labels and small rules of 隐患排查治理 and 自查自改自报 (kept beside the pages that use them).
// The server sends `*_label` with every record; these maps are for filters, forms and for
// values that come without a label (an event's `from_state`).
import type { HazardAction, HazardLevel, HazardSource, HazardState } from '@/api/hazards'
import type { SelfCheckPeriod } from '@/api/types'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const SOURCE_LABELS: Record<HazardSource, string> = {
  self_check: '企业自查',
  district_check: '区局检查',
  bureau_supervision: '市局督导',
  special_check: '专项检查',
  public_report: '群众举报',
  other: '其他',
}

export const LEVEL_LABELS: Record<HazardLevel, string> = {
  general: '一般隐患',
  major: '重大隐患',
}

export const STATE_LABELS: Record<HazardState, string> = {
  pending: '待整改',
  rectifying: '整改中',
  verifying: '待验收',
  closed: '已销号',
}

export const ACTION_LABELS: Record<HazardAction | 'report' | 'fixed_on_spot', string> = {
  report: '上报隐患',
  fixed_on_spot: '即查即改',
  start: '开始整改',
  submit_plan: '提交整改方案',
  supervise: '挂牌督办',
  submit: '整改完成，提交验收',
  accept: '验收通过',
  return: '退回整改',
  change_level: '调整等级',
  edit: '编辑',
}

export const SELF_CHECK_PERIOD_LABELS: Record<SelfCheckPeriod, string> = {
  none: '不要求',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
}

const options = <K extends string>(m: Record<K, string>) => (Object.keys(m) as K[]).map((value) => ({ value, label: m[value] }))

export const SOURCES = options(SOURCE_LABELS)
/** Sources staff may choose when they report (企业自查 is the enterprise's own). */
export const STAFF_SOURCES = SOURCES.filter((s) => s.value !== 'self_check')
export const LEVELS = options(LEVEL_LABELS)
export const STATES = options(STATE_LABELS)

/** The ledger's state filter: `open` (未销号: 待整改, 整改中, 待验收; the cockpit's figure) and each state. */
export const STATE_FILTER_LABELS: Record<HazardState | 'open', string> = { open: '未销号', ...STATE_LABELS }
export const STATE_FILTERS = options(STATE_FILTER_LABELS)
export const SELF_CHECK_PERIODS = options(SELF_CHECK_PERIOD_LABELS)

export function sourceLabel(v: string | null | undefined): string {
  return v ? (SOURCE_LABELS[v as HazardSource] ?? v) : '-'
}

export function levelLabel(v: string | null | undefined): string {
  return v ? (LEVEL_LABELS[v as HazardLevel] ?? v) : '-'
}

export function stateLabel(v: string | null | undefined): string {
  return v ? (STATE_LABELS[v as HazardState] ?? v) : '-'
}

export function actionLabel(v: string): string {
  return ACTION_LABELS[v as HazardAction] ?? v
}

/** 自查周期; a category without one is monthly (the server's default). */
export function selfCheckPeriodLabel(v: string | null | undefined): string {
  return SELF_CHECK_PERIOD_LABELS[(v || 'monthly') as SelfCheckPeriod] ?? v ?? '-'
}

const LEVEL_TAGS: Record<HazardLevel, TagType> = { general: 'warning', major: 'danger' }
const STATE_TAGS: Record<HazardState, TagType> = {
  pending: 'info',
  rectifying: 'primary',
  verifying: 'warning',
  closed: 'success',
}

/** 重大 red, 一般 orange. */
export function levelTag(level: string): TagType {
  return LEVEL_TAGS[level as HazardLevel] ?? 'info'
}

export function stateTag(state: string): TagType {
  return STATE_TAGS[state as HazardState] ?? 'info'
}

/** Timeline dot / tag colour of an event. */
export function eventTag(action: string): TagType {
  switch (action) {
    case 'accept':
    case 'fixed_on_spot':
      return 'success'
    case 'return':
    case 'supervise':
      return 'danger'
    case 'submit':
    case 'change_level':
      return 'warning'
    case 'edit':
      return 'info'
    default:
      return 'primary'
  }
}

/** "逾期N天" (empty when not overdue). */
export function overdueText(h: { overdue: boolean; overdue_days: number }): string {
  if (!h.overdue) return ''
  return h.overdue_days > 0 ? `逾期${h.overdue_days}天` : '已逾期'
}

/** The order the detail page offers its steps in. */
export const ACTION_ORDER: HazardAction[] = ['start', 'submit_plan', 'supervise', 'submit', 'accept', 'return', 'change_level', 'edit']

/** The steps the server offers, in page order (unknown ones dropped). */
export function orderedActions(actions: readonly string[] | null | undefined): HazardAction[] {
  const set = new Set(actions ?? [])
  return ACTION_ORDER.filter((a) => set.has(a))
}

/** The level of the user's unit: what the pages offer depends on it. */
export type UserLevel = 'enterprise' | 'district' | 'bureau'

/**
 * An enterprise user (who rectifies: `hazard.rectify`, or the role), a district bureau's staff,
 * or the municipal bureau (sections, leaders, and anyone else).
 */
export function userLevel(role: string | null | undefined, permissions: readonly string[]): UserLevel {
  if (role === 'enterprise_user' || permissions.includes('hazard.rectify')) return 'enterprise'
  if (role === 'district_staff') return 'district'
  return 'bureau'
}

/** 整改率 as people read it: 85.7%, 100%, "-" without hazards. */
export function formatRate(rate: number | null | undefined, found?: number): string {
  if (found === 0) return '-'
  if (typeof rate !== 'number' || !Number.isFinite(rate)) return '-'
  return `${Math.round(rate * 10) / 10}%`
}

/** 平均整改天数: one decimal, "-" when none was closed. */
export function formatDays(days: number | null | undefined): string {
  if (typeof days !== 'number' || !Number.isFinite(days)) return '-'
  return String(Math.round(days * 10) / 10)
}

/** 12345.5 → "12,345.5" (元); "-" for none. */
export function formatMoney(v: number | null | undefined): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-'
  return v.toLocaleString('zh-CN', { maximumFractionDigits: 2 })
}

/** The six parts of a 重大隐患's 整改方案, in order, with a hint of what each says. */
export const PLAN_PARTS: { key: 'goal' | 'methods' | 'funds' | 'organization' | 'schedule' | 'safety'; label: string; hint: string }[] = [
  { key: 'goal', label: '目标和任务', hint: '治理要达到的目标、要完成的任务' },
  { key: 'methods', label: '方法和措施', hint: '采取的技术、管理措施和治理方法' },
  { key: 'funds', label: '经费和物资', hint: '治理经费的数额、来源，所需物资的落实' },
  { key: 'organization', label: '机构和人员', hint: '负责治理的机构、负责人和参与人员' },
  { key: 'schedule', label: '时限和要求', hint: '各阶段完成时限和工作要求' },
  { key: 'safety', label: '安全措施和应急预案', hint: '治理期间的安全防范措施和应急处置预案' },
]
