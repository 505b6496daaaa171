// 领导驾驶舱 and 月报 against a mocked server: the KPI tiles and their links (the district in
// them once one is chosen), the empty states without a campaign, the wall display (the page
// covers the window where the Fullscreen API is missing, Esc leaves it), and the monthly report's
// default month, preview tables and downloads.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import VChart from 'vue-echarts'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import { configureClient } from '@/api/client'
import type { Cockpit } from '@/api/cockpit'
import { useAuthStore } from '@/stores/auth'
import { todayInChina } from '@/utils/time'
import { previousMonth } from '@/views/cockpit/cockpitCharts'
import { json, makeMe, mockFetch, settle } from './helpers'

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const page = (items: unknown[]) => json({ items, total: items.length, page: 1, page_size: 100 })

const COCKPIT: Cockpit = {
  scope_label: '全市',
  generated_at: '2026-11-28T02:03:04Z',
  today: '2026-11-28',
  campaign: {
    id: 'c1',
    title: '2026年专项整治',
    tasks: 24,
    assignments: 120,
    accepted: 80,
    overdue: 6,
    completion_rate: 66.7,
    series: [{ month: '2026-03', accepted: 10, rate: 8.3 }],
  },
  overdue_by_unit: [{ org_id: 'd-xy', org_name: '秀英区商务局', overdue: 3 }],
  hazards_by_month: [{ month: '2026-01', found: 30, closed: 25 }],
  hazards: { open: 40, overdue: 5, major_open: 2, closed_rate: 82.5 },
  major_open: [{ id: 'h1', code: 'YH2026001', enterprise_name: '海口某超市', deadline: '2026-11-01', overdue: true }],
  risk: { major: 1, large: 5, general: 20, low: 60, unassessed: 14 },
  weather: [{ id: 'w1', title: '台风橙色预警', kind_label: '台风', colour: 'orange', colour_label: '橙色', valid_to: null, acked: 30, total: 40 }],
  inspections: { year_done: 12, month_done: 3, open: 2 },
  training: { year: 2026, people: 300, trained: 250, rate: 83.3 },
  credit: { a: 10, b: 40, c: 5, d: 1, unscored: 44 },
  referrals: { open: 2, concluded: 3 },
  self_checks: { period_label: '2026年11月', due: 100, done: 70 },
}

const EMPTY: Cockpit = {
  ...COCKPIT,
  campaign: null,
  overdue_by_unit: [],
  hazards_by_month: [],
  major_open: [],
  weather: [],
  risk: { major: 0, large: 0, general: 0, low: 0, unassessed: 0 },
  credit: { a: 0, b: 0, c: 0, d: 0, unscored: 0 },
  training: { year: 2026, people: 0, trained: 0, rate: 0 },
}

const Blank = { template: '<div class="blank" />' }
function makeRouter() {
  const routes: RouteRecordRaw[] = [
    { path: '/cockpit', name: 'cockpit', component: () => import('@/views/cockpit/CockpitView.vue'), meta: { permission: 'cockpit.read' } },
    { path: '/reports/monthly', name: 'monthly-report', component: () => import('@/views/reports/MonthlyReportView.vue'), meta: { permission: 'cockpit.read' } },
    { path: '/hazards', name: 'hazards', component: Blank, meta: { permission: 'hazard.read' } },
    { path: '/hazards/:id', name: 'hazard', component: Blank, meta: { permission: 'hazard.read' } },
    { path: '/campaigns/:id', name: 'campaign', component: Blank, meta: { permission: 'campaign.read' } },
    { path: '/risk-points', name: 'risk-points', component: Blank, meta: { permission: 'risk.read' } },
    { path: '/credit', name: 'credit', component: Blank, meta: { permission: 'credit.read' } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: Blank },
  ]
  return createRouter({ history: createMemoryHistory(), routes })
}

const LEADER = ['cockpit.read', 'hazard.read', 'campaign.read', 'risk.read', 'credit.read', 'org.read']

async function mountAt(path: string, permissions = LEADER, role = 'leader') {
  const me = makeMe(permissions)
  me.user.role = role
  useAuthStore().setMe(me)
  configureClient({ notify: () => {} })
  const router = makeRouter()
  await router.push(path)
  const wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle(6)
  return { wrapper, router }
}

const href = (id: string) => byTestId(id)?.getAttribute('href') ?? null

