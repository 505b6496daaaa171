import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, type Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { Board, BoardCell, BoardTask, BoardUnit, CampaignSummary } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import {
  barOf,
  boardParams,
  filterTasks,
  groupRows,
  listLimitNote,
  ratePercent,
  summaryItems,
  todayOffset,
  unitKindFromQuery,
  unitKindToQuery,
  withEnterprises,
} from '@/views/campaigns/board'
import { json, makeMe, mockFetch, problem, settle, type Call } from './helpers'

const CAMPAIGN: CampaignSummary = {
  id: 'c1',
  title: '海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案',
  year: 2021,
  owner_org_id: 'o1',
  owner_org_name: '海口市商务局',
  source_name: '2021推进工作方案.docx',
  task_count: 5,
  assignment_count: 7,
  completed_count: 4,
  overdue_count: 1,
  created_at: '2021-03-01T02:00:00Z',
  created_by_name: '王科长',
}

function task(over: Partial<BoardTask>): BoardTask {
  return {
    id: 't1',
    seq: 1,
    section: '深入开展学习宣传贯彻活动',
    section_number: '一',
    number: '1',
    text: '制定安全生产宣传与警示教育活动计划。',
    deadline: { text: '3月份', kind: 'window', start: '2021-03-01', end: '2021-03-31' },
    status: 'completed',
    band: 'done',
    assignment_count: 2,
    completed_count: 2,
    ...over,
  }
}

const SECTION_B = '持续推动落实企业安全生产主体责任'

const TASKS: BoardTask[] = [
  task({}),
  task({
    id: 't2',
    seq: 2,
    number: '2',
    text: '督促商贸企业落实安全生产承诺。',
    deadline: { text: '5-7月份', kind: 'window', start: '2021-05-01', end: '2021-07-31' },
    status: 'in_progress',
    band: 'on_time',
    completed_count: 1,
  }),
  task({
    id: 't3',
    seq: 3,
    section: SECTION_B,
    section_number: '二',
    number: '3',
    text: '开展安全风险辨识评估。',
    deadline: { text: '6月20日前', kind: 'by', start: null, end: '2021-06-20' },
    status: 'in_progress',
    band: 'at_risk',
    assignment_count: 1,
    completed_count: 1,
  }),
  task({
    id: 't4',
    seq: 4,
    section: SECTION_B,
    section_number: '二',
    number: '4',
    text: '组织开展燃气使用安全专项检查。',
    deadline: { text: '4-5月份', kind: 'window', start: '2021-04-01', end: '2021-05-31' },
    status: 'in_progress',
    band: 'overdue',
    assignment_count: 1,
    completed_count: 0,
  }),
  task({
    id: 't5',
    seq: 5,
    section: SECTION_B,
    section_number: '二',
    number: '5',
    text: '长期坚持隐患排查治理。',
    deadline: { text: '长期坚持', kind: 'ongoing', start: null, end: null },
    status: 'not_started',
    band: 'open',
    assignment_count: 1,
    completed_count: 0,
  }),
]

