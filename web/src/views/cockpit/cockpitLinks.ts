// Where each figure of the 领导驾驶舱 leads: the list behind it, with the same filters
// (the district included), in the query parameters that list reads from its URL.
//
// - 隐患台账 /hazards reads district_id, state, level, overdue=true, found_from/found_to
//   (views/hazards/hazardFilter.ts).
// - 风险点清单 /risk-points reads grade (major|large|general|low) and district_id.
// - 诚信 /credit reads grade (A|B|C|D) and district_id (docs/api-accountability.md).
// - 方案详情 /campaigns/{id} reads tab=board (挂图作战 with its 逾期事项 list) and unit_kind
//   (section|district|enterprise|agency|all; absent: 区商务局).
// - 我的检查 /inspections reads state and mine=false (the whole scope, not only one's own).
// - 函送执法 /referrals takes state and district_id (docs/api-accountability.md).
//
// Pure functions: the view decides whether the user may open a target at all.
import type { CockpitCredit, CockpitRisk } from '@/api/cockpit'

export interface LinkScope {
  /** the district chosen by a city user; null for 全市 and for a district user (its scope is its own) */
  district_id?: string | null
}

/**
 * "Not closed" (待整改, 整改中, 待验收) as the ledger's `state`. The ledger's state filter knows
 * pending / rectifying / verifying / closed only: `open` has to be added there (and to
 * GET /api/hazards) for these links to show exactly the cockpit's figure.
 */
export const HAZARD_STATE_OPEN = 'open'

type Params = [string, string | number | boolean | null | undefined][]

/** A path with its query (blank values left out, the order as given). */
export function withQuery(path: string, params: Params): string {
  const q = new URLSearchParams()
  for (const [k, v] of params) {
    if (v === null || v === undefined || v === '' || v === false) continue
    q.append(k, String(v))
  }
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

const district = (s: LinkScope): [string, string | null | undefined] => ['district_id', s.district_id]
const seg = (id: string) => encodeURIComponent(id)

/** The first and last day of a month "2026-02" → ["2026-02-01", "2026-02-28"]; null if not a month. */
export function monthBounds(month: string): [string, string] | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  if (!m) return null
  const year = Number(m[1])
  const mon = Number(m[2])
  if (mon < 1 || mon > 12) return null
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate()
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`]
}

// ----- hazards -----------------------------------------------------------------------

/** 未销号隐患 → the ledger, state not closed. */
export function hazardsOpenLink(s: LinkScope): string {
  return withQuery('/hazards', [district(s), ['state', HAZARD_STATE_OPEN]])
}

/** 逾期隐患 → the ledger, 仅看逾期 (open hazards past their deadline). */
export function hazardsOverdueLink(s: LinkScope): string {
  return withQuery('/hazards', [district(s), ['overdue', true]])
}

/** 重大隐患 (open) → the ledger, level 重大, not closed. */
export function majorOpenLink(s: LinkScope): string {
  return withQuery('/hazards', [district(s), ['state', HAZARD_STATE_OPEN], ['level', 'major']])
}

/** 整改率 → the hazards already closed (已销号). */
export function hazardsClosedLink(s: LinkScope): string {
  return withQuery('/hazards', [district(s), ['state', 'closed']])
}

/** A month of 隐患发现/销号 → the ledger, found in that month. */
export function hazardsFoundInMonthLink(s: LinkScope, month: string): string {
  const b = monthBounds(month)
  return withQuery('/hazards', [district(s), ['found_from', b?.[0]], ['found_to', b?.[1]]])
}

/** One hazard of the 重大隐患 table. */
export function hazardLink(id: string): string {
  return `/hazards/${seg(id)}`
}

// ----- risk --------------------------------------------------------------------------

export type RiskKey = keyof CockpitRisk

/** A colour of the risk map → the risk points of that grade; 未评估 → 四色分布. */
export function riskLink(s: LinkScope, key: RiskKey): string {
  if (key === 'unassessed') return '/risk/distribution'
  return withQuery('/risk-points', [district(s), ['grade', key]])
}

// ----- credit ------------------------------------------------------------------------

export type CreditKey = keyof CockpitCredit

/** A credit grade → 诚信 list of that grade (`grade=A`); 未评分 has no list (null). */
export function creditLink(s: LinkScope, key: CreditKey): string | null {
  if (key === 'unscored') return null
  return withQuery('/credit', [district(s), ['grade', key.toUpperCase()]])
}

// ----- campaign ----------------------------------------------------------------------

/** The campaign's 挂图作战 (its 逾期事项 list of overdue assignments). */
export function campaignOverdueLink(campaignId: string): string {
  return withQuery(`/campaigns/${seg(campaignId)}`, [['tab', 'board']])
}

/**
 * A bar of 逾期任务（按单位）→ the campaign's 挂图作战. A bar of a district's enterprises
 * (「秀英区辖区企业」: its org_id is the district's, not an enterprise's) opens the board on
 * 企业 (`unit_kind=enterprise`: the enterprise page, most unfinished first, and the
 * completion per district); a unit of the bureau opens it as it is (区商务局).
 */
export function campaignOverdueUnitLink(campaignId: string, unit?: { org_name: string } | null): string {
  const enterprises = !!unit && unit.org_name.endsWith('辖区企业')
  return withQuery(`/campaigns/${seg(campaignId)}`, [
    ['tab', 'board'],
    ['unit_kind', enterprises ? 'enterprise' : null],
  ])
}

/** The campaign's task list (完成率, accepted assignments). */
export function campaignLink(campaignId: string): string {
  return `/campaigns/${seg(campaignId)}`
}

// ----- the rest ----------------------------------------------------------------------

export function weatherLink(id?: string | null): string {
  return id ? `/weather/${seg(id)}` : '/weather'
}

/** 督导检查 done (已完成) or open (检查中), the whole scope. */
export function inspectionsLink(which: 'done' | 'open'): string {
  return withQuery('/inspections', [
    ['state', which === 'done' ? 'completed' : 'in_progress'],
    ['mine', 'false'],
  ])
}

export function trainingCoverageLink(): string {
  return '/training/coverage'
}

/** 函送执法: concluded ones (已反馈结果), or all of them (no filter for "not concluded"). */
export function referralsLink(s: LinkScope, which: 'open' | 'concluded'): string {
  return withQuery('/referrals', [district(s), ['state', which === 'concluded' ? 'concluded' : null]])
}

/** 自查: the records done, or 自查情况 (who is due and who has not done it). */
export function selfChecksLink(s: LinkScope, which: 'done' | 'due'): string {
  return which === 'done' ? withQuery('/self-checks', [district(s)]) : withQuery('/self-checks/status', [district(s)])
}