describe('领导驾驶舱', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the KPI tiles, each linking to its list; a district is carried into the links', async () => {
    const { calls } = mockFetch({
      'GET /api/cockpit': (c) => json(c.url.includes('district_id=d-xy') ? { ...COCKPIT, scope_label: '秀英区' } : COCKPIT),
      'GET /api/orgs': page([{ id: 'd-xy', name: '秀英区商务局', kind: 'district' }]),
      'GET /api/campaigns': page([{ id: 'c1', title: '2026年专项整治' }]),
    })
    const { router } = await mountAt('/cockpit')
    expect(calls.find((c) => c.path === '/api/cockpit')?.url).toBe('/api/cockpit')
    expect(byTestId('cockpit-kpi-hazards_open-value')?.textContent).toBe('40')
    expect(byTestId('cockpit-kpi-major_open-value')?.textContent).toBe('2')
    expect(byTestId('cockpit-kpi-completion-value')?.textContent).toBe('66.7%')
    expect(href('cockpit-kpi-hazards_open')).toBe('/hazards?state=open')
    expect(href('cockpit-kpi-major_open')).toBe('/hazards?state=open&level=major')
    expect(href('cockpit-kpi-campaign_overdue')).toBe('/campaigns/c1?tab=board')
    expect(href('cockpit-hazards-overdue')).toBe('/hazards?overdue=true')
    expect(href('cockpit-risk-major')).toBe('/risk-points?grade=major')
    expect(href('cockpit-credit-a')).toBe('/credit?grade=A')
    expect(href('cockpit-major-code')).toBe('/hazards/h1')
    // no permission for the inspections list: a plain number, no link
    expect(byTestId('cockpit-inspections-year')?.tagName).toBe('SPAN')
    expect(byTestId('cockpit-no-campaign')).toBeNull()

    await router.push('/cockpit?district_id=d-xy')
    await settle(6)
    expect(calls.filter((c) => c.path === '/api/cockpit').at(-1)?.url).toBe('/api/cockpit?district_id=d-xy&campaign_id=c1')
    expect(byTestId('cockpit-scope')?.textContent).toBe('秀英区')
    expect(href('cockpit-kpi-hazards_open')).toBe('/hazards?district_id=d-xy&state=open')
    expect(href('cockpit-kpi-major_open')).toBe('/hazards?district_id=d-xy&state=open&level=major')
    expect(href('cockpit-credit-b')).toBe('/credit?district_id=d-xy&grade=B')
  })

  it('a bar of 逾期任务（按单位） opens the board; a district’s enterprises open it on 企业', async () => {
    mockFetch({
      'GET /api/cockpit': json({
        ...COCKPIT,
        overdue_by_unit: [
          { org_id: 'd-xy', org_name: '秀英区商务局', overdue: 3 },
          // the district's enterprises, under the district's id
          { org_id: 'd-xy', org_name: '秀英区辖区企业', overdue: 12 },
        ],
      }),
      'GET /api/orgs': page([]),
      'GET /api/campaigns': page([{ id: 'c1', title: '2026年专项整治' }]),
    })
    const { wrapper, router } = await mountAt('/cockpit')
    const panel = wrapper.findAllComponents(VChart).find((c) => c.element.closest('[data-testid="cockpit-overdue-units"]'))
    expect(panel).toBeTruthy()
    // most overdue first: the enterprises' bar is row 0
    panel!.vm.$emit('click', { dataIndex: 0 })
    await settle(4)
    expect(router.currentRoute.value.fullPath).toBe('/campaigns/c1?tab=board&unit_kind=enterprise')
    await router.push('/cockpit')
    await settle(6)
    const again = wrapper.findAllComponents(VChart).find((c) => c.element.closest('[data-testid="cockpit-overdue-units"]'))
    again!.vm.$emit('click', { dataIndex: 1 })
    await settle(4)
    expect(router.currentRoute.value.fullPath).toBe('/campaigns/c1?tab=board')
  })

  it('without a campaign and with empty lists: the empty states in Chinese', async () => {
    mockFetch({
      'GET /api/cockpit': json(EMPTY),
      'GET /api/orgs': page([]),
      'GET /api/campaigns': page([]),
    })
    await mountAt('/cockpit')
    expect(byTestId('cockpit-no-campaign')?.textContent).toContain('暂无专项整治工作方案')
    expect(byTestId('cockpit-kpi-completion-value')?.textContent).toBe('-')
    const text = byTestId('cockpit')?.textContent ?? ''
    for (const s of ['暂无逾期任务', '暂无隐患数据', '暂无未销号的重大隐患', '暂无风险评估数据', '暂无诚信评分', '暂无生效中的预警', '暂无从业人员名册']) {
      expect(text).toContain(s)
    }
  })

  it('a district user gets no district choice and its own figures', async () => {
    const { calls } = mockFetch({
      'GET /api/cockpit': json({ ...COCKPIT, scope_label: '秀英区' }),
      'GET /api/campaigns': page([]),
    })
    await mountAt('/cockpit?district_id=d-lh', ['cockpit.read', 'hazard.read'], 'district_staff')
    expect(byTestId('cockpit-district')).toBeNull()
    expect(calls.some((c) => c.path === '/api/orgs')).toBe(false)
    expect(calls.find((c) => c.path === '/api/cockpit')?.url).toBe('/api/cockpit')
    expect(href('cockpit-kpi-hazards_open')).toBe('/hazards?state=open')
  })

  it('全屏 without the Fullscreen API covers the window in the dark style; Esc leaves it', async () => {
    mockFetch({ 'GET /api/cockpit': json(COCKPIT), 'GET /api/orgs': page([]), 'GET /api/campaigns': page([]) })
    await mountAt('/cockpit')
    const root = byTestId('cockpit')!
    expect(root.classList.contains('wall')).toBe(false)
    byTestId('cockpit-fullscreen')!.click()
    await settle(2)
    expect(root.classList.contains('wall')).toBe(true)
    expect(byTestId('cockpit-fullscreen')!.textContent).toContain('退出全屏')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await settle(2)
    expect(root.classList.contains('wall')).toBe(false)
  })
})

