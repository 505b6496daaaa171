// The filters of 隐患台账 and their place in the URL (?state=pending&overdue=true&page=2…),
// so a filtered ledger can be linked to (statistics, reminders) and survives a reload.
import type { HazardFilter, HazardLevel, HazardSource, HazardState } from '@/api/hazards'
import { LEVEL_LABELS, SOURCE_LABELS, STATE_FILTER_LABELS } from './labels'

export interface HazardFilterForm {
  district_id: string | null
  enterprise_id: string | null
  state: HazardState | 'open' | ''
  level: HazardLevel | ''
  category_id: string | null
  source: HazardSource | ''
  overdue: boolean
  supervised: boolean
  /** 发现日期 range [from, to], YYYY-MM-DD */
  found: [string, string] | null
  q: string
}

export interface LedgerQuery {
  filter: HazardFilterForm
  page: number
  page_size: number
  /** `found_on`, `-found_on` (the default), `deadline`, `-deadline`, `code`, `-code` */
  sort: string
}

export const DEFAULT_SORT = '-found_on'
export const DEFAULT_PAGE_SIZE = 20
const SORTS = new Set(['found_on', '-found_on', 'deadline', '-deadline', 'code', '-code'])
const DATE = /^\d{4}-\d{2}-\d{2}$/

export function emptyHazardFilter(): HazardFilterForm {
  return {
    district_id: null,
    enterprise_id: null,
    state: '',
    level: '',
    category_id: null,
    source: '',
    overdue: false,
    supervised: false,
    found: null,
    q: '',
  }
}

type QueryValue = string | null | (string | null)[] | undefined

function one(v: QueryValue): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s : ''
}

function pick<T extends string>(v: QueryValue, allowed: Record<T, string>): T | '' {
  const s = one(v)
  return s in allowed ? (s as T) : ''
}

/** Reads the ledger's state from the route query (unknown values are ignored). */
export function ledgerFromQuery(query: Record<string, QueryValue>): LedgerQuery {
  const from = one(query.found_from)
  const to = one(query.found_to)
  const page = Number.parseInt(one(query.page), 10)
  const size = Number.parseInt(one(query.page_size), 10)
  const sort = one(query.sort)
  return {
    filter: {
      district_id: one(query.district_id) || null,
      enterprise_id: one(query.enterprise_id) || null,
      state: pick(query.state, STATE_FILTER_LABELS),
      level: pick(query.level, LEVEL_LABELS),
      category_id: one(query.category_id) || null,
      source: pick(query.source, SOURCE_LABELS),
      overdue: one(query.overdue) === 'true',
      supervised: one(query.supervised) === 'true',
      found: DATE.test(from) && DATE.test(to) ? [from, to] : null,
      q: one(query.q),
    },
    page: page > 0 ? page : 1,
    page_size: [10, 20, 50, 100].includes(size) ? size : DEFAULT_PAGE_SIZE,
    sort: SORTS.has(sort) ? sort : DEFAULT_SORT,
  }
}

/** The API filter (blank ones left out; the flags only when on). */
export function filterToApi(f: HazardFilterForm): HazardFilter {
  const out: HazardFilter = {}
  if (f.district_id) out.district_id = f.district_id
  if (f.enterprise_id) out.enterprise_id = f.enterprise_id
  if (f.state) out.state = f.state
  if (f.level) out.level = f.level
  if (f.category_id) out.category_id = f.category_id
  if (f.source) out.source = f.source
  if (f.overdue) out.overdue = true
  if (f.supervised) out.supervised = true
  if (f.found?.[0] && f.found?.[1]) {
    out.found_from = f.found[0]
    out.found_to = f.found[1]
  }
  const q = f.q.trim()
  if (q) out.q = q
  return out
}

/** The route query of a ledger state (defaults left out, so the plain page is `/hazards`). */
export function ledgerToQuery(s: LedgerQuery): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(filterToApi(s.filter))) out[k] = String(v)
  if (s.page > 1) out.page = String(s.page)
  if (s.page_size !== DEFAULT_PAGE_SIZE) out.page_size = String(s.page_size)
  if (s.sort !== DEFAULT_SORT) out.sort = s.sort
  return out
}

/** Two route queries name the same ledger state. */
export function sameQuery(a: Record<string, QueryValue>, b: Record<string, QueryValue>): boolean {
  return JSON.stringify(ledgerToQuery(ledgerFromQuery(a))) === JSON.stringify(ledgerToQuery(ledgerFromQuery(b)))
}

/** el-table sort state of a `sort` value (for `default-sort`). */
export function tableSort(sort: string): { prop: string; order: 'ascending' | 'descending' } {
  return sort.startsWith('-') ? { prop: sort.slice(1), order: 'descending' } : { prop: sort, order: 'ascending' }
}
