// The bell's unread count: polled every 60 s while the app shell is shown (logged in).
//
// A poll is a request like any other and keeps the session alive on the server, so it is
// skipped while the tab is hidden or nobody has touched the page for ACTIVE_MS (the
// shortest idle timeout the security policy allows): an unattended screen still times out.
// The first touch after such a pause refreshes the count at once.
import { defineStore } from 'pinia'
import { notificationApi } from '@/api/notifications'
import type { AppNotification } from '@/api/types'
import { useAuthStore } from './auth'

export const POLL_MS = 60_000
export const ACTIVE_MS = 5 * 60_000

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const

let timer: ReturnType<typeof setInterval> | null = null
let lastActivity = 0
let lastPoll = 0
let skipped = false

function idle(now: number): boolean {
  return (typeof document !== 'undefined' && document.visibilityState === 'hidden') || now - lastActivity > ACTIVE_MS
}

export const useNotificationStore = defineStore('notifications', {
  state: () => ({
    /** unread notifications of the caller's unit */
    count: 0,
  }),
  actions: {
    async refresh(): Promise<void> {
      if (!useAuthStore().isLoggedIn) return
      lastPoll = Date.now()
      try {
        const r = await notificationApi.unreadCount()
        this.count = Math.max(0, Number(r?.count) || 0)
      } catch {
        // silent: a user without a unit has no notifications (404), the network may be down;
        // a 401 has already sent the app to the login page
      }
    },
    /** Starts polling (the app shell is shown) and loads the count now. */
    start(): void {
      this.stop()
      lastActivity = Date.now()
      skipped = false
      void this.refresh()
      timer = setInterval(() => this.tick(), POLL_MS)
      for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, this.onActivity, { passive: true, capture: true })
      document.addEventListener('visibilitychange', this.onVisible)
    },
    stop(): void {
      if (timer) clearInterval(timer)
      timer = null
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, this.onActivity, { capture: true })
      document.removeEventListener('visibilitychange', this.onVisible)
    },
    tick(): void {
      if (!useAuthStore().isLoggedIn) return
      if (idle(Date.now())) {
        skipped = true
        return
      }
      void this.refresh()
    },
    onActivity(): void {
      lastActivity = Date.now()
      if (skipped && timer && Date.now() - lastPoll >= POLL_MS) {
        skipped = false
        void this.refresh()
      }
    },
    onVisible(): void {
      if (document.visibilityState === 'visible' && timer && !idle(Date.now()) && Date.now() - lastPoll >= POLL_MS) {
        skipped = false
        void this.refresh()
      }
    },
    /** Marks one notification read (if it is not) and updates the count. */
    async markRead(n: AppNotification): Promise<void> {
      if (n.read) return
      await notificationApi.read(n.id)
      n.read = true
      this.count = Math.max(0, this.count - 1)
    },
    /** Marks every notification read. */
    async readAll(): Promise<void> {
      await notificationApi.readAll()
      this.count = 0
    },
  },
})
