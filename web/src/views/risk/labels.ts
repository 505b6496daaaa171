// Labels, colours and small rules of 风险分级管控 (kept beside the pages that use them). The
// server sends `*_label` with every record and the vocabulary with GET /api/risk/methods; these
// maps are the fallback for filters, forms and values that come without a label.
import type { ControlTier, MeasureKind, PointKind, RiskColour, RiskGrade } from '@/api/risk'

/** Highest first: the order of legends, counts and filters. */
export const GRADE_ORDER: RiskGrade[] = ['major', 'large', 'general', 'low']

export const GRADE_LABELS: Record<RiskGrade, string> = {
  major: '重大风险',
  large: '较大风险',
  general: '一般风险',
  low: '低风险',
}

export const GRADE_SHORT: Record<RiskGrade, string> = {
  major: '重大',
  large: '较大',
  general: '一般',
  low: '低',
}

/** The four colours of the risk map: 重大 red, 较大 orange, 一般 yellow, 低 blue. */
export const GRADE_COLOURS: Record<RiskGrade, RiskColour> = {
  major: 'red',
  large: 'orange',
  general: 'yellow',
  low: 'blue',
}

/** The colours as painted (shared with the weather warnings' colours). */
export const COLOUR_HEX: Record<RiskColour, string> = {
  red: '#e8262d',
  orange: '#f28c18',
  yellow: '#f7d51d',
  blue: '#1f6fe5',
}

/** Text on a coloured background: dark on yellow, white on the others. */
export const COLOUR_TEXT: Record<RiskColour, string> = {
  red: '#ffffff',
  orange: '#ffffff',
  yellow: '#303133',
  blue: '#ffffff',
}

/** The grey of "no grade" (未评估). */
export const NONE_HEX = '#c0c4cc'

export const GRADES = GRADE_ORDER.map((value) => ({ value, label: GRADE_LABELS[value], short: GRADE_SHORT[value] }))

export function isGrade(v: unknown): v is RiskGrade {
  return typeof v === 'string' && (GRADE_ORDER as string[]).includes(v)
}

export function gradeLabel(g: string | null | undefined): string {
  return isGrade(g) ? GRADE_LABELS[g] : '未评估'
}

/** The colour of a grade (or the colour the server sent); null for none / unknown. */
export function gradeColour(g: string | null | undefined, colour?: string | null): RiskColour | null {
  if (colour && colour in COLOUR_HEX) return colour as RiskColour
  return isGrade(g) ? GRADE_COLOURS[g] : null
}

/** Inline style of a coloured tag or badge: background, text and border. */
export function colourStyle(colour: string | null | undefined): { background: string; color: string; borderColor: string } {
  const c = colour && colour in COLOUR_HEX ? (colour as RiskColour) : null
  if (!c) return { background: '#f4f4f5', color: '#909399', borderColor: '#e9e9eb' }
  return { background: COLOUR_HEX[c], color: COLOUR_TEXT[c], borderColor: COLOUR_HEX[c] }
}

export const POINT_KIND_LABELS: Record<PointKind, string> = {
  place: '场所/区域',
  activity: '作业活动',
}

export const POINT_KINDS = (Object.keys(POINT_KIND_LABELS) as PointKind[]).map((value) => ({ value, label: POINT_KIND_LABELS[value] }))

export const MEASURE_KIND_LABELS: Record<MeasureKind, string> = {
  engineering: '工程技术措施',
  management: '管理措施',
  training: '培训教育措施',
  ppe: '个体防护措施',
  emergency: '应急处置措施',
}

/** Highest first. */
export const TIER_ORDER: ControlTier[] = ['unit', 'department', 'team', 'post']

export const TIER_LABELS: Record<ControlTier, string> = {
  unit: '单位级',
  department: '部门级',
  team: '班组级',
  post: '岗位级',
}

/** The lowest tier that may control a risk of a grade: 重大 单位级, 较大 部门级, 一般 班组级, 低 岗位级. */
export const REQUIRED_TIER: Record<RiskGrade, ControlTier> = {
  major: 'unit',
  large: 'department',
  general: 'team',
  low: 'post',
}

/** This tier may control a risk of `grade` (a higher tier always may). */
export function tierCovers(tier: ControlTier, grade: RiskGrade): boolean {
  return TIER_ORDER.indexOf(tier) <= TIER_ORDER.indexOf(REQUIRED_TIER[grade])
}

/** "重大风险应由单位级管控" / "较大风险应由部门级或以上管控". */
export function tierRule(grade: RiskGrade): string {
  const need = REQUIRED_TIER[grade]
  return need === 'unit' ? `${GRADE_LABELS[grade]}应由单位级管控` : `${GRADE_LABELS[grade]}应由${TIER_LABELS[need]}或以上管控`
}

/** A factor's option as the drop-downs show it: "3 — 可能，但不经常". */
export function factorOptionLabel(c: { value: number; label: string }): string {
  return `${formatFactor(c.value)} — ${c.label}`
}

/** 0.5 → "0.5", 10 → "10" (no float noise). */
export function formatFactor(v: number): string {
  return String(Math.round(v * 100) / 100)
}

/** A score as people read it: 270, 0.25, 12. */
export function formatScore(v: number | null | undefined): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-'
  return String(Math.round(v * 100) / 100)
}

/** Who fills risk points for the own enterprise (risk.write, or the role) rather than watching them. */
export function isEnterpriseUser(role: string | null | undefined, permissions: readonly string[]): boolean {
  return role === 'enterprise_user' || (permissions.includes('risk.write') && role !== 'section_staff' && role !== 'district_staff')
}

/** When points are assessed again (the suggestion of the form). */
export const REASSESS_HINT = '建议复评周期：重大风险3个月，较大风险6个月，一般风险和低风险12个月'