function board(over: Partial<Board> = {}): Board {
  return {
    campaign: CAMPAIGN,
    today: '2021-06-15',
    tasks: TASKS,
    units: [
      { id: 'd1', name: '秀英区商务局', kind: 'district', assignments: 4, completed: 1, overdue: 1, rate: 0.25 },
      { id: 'd2', name: '龙华区商务局', kind: 'district', assignments: 3, completed: 3, overdue: 0, rate: 1 },
    ],
    cells: [
      { unit_id: 'd1', task_id: 't1', assignment_id: 'a11', state: 'completed', overdue: false },
      { unit_id: 'd1', task_id: 't2', assignment_id: 'a12', state: 'in_progress', overdue: false },
      { unit_id: 'd1', task_id: 't4', assignment_id: 'a14', state: 'returned', overdue: true },
      { unit_id: 'd1', task_id: 't5', assignment_id: 'a15', state: 'not_started', overdue: false },
      { unit_id: 'd2', task_id: 't1', assignment_id: 'a21', state: 'completed', overdue: false },
      { unit_id: 'd2', task_id: 't2', assignment_id: 'a22', state: 'completed', overdue: false },
      { unit_id: 'd2', task_id: 't3', assignment_id: 'a23', state: 'completed', overdue: false },
    ],
    overdue: [
      { assignment_id: 'a14', task_id: 't4', task_number: '4', task_text: '组织开展燃气使用安全专项检查。', org_id: 'd1', org_name: '秀英区商务局', state: 'returned', deadline_end: '2021-05-31', days_overdue: 15 },
      { assignment_id: 'a34', task_id: 't4', task_number: '4', task_text: '组织开展燃气使用安全专项检查。', org_id: 'd3', org_name: '美兰区商务局', state: 'in_progress', deadline_end: '2021-05-06', days_overdue: 40 },
    ],
    returned: [
      { assignment_id: 'a14', task_id: 't4', task_number: '4', task_text: '组织开展燃气使用安全专项检查。', org_id: 'd1', org_name: '秀英区商务局', state: 'returned', deadline_end: '2021-05-31', days_overdue: 15 },
    ],
    overdue_total: 2,
    returned_total: 1,
    summary: { assignments: 7, completed: 4, overdue: 1, returned: 1, rate: 4 / 7 },
    enterprises: null,
    groups: [],
    ...over,
  }
}

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

const GREEN = 'rgb(103, 194, 58)'
const BLUE = 'rgb(64, 158, 255)'
const ORANGE = 'rgb(230, 162, 60)'
const RED = 'rgb(245, 108, 108)'
const GREY = 'rgb(144, 147, 153)'

describe('board helpers', () => {
  it('places windows, due dates and open work on the year', () => {
    // 2021: 1 March is day 59 of 365; March has 31 days
    expect(barOf({ start: '2021-03-01', end: '2021-03-31', kind: 'window' }, 2021)).toEqual({
      shape: 'bar',
      left: 16.164,
      width: 8.493,
      clippedStart: false,
      clippedEnd: false,
      openEnd: false,
    })
    expect(barOf({ start: null, end: '2021-06-20', kind: 'by' }, 2021)).toEqual({ shape: 'marker', left: 46.712 })
    expect(barOf({ start: null, end: null, kind: 'ongoing' }, 2021)).toEqual({ shape: 'span', left: 0, width: 100 })
    expect(barOf({ start: null, end: null, kind: 'unknown' }, 2021)).toEqual({ shape: 'none' })
    // a window running into the next year is cut at 31 December
    expect(barOf({ start: '2021-11-01', end: '2022-02-28', kind: 'window' }, 2021)).toMatchObject({ shape: 'bar', clippedEnd: true, left: 83.288, width: 16.712 })
    expect(barOf({ start: '2022-03-01', end: '2022-03-31', kind: 'window' }, 2021)).toEqual({ shape: 'outside', side: 'after' })
    // a start only runs on to the end of the year
    expect(barOf({ start: '2021-07-01', end: null, kind: 'window' }, 2021)).toMatchObject({ shape: 'bar', openEnd: true })
  })

  it('has a today line only within the campaign’s year', () => {
    expect(todayOffset('2021-06-15', 2021)).toBe(45.342)
    expect(todayOffset('2026-11-28', 2021)).toBeNull()
    expect(todayOffset('2020-12-31', 2021)).toBeNull()
  })

  it('filters tasks by section, band and the unit’s assignments', () => {
    const cells = board().cells
    expect(filterTasks(TASKS, cells, { section: SECTION_B, band: '', unitId: null }).map((t) => t.id)).toEqual(['t3', 't4', 't5'])
    expect(filterTasks(TASKS, cells, { section: '', band: 'overdue', unitId: null }).map((t) => t.id)).toEqual(['t4'])
    expect(filterTasks(TASKS, cells, { section: '', band: '', unitId: 'd2' }).map((t) => t.id)).toEqual(['t1', 't2', 't3'])
    expect(filterTasks(TASKS, cells, { section: SECTION_B, band: '', unitId: 'd1' }).map((t) => t.id)).toEqual(['t4', 't5'])
  })
})

