// 教育培训, 应急管理 and 宣传教育 pages against a mocked server: the roster import wizard (problems
// by row and column, 仅导入有效行, the body), the enterprise's coverage card, the training
// evaluation (the coverage item pre-filled, the live total and grade, the body), the spot check
// (a problem becoming a hazard, the hazard link in the answer), and the task page's
// 关联宣传教育活动.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, type Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { Activity, Coverage, Criterion, EvaluationForm } from '@/api/training'
import type { Me } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { json, makeMe, mockFetch, settle, type Call } from './helpers'

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
const page = (items: unknown[], total = items.length) => json({ items, total, page: 1, page_size: 20 })

const BASE = {
  'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
  'GET /api/notifications/unread-count': json({ count: 0 }),
  'GET /api/orgs': page([{ id: 'd-xy', name: '秀英区商务局', kind: 'district' }]),
}

function me(role: string, permissions: string[], orgId = 'o1'): Me {
  const m = makeMe(permissions)
  m.user.role = role
  m.user.org_id = orgId
  return m
}

const ENTERPRISE = ['training.read', 'training.write', 'campaign.read']
const DISTRICT = ['training.read', 'training.evaluate', 'publicity.write', 'hazard.read', 'campaign.read']

async function mountAt(path: string, who: Me): Promise<{ wrapper: VueWrapper; router: Router }> {
  useAuthStore().setMe(who)
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: () => {} })
  await router.push(path)
  const wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle(5)
  return { wrapper, router }
}

async function choose(el: HTMLElement, text: string) {
  ;(el.querySelector('.el-select__wrapper') as HTMLElement).click()
  await settle()
  const listId = el.querySelector('input')?.getAttribute('aria-controls')
  const list = listId ? document.getElementById(listId) : null
  const option = [...(list ?? document).querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.trim().startsWith(text))
  if (!option) throw new Error(`no option ${text}`)
  option.click()
  await settle()
}

async function typeNumber(el: HTMLElement, value: string) {
  const input = el.querySelector('input') as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await settle(1)
}

async function pickFile(input: HTMLInputElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle(4)
}

const COVERAGE: Coverage = {
  year: 2026,
  enterprise_id: 'e1',
  employees: 3,
  trained: 2,
  coverage: 2 / 3,
  by_category: [
    { category: 'principal', label: '主要负责人', employees: 0, trained: 0, rate: 0 },
    { category: 'worker', label: '从业人员', employees: 3, trained: 2, rate: 2 / 3 },
  ],
  short: [{ employee_id: 'p3', name: '吴敏', category_label: '从业人员', hours: 0, required: 8, missing: 8 }],
}

