import { http } from './client'
import type { ListParams, Page, Policy, Session } from './types'

export const securityApi = {
  policy: () => http.get<Policy>('/api/security/policy'),
  savePolicy: (p: Policy) => http.put<Policy>('/api/security/policy', p, { silent: true }),
  sessions: (f: { username?: string } & ListParams) => http.get<Page<Session>>('/api/security/sessions', { ...f }),
  endSession: (sessionId: string) => http.del(`/api/security/sessions/${encodeURIComponent(sessionId)}`),
}
