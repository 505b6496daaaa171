// 督导检查 pages against a mocked server: the inspection page saves each answer on its own,
// keeps it on the phone when the connection fails and restores it after a reload; 完成检查 lists
// what is missing (its own check and the server's 422); the completed inspection lists its
// findings with their hazards; 我的检查 sends mine=true for inspectors and creates an inspection.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, type Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { InspectionBrief, InspectionDetail, Template } from '@/api/inspections'
import type { Me } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { storageKey } from '@/views/inspections/answerQueue'
import { json, makeMe, mockFetch, problem, settle, type Call } from './helpers'

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]

const TEMPLATE: Template = {
  name: '超市安全检查表',
  scope_label: '超市',
  sections: [
    {
      title: '消防安全',
      items: [
        { key: 'exits', text: '安全出口、疏散通道畅通', basis: '《消防法》第二十八条', answer: { kind: 'compliance' }, hazard: { category: '消防安全', level: 'general' }, photo_required_on_fail: false },
        { key: 'alarm_count', text: '火灾报警按钮数量', basis: 'GB 50116', answer: { kind: 'number', unit: '个', min: 2, max: 10 }, hazard: null, photo_required_on_fail: false },
      ],
    },
    {
      title: '其他',
      items: [{ key: 'remark', text: '值班记录', basis: '', answer: { kind: 'text' }, hazard: null, photo_required_on_fail: false }],
    },
  ],
}

const BRIEF: InspectionBrief = {
  id: 'i1',
  plan_id: null,
  plan_title: null,
  enterprise_id: 'e1',
  enterprise_name: '海口秀英椰城超市',
  district_name: '秀英区商务局',
  inspector_id: 'u1',
  inspector_name: '陈专干',
  template_name: '超市安全检查表',
  state: 'in_progress',
  state_label: '检查中',
  due_on: '2026-12-31',
  overdue: false,
  summary: null,
  finished_at: null,
}

function detail(over: Partial<InspectionDetail> = {}): InspectionDetail {
  return {
    ...BRIEF,
    template: TEMPLATE,
    answers: [],
    findings: [],
    hazards: [],
    accompanied_by: null,
    confirmed_by_name: null,
    confirmed_at: null,
    objection: null,
    version: 1,
    ...over,
  } as InspectionDetail
}

const BASE = {
  'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
  'GET /api/notifications/unread-count': json({ count: 0 }),
}

const saved = () => json({ version: 2, summary: { checked: 1, passed: 1, failed: 0, not_applicable: 0, unanswered: 2 } })

function me(role: string, permissions: string[]): Me {
  const m = makeMe(permissions)
  m.user.role = role
  return m
}

const INSPECTOR = ['inspection.read', 'inspection.write', 'enterprise.read', 'hazard.read']

async function mountAt(path: string, who: Me = me('district_staff', INSPECTOR)): Promise<{ wrapper: VueWrapper; router: Router }> {
  useAuthStore().setMe(who)
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: () => {} })
  await router.push(path)
  const wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle(5)
  return { wrapper, router }
}

async function typeInto(id: string, value: string, event = 'input') {
  const el = byTestId(id)!
  const input = (el.matches('input, textarea') ? el : el.querySelector('input, textarea')) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  if (event === 'blur') input.dispatchEvent(new FocusEvent('blur'))
  else if (event !== 'input') input.dispatchEvent(new Event(event))
  await settle(1)
}

async function choose(id: string, text: string) {
  const select = byTestId(id)!
  ;(select.querySelector('.el-select__wrapper') as HTMLElement).click()
  await settle()
  const listId = select.querySelector('input')?.getAttribute('aria-controls')
  const list = listId ? document.getElementById(listId) : null
  const option = [...(list ?? document).querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.includes(text))
  if (!option) throw new Error(`no option ${text}`)
  option.click()
  await settle()
}

const status = (key: string) => byTestId(`answer-${key}-status`)?.dataset.status

