import type {
  AssignmentState,
  AuditResult,
  Band,
  Deadline,
  DeadlineKind,
  NotificationKind,
  OrgGroupRule,
  OrgKind,
  TaskStatus,
  WebhookKind,
} from '@/api/types'

export const ROLE_LABELS: Record<string, string> = {
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
  leader: '局领导',
  section_staff: '局科室人员',
  district_staff: '区商务局人员',
  enterprise_user: '企业用户',
  agency_user: '外部单位',
}

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  bureau: '市局',
  section: '局科室',
  district: '区商务局',
  enterprise: '企业',
  agency: '外部单位',
}

export const ORG_KINDS = Object.entries(ORG_KIND_LABELS).map(([value, label]) => ({
  value: value as OrgKind,
  label,
}))

export const GROUP_RULE_LABELS: Record<OrgGroupRule, string> = {
  districts: '全部区商务局',
  sections: '局全部科室',
  enterprises: '范围内全部企业',
  explicit: '指定单位',
}

export const GROUP_RULES = Object.entries(GROUP_RULE_LABELS).map(([value, label]) => ({
  value: value as OrgGroupRule,
  label,
}))

export const AUDIT_RESULT_LABELS: Record<AuditResult, string> = {
  success: '成功',
  failure: '失败',
  denied: '拒绝',
}

export const USER_STATUS_LABELS: Record<string, string> = {
  active: '正常',
  disabled: '停用',
}

export function roleLabel(code: string | null | undefined): string {
  if (!code) return '-'
  return ROLE_LABELS[code] ?? code
}

/** "el-table sort-change" → contract sort param (`field` / `-field`). */
export function sortParam(prop: string | null | undefined, order: string | null | undefined): string | undefined {
  if (!prop || !order) return undefined
  return order === 'descending' ? `-${prop}` : prop
}

/**
 * Splits pasted unit phrases: one per line, or separated by 、 (also ，；, which
 * people type when pasting lists). Blank items are dropped, duplicates kept once.
 */
export function splitPhrases(text: string): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of text.split(/[\r\n、，；,;]+/)) {
    const p = raw.trim()
    if (p && !seen.has(p)) {
      seen.add(p)
      out.push(p)
    }
  }
  return out
}

// ---- campaign loop (docs/api-campaigns.md, "Labels") ----

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const ASSIGNMENT_STATE_LABELS: Record<AssignmentState, string> = {
  not_started: '未开始',
  in_progress: '进行中',
  submitted: '已报送',
  completed: '已完成',
  returned: '已退回',
}

export const ASSIGNMENT_STATES = Object.entries(ASSIGNMENT_STATE_LABELS).map(([value, label]) => ({
  value: value as AssignmentState,
  label,
}))

const ASSIGNMENT_STATE_TAGS: Record<AssignmentState, TagType> = {
  not_started: 'info',
  in_progress: 'primary',
  submitted: 'warning',
  completed: 'success',
  returned: 'danger',
}

export function assignmentStateTag(state: string): TagType {
  return ASSIGNMENT_STATE_TAGS[state as AssignmentState] ?? 'info'
}

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: '未开始',
  in_progress: '进行中',
  completed: '已完成',
}

export const TASK_STATUSES = Object.entries(TASK_STATUS_LABELS).map(([value, label]) => ({
  value: value as TaskStatus,
  label,
}))

const TASK_STATUS_TAGS: Record<TaskStatus, TagType> = {
  not_started: 'info',
  in_progress: 'primary',
  completed: 'success',
}

export function taskStatusTag(status: string): TagType {
  return TASK_STATUS_TAGS[status as TaskStatus] ?? 'info'
}

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  window: '时间段',
  by: '截止',
  ongoing: '长期',
  recurring: '周期',
  unknown: '未识别',
}

/** The dates of a deadline: "2021-03-01 至 2021-03-31", one date, or "" when there are none. */
export function deadlineRange(d: Pick<Deadline, 'start' | 'end'> | null | undefined): string {
  if (!d) return ''
  const { start, end } = d
  if (start && end) return start === end ? start : `${start} 至 ${end}`
  if (end) return `${end} 前`
  if (start) return `${start} 起`
  return ''
}

// ---- battle map, reminders, notifications ----

/** Band of a board task (docs/api-campaigns.md, "Battle map"), in legend order. */
export const BAND_LABELS: Record<Band, string> = {
  done: '已完成',
  on_time: '正常',
  at_risk: '临期',
  overdue: '逾期',
  open: '长期',
}

/** Element Plus' success / primary / warning / danger / info colours. */
export const BAND_COLORS: Record<Band, string> = {
  done: '#67c23a',
  on_time: '#409eff',
  at_risk: '#e6a23c',
  overdue: '#f56c6c',
  open: '#909399',
}

export const BANDS = (Object.keys(BAND_LABELS) as Band[]).map((value) => ({
  value,
  label: BAND_LABELS[value],
  color: BAND_COLORS[value],
}))

export function bandLabel(band: string): string {
  return BAND_LABELS[band as Band] ?? band
}

export function bandColor(band: string): string {
  return BAND_COLORS[band as Band] ?? BAND_COLORS.open
}

/** Dot colours of the unit × task matrix, by assignment state. */
export const ASSIGNMENT_STATE_COLORS: Record<AssignmentState, string> = {
  not_started: '#c0c4cc',
  in_progress: '#409eff',
  submitted: '#e6a23c',
  completed: '#67c23a',
  returned: '#f56c6c',
}

export function assignmentStateLabel(state: string): string {
  return ASSIGNMENT_STATE_LABELS[state as AssignmentState] ?? state
}

export function assignmentStateColor(state: string): string {
  return ASSIGNMENT_STATE_COLORS[state as AssignmentState] ?? ASSIGNMENT_STATE_COLORS.not_started
}

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  deadline_soon: '即将到期',
  deadline_today: '今日到期',
  overdue: '已逾期',
  lead_digest: '每日汇总',
}

const NOTIFICATION_KIND_TAGS: Record<NotificationKind, TagType> = {
  deadline_soon: 'warning',
  deadline_today: 'warning',
  overdue: 'danger',
  lead_digest: 'primary',
}

export function notificationKindLabel(kind: string): string {
  return NOTIFICATION_KIND_LABELS[kind as NotificationKind] ?? '通知'
}

export function notificationKindTag(kind: string): TagType {
  return NOTIFICATION_KIND_TAGS[kind as NotificationKind] ?? 'info'
}

export const WEBHOOK_KIND_LABELS: Record<WebhookKind, string> = {
  wecom: '企业微信',
  dingtalk: '钉钉',
}

export const WEBHOOK_KINDS = Object.entries(WEBHOOK_KIND_LABELS).map(([value, label]) => ({
  value: value as WebhookKind,
  label,
}))