describe('board query and figures', () => {
  it('reads and writes the unit kind of a link (区商务局 by default, all = every kind)', () => {
    expect(unitKindFromQuery(undefined)).toBe('district')
    expect(unitKindFromQuery('')).toBe('district')
    expect(unitKindFromQuery('enterprise')).toBe('enterprise')
    expect(unitKindFromQuery(['section'])).toBe('section')
    expect(unitKindFromQuery('all')).toBe('')
    expect(unitKindFromQuery('bogus')).toBe('district')
    expect(unitKindToQuery('district')).toBeUndefined()
    expect(unitKindToQuery('enterprise')).toBe('enterprise')
    expect(unitKindToQuery('')).toBe('all')
    for (const k of ['section', 'district', 'enterprise', ''] as const) expect(unitKindFromQuery(unitKindToQuery(k))).toBe(k)
  })

  it('asks for an enterprise page only when the kind has enterprises', () => {
    expect(withEnterprises('enterprise')).toBe(true)
    expect(withEnterprises('')).toBe(true)
    expect(withEnterprises('district')).toBe(false)
    expect(boardParams('district', 3, 20, '椰城')).toEqual({})
    expect(boardParams('enterprise', 2, 20, '  椰城 ')).toEqual({ unit_q: '椰城', page: 2, page_size: 20 })
    expect(boardParams('', 0, 50, ' ')).toEqual({ unit_q: undefined, page: 1, page_size: 50 })
  })

  it('shows the figures, the list note and the per-district rows', () => {
    expect(ratePercent(0)).toBe('0%')
    expect(ratePercent(1)).toBe('100%')
    expect(ratePercent(5 / 6)).toBe('83.3%')
    expect(ratePercent(undefined)).toBe('0%')
    expect(summaryItems({ assignments: 800000, completed: 600000, overdue: 1200, returned: 0, rate: 0.75 }).map((i) => [i.label, i.value, i.tone])).toEqual([
      ['责任事项', '800000 项', ''],
      ['已完成', '600000', 'good'],
      ['完成率', '75%', ''],
      ['逾期', '1200', 'bad'],
      ['退回', '0', ''],
    ])
    expect(summaryItems(null).map((i) => i.value)).toEqual(['0 项', '0', '0%', '0', '0'])
    expect(listLimitNote(100, 5321)).toBe('仅显示前 100 项')
    expect(listLimitNote(12, 12)).toBe('')
    expect(listLimitNote(0, 0)).toBe('')
    const rows = groupRows([
      { district_id: 'd1', name: '秀英区商务局', assignments: 40, completed: 30, overdue: 2, returned: 1, rate: 0.75 },
      { district_id: null, name: '未划分辖区', assignments: 3, completed: 0, overdue: 0, returned: 0, rate: 0 },
    ])
    expect(rows.map((r) => [r.label, r.percent])).toEqual([
      ['秀英区', '75%'],
      ['未划分辖区', '0%'],
    ])
    expect(groupRows(undefined)).toEqual([])
  })
})

