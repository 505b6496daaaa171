// The choices of the training forms: the whole roster of the user's enterprise (the attendance
// picker, the certificate holder), read page by page (the server answers at most 200 a page).
import { employeeApi, type Employee } from '@/api/training'

const PAGE = 200
const MAX_PAGES = 25

/** Every person on the roster (active only unless `all`), in the server's order. */
export async function fetchRoster(opts: { all?: boolean; enterpriseId?: string | null } = {}): Promise<Employee[]> {
  const out: Employee[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await employeeApi.list({
      active: opts.all ? null : true,
      enterprise_id: opts.enterpriseId ?? undefined,
      page,
      page_size: PAGE,
    })
    out.push(...res.items)
    if (res.items.length < PAGE || out.length >= res.total) break
  }
  return out
}

/** "张三 · 收银员 · 从业人员" */
export function personLabel(e: Pick<Employee, 'name' | 'post' | 'category_label'>): string {
  return [e.name, e.post, e.category_label].filter(Boolean).join(' · ')
}