describe('inspection page', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
    Element.prototype.scrollIntoView = vi.fn()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    localStorage.clear()
    document.body.innerHTML = ''
  })

  it('saves each answer on its own as it is given; the bar counts answered and 不符合', async () => {
    const puts: Call[] = []
    mockFetch({
      ...BASE,
      'GET /api/inspections/i1': json(detail()),
      'PUT /api/inspections/i1/answers': (c) => {
        puts.push(c)
        return saved()
      },
    })
    const { wrapper } = await mountAt('/inspections/i1')
    expect(byTestId('inspection-enterprise')!.textContent).toBe('海口秀英椰城超市')
    expect(byTestId('inspection-state')!.textContent).toBe('检查中')
    expect(byTestId('answer-exits-basis')!.textContent).toContain('《消防法》第二十八条')
    expect(byTestId('answer-alarm_count-range')!.textContent).toContain('2 ~ 10 个')
    expect(byTestId('progress-answered')!.textContent).toBe('已答 0/3')

    byTestId('answer-exits-compliant')!.click()
    await settle(3)
    expect(puts.map((c) => c.body)).toEqual([{ answers: [{ key: 'exits', value: 'compliant', note: '', photos: [] }] }])
    expect(byTestId('answer-exits-compliant')!.getAttribute('aria-pressed')).toBe('true')
    expect(status('exits')).toBe('saved')
    expect(byTestId('answer-exits-status')!.textContent).toContain('已保存')

    // 不符合 without its 存在问题 would be refused: it waits on the phone as 待补充
    byTestId('answer-exits-non_compliant')!.click()
    await settle(3)
    expect(puts).toHaveLength(1)
    expect(byTestId('answer-exits-non_compliant')!.getAttribute('aria-pressed')).toBe('true')
    expect(status('exits')).toBe('incomplete')
    expect(byTestId('answer-exits-status')!.textContent).toContain('待补充')
    expect(byTestId('answer-exits-problem')!.textContent).toBe('请填写存在问题')
    expect(byTestId('progress-failed')!.textContent).toBe('不符合 1')
    expect(JSON.parse(localStorage.getItem(storageKey('i1'))!).answers[0]).toMatchObject({ draft: { key: 'exits', value: 'non_compliant' }, held: true })

    await typeInto('answer-exits-note', '二楼东侧安全出口被货物堵塞', 'blur')
    await settle(2)
    expect(puts[1].body).toEqual({ answers: [{ key: 'exits', value: 'non_compliant', note: '二楼东侧安全出口被货物堵塞', photos: [] }] })
    expect(status('exits')).toBe('saved')
    expect(localStorage.getItem(storageKey('i1'))).toBeNull()

    await typeInto('answer-alarm_count-number', '4', 'change')
    await settle(2)
    expect(puts[2].body).toEqual({ answers: [{ key: 'alarm_count', value: { number: 4 }, note: '', photos: [] }] })
    expect(byTestId('progress-answered')!.textContent).toBe('已答 2/3')

    // a number out of range is 不符合: the note and photos show (the note optional)
    await typeInto('answer-alarm_count-number', '1', 'change')
    await settle(2)
    expect(puts[3].body).toEqual({ answers: [{ key: 'alarm_count', value: { number: 1 }, note: '', photos: [] }] })
    expect(byTestId('answer-alarm_count-outside')).not.toBeNull()
    expect(byTestId('answer-alarm_count-note')).not.toBeNull()
    expect(byTestId('progress-failed')!.textContent).toBe('不符合 2')
    await typeInto('answer-alarm_count-number', '3', 'change')
    await settle(2)
    expect(byTestId('answer-alarm_count-note')).toBeNull()

    // 不适用 answers a text item too
    byTestId('answer-remark-not_applicable')!.click()
    await settle(3)
    expect(puts[5].body).toEqual({ answers: [{ key: 'remark', value: 'not_applicable', note: '', photos: [] }] })
    expect(byTestId('progress-answered')!.textContent).toBe('已答 3/3')

    // leaving 不符合 drops the note
    byTestId('answer-exits-compliant')!.click()
    await settle(3)
    expect(puts[6].body).toEqual({ answers: [{ key: 'exits', value: 'compliant', note: '', photos: [] }] })
    expect(byTestId('answer-exits-note')).toBeNull()
    expect(byTestId('progress-failed')!.textContent).toBe('不符合 0')
    wrapper.unmount()
  })

  it('no connection: the answer shows 未同步, stays in localStorage, is restored after a reload and then sent', async () => {
    let down = true
    const puts: Call[] = []
    mockFetch({
      ...BASE,
      'GET /api/inspections/i1': json(detail({ answers: [{ key: 'alarm_count', value: { number: 3 }, note: null, photos: [] }] })),
      'PUT /api/inspections/i1/answers': (c) => {
        puts.push(c)
        if (down) throw new TypeError('Failed to fetch')
        return saved()
      },
    })
    const first = await mountAt('/inspections/i1')
    expect((byTestId('answer-alarm_count-number') as HTMLInputElement).value).toBe('3')
    byTestId('answer-exits-not_applicable')!.click()
    await settle(3)
    expect(status('exits')).toBe('unsynced')
    expect(byTestId('answer-exits-status')!.textContent).toContain('未同步')
    expect(byTestId('progress-unsynced')!.textContent).toBe('未同步 1')
    expect(JSON.parse(localStorage.getItem(storageKey('i1'))!).answers[0].draft).toMatchObject({ key: 'exits', value: 'not_applicable' })
    first.wrapper.unmount()
    document.body.innerHTML = ''

    // a reload while the connection is still down: the answer is back on the page
    setActivePinia(createPinia())
    const second = await mountAt('/inspections/i1')
    expect(byTestId('answer-exits-not_applicable')!.getAttribute('aria-pressed')).toBe('true')
    expect(status('exits')).toBe('unsynced')
    expect(byTestId('item-exits')!.dataset.answered).toBe('true')

    // the connection is back: `online` sends it
    down = false
    window.dispatchEvent(new Event('online'))
    await settle(3)
    expect(status('exits')).toBe('saved')
    expect(puts.at(-1)!.body).toEqual({ answers: [{ key: 'exits', value: 'not_applicable', note: '', photos: [] }] })
    expect(localStorage.getItem(storageKey('i1'))).toBeNull()
    expect(byTestId('progress-unsynced')).toBeNull()
    second.wrapper.unmount()
  })

  it('完成检查: lists what is missing first; then the dialog, and a 422 lists the server’s unanswered items', async () => {
    let finish: Response = problem(422, 'unanswered', '还有 1 项未作答', [{ field: 'answers.remark', code: 'unanswered', message: '值班记录 未作答' }])
    const finishes: Call[] = []
    let state: InspectionDetail = detail({
      answers: [
        { key: 'exits', value: 'compliant', note: null, photos: [] },
        { key: 'alarm_count', value: { number: 3 }, note: null, photos: [] },
      ],
    })
    mockFetch({
      ...BASE,
      'GET /api/inspections/i1': () => json(state),
      'PUT /api/inspections/i1/answers': saved,
      'POST /api/inspections/i1/finish': (c) => {
        finishes.push(c)
        return finish
      },
    })
    const { wrapper } = await mountAt('/inspections/i1')
    byTestId('inspection-finish')!.click()
    await settle(3)
    expect(allByTestId('missing-item').map((el) => el.dataset.key)).toEqual(['remark'])
    expect(byTestId('finish-dialog')).toBeNull()
    await vi.waitFor(() => expect(Element.prototype.scrollIntoView).toHaveBeenCalled())

    await typeInto('answer-remark-text', '值班记录齐全', 'blur')
    await settle(2)
    expect(byTestId('inspection-missing')).toBeNull()
    byTestId('inspection-finish')!.click()
    await settle(3)
    expect(byTestId('finish-dialog')).not.toBeNull()
    await typeInto('finish-accompanied', '王店长')
    byTestId('finish-confirm')!.click()
    await settle(4)
    expect(finishes[0].body).toEqual({ accompanied_by: '王店长' })
    expect(allByTestId('missing-item').map((el) => el.dataset.key)).toEqual(['remark'])

    finish = json(detail({ state: 'awaiting_confirmation', state_label: '待企业确认' }))
    state = detail({ ...state, answers: [...state.answers, { key: 'remark', value: { text: '值班记录齐全' }, note: null, photos: [] }], state: 'awaiting_confirmation', state_label: '待企业确认', accompanied_by: '王店长' })
    byTestId('inspection-finish')!.click()
    await settle(3)
    byTestId('finish-confirm')!.click()
    await settle(5)
    expect(byTestId('inspection-state')!.textContent).toBe('待企业确认')
    expect(byTestId('inspection-bar')).toBeNull()
    expect(byTestId('inspection-confirm-onsite')).not.toBeNull()
    expect(byTestId('answer-exits-compliant')).toBeNull()
    expect(byTestId('answer-exits-value')!.textContent).toBe('符合')
    wrapper.unmount()
  })

  it('on-site confirmation needs the representative’s name; completed shows the findings with their hazards', async () => {
    const confirms: Call[] = []
    const answers = [
      { key: 'exits', value: 'non_compliant' as const, note: '安全出口被货物堵塞', photos: [] },
      { key: 'alarm_count', value: { number: 3 }, note: null, photos: [] },
      { key: 'remark', value: { text: '齐全' }, note: null, photos: [] },
    ]
    let state = detail({ state: 'awaiting_confirmation', state_label: '待企业确认', answers, accompanied_by: '王店长' })
    mockFetch({
      ...BASE,
      'GET /api/inspections/i1': () => json(state),
      'POST /api/inspections/i1/confirm': (c) => {
        confirms.push(c)
        state = detail({
          state: 'completed',
          state_label: '已完成',
          answers,
          accompanied_by: '王店长',
          confirmed_by_name: '王经理',
          confirmed_at: '2026-11-28T03:00:00Z',
          summary: { checked: 3, passed: 2, failed: 1, not_applicable: 0, unanswered: 0 },
          findings: [{ key: 'exits', section: '消防安全', item_text: '安全出口、疏散通道畅通', basis: '《消防法》第二十八条', problem: '安全出口被货物堵塞', level: 'general', level_label: '一般隐患', category: '消防安全' }],
          hazards: [{ id: 'h9', code: 'YH2026000009', item_key: 'exits', state: 'pending', state_label: '待整改' }],
        })
        return json(state)
      },
    })
    const { wrapper } = await mountAt('/inspections/i1')
    byTestId('inspection-confirm-onsite')!.click()
    await settle(3)
    byTestId('confirm-submit')!.click()
    await settle(2)
    expect(confirms).toHaveLength(0)
    expect(byTestId('confirm-name')!.closest('.el-form-item')!.classList).toContain('is-error')
    await typeInto('confirm-name', '王经理')
    byTestId('confirm-submit')!.click()
    await settle(5)
    expect(confirms[0].body).toEqual({ name: '王经理' })
    expect(byTestId('inspection-state')!.textContent).toBe('已完成')
    expect(byTestId('summary-failed')!.textContent).toBe('1')
    expect(byTestId('inspection-confirmed-by')!.textContent).toBe('王经理')
    const findings = allByTestId('finding')
    expect(findings.map((f) => f.dataset.key)).toEqual(['exits'])
    expect(findings[0].textContent).toContain('安全出口被货物堵塞')
    expect(byTestId('finding-hazard')!.textContent).toBe('YH2026000009')
    expect(byTestId('finding-hazard')!.getAttribute('href')).toBe('/hazards/h9')
    expect(findings[0].textContent).toContain('消防安全 · 一般隐患')
    expect(byTestId('inspection-report')).not.toBeNull()
    wrapper.unmount()
  })

  it('a draft offers 开始检查 and no answers until started', async () => {
    let state = detail({ state: 'draft', state_label: '待检查' })
    const starts: Call[] = []
    mockFetch({
      ...BASE,
      'GET /api/inspections/i1': () => json(state),
      'POST /api/inspections/i1/start': (c) => {
        starts.push(c)
        state = detail()
        return json(state)
      },
    })
    const { wrapper } = await mountAt('/inspections/i1')
    expect(byTestId('answer-exits-compliant')).toBeNull()
    expect(byTestId('inspection-bar')).toBeNull()
    byTestId('inspection-start')!.click()
    await settle(5)
    expect(starts).toHaveLength(1)
    expect(byTestId('inspection-state')!.textContent).toBe('检查中')
    expect(byTestId('answer-exits-compliant')).not.toBeNull()
    expect(byTestId('inspection-start')).toBeNull()
    wrapper.unmount()
  })

  it('another scope’s inspection is “not found”', async () => {
    mockFetch({ ...BASE, 'GET /api/inspections/x': problem(404, 'not_found', '检查不存在') })
    const { wrapper } = await mountAt('/inspections/x')
    expect(byTestId('error-404')!.textContent).toContain('检查不存在')
    wrapper.unmount()
  })
})

