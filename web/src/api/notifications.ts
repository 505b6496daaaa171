// The bell: the caller's unit's notifications (docs/api-campaigns.md, "Reminders and notifications").
import { http } from './client'
import type { AppNotification, Page } from './types'

const id = (v: string) => encodeURIComponent(v)

export interface NotificationFilter {
  /** only `true` is sent: "only the unread ones" */
  unread?: boolean
  page?: number
  page_size?: number
}

export const notificationApi = {
  list: (f: NotificationFilter) =>
    http.get<Page<AppNotification>>('/api/notifications', { ...f, unread: f.unread ? true : undefined }),
  /** Silent: polled in the background (a user without a unit gets 404). */
  unreadCount: () => http.get<{ count: number }>('/api/notifications/unread-count', undefined, { silent: true }),
  read: (notificationId: string) => http.post(`/api/notifications/${id(notificationId)}/read`),
  readAll: () => http.post<{ count: number }>('/api/notifications/read-all'),
}
