// The choices of the hazard filters and forms: 隐患类别 (sorted as the dictionary orders them).
import { hazardCategoryApi, type HazardCategory } from '@/api/hazards'

export async function fetchHazardCategories(): Promise<HazardCategory[]> {
  const list = await hazardCategoryApi.list()
  return [...list].sort((a, b) => a.sort_order - b.sort_order || a.name.localeCompare(b.name, 'zh-CN'))
}