describe('我的检查', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('inspectors see their own by default; the tabs filter by state; 新建检查 opens the new inspection', async () => {
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/inspections': json({ items: [{ ...BRIEF, overdue: true }], total: 1, page: 1, page_size: 20 }),
      'GET /api/checklist-templates': json([{ id: 't1', key: 'supermarket', name: '超市安全检查表', scope_label: '超市', version: 1, items: 3, builtin: true, updated_at: '2026-11-01T00:00:00Z' }]),
      'GET /api/inspections/i2': json(detail({ id: 'i2', state: 'draft', state_label: '待检查' })),
      'GET /api/enterprises': json({ items: [{ id: 'e1', name: '海口秀英椰城超市', district_name: '秀英区商务局' }], total: 1, page: 1, page_size: 20 }),
      'POST /api/inspections': json(detail({ id: 'i2', state: 'draft', state_label: '待检查' }), 201),
    })
    const { wrapper, router } = await mountAt('/inspections')
    expect(calls.find((c) => c.path === '/api/inspections')!.url).toBe('/api/inspections?mine=true&page=1&page_size=20')
    expect(allByTestId('inspection-row')).toHaveLength(1)
    expect(byTestId('inspection-overdue')!.textContent).toBe('逾期')
    expect(byTestId('inspection-create')).not.toBeNull()

    const tab = [...document.querySelectorAll<HTMLElement>('.el-tabs__item')].find((t) => t.textContent === '待确认')!
    tab.click()
    await settle(3)
    expect(calls.filter((c) => c.path === '/api/inspections').at(-1)!.url).toBe('/api/inspections?state=awaiting_confirmation&mine=true&page=1&page_size=20')
    expect(router.currentRoute.value.query).toEqual({ state: 'awaiting_confirmation' })

    byTestId('inspection-create')!.click()
    await settle(3)
    byTestId('inspection-new-confirm')!.click()
    await settle(2)
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    await choose('inspection-new-enterprise', '海口秀英椰城超市')
    await choose('inspection-new-template', '超市安全检查表')
    byTestId('inspection-new-confirm')!.click()
    await settle(5)
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ enterprise_id: 'e1', template_id: 't1' })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/inspections/i2'), { timeout: 10_000 })
    await vi.waitFor(() => expect(byTestId('inspection-start')).not.toBeNull(), { timeout: 10_000 })
    wrapper.unmount()
  })

  it('an enterprise user has no 新建检查 and no 只看我的', async () => {
    const { calls } = mockFetch({ ...BASE, 'GET /api/inspections': json({ items: [], total: 0, page: 1, page_size: 20 }) })
    const { wrapper } = await mountAt('/inspections', me('enterprise_user', ['inspection.read', 'inspection.confirm']))
    expect(calls.find((c) => c.path === '/api/inspections')!.url).toBe('/api/inspections?page=1&page_size=20')
    expect(byTestId('inspection-create')).toBeNull()
    expect(byTestId('inspection-filter-mine')).toBeNull()
    expect(byTestId('inspection-filter-enterprise')).toBeNull()
    wrapper.unmount()
  })
})

