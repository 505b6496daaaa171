import { ref, shallowRef } from 'vue'
import type { ListParams, Page } from '@/api/types'
import { sortParam } from '@/utils/labels'

/** State and handlers for a server-paged, server-sorted table. */
export function usePagedList<T>(fetchPage: (p: Required<Pick<ListParams, 'page' | 'page_size'>> & { sort?: string }) => Promise<Page<T>>, defaultSort?: string) {
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(20)
  const sort = ref<string | undefined>(defaultSort)
  const loading = ref(false)
  let seq = 0

  async function load() {
    const mine = ++seq
    loading.value = true
    try {
      const res = await fetchPage({ page: page.value, page_size: pageSize.value, sort: sort.value })
      if (mine !== seq) return
      items.value = res.items
      total.value = res.total
    } catch {
      if (mine === seq) {
        items.value = []
        total.value = 0
      }
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** Back to page 1 and reload (after a filter change). */
  function search() {
    page.value = 1
    return load()
  }

  function onSortChange({ prop, order }: { prop: string | null; order: string | null }) {
    sort.value = sortParam(prop, order) ?? defaultSort
    page.value = 1
    void load()
  }

  function onPageChange(p: number) {
    page.value = p
    void load()
  }

  function onSizeChange(s: number) {
    pageSize.value = s
    page.value = 1
    void load()
  }

  return { items, total, page, pageSize, sort, loading, load, search, onSortChange, onPageChange, onSizeChange }
}
