// Whether the user may open an app link: it names a page that exists (not the 404 catch-all)
// and every route on the way allows the user's permissions. Figures whose list the user may
// not open are shown as plain numbers.
import type { Router } from 'vue-router'

export function canOpen(router: Pick<Router, 'resolve'>, has: (permission: string) => boolean, to: string | null | undefined): boolean {
  if (!to) return false
  let r
  try {
    r = router.resolve(to)
  } catch {
    return false
  }
  if (!r.matched.length || r.name === 'not-found') return false
  return r.matched.every((m) => !m.meta.permission || has(m.meta.permission))
}