describe('挂图作战', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['campaign.read']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('draws the month board with band colours, the legend, the today line and the filters', async () => {
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page([]),
      'GET /api/campaigns/c1/board': json(board()),
      'GET /api/tasks/t4': json({ ...TASKS[3], campaign_id: 'c1', campaign_title: CAMPAIGN.title, lead_units: [], responsible_phrases: [], status_label: '进行中', overdue: true, assignments: [], timeline: [] }),
    })
    const { wrapper, router } = await mountAt('/campaigns/c1')
    // the board loads only when its tab is opened
    expect(calls.some((c) => c.path === '/api/campaigns/c1/board')).toBe(false)
    byTestId('board-tab')!.click()
    await settle(5)
    await vi.waitFor(() => expect(byTestId('board-gantt')).not.toBeNull(), { timeout: 15000 })
    expect(router.currentRoute.value.query.tab).toBe('board')
    expect(calls.find((c) => c.path === '/api/campaigns/c1/board')?.url).toBe('/api/campaigns/c1/board?unit_kind=district')

    const rows = allByTestId('board-task-row')
    expect(rows).toHaveLength(5)
    expect(rows[0].textContent).toContain('1')
    expect(rows[0].textContent).toContain('制定安全生产宣传与警示教育活动计划')
    const bar = (i: number) => rows[i].querySelector<HTMLElement>('[data-testid="board-bar"]')!
    // a window: a bar over March, green (done)
    expect(bar(0).classList.contains('g-bar')).toBe(true)
    expect(bar(0).style.backgroundColor).toBe(GREEN)
    expect(bar(0).style.left).toBe('16.164%')
    expect(bar(0).style.width).toBe('8.493%')
    expect(bar(0).textContent).toContain('3月份')
    expect(bar(1).style.backgroundColor).toBe(BLUE)
    // a `by` deadline: a marker at its end, orange (at risk)
    expect(bar(2).classList.contains('g-marker')).toBe(true)
    expect(bar(2).style.backgroundColor).toBe(ORANGE)
    expect(bar(3).style.backgroundColor).toBe(RED)
    // ongoing work without dates: grey over the whole year
    expect(bar(4).classList.contains('g-span')).toBe(true)
    expect(bar(4).style.borderColor).toBe(GREY)
    expect(rows[3].getAttribute('title')).toContain('完成时限：4-5月份（2021-04-01 至 2021-05-31）')

    // today (2021-06-15) is in the campaign's year: the line sits at day 165.5 of 365
    const today = byTestId('board-today')!
    expect(today).not.toBeNull()
    expect(today.dataset.offset).toBe('45.342')
    expect(today.style.getPropertyValue('--g-today')).toBe('0.45342')

    // the legend counts the tasks per band; clicking one filters the board
    const legend = byTestId('board-legend')!
    const count = (band: string) => legend.querySelector(`[data-band="${band}"] .legend-count`)?.textContent
    expect(['done', 'on_time', 'at_risk', 'overdue', 'open'].map(count)).toEqual(['1', '1', '1', '1', '1'])
    expect(legend.textContent).toContain('临期')
    ;(legend.querySelector('[data-band="overdue"]') as HTMLElement).click()
    await settle()
    expect(allByTestId('board-task-row').map((r) => r.dataset.band)).toEqual(['overdue'])
    ;(legend.querySelector('[data-band="overdue"]') as HTMLElement).click()
    await settle()
    expect(allByTestId('board-task-row')).toHaveLength(5)

    // a row opens the task drawer
    allByTestId('board-task-row')[3].click()
    await settle(5)
    expect(calls.some((c) => c.url === '/api/tasks/t4')).toBe(true)
    wrapper.unmount()
  })

  it('has no today line when today is in another year', async () => {
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page([]),
      'GET /api/campaigns/c1/board': json(board({ today: '2026-11-28' })),
    })
    const { wrapper } = await mountAt('/campaigns/c1?tab=board')
    await vi.waitFor(() => expect(allByTestId('board-task-row')).toHaveLength(5), { timeout: 15000 })
    expect(byTestId('board-today')).toBeNull()
    wrapper.unmount()
  })

  it('shows the unit × task matrix with state tooltips and rates, the unit kind switch and the lists', async () => {
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page([]),
      'GET /api/campaigns/c1/board': json(board()),
    })
    const { wrapper, router } = await mountAt('/campaigns/c1?tab=board')
    await vi.waitFor(() => expect(byTestId('board-matrix')).not.toBeNull(), { timeout: 15000 })
    const boardCalls = () => calls.filter((c) => c.path === '/api/campaigns/c1/board')

    // a cell per `cells` entry, each with the unit, the task and the state label
    const cells = allByTestId('board-cell')
    expect(cells).toHaveLength(7)
    const unitRows = allByTestId('board-unit-row')
    expect(unitRows.map((r) => r.querySelector('th')?.textContent?.trim())).toEqual(['秀英区商务局', '龙华区商务局'])
    expect(unitRows[0].querySelectorAll('[data-testid="board-cell"]')).toHaveLength(4)
    const late = unitRows[0].querySelector<HTMLElement>('[data-testid="board-cell"][data-task-id="t4"]')!
    expect(late.getAttribute('aria-label')).toBe('秀英区商务局 · 任务 4：组织开展燃气使用安全专项检查 · 已退回 · 已逾期')
    expect(late.classList.contains('late')).toBe(true)
    expect(late.style.backgroundColor).toBe(RED)
    const done = unitRows[1].querySelector<HTMLElement>('[data-testid="board-cell"][data-task-id="t3"]')!
    expect(done.getAttribute('aria-label')).toContain('已完成')
    expect(done.getAttribute('aria-label')).not.toContain('已逾期')
    // d2 has no assignment in t4: an empty cell
    expect(unitRows[1].querySelector('[data-task-id="t4"]')).toBeNull()

    // the shared tooltip shows the hovered cell
    late.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))
    await settle()
    await vi.waitFor(() => expect(byTestId('board-cell-tip')?.textContent).toContain('已退回 · 已逾期'), { timeout: 15000 })

    // completion per unit: completed/assignments, the bar and the overdue count in red
    expect(unitRows[0].querySelector('.rate-text')?.textContent?.trim()).toBe('1/4')
    expect(unitRows[0].querySelector('.rate-late')?.textContent).toBe('逾期1')
    expect(unitRows[0].querySelector('.el-progress')?.getAttribute('aria-valuenow')).toBe('25')
    expect(unitRows[1].querySelector('.rate-text')?.textContent?.trim()).toBe('3/3')
    expect(unitRows[1].querySelector('.rate-late')).toBeNull()

    // sortable by rate: highest first, then lowest first
    const names = () => allByTestId('board-unit-row').map((r) => r.querySelector('th')?.textContent?.trim())
    byTestId('board-rate-sort')!.click()
    await settle()
    expect(names()).toEqual(['龙华区商务局', '秀英区商务局'])
    byTestId('board-rate-sort')!.click()
    await settle()
    expect(names()).toEqual(['秀英区商务局', '龙华区商务局'])

    // the figures of the kind
    const summary = byTestId('board-summary')!
    expect(summary.textContent?.replace(/\s+/g, '')).toBe('责任事项7项已完成4完成率57.1%逾期1退回1')
    // no enterprises on 区商务局: no search, no pager, no per-district table
    expect(byTestId('board-enterprise-search')).toBeNull()
    expect(byTestId('board-enterprise-pager')).toBeNull()
    expect(byTestId('board-groups')).toBeNull()

    // 逾期事项 by days overdue, 退回事项; the totals in the heads, all rows shown: no note
    expect(byTestId('board-overdue')!.closest('section')!.querySelector('.count')?.textContent).toBe('2')
    expect(byTestId('board-returned')!.closest('section')!.querySelector('.count')?.textContent).toBe('1')
    expect(byTestId('board-overdue-note')).toBeNull()
    const overdueRows = [...byTestId('board-overdue')!.querySelectorAll('tbody tr')]
    expect(overdueRows).toHaveLength(2)
    expect(overdueRows[0].textContent).toContain('美兰区商务局')
    expect(overdueRows[0].textContent).toContain('40 天')
    expect(overdueRows[1].textContent).toContain('15 天')
    const returnedRows = [...byTestId('board-returned')!.querySelectorAll('tbody tr')]
    expect(returnedRows).toHaveLength(1)
    expect(returnedRows[0].textContent).toContain('秀英区商务局')
    expect(returnedRows[0].textContent).toContain('组织开展燃气使用安全专项检查')

    // the unit kind switch reloads the board: 企业, then 全部 (no unit_kind)
    const kindButton = (text: string) =>
      [...byTestId('board-unit-kind')!.querySelectorAll<HTMLElement>('label')].find((l) => l.textContent?.trim() === text)!
    ;(kindButton('企业').querySelector('input') as HTMLInputElement).click()
    await settle(5)
    expect(boardCalls().at(-1)!.url).toBe('/api/campaigns/c1/board?unit_kind=enterprise&page=1&page_size=50')
    expect(router.currentRoute.value.query.unit_kind).toBe('enterprise')
    ;(kindButton('全部').querySelector('input') as HTMLInputElement).click()
    await settle(5)
    expect(boardCalls().at(-1)!.url).toBe('/api/campaigns/c1/board?page=1&page_size=50')
    expect(router.currentRoute.value.query.unit_kind).toBe('all')
    ;(kindButton('区商务局').querySelector('input') as HTMLInputElement).click()
    await settle(5)
    expect(boardCalls().at(-1)!.url).toBe('/api/campaigns/c1/board?unit_kind=district')
    expect(router.currentRoute.value.query.unit_kind).toBeUndefined()
    expect(router.currentRoute.value.query.tab).toBe('board')
    wrapper.unmount()
  })
  it('pages the enterprises (most unfinished first), searches them by name, sums them per district, and notes the lists are cut', async () => {
    // 120 enterprises in the campaign, in the server's order
    const all: BoardUnit[] = Array.from({ length: 120 }, (_, i) => ({
      id: `e${i + 1}`,
      name: `海口企业${i + 1}号有限公司`,
      kind: 'enterprise',
      assignments: 2,
      completed: 0,
      overdue: 1,
      rate: 0,
    }))
    const item = (i: number) => ({
      assignment_id: `ao${i}`,
      task_id: 't4',
      task_number: '4',
      task_text: '组织开展燃气使用安全专项检查。',
      org_id: `e${i + 1}`,
      org_name: `海口企业${i + 1}号有限公司`,
      state: 'in_progress',
      deadline_end: '2021-05-31',
      days_overdue: 15,
    })
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page([]),
      'GET /api/tasks/t4': json({ ...TASKS[3], campaign_id: 'c1', campaign_title: CAMPAIGN.title, lead_units: [], responsible_phrases: [], status_label: '进行中', overdue: true, assignments: [], timeline: [] }),
      'GET /api/campaigns/c1/board': (c) => {
        const q = new URL(c.url, 'http://localhost').searchParams
        if (q.get('unit_kind') !== 'enterprise') return json(board())
        const name = q.get('unit_q') ?? ''
        const p = Number(q.get('page') ?? 1)
        const size = Number(q.get('page_size') ?? 50)
        const matching = all.filter((u) => u.name.includes(name))
        const units = matching.slice((p - 1) * size, p * size)
        const cells: BoardCell[] = units.flatMap((u) => [
          { unit_id: u.id, task_id: 't2', assignment_id: `${u.id}-2`, state: 'in_progress', overdue: false },
          { unit_id: u.id, task_id: 't4', assignment_id: `${u.id}-4`, state: 'not_started', overdue: true },
        ])
        return json(
          board({
            units,
            cells,
            summary: { assignments: 240, completed: 0, overdue: 120, returned: 0, rate: 0 },
            enterprises: { total: matching.length, page: p, page_size: size },
            groups: [
              { district_id: 'd1', name: '秀英区商务局', assignments: 160, completed: 0, overdue: 80, returned: 0, rate: 0 },
              { district_id: 'd2', name: '龙华区商务局', assignments: 80, completed: 20, overdue: 40, returned: 0, rate: 0.25 },
            ],
            overdue: Array.from({ length: 100 }, (_, i) => item(i)),
            overdue_total: 120,
            returned: [],
            returned_total: 0,
          }),
        )
      },
    })
    // a link (the cockpit's 辖区企业 bar) opens the board on 企业
    const { wrapper, router } = await mountAt('/campaigns/c1?tab=board&unit_kind=enterprise')
    await vi.waitFor(() => expect(allByTestId('board-unit-row')).toHaveLength(50), { timeout: 15000 })
    const boardCalls = () => calls.filter((c) => c.path === '/api/campaigns/c1/board')
    expect(boardCalls().map((c) => c.url)).toEqual(['/api/campaigns/c1/board?unit_kind=enterprise&page=1&page_size=50'])
    const checked = byTestId('board-unit-kind')!.querySelector('.is-active')
    expect(checked?.textContent?.trim()).toBe('企业')
    const names = () => allByTestId('board-unit-row').map((r) => r.querySelector('th')?.textContent?.trim())
    expect(names()[0]).toBe('海口企业1号有限公司')
    expect(names()[49]).toBe('海口企业50号有限公司')

    // the figures cover every enterprise, not the page
    expect(byTestId('board-summary')!.textContent?.replace(/\s+/g, '')).toBe('责任事项240项已完成0完成率0%逾期120退回0')
    expect(wrapper.text()).toContain('企业按未完成事项多的在前排列')
    const pager = byTestId('board-enterprise-pager')!
    expect(pager.querySelector('.el-pagination__total')?.textContent).toContain('120')

    // 辖区企业完成情况
    const groups = byTestId('board-groups')!
    expect(groups.closest('section')?.textContent).toContain('辖区企业完成情况')
    const groupRows = [...groups.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()))
    expect(groupRows).toEqual([
      ['秀英区', '160', '0', '80', '0', '0%'],
      ['龙华区', '80', '20', '40', '0', '25%'],
    ])

    // the overdue list: its total in the head, the first 100 rows and the note; a row opens its task
    const overdueSection = byTestId('board-overdue')!.closest('section')!
    expect(overdueSection.querySelector('.count')?.textContent).toBe('120')
    expect(byTestId('board-overdue-note')?.textContent).toBe('仅显示前 100 项')
    expect(byTestId('board-overdue')!.querySelectorAll('tbody tr')).toHaveLength(100)
    expect(byTestId('board-returned-note')).toBeNull()
    ;(byTestId('board-overdue')!.querySelector('tbody tr') as HTMLElement).click()
    await settle(5)
    expect(calls.some((c) => c.url === '/api/tasks/t4')).toBe(true)
    document.querySelector<HTMLElement>('.el-drawer__close-btn')?.click()
    await settle(3)

    // page 2: the next 50
    pager.querySelector<HTMLElement>('.btn-next')!.click()
    await settle(5)
    expect(boardCalls().at(-1)!.url).toBe('/api/campaigns/c1/board?unit_kind=enterprise&page=2&page_size=50')
    await vi.waitFor(() => expect(names()[0]).toBe('海口企业51号有限公司'), { timeout: 15000 })

    // a name (Enter): back to page 1, one request
    const before = boardCalls().length
    // (Element Plus puts the test id on the <input> itself)
    const input = byTestId('board-enterprise-search') as HTMLInputElement
    expect(input.tagName).toBe('INPUT')
    expect(input.placeholder).toBe('企业名称')
    input.value = '海口企业7号'
    input.dispatchEvent(new Event('input'))
    input.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter', bubbles: true }))
    await settle(5)
    await new Promise((r) => setTimeout(r, 500))
    await settle(3)
    expect(boardCalls().slice(before).map((c) => decodeURIComponent(c.url))).toEqual([
      '/api/campaigns/c1/board?unit_kind=enterprise&unit_q=海口企业7号&page=1&page_size=50',
    ])
    expect(names()).toEqual(['海口企业7号有限公司'])
    expect(byTestId('board-enterprise-pager')!.querySelector('.el-pagination__total')?.textContent).toContain('1')

    // typing alone searches after a pause; nothing found says so
    input.value = '没有这家'
    input.dispatchEvent(new Event('input'))
    await new Promise((r) => setTimeout(r, 500))
    await settle(5)
    expect(decodeURIComponent(boardCalls().at(-1)!.url)).toBe('/api/campaigns/c1/board?unit_kind=enterprise&unit_q=没有这家&page=1&page_size=50')
    expect(byTestId('board-matrix')!.textContent).toContain('没有名称含“没有这家”的企业')

    // 区商务局: no page, no search, no per-district table
    const kindButton = (text: string) =>
      [...byTestId('board-unit-kind')!.querySelectorAll<HTMLElement>('label')].find((l) => l.textContent?.trim() === text)!
    ;(kindButton('区商务局').querySelector('input') as HTMLInputElement).click()
    await settle(5)
    expect(boardCalls().at(-1)!.url).toBe('/api/campaigns/c1/board?unit_kind=district')
    expect(router.currentRoute.value.query.unit_kind).toBeUndefined()
    expect(byTestId('board-enterprise-pager')).toBeNull()
    expect(byTestId('board-enterprise-search')).toBeNull()
    expect(byTestId('board-groups')).toBeNull()
    wrapper.unmount()
  })
})

