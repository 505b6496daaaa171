import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, type Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { Assignment, CampaignSummary, TaskSummary } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { json, makeMe, mockFetch, settle } from './helpers'

const CAMPAIGN: CampaignSummary = {
  id: 'c1',
  title: '海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案',
  year: 2021,
  owner_org_id: 'o1',
  owner_org_name: '海口市商务局',
  source_name: '2021推进工作方案.docx',
  task_count: 12,
  assignment_count: 40,
  completed_count: 10,
  overdue_count: 3,
  created_at: '2021-03-01T02:00:00Z',
  created_by_name: '王科长',
}

function taskRow(over: Partial<TaskSummary>): TaskSummary {
  return {
    id: 't1',
    campaign_id: 'c1',
    campaign_title: CAMPAIGN.title,
    seq: 1,
    section: '深入开展学习宣传贯彻习近平总书记关于安全生产重要论述活动',
    number: '1',
    text: '制定安全生产宣传与警示教育活动计划。',
    deadline: { text: '3月份', kind: 'window', start: '2021-03-01', end: '2021-03-31', period: null },
    lead_units: [{ id: 's-policy', name: '政策法规科', kind: 'section' }],
    responsible_phrases: ['局各相关科室'],
    status: 'completed',
    status_label: '已完成',
    overdue: false,
    assignment_count: 3,
    completed_count: 3,
    ...over,
  }
}

const TASKS = [
  taskRow({}),
  taskRow({
    id: 't2',
    seq: 2,
    number: '2',
    text: '督促商贸企业落实安全生产承诺。',
    responsible_phrases: ['各区商务局', '各商贸企业'],
    status: 'in_progress',
    status_label: '进行中',
    overdue: true,
    assignment_count: 5,
    completed_count: 1,
  }),
]

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
const page = (items: unknown[]) => json({ items, total: items.length, page: 1, page_size: 20 })

async function mountAt(path: string): Promise<{ wrapper: VueWrapper; router: Router }> {
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: () => {} })
  await router.push(path)
  const wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle(5)
  return { wrapper, router }
}

describe('campaign pages', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['campaign.read']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('lists campaigns with their progress and opens one on click', async () => {
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns': page([CAMPAIGN]),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page(TASKS),
    })
    const { wrapper, router } = await mountAt('/campaigns')
    expect(calls.find((c) => c.path === '/api/campaigns')?.url).toBe('/api/campaigns?page=1&page_size=20')
    const row = allByTestId('campaign-row')[0]
    expect(row.textContent).toContain(CAMPAIGN.title)
    expect(row.textContent).toContain('10/40')
    expect(row.querySelector('.overdue-count')?.textContent).toBe('3')
    // the import button needs campaign.write
    expect(byTestId('campaign-import')).toBeNull()

    row.querySelectorAll('td')[1].click()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('campaign'), { timeout: 15000 })
    expect(router.currentRoute.value.params.id).toBe('c1')
    wrapper.unmount()
  })

  it('shows a campaign’s tasks with filters, export with the same filters, and the task drawer', async () => {
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page(TASKS),
      'GET /api/tasks/export': new Response(new Uint8Array([0x50, 0x4b]), {
        status: 200,
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      }),
      'GET /api/tasks/t2': json({ ...TASKS[1], assignments: [], timeline: [] }),
    })
    const { wrapper } = await mountAt('/campaigns/c1')

    const head = byTestId('campaign-head')!
    expect(head.textContent).toContain(CAMPAIGN.title)
    expect(head.textContent).toContain('2021')
    expect(byTestId('campaign-source')!.getAttribute('href')).toBe('/api/campaigns/c1/source')

    const taskCalls = () => calls.filter((c) => c.path === '/api/tasks')
    expect(taskCalls()[0].url).toBe('/api/tasks?campaign_id=c1&page=1&page_size=20&sort=seq')
    const [r1, r2] = allByTestId('task-row')
    expect(r1.textContent).toContain('制定安全生产宣传与警示教育活动计划')
    expect(r1.textContent).toContain('已完成')
    expect(r1.querySelector('[data-testid="task-overdue"]')).toBeNull()
    expect(r2.querySelector('[data-testid="task-overdue"]')?.textContent?.trim()).toBe('已逾期')
    expect(r2.textContent).toContain('各区商务局、各商贸企业')
    expect(r2.textContent).toContain('1/5')
    expect(r2.textContent).toContain('2021-03-01 至 2021-03-31')

    // 只看已逾期
    ;(byTestId('task-filter-overdue')!.querySelector('input') as HTMLInputElement).click()
    await settle()
    expect(taskCalls().at(-1)!.url).toBe('/api/tasks?campaign_id=c1&overdue=true&page=1&page_size=20&sort=seq')

    // 导出 with the same filters and sort, without paging
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }))
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    byTestId('task-export')!.click()
    await settle()
    expect(calls.find((c) => c.path === '/api/tasks/export')?.url).toBe('/api/tasks/export?campaign_id=c1&overdue=true&sort=seq')

    // a row opens the task drawer
    r2.querySelectorAll('td')[2].click()
    await settle(5)
    expect(calls.some((c) => c.url === '/api/tasks/t2')).toBe(true)
    await vi.waitFor(() => expect(byTestId('task-drawer')?.textContent).toContain('督促商贸企业落实安全生产承诺'), { timeout: 15000 })
    wrapper.unmount()
  })
})

