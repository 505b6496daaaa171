// Labels, colours and small rules of 教育培训 (kept beside the pages that use them). The server
// sends `*_label` with every record; these maps are for filters and forms. Coverage rates come
// as fractions (0.6667) and are shown as whole percents (67%).
import type { EmployeeCategory, EvaluationGrade, TrainingKind } from '@/api/training'

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

const options = <K extends string>(m: Record<K, string>) => (Object.keys(m) as K[]).map((value) => ({ value, label: m[value] }))

export const CATEGORY_LABELS: Record<EmployeeCategory, string> = {
  principal: '主要负责人',
  safety_manager: '安全管理人员',
  special_worker: '特种作业人员',
  worker: '从业人员',
}

const CATEGORY_TAGS: Record<EmployeeCategory, TagType> = {
  principal: 'danger',
  safety_manager: 'warning',
  special_worker: 'primary',
  worker: 'info',
}

export const CATEGORIES = options(CATEGORY_LABELS)

export function categoryLabel(c: string | null | undefined): string {
  return c ? (CATEGORY_LABELS[c as EmployeeCategory] ?? c) : '-'
}

export function categoryTag(c: string | null | undefined): TagType {
  return CATEGORY_TAGS[c as EmployeeCategory] ?? 'info'
}

export const TRAINING_KIND_LABELS: Record<TrainingKind, string> = {
  pre_job: '岗前培训',
  annual: '年度再培训',
  special: '专项培训',
}

export const TRAINING_KINDS = options(TRAINING_KIND_LABELS)

export function trainingKindLabel(k: string | null | undefined): string {
  return k ? (TRAINING_KIND_LABELS[k as TrainingKind] ?? k) : '-'
}

/** Common certificate kinds (the form offers them; any text is accepted). */
export const CERTIFICATE_KINDS = [
  '主要负责人安全生产知识和管理能力考核合格证',
  '安全生产管理人员安全生产知识和管理能力考核合格证',
  '特种作业操作证（电工作业）',
  '特种作业操作证（焊接与热切割作业）',
  '特种作业操作证（高处作业）',
  '特种设备作业人员证',
]

/** Certificates expiring within this many days are painted red (the first reminder). */
export const EXPIRY_WARN_DAYS = 30

/** The tag of a certificate's days left: red when expired or ≤ 30 days, orange ≤ 90, green beyond. */
export function daysLeftTag(days: number | null | undefined): { type: TagType; text: string; urgent: boolean } {
  if (typeof days !== 'number' || !Number.isFinite(days)) return { type: 'info', text: '-', urgent: false }
  if (days < 0) return { type: 'danger', text: `已过期 ${-days} 天`, urgent: true }
  if (days === 0) return { type: 'danger', text: '今日到期', urgent: true }
  if (days <= EXPIRY_WARN_DAYS) return { type: 'danger', text: `剩余 ${days} 天`, urgent: true }
  if (days <= 90) return { type: 'warning', text: `剩余 ${days} 天`, urgent: false }
  return { type: 'success', text: `剩余 ${days} 天`, urgent: false }
}

/** 14.5 → "14.5", 8 → "8", 8.25 → "8.3" (hours to one decimal, no trailing zero). */
export function formatHours(h: number | null | undefined): string {
  if (typeof h !== 'number' || !Number.isFinite(h)) return '-'
  return String(Math.round(h * 10) / 10)
}

/** A rate (0..1) as a whole percent: 0.6667 → 67. Out-of-range rates are clamped. */
export function ratePercent(rate: number | null | undefined): number {
  if (typeof rate !== 'number' || !Number.isFinite(rate)) return 0
  return Math.round(Math.min(1, Math.max(0, rate)) * 100)
}

/** 0.6667 → "67%". */
export function formatRate(rate: number | null | undefined): string {
  return `${ratePercent(rate)}%`
}

/** The rate of trained people, 0 when there is nobody. */
export function rateOf(trained: number, employees: number): number {
  return employees > 0 ? trained / employees : 0
}

/** Colours of a coverage: green from 90 %, orange from 60 %, red below. */
export function rateColour(rate: number | null | undefined): string {
  const p = ratePercent(rate)
  if (p >= 90) return '#67c23a'
  if (p >= 60) return '#e6a23c'
  return '#f56c6c'
}

/** The last `count` years up to `current`, newest first (year filters). */
export function recentYears(current: number, count = 5): number[] {
  return Array.from({ length: count }, (_, i) => current - i)
}

/** The current year in China. */
export function chinaYear(today: string): number {
  return Number(today.slice(0, 4)) || new Date().getFullYear()
}

/** Whether the user is an enterprise user (its own roster; staff read enterprises in reach). */
export function isEnterpriseSide(role: string | null | undefined, permissions: readonly string[]): boolean {
  return role === 'enterprise_user' || (permissions.includes('training.write') && role !== 'section_staff' && role !== 'district_staff')
}

// ---------------------------------------------------------------------------- evaluation grades

export const GRADE_LABELS: Record<EvaluationGrade, string> = {
  excellent: '优秀',
  good: '良好',
  pass: '合格',
  fail: '不合格',
}

const GRADE_TAGS: Record<EvaluationGrade, TagType> = {
  excellent: 'success',
  good: 'primary',
  pass: 'warning',
  fail: 'danger',
}

export function gradeTag(g: string | null | undefined): TagType {
  return GRADE_TAGS[g as EvaluationGrade] ?? 'info'
}

/** A score in tenths (89.95 → 900): the server compares totals this way. */
export function tenths(v: number): number {
  return Math.round(v * 10)
}

/** 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below (compared in tenths). */
export function evaluationGrade(total: number): EvaluationGrade {
  const t = tenths(total)
  if (t >= 900) return 'excellent'
  if (t >= 800) return 'good'
  if (t >= 600) return 'pass'
  return 'fail'
}