describe('提醒规则', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['campaign.read', 'campaign.write']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  async function typeInto(el: HTMLInputElement, value: string) {
    el.value = value
    el.dispatchEvent(new Event('input'))
    el.dispatchEvent(new Event('change'))
    await settle(1)
  }

  it('sends the edited rules, and shows the server’s 403 detail in the dialog', async () => {
    const puts: Call[] = []
    let answer: 'ok' | 'forbidden' | 'invalid' = 'ok'
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page([]),
      'GET /api/campaigns/c1/reminder-rules': json({ before_days: [7, 1], overdue_every_days: 3, lead_digest: true }),
      'PUT /api/campaigns/c1/reminder-rules': (call) => {
        puts.push(call)
        if (answer === 'invalid')
          return problem(400, 'validation_failed', '提交的内容有误', [{ field: 'before_days[1]', code: 'range', message: '提前提醒天数应在0到365之间' }])
        return answer === 'ok' ? json(call.body) : problem(403, 'forbidden', '只有方案制定科室可以修改提醒规则')
      },
    })
    const { wrapper } = await mountAt('/campaigns/c1')
    byTestId('rules-open')!.click()
    await settle(5)
    await vi.waitFor(() => expect(byTestId('rules-before')?.querySelectorAll('.el-tag')).toHaveLength(2), { timeout: 15000 })
    const before = byTestId('rules-before')!
    expect([...before.querySelectorAll('.el-tag')].map((t) => t.textContent?.trim())).toEqual(['提前 7 天', '提前 1 天'])

    // add 15 and 0 (到期当天), refuse 400, remove 7
    const input = before.querySelector('input') as HTMLInputElement
    const add = [...before.querySelectorAll('button')].find((b) => b.textContent?.includes('添加'))!
    await typeInto(input, '15')
    add.click()
    await settle()
    // Enter adds too, and the input is emptied
    await typeInto(input, '0')
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await settle()
    expect(input.value).toBe('')
    expect([...before.querySelectorAll('.el-tag')].map((t) => t.textContent?.trim())).toEqual(['提前 15 天', '提前 7 天', '提前 1 天', '到期当天'])
    await typeInto(input, '400')
    add.click()
    await settle()
    expect(before.querySelectorAll('.el-tag')).toHaveLength(4)
    expect(before.textContent).toContain('请输入 0–365 之间的整数')
    const seven = [...before.querySelectorAll('.el-tag')].find((t) => t.textContent?.trim() === '提前 7 天')!
    ;(seven.querySelector('.el-tag__close') as HTMLElement).click()
    await settle()

    // overdue every 5 days, no digest
    await typeInto(byTestId('rules-overdue-every')!.querySelector('input') as HTMLInputElement, '5')
    byTestId('rules-digest')!.click()
    await settle()

    byTestId('rules-save')!.click()
    await settle(5)
    expect(puts).toHaveLength(1)
    expect(puts[0].body).toEqual({ before_days: [15, 1, 0], overdue_every_days: 5, lead_digest: false })
    expect(puts[0].headers.get('X-CSRF-Token')).toBe('csrf-abc123')

    // not the owner section: the server's detail, and the dialog stays open
    answer = 'forbidden'
    byTestId('rules-open')!.click()
    await settle(5)
    byTestId('rules-save')!.click()
    await settle(5)
    expect(puts).toHaveLength(2)
    await vi.waitFor(() => expect(byTestId('rules-error')?.textContent).toContain('只有方案制定科室可以修改提醒规则'), { timeout: 15000 })
    expect((byTestId('rules-dialog')!.closest('.el-overlay') as HTMLElement).style.display).not.toBe('none')

    // a field error lands on its item and marks the value it names
    answer = 'invalid'
    byTestId('rules-save')!.click()
    await settle(5)
    const item = byTestId('rules-before')!.closest('.el-form-item')!
    await vi.waitFor(() => expect(item.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('提前提醒天数应在0到365之间'), {
      timeout: 15000,
    })
    expect(byTestId('rules-before')!.querySelectorAll('.el-tag')[1].classList.contains('el-tag--danger')).toBe(true)
    expect(byTestId('rules-error')).toBeNull()
    wrapper.unmount()
  })

  it('has no 提醒规则 button without campaign.write', async () => {
    useAuthStore().setMe(makeMe(['campaign.read']))
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page([]),
    })
    const { wrapper } = await mountAt('/campaigns/c1')
    expect(byTestId('campaign-head')!.textContent).toContain(CAMPAIGN.title)
    expect(byTestId('rules-open')).toBeNull()
    wrapper.unmount()
  })
})
