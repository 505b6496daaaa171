import { http } from './client'
import type { Me, Meta, OwnSession, TotpSetup } from './types'

export const authApi = {
  meta: () => http.get<Meta>('/api/meta', undefined, { silent: true, noAuthRedirect: true }),
  login: (body: { username: string; password: string; totp?: string }) =>
    http.post<Me>('/api/auth/login', body, { silent: true, noAuthRedirect: true }),
  logout: () => http.post('/api/auth/logout', undefined, { silent: true, noAuthRedirect: true }),
  me: () => http.get<Me>('/api/auth/me', undefined, { silent: true, noAuthRedirect: true }),
  changePassword: (body: { old_password: string; new_password: string }) =>
    http.post('/api/auth/password', body, { silent: true }),
  totpSetup: () => http.post<TotpSetup>('/api/auth/totp/setup'),
  totpEnable: (code: string) => http.post('/api/auth/totp/enable', { code }, { silent: true }),
  totpDisable: (password: string) => http.post('/api/auth/totp/disable', { password }, { silent: true }),
  sessions: () => http.get<OwnSession[]>('/api/auth/sessions'),
  endSession: (id: string) => http.del(`/api/auth/sessions/${encodeURIComponent(id)}`),
}
