import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, type Router } from 'vue-router'
import App from '@/App.vue'
import { configureClient } from '@/api/client'
import type { AppNotification } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { ACTIVE_MS, POLL_MS, useNotificationStore } from '@/stores/notifications'
import { appLink } from '@/utils/links'
import { json, makeMe, mockFetch, noContent, problem, settle, type Call } from './helpers'

const NOTES: AppNotification[] = [
  {
    id: 'n1',
    kind: 'deadline_soon',
    title: '任务即将到期：督促商贸企业落实安全生产承诺',
    body: '完成时限 2021-07-31，还有 7 天',
    link: '/my-tasks',
    created_at: '2021-07-24T00:30:00Z',
    read: false,
  },
  {
    id: 'n2',
    kind: 'lead_digest',
    title: '每日汇总：逾期 2 项，待审核 1 项',
    body: '',
    link: null,
    created_at: '2021-07-23T00:30:00Z',
    read: true,
  },
]

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
const page = (items: unknown[], total = items.length) => json({ items, total, page: 1, page_size: 10 })

async function mountAt(path: string): Promise<{ wrapper: VueWrapper; router: Router }> {
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: () => {} })
  await router.push(path)
  const wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle(5)
  return { wrapper, router }
}

describe('notification bell', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['campaign.read']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the unread count, marks a notification read on click and opens its link; 全部已读', async () => {
    let unread = 3
    const posts: Call[] = []
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/notifications/unread-count': () => json({ count: unread }),
      'GET /api/notifications': () => page(NOTES, 2),
      'POST /api/notifications/n1/read': (call) => {
        posts.push(call)
        unread = 2
        return noContent()
      },
      'POST /api/notifications/read-all': (call) => {
        posts.push(call)
        const n = unread
        unread = 0
        return json({ count: n })
      },
      'GET /api/assignments': json({ items: [], total: 0, page: 1, page_size: 20 }),
    })
    const { wrapper, router } = await mountAt('/')
    await vi.waitFor(() => expect(byTestId('bell-badge')?.textContent).toBe('3'), { timeout: 15000 })
    expect(byTestId('bell')!.getAttribute('aria-label')).toBe('消息通知，3 条未读')

    // the popover lists the latest ten, unread ones bold
    byTestId('bell')!.click()
    await settle(5)
    expect(calls.find((c) => c.path === '/api/notifications')?.url).toBe('/api/notifications?page=1&page_size=10')
    await vi.waitFor(() => expect(allByTestId('bell-item')).toHaveLength(2), { timeout: 15000 })
    expect(byTestId('bell-list')).not.toBeNull()
    const [first, second] = allByTestId('bell-item')
    expect(first.classList.contains('unread')).toBe(true)
    expect(first.textContent).toContain('即将到期')
    expect(first.textContent).toContain('2021-07-24 08:30:00')
    expect(second.classList.contains('unread')).toBe(false)

    // a click marks it read and follows its link
    first.click()
    await settle(5)
    expect(posts.map((p) => p.url)).toEqual(['/api/notifications/n1/read'])
    expect(posts[0].headers.get('X-CSRF-Token')).toBe('csrf-abc123')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/my-tasks'), { timeout: 15000 })
    expect(byTestId('bell-badge')?.textContent).toBe('2')

    // 全部已读 clears the badge
    byTestId('bell')!.click()
    await settle(5)
    byTestId('bell-read-all')!.click()
    await settle(5)
    expect(posts.map((p) => p.url)).toEqual(['/api/notifications/n1/read', '/api/notifications/read-all'])
    await vi.waitFor(() => expect(byTestId('bell-badge')).toBeNull(), { timeout: 15000 })
    expect(allByTestId('bell-item').some((i) => i.classList.contains('unread'))).toBe(false)

    // 查看全部 opens the 消息通知 page
    byTestId('bell-all')!.click()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('notifications'), { timeout: 15000 })
    wrapper.unmount()
  })

  it('loads the count right after login', async () => {
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/auth/me': problem(401, 'unauthenticated', '未登录'),
      'POST /api/auth/login': json(makeMe(['campaign.read'])),
      'GET /api/notifications/unread-count': json({ count: 5 }),
    })
    useAuthStore().clear()
    const router = createAppRouter(createMemoryHistory())
    installClient(router)
    configureClient({ notify: () => {} })
    await router.push('/login')
    const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    await settle()
    expect(calls.some((c) => c.path === '/api/notifications/unread-count')).toBe(false)
    await wrapper.find('[data-testid="login-username"]').setValue('zhang')
    await wrapper.find('[data-testid="login-password"]').setValue('Pa55word!')
    await wrapper.find('form').trigger('submit')
    await settle(5)
    await vi.waitFor(() => expect(byTestId('bell-badge')?.textContent).toBe('5'), { timeout: 15000 })
    const login = calls.findIndex((c) => c.path === '/api/auth/login')
    expect(calls.findIndex((c) => c.path === '/api/notifications/unread-count')).toBeGreaterThan(login)
    wrapper.unmount()
  })

  it('follows only links inside the app', () => {
    expect(appLink('/my-tasks')).toBe('/my-tasks')
    expect(appLink('/tasks/t1?x=1')).toBe('/tasks/t1?x=1')
    expect(appLink(null)).toBeNull()
    expect(appLink('https://evil.example/')).toBeNull()
    expect(appLink('//evil.example/')).toBeNull()
    expect(appLink('/\\evil.example/')).toBeNull()
  })
})