describe('检查表模板', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  const TPL = {
    id: 't1',
    key: 'supermarket',
    name: '超市安全检查表',
    scope_label: '超市',
    version: 2,
    builtin: true,
    versions: [
      { version: 1, created_at: '2026-10-01T00:00:00Z', created_by_name: '系统' },
      { version: 2, created_at: '2026-11-01T00:00:00Z', created_by_name: '李科长' },
    ],
    content: TEMPLATE,
  }

  it('shows sections, items, 依据 and 转隐患 rules; an editor saves a new version through PUT', async () => {
    const puts: Call[] = []
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/checklist-templates/t1': (c) => json(c.url.includes('version=1') ? { ...TPL, version: 1 } : TPL),
      'GET /api/hazard-categories': json([{ id: 'c1', name: '消防安全', sort_order: 1, hazard_count: 0 }]),
      'PUT /api/checklist-templates/t1': (c) => {
        puts.push(c)
        return json({ ...TPL, version: 3 })
      },
    })
    const { wrapper } = await mountAt('/checklist-templates/t1', me('section_staff', ['inspection.read', 'inspection.write', 'inspection.template']))
    expect(byTestId('tpl-title')!.textContent).toBe('超市安全检查表')
    expect(byTestId('tpl-version')!.textContent).toBe('第 2 版')
    expect(allByTestId('tpl-view-item').map((el) => el.dataset.key)).toEqual(['exits', 'alarm_count', 'remark'])
    expect(byTestId('tpl-view-rule')!.textContent).toContain('不符合转一般隐患 · 消防安全')
    expect(document.body.textContent).toContain('依据：《消防法》第二十八条')

    byTestId('tpl-edit')!.click()
    await settle(3)
    const addButtons = allByTestId('tpl-add-item')
    addButtons[1].click()
    await settle(2)
    const texts = allByTestId('tpl-item-text')
    expect(texts).toHaveLength(4)
    const last = texts[3] as HTMLTextAreaElement
    last.value = '消防控制室有人值守'
    last.dispatchEvent(new Event('input'))
    await settle(1)
    byTestId('tpl-save')!.click()
    await settle(5)
    const sent = puts[0].body as { content: Template }
    expect(sent.content.sections[1].items.map((i) => i.key)).toEqual(['remark', 'item_4'])
    expect(sent.content.sections[1].items[1]).toEqual({ key: 'item_4', text: '消防控制室有人值守', basis: '', answer: { kind: 'compliance' }, hazard: null, photo_required_on_fail: false })
    expect(byTestId('tpl-editor')).toBeNull()
    expect(calls.filter((c) => c.path === '/api/checklist-templates/t1' && c.method === 'GET').length).toBeGreaterThanOrEqual(2)
    wrapper.unmount()
  })
})
