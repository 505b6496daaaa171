// The choices of the enterprise filters and form: district bureaus and industry categories.
import { categoryApi } from '@/api/enterprises'
import { orgApi } from '@/api/orgs'
import type { IndustryCategory, OrgRef } from '@/api/types'

/** The district bureaus the user may see (a district user: its own). */
export async function fetchDistricts(): Promise<OrgRef[]> {
  const page = await orgApi.list({ kind: 'district', page: 1, page_size: 100, sort: 'sort_order' })
  return page.items.map((o) => ({ id: o.id, name: o.name, kind: o.kind }))
}

export async function fetchCategories(): Promise<IndustryCategory[]> {
  const list = await categoryApi.list()
  return [...list].sort((a, b) => a.sort_order - b.sort_order || a.name.localeCompare(b.name, 'zh-CN'))
}

/** 秀英区商务局 → 秀英区 (the short name people use for a district). */
export function districtShortName(name: string): string {
  const i = name.indexOf('区')
  return i > 0 ? name.slice(0, i + 1) : name
}
