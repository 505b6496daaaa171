import { defineStore } from 'pinia'
import { authApi } from '@/api/auth'
import { ApiError } from '@/api/client'
import type { Me, Pending, User } from '@/api/types'

interface AuthState {
  me: Me | null
  /** true once GET /api/auth/me has answered (logged in or not). */
  loaded: boolean
  /** the last known CSRF token (kept also after the user object is cleared). */
  csrfToken: string | null
}

export const useAuthStore = defineStore('auth', {
  state: (): AuthState => ({ me: null, loaded: false, csrfToken: null }),
  getters: {
    user: (s): User | null => s.me?.user ?? null,
    isLoggedIn: (s): boolean => !!s.me,
    pending: (s): Pending => s.me?.pending ?? null,
    permissions: (s): string[] => s.me?.permissions ?? [],
  },
  actions: {
    has(permission: string | undefined | null): boolean {
      if (!permission) return true
      return this.permissions.includes(permission)
    },
    setMe(me: Me | null) {
      this.me = me
      this.loaded = true
      this.csrfToken = me?.csrf_token ?? null
    },
    clear() {
      this.me = null
      this.csrfToken = null
      this.loaded = true
    },
    /** Loads the current session; answers null when not logged in. */
    async fetchMe(): Promise<Me | null> {
      try {
        const me = await authApi.me()
        this.setMe(me)
        return me
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          this.clear()
          return null
        }
        // Server unreachable or broken: treat as not logged in but keep trying later.
        this.me = null
        this.loaded = false
        throw e
      }
    },
    async login(username: string, password: string, totp?: string): Promise<Me> {
      const me = await authApi.login(totp ? { username, password, totp } : { username, password })
      this.setMe(me)
      return me
    },
    async logout() {
      try {
        await authApi.logout()
      } finally {
        this.clear()
      }
    },
  },
})