describe('unread count polling', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe([]))
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
  })
  afterEach(() => {
    useNotificationStore().stop()
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('polls every 60 s while logged in and active, pauses when idle or hidden, and stops', async () => {
    let n = 0
    const { calls } = mockFetch({ 'GET /api/notifications/unread-count': () => json({ count: ++n }) })
    const polls = () => calls.filter((c) => c.path === '/api/notifications/unread-count').length
    const store = useNotificationStore()

    store.start()
    await settle()
    expect(polls()).toBe(1)
    expect(store.count).toBe(1)

    vi.advanceTimersByTime(POLL_MS)
    await settle()
    expect(polls()).toBe(2)
    expect(store.count).toBe(2)

    // nobody touched the page for ACTIVE_MS: polls stop keeping the session alive…
    vi.advanceTimersByTime(ACTIVE_MS)
    await settle()
    const idlePolls = polls()
    vi.advanceTimersByTime(3 * POLL_MS)
    await settle()
    expect(polls()).toBe(idlePolls)
    // …until the next touch, which refreshes at once
    window.dispatchEvent(new Event('pointerdown'))
    await settle()
    expect(polls()).toBe(idlePolls + 1)
    vi.advanceTimersByTime(POLL_MS)
    await settle()
    expect(polls()).toBe(idlePolls + 2)

    // a hidden tab does not poll
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    vi.advanceTimersByTime(2 * POLL_MS)
    await settle()
    expect(polls()).toBe(idlePolls + 2)
    visibility.mockRestore()

    // logged out: nothing; stopped: nothing
    useAuthStore().clear()
    vi.advanceTimersByTime(POLL_MS)
    await settle()
    expect(polls()).toBe(idlePolls + 2)
    useAuthStore().setMe(makeMe([]))
    store.stop()
    vi.advanceTimersByTime(5 * POLL_MS)
    await settle()
    expect(polls()).toBe(idlePolls + 2)
  })

  it('keeps quiet when the user has no unit (404)', async () => {
    const notify = vi.fn()
    configureClient({ notify })
    mockFetch({ 'GET /api/notifications/unread-count': problem(404, 'not_found', '请求的资源不存在') })
    const store = useNotificationStore()
    await store.refresh()
    expect(store.count).toBe(0)
    expect(notify).not.toHaveBeenCalled()
  })
})

describe('消息通知 page', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe([]))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists the notifications with an unread filter, paging and 全部已读', async () => {
    const posts: Call[] = []
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/notifications/unread-count': json({ count: 1 }),
      'GET /api/notifications': (call) =>
        call.url.includes('unread=true') ? json({ items: [NOTES[0]], total: 1, page: 1, page_size: 20 }) : json({ items: NOTES, total: 45, page: 1, page_size: 20 }),
      'POST /api/notifications/read-all': (call) => {
        posts.push(call)
        return json({ count: 1 })
      },
    })
    // any logged-in user may open it (no permission needed)
    const { wrapper } = await mountAt('/notifications')
    const lists = () => calls.filter((c) => c.path === '/api/notifications')
    expect(lists()[0].url).toBe('/api/notifications?page=1&page_size=20')
    const items = allByTestId('notification-item')
    expect(items).toHaveLength(2)
    expect(items[0].classList.contains('unread')).toBe(true)
    expect(items[0].textContent).toContain('任务即将到期')
    expect(items[1].textContent).toContain('每日汇总')
    expect(document.querySelector('.el-pagination__total')?.textContent).toContain('45')

    ;(byTestId('notification-filter-unread')!.querySelector('input') as HTMLInputElement).click()
    await settle()
    expect(lists().at(-1)!.url).toBe('/api/notifications?unread=true&page=1&page_size=20')
    expect(allByTestId('notification-item')).toHaveLength(1)

    // page 2
    ;(byTestId('notification-filter-unread')!.querySelector('input') as HTMLInputElement).click()
    await settle()
    ;(document.querySelector('.el-pager li:nth-child(2)') as HTMLElement).click()
    await settle()
    expect(lists().at(-1)!.url).toBe('/api/notifications?page=2&page_size=20')

    byTestId('notification-read-all')!.click()
    await settle(5)
    expect(posts).toHaveLength(1)
    expect(lists().at(-1)!.url).toBe('/api/notifications?page=1&page_size=20')
    wrapper.unmount()
  })
})
