// Wires the API client to the auth store, the router and the message box.
import type { Router } from 'vue-router'
import { ElMessage } from 'element-plus'
import { configureClient } from '@/api/client'
import { useAuthStore } from '@/stores/auth'

let lastNotice = { text: '', at: 0 }

/** Shows an error message, dropping the same text repeated within a second. */
export function notifyError(text: string): void {
  const now = Date.now()
  if (text === lastNotice.text && now - lastNotice.at < 1000) return
  lastNotice = { text, at: now }
  ElMessage({ type: 'error', message: text, grouping: true, showClose: true })
}

export function installClient(router: Router): void {
  configureClient({
    csrfToken: () => useAuthStore().csrfToken,
    notify: notifyError,
    onUnauthenticated: (err) => {
      const auth = useAuthStore()
      const wasLoggedIn = auth.isLoggedIn
      auth.clear()
      const current = router.currentRoute.value
      if (current.name === 'login') return
      if (wasLoggedIn) ElMessage({ type: 'warning', message: err.detail || '登录已失效，请重新登录', grouping: true })
      const redirect = current.meta.public ? undefined : current.fullPath
      void router.replace({ name: 'login', query: redirect && redirect !== '/' ? { redirect } : {} })
    },
    onPendingRequired: () => {
      const auth = useAuthStore()
      void auth
        .fetchMe()
        .then((me) => {
          if (me?.pending === 'password_change') void router.replace({ name: 'force-password' })
          else if (me?.pending === 'totp_setup') void router.replace({ name: 'force-totp' })
        })
        .catch(() => {})
    },
  })
}