describe('training pages', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('导入人员名册: problems by row and column, 导入 only with 仅导入有效行, then the result', async () => {
    const confirms: Call[] = []
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/employees': page([]),
      'POST /api/employees/import/preview': json({
        draft_id: 'draft-9',
        total: 3,
        valid: 2,
        problems: [
          { row: 4, column: '入职日期', field: 'hired_on', message: '入职日期“2020-13-01”无法识别' },
          { row: 4, column: '人员类别', field: 'category', message: '人员类别“临时工”无法识别' },
        ],
      }),
      'POST /api/employees/import': (call) => {
        confirms.push(call)
        return json({ created: 2, updated: 0 })
      },
    })
    const { wrapper } = await mountAt('/training/employees', me('enterprise_user', ENTERPRISE, 'e1'))
    // enterprise users have no 企业 filter
    expect(byTestId('employee-filter-enterprise')).toBeNull()
    byTestId('employee-import')!.click()
    await settle(3)
    const input = byTestId('roster-upload') as HTMLInputElement
    await pickFile(input, new File(['x'], '人员名册.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
    const preview = calls.find((c) => c.path === '/api/employees/import/preview')!
    expect(preview.url).toContain('file_name=')
    expect(preview.headers.get('content-type')).toBe('application/octet-stream')
    await vi.waitFor(() => expect(allByTestId('roster-problem-row')).toHaveLength(2))
    const rows = allByTestId('roster-problem-row').map((r) => r.textContent ?? '')
    expect(rows[0]).toContain('第 4 行')
    expect(rows[0]).toContain('人员类别')
    expect(rows[1]).toContain('入职日期')
    expect(byTestId('roster-count-valid')!.textContent).toBe('2')
    expect(byTestId('roster-count-bad')!.textContent).toBe('1')
    const confirm = byTestId('roster-import-confirm') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    expect(byTestId('roster-blocker')!.textContent).toContain('仅导入有效行')
    ;(byTestId('roster-valid-only')!.querySelector('input') as HTMLInputElement).click()
    await settle(2)
    expect(confirm.disabled).toBe(false)
    expect(byTestId('roster-plan')!.textContent).toContain('导入 2 人，忽略问题行 1 行')
    confirm.click()
    await settle(4)
    expect(confirms.map((c) => c.body)).toEqual([{ draft_id: 'draft-9', valid_only: true }])
    expect(byTestId('roster-import-result')!.textContent).toContain('新增 2 人，更新 0 人')
    wrapper.unmount()
  })

  it('轮训情况 of an enterprise: the big percentage, the bars and 未达标人员', async () => {
    const { calls } = mockFetch({ ...BASE, 'GET /api/training/coverage': json(COVERAGE) })
    const { wrapper } = await mountAt('/training/coverage', me('enterprise_user', ENTERPRISE, 'e1'))
    const call = calls.find((c) => c.path === '/api/training/coverage')!
    expect(call.url).not.toContain('enterprise_id')
    expect(calls.some((c) => c.path === '/api/training/coverage/summary')).toBe(false)
    expect(byTestId('coverage-rate')!.textContent).toBe('67%')
    expect(byTestId('coverage-count')!.textContent).toContain('已达标 2 人 / 共 3 人')
    // 主要负责人 has nobody: no bar
    expect(allByTestId('coverage-bar').map((b) => b.textContent)).toEqual([expect.stringContaining('从业人员')])
    expect(allByTestId('coverage-short-row')).toHaveLength(1)
    expect(allByTestId('coverage-short-row')[0].textContent).toContain('吴敏')
    wrapper.unmount()
  })

  it('培训评估: the coverage item pre-filled, total and grade live, the body sent', async () => {
    const FORM: EvaluationForm = {
      enterprise_id: 'e1',
      year: 2026,
      coverage: COVERAGE,
      items: [
        { key: 'system_plan', label: '安全培训制度健全，制定年度培训计划', max: 10, suggested: null, score: null },
        { key: 'coverage', label: '全员安全培训覆盖率（全员轮训一遍）', max: 30, suggested: 20, score: null },
        { key: 'effect', label: '培训效果考核（考试或评估）', max: 60, suggested: null, score: null },
      ],
    }
    const posts: Call[] = []
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/enterprises': page([{ id: 'e1', name: '海口秀英椰城购物广场有限公司', district_name: '秀英区商务局' }]),
      'GET /api/training/evaluations/form': json(FORM),
      'GET /api/training/evaluations': page([]),
      'GET /api/training/evaluations/summary': json([]),
      'POST /api/training/evaluations': (call) => {
        posts.push(call)
        return json({ id: 'v1', enterprise_id: 'e1', enterprise_name: '海口秀英椰城购物广场有限公司', district_name: '秀英区商务局', year: 2026, total: 89, grade: 'good', grade_label: '良好', items: [], comment: null, coverage: 2 / 3, evaluated_by_name: '陈专干', evaluated_at: '2026-11-28T02:00:00Z' }, 201)
      },
    })
    const { wrapper } = await mountAt('/training/evaluations', me('district_staff', DISTRICT, 'd-xy'))
    await choose(byTestId('evaluation-enterprise')!, '海口秀英椰城购物广场有限公司')
    await settle(3)
    expect(calls.find((c) => c.path === '/api/training/evaluations/form')!.url).toContain('enterprise_id=e1')
    expect(byTestId('evaluation-coverage')!.textContent).toBe('67%')
    expect(allByTestId('evaluation-item')).toHaveLength(3)
    expect((byTestId('evaluation-score-coverage')!.querySelector('input') as HTMLInputElement).value).toBe('20.0')
    expect(byTestId('evaluation-total')!.textContent).toBe('20')
    expect(byTestId('evaluation-grade')).toBeNull()

    // submitting with an item unscored is refused here
    byTestId('evaluation-submit')!.click()
    await settle(2)
    expect(posts).toHaveLength(0)

    await typeNumber(byTestId('evaluation-score-system_plan')!, '9')
    await typeNumber(byTestId('evaluation-score-effect')!, '60')
    expect(byTestId('evaluation-total')!.textContent).toBe('89')
    expect(byTestId('evaluation-grade')!.textContent).toBe('良好')
    await typeNumber(byTestId('evaluation-score-system_plan')!, '10')
    expect(byTestId('evaluation-total')!.textContent).toBe('90')
    expect(byTestId('evaluation-grade')!.textContent).toBe('优秀')
    await typeNumber(byTestId('evaluation-score-system_plan')!, '9')

    byTestId('evaluation-submit')!.click()
    await settle(4)
    expect(posts.map((c) => c.body)).toEqual([
      {
        enterprise_id: 'e1',
        year: 2026,
        items: [
          { key: 'system_plan', score: 9 },
          { key: 'coverage', score: 20 },
          { key: 'effect', score: 60 },
        ],
        comment: null,
      },
    ])
    expect(byTestId('evaluation-done')!.textContent).toContain('89 分，良好')
    wrapper.unmount()
  })

  it('抽查评估: scores, a problem becoming a hazard, the hazard code linking to it', async () => {
    const CRITERIA: Criterion[] = [
      { key: 'plan_basis', group: '预案可操作性', label: '编制依据充分', max: 50 },
      { key: 'drill_staff', group: '演练效果', label: '参演人员到位', max: 50 },
    ]
    const posts: Call[] = []
    mockFetch({
      ...BASE,
      'GET /api/drill-evaluations': page([]),
      'GET /api/drill-evaluations/criteria': json({ items: CRITERIA }),
      'GET /api/hazard-categories': json([{ id: 'cat-fire', name: '消防安全', sort_order: 1, hazard_count: 0 }]),
      'GET /api/enterprises': page([{ id: 'e1', name: '海口秀英椰城购物广场有限公司', district_name: '秀英区商务局' }]),
      'GET /api/emergency-plans': page([]),
      'GET /api/drills': page([]),
      'POST /api/drill-evaluations': (call) => {
        posts.push(call)
        return json(
          {
            id: 's1',
            enterprise_id: 'e1',
            enterprise_name: '海口秀英椰城购物广场有限公司',
            district_name: '秀英区商务局',
            plan_id: null,
            drill_id: null,
            total: 85,
            result: 'qualified',
            result_label: '合格',
            scores: [],
            problems: [{ text: '应急照明损坏', to_hazard: true, hazard_id: 'h1', hazard_code: 'YH2026000007' }],
            comment: null,
            evaluated_by_name: '陈专干',
            evaluated_at: '2026-11-28T02:00:00Z',
          },
          201,
        )
      },
    })
    const { wrapper } = await mountAt('/drills/spot-checks', me('district_staff', DISTRICT, 'd-xy'))
    byTestId('spot-new')!.click()
    await settle(4)
    expect(allByTestId('spot-group').map((g) => g.textContent)).toEqual([expect.stringContaining('预案可操作性'), expect.stringContaining('演练效果')])
    await choose(byTestId('spot-form-enterprise')!, '海口秀英椰城购物广场有限公司')
    await typeNumber(byTestId('spot-score-plan_basis')!, '40')
    expect(byTestId('spot-result-live')).toBeNull()
    await typeNumber(byTestId('spot-score-drill_staff')!, '45')
    expect(byTestId('spot-total')!.textContent).toBe('85')
    expect(byTestId('spot-result-live')!.textContent).toBe('合格')

    byTestId('spot-problem-add')!.click()
    await settle(2)
    const text = byTestId('spot-problem-text')!.querySelector('textarea') ?? (byTestId('spot-problem-text') as HTMLTextAreaElement)
    text.value = '应急照明损坏'
    text.dispatchEvent(new Event('input'))
    ;(byTestId('spot-problem-to-hazard') as HTMLElement).click()
    await settle(2)
    // 转为隐患 without a category is refused here
    byTestId('spot-form-submit')!.click()
    await settle(2)
    expect(posts).toHaveLength(0)
    expect(document.body.textContent).toContain('转为隐患须选择隐患类别')
    await choose(byTestId('spot-problem-category')!, '消防安全')

    byTestId('spot-form-submit')!.click()
    await settle(4)
    expect(posts).toHaveLength(1)
    expect(posts[0].body).toEqual({
      enterprise_id: 'e1',
      plan_id: null,
      drill_id: null,
      scores: [
        { key: 'plan_basis', score: 40 },
        { key: 'drill_staff', score: 45 },
      ],
      problems: [{ text: '应急照明损坏', to_hazard: true, category_id: 'cat-fire', level: 'general' }],
      comment: null,
    })
    const link = byTestId('spot-hazard-link') as HTMLAnchorElement
    expect(link.textContent).toBe('YH2026000007')
    expect(link.getAttribute('href')).toBe('/hazards/h1')
    expect(byTestId('spot-result-label')!.textContent).toBe('合格')
    wrapper.unmount()
  })

  it('the task page lists its publicity activities under 关联宣传教育活动', async () => {
    const activity: Activity = {
      id: 'a1',
      title: '观看《生命重于泰山》专题片',
      kind: 'viewing',
      kind_label: '集中观看',
      held_on: '2026-11-20',
      organiser: '局政策法规科',
      task_id: 't1',
      task_text: '制定安全生产宣传与警示教育活动计划',
      participants: [
        { org_id: 'e1', name: '甲企业', headcount: 20 },
        { org_id: 'e2', name: '乙企业', headcount: 15 },
      ],
      units: 2,
      headcount: 35,
      materials: [],
      photos: [],
      summary: null,
      created_by_name: '李科长',
    }
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/tasks/t1': json({
        id: 't1',
        campaign_id: 'c1',
        campaign_title: '方案',
        seq: 1,
        section: '一',
        number: '1',
        text: '制定安全生产宣传与警示教育活动计划',
        deadline: { text: '3月份', kind: 'window', start: '2021-03-01', end: '2021-03-31', period: null },
        lead_units: [],
        responsible_phrases: [],
        status: 'in_progress',
        status_label: '进行中',
        overdue: false,
        assignment_count: 0,
        completed_count: 0,
        assignments: [],
        timeline: [],
      }),
      'GET /api/tasks/t1/activities': page([activity]),
    })
    const { wrapper } = await mountAt('/tasks/t1', me('section_staff', ['campaign.read', 'training.read', 'publicity.write']))
    expect(calls.some((c) => c.path === '/api/tasks/t1/activities')).toBe(true)
    const section = byTestId('task-activities')!
    expect(section.textContent).toContain('关联宣传教育活动')
    expect(allByTestId('task-activity-row')).toHaveLength(1)
    expect(allByTestId('task-activity-row')[0].textContent).toContain('2 个单位、35 人')
    wrapper.unmount()
  })

  it('without training.read the task page does not ask for activities', async () => {
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/tasks/t1': json({ id: 't1', campaign_id: 'c1', campaign_title: '方案', text: 'x', deadline: null, lead_units: [], responsible_phrases: [], status: 'not_started', status_label: '未开始', assignments: [], timeline: [] }),
    })
    const { wrapper } = await mountAt('/tasks/t1', me('agency_user', ['campaign.read']))
    expect(calls.some((c) => c.path === '/api/tasks/t1/activities')).toBe(false)
    expect(byTestId('task-activities')).toBeNull()
    wrapper.unmount()
  })
})
