// Labels and small rules of 企业管理 (kept here, beside the pages that use them).
import type { BusinessStatus, NoticePeriod, ProfileItemCode, ProfileState } from '@/api/types'

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const BUSINESS_STATUS_LABELS: Record<BusinessStatus, string> = {
  operating: '在营',
  suspended: '停业',
  cancelled: '注销',
}

export const BUSINESS_STATUSES = (Object.keys(BUSINESS_STATUS_LABELS) as BusinessStatus[]).map((value) => ({
  value,
  label: BUSINESS_STATUS_LABELS[value],
}))

const BUSINESS_STATUS_TAGS: Record<BusinessStatus, TagType> = {
  operating: 'success',
  suspended: 'warning',
  cancelled: 'info',
}

export function businessStatusTag(status: string): TagType {
  return BUSINESS_STATUS_TAGS[status as BusinessStatus] ?? 'info'
}

/** The six items of 安全生产管理体系, in the order the page shows them. */
export const PROFILE_ITEMS: { value: ProfileItemCode; label: string }[] = [
  { value: 'responsibility', label: '全员安全生产责任制' },
  { value: 'rules', label: '安全生产管理制度' },
  { value: 'team', label: '安全管理机构和人员' },
  { value: 'standardization', label: '安全生产标准化' },
  { value: 'risk_reporting', label: '安全风险管控和主动报告制度' },
  { value: 'commitment', label: '年度安全承诺' },
]

export function profileItemLabel(item: string): string {
  return PROFILE_ITEMS.find((i) => i.value === item)?.label ?? item
}

export const PROFILE_STATE_LABELS: Record<ProfileState, string> = {
  missing: '未填报',
  draft: '待提交',
  submitted: '待审核',
  approved: '已通过',
  returned: '已退回',
}

const PROFILE_STATE_TAGS: Record<ProfileState, TagType> = {
  missing: 'info',
  draft: 'primary',
  submitted: 'warning',
  approved: 'success',
  returned: 'danger',
}

export function profileStateTag(state: string): TagType {
  return PROFILE_STATE_TAGS[state as ProfileState] ?? 'info'
}

export const NOTICE_PERIOD_LABELS: Record<NoticePeriod, string> = {
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
}

/** 承诺公告周期 options of the 行业类别 form; '' stands for 无 (null). */
export const NOTICE_PERIOD_OPTIONS: { value: NoticePeriod | ''; label: string }[] = [
  { value: 'daily', label: '每日' },
  { value: 'weekly', label: '每周' },
  { value: 'monthly', label: '每月' },
  { value: '', label: '无' },
]

export function noticePeriodLabel(p: string | null | undefined): string {
  return p ? (NOTICE_PERIOD_LABELS[p as NoticePeriod] ?? p) : '无'
}

/** Colour of a completeness bar: red below 50, orange below 100, green at 100. */
export function scoreColor(score: number): string {
  if (score >= 100) return '#67c23a'
  if (score >= 50) return '#e6a23c'
  return '#f56c6c'
}

/** Whole percent 0–100 of a score the server sends (clamped, rounded). */
export function clampScore(score: number | null | undefined): number {
  if (typeof score !== 'number' || !Number.isFinite(score)) return 0
  return Math.max(0, Math.min(100, Math.round(score)))
}

// ---- 统一社会信用代码 (GB 32100-2015) ----

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character of the first 17 characters, or null when they are not valid. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CODE_CHARS.indexOf(first17[i])
    if (v < 0) return null
    sum += v * CODE_WEIGHTS[i]
  }
  return CODE_CHARS[(31 - (sum % 31)) % 31]
}

/** An 18-character code whose check character is right (upper case expected). */
export function isCreditCode(code: string): boolean {
  return code.length === 18 && creditCodeCheckChar(code.slice(0, 17)) === code[17]
}