describe('月报', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('loads the previous month, shows its tables and downloads Word and Excel with the same query', async () => {
    const month = previousMonth(todayInChina())
    const docx = new Response('x', { status: 200, headers: { 'content-type': 'application/octet-stream' } })
    const { calls } = mockFetch({
      'GET /api/reports/monthly': json({
        month,
        title: '海口市商务系统安全生产专项整治工作月报（2026年10月）',
        scope_label: '全市',
        period_from: `${month}-01`,
        period_to: `${month}-28`,
        sections: [{ heading: '一、总体情况', paragraphs: ['本月发现隐患 4 条。'] }],
        tables: [
          { caption: '表1 主要指标', head: ['指标', '数值'], rows: [['未销号隐患', '4']] },
          { caption: '表2 各区隐患排查治理情况（本月发现）', head: ['区', '发现'], rows: [['秀英区', '4']] },
        ],
        cockpit: {},
      }),
      'GET /api/reports/monthly/docx': docx,
      'GET /api/reports/monthly/xlsx': docx,
      'GET /api/orgs': page([{ id: 'd-xy', name: '秀英区商务局', kind: 'district' }]),
    })
    URL.createObjectURL = vi.fn(() => 'blob:x')
    URL.revokeObjectURL = vi.fn()
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    await mountAt('/reports/monthly')
    expect(calls.find((c) => c.path === '/api/reports/monthly')?.url).toBe(`/api/reports/monthly?month=${month}`)
    expect(byTestId('report-title')?.textContent).toBe('海口市商务系统安全生产专项整治工作月报（2026年10月）')
    expect(byTestId('report-section')?.textContent).toContain('本月发现隐患 4 条。')
    expect(byTestId('report-table-table-0')?.textContent).toContain('表1 主要指标')
    expect(byTestId('report-table-table-0')?.textContent).toContain('未销号隐患')
    expect(byTestId('report-table-table-1')?.textContent).toContain('秀英区')
    byTestId('report-docx')!.click()
    await settle(3)
    byTestId('report-xlsx')!.click()
    await settle(3)
    expect(calls.find((c) => c.path === '/api/reports/monthly/docx')?.url).toBe(`/api/reports/monthly/docx?month=${month}`)
    expect(calls.find((c) => c.path === '/api/reports/monthly/xlsx')?.url).toBe(`/api/reports/monthly/xlsx?month=${month}`)
  })

  it('a month and district from the URL', async () => {
    const { calls } = mockFetch({
      'GET /api/reports/monthly': json({}),
      'GET /api/orgs': page([{ id: 'd-xy', name: '秀英区商务局', kind: 'district' }]),
    })
    await mountAt('/reports/monthly?month=2026-05&district_id=d-xy')
    expect(calls.find((c) => c.path === '/api/reports/monthly')?.url).toBe('/api/reports/monthly?month=2026-05&district_id=d-xy')
    expect(byTestId('report-title')?.textContent).toContain('秀英区2026年5月安全生产专项整治工作月报')
    expect(byTestId('report-preview')?.textContent).toContain('本月暂无数据')
  })
})
