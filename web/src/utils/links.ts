/**
 * A notification's `link` as an app route to push, or null: only same-site paths
 * ("/my-tasks", "/tasks/…?…") are followed, never another site ("//host", "https://…").
 */
export function appLink(link: string | null | undefined): string | null {
  const v = (link ?? '').trim()
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return null
  return v
}
