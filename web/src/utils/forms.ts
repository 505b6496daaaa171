import { ApiError, notify } from '@/api/client'

/**
 * Reports a failed form submit: field errors go onto the form items (through
 * `applyFieldErrors`), and the problem's detail is shown as a message too.
 */
export function reportFormError(e: unknown, applyFieldErrors: (e: unknown) => boolean): void {
  applyFieldErrors(e)
  if (e instanceof ApiError) {
    if (e.status === 401 && e.code === 'unauthenticated') return // the client already redirects
    notify(e.detail)
  }
}