describe('我的任务', () => {
  const MINE: Assignment[] = [
    {
      id: 'a1',
      task_id: 't2',
      task_number: '2',
      task_text: '督促商贸企业落实安全生产承诺。',
      section: '持续推动落实企业安全生产主体责任',
      campaign_id: 'c1',
      campaign_title: CAMPAIGN.title,
      org_id: 'd-xy',
      org_name: '秀英区商务局',
      state: 'in_progress',
      state_label: '进行中',
      percent: 40,
      latest_report: '已完成一半企业的承诺书签订',
      deadline: { text: '5-7月份', kind: 'window', start: '2021-05-01', end: '2021-07-31', period: null },
      overdue: true,
      updated_at: '2021-08-01T02:00:00Z',
      can_report: true,
      can_review: false,
    },
  ]

  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['campaign.read']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists the own unit’s assignments, filters by state and offers 报告进展', async () => {
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/assignments': page(MINE),
    })
    const { wrapper } = await mountAt('/my-tasks')
    const list = () => calls.filter((c) => c.path === '/api/assignments')
    expect(list()[0].url).toBe('/api/assignments?mine=true&page=1&page_size=20')
    const row = allByTestId('assignment-row')[0]
    expect(byTestId('my-task-table')!.contains(row)).toBe(true)
    expect(row.textContent).toContain('2. 督促商贸企业落实安全生产承诺。')
    expect(row.textContent).toContain(CAMPAIGN.title)
    expect(row.textContent).toContain('5-7月份')
    expect(row.textContent).toContain('已逾期')

    // 状态 filter
    ;(byTestId('my-task-filter-state')!.querySelector('.el-select__wrapper') as HTMLElement).click()
    await settle()
    const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.trim() === '已退回')
    option!.click()
    await settle()
    expect(list().at(-1)!.url).toBe('/api/assignments?mine=true&state=returned&page=1&page_size=20')

    row.querySelector<HTMLElement>('[data-testid="assignment-report"]')!.click()
    await settle()
    expect(byTestId('report-dialog')!.textContent).toContain('督促商贸企业落实安全生产承诺')
    wrapper.unmount()
  })

  it('shows cards on a phone', async () => {
    const original = window.matchMedia
    window.matchMedia = ((query: string) => ({ ...original(query), matches: true })) as typeof window.matchMedia
    try {
      mockFetch({
        'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
        'GET /api/assignments': page(MINE),
      })
      const { wrapper } = await mountAt('/my-tasks')
      const box = byTestId('my-task-table')!
      expect(box.classList.contains('cards')).toBe(true)
      expect(box.querySelectorAll('[data-testid="assignment-row"]')).toHaveLength(1)
      expect(box.querySelector('[data-testid="assignment-report"]')).not.toBeNull()
      expect(document.querySelector('.el-table')).toBeNull()
      wrapper.unmount()
    } finally {
      window.matchMedia = original
    }
  })
})
