import { reactive } from 'vue'
import { ApiError } from '@/api/client'

/**
 * Server-side validation errors for a form: bind `errors.<field>` to the
 * `error` prop of the matching el-form-item.
 *
 *   const fe = useFieldErrors(['username', 'display_name'])
 *   <el-form-item :error="fe.errors.username">
 *   try { … } catch (e) { if (!fe.apply(e)) … }
 */
export function useFieldErrors<F extends string>(fields: readonly F[]) {
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, '']))) as Record<F, string>

  function clear() {
    for (const f of fields) errors[f] = ''
  }

  /**
   * Puts the field errors of an ApiError on the form. A field like `aliases[2]`
   * or `aliases.2` lands on `aliases`. Answers true when at least one matched.
   */
  function apply(e: unknown): boolean {
    clear()
    if (!(e instanceof ApiError) || e.errors.length === 0) return false
    let matched = false
    for (const item of e.errors) {
      const base = (item.field || '').split(/[.[]/)[0] as F
      if ((fields as readonly string[]).includes(base) && !errors[base]) {
        errors[base] = item.message
        matched = true
      }
    }
    return matched
  }

  return { errors, clear, apply }
}
