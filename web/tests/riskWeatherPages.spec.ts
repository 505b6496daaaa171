// 风险分级管控 and 极端天气预警 pages against a mocked server: the risk point form (the live
// result box, the suggested re-assessment date, the flat body, a server field error under
// 管控层级), the enterprise's 风险等级 tab, an enterprise acknowledging and reporting on a
// warning, and the CAP import (a refused file's message, the preview, 确认发布).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, type Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { RiskMethods, RiskPoint } from '@/api/risk'
import type { Me } from '@/api/types'
import type { Ack, Warning } from '@/api/weather'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { todayInChina } from '@/utils/time'
import { resetRiskMethods } from '@/views/risk/lookups'
import { addMonths } from '@/views/risk/riskForm'
import { json, makeMe, mockFetch, problem, settle, type Call } from './helpers'

class FakeXhr {
  static sent: FakeXhr[] = []
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: FormData | null = null
  status = 0
  responseText = ''
  responseHeaders: Record<string, string> = {}
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  getResponseHeader(k: string) {
    return this.responseHeaders[k.toLowerCase()] ?? null
  }
  send(body: FormData) {
    this.body = body
    FakeXhr.sent.push(this)
  }
  abort() {
    this.onabort?.()
  }
  reply(status: number, body: unknown, contentType = 'application/json') {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.responseHeaders['content-type'] = contentType
    this.onload?.()
  }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
const page = (items: unknown[], total = items.length) => json({ items, total, page: 1, page_size: 20 })

const METHODS: RiskMethods = {
  lec: {
    l: [
      { value: 10, label: '完全可以预料' },
      { value: 6, label: '相当可能' },
      { value: 3, label: '可能，但不经常' },
      { value: 1, label: '可能性小，完全意外' },
    ],
    e: [
      { value: 10, label: '连续暴露' },
      { value: 6, label: '每天工作时间内暴露' },
    ],
    c: [
      { value: 100, label: '大灾难，许多人死亡' },
      { value: 40, label: '灾难，数人死亡' },
      { value: 15, label: '非常严重，一人死亡' },
    ],
  },
  ls: { l: [{ value: 5, label: '极有可能' }], s: [{ value: 5, label: '特别严重' }] },
  thresholds: { lec: { major: 320, large: 160, general: 70 }, ls: { major: 20, large: 15, general: 9 } },
  grades: [
    { code: 'major', label: '重大风险', short: '重大', colour: 'red' },
    { code: 'large', label: '较大风险', short: '较大', colour: 'orange' },
    { code: 'general', label: '一般风险', short: '一般', colour: 'yellow' },
    { code: 'low', label: '低风险', short: '低', colour: 'blue' },
  ],
  accident_types: ['物体打击', '火灾', '其它爆炸'],
  measure_kinds: [
    { code: 'engineering', label: '工程技术措施' },
    { code: 'management', label: '管理措施' },
  ],
  tiers: [
    { code: 'unit', label: '单位级' },
    { code: 'department', label: '部门级' },
    { code: 'team', label: '班组级' },
    { code: 'post', label: '岗位级' },
  ],
}

const BASE = {
  'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
  'GET /api/notifications/unread-count': json({ count: 0 }),
  'GET /api/risk/methods': json(METHODS),
  'GET /api/orgs': page([
    { id: 'd-xy', name: '秀英区商务局', kind: 'district' },
    { id: 'd-lh', name: '龙华区商务局', kind: 'district' },
  ]),
  'GET /api/industry-categories': json([]),
}

function me(role: string, permissions: string[], orgId = 'o1'): Me {
  const m = makeMe(permissions)
  m.user.role = role
  m.user.org_id = orgId
  return m
}

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

async function typeInto(id: string, value: string) {
  const el = byTestId(id)!
  const input = (el.matches('input, textarea') ? el : el.querySelector('input, textarea')) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await settle(1)
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

/** waits for the live assessment (debounced) */
async function waitAssess() {
  await new Promise((r) => setTimeout(r, 160))
  await settle(3)
}

const ENTERPRISE_RISK = ['risk.read', 'risk.write', 'weather.read', 'weather.ack', 'profile.write', 'enterprise.read']

describe('risk pages', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    resetRiskMethods()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('新增风险点: live grade on its colour, suggested date, flat body, 管控层级 error from the server', async () => {
    const assess: Call[] = []
    const creates: Call[] = []
    let createAnswer: Response = problem(422, 'validation_failed', '输入有误', [
      { field: 'control_tier', code: 'invalid', message: '管控层级过低：重大风险应由单位级管控，当前为部门级' },
    ])
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/risk-points': page([]),
      'POST /api/risk/assess': (call) => {
        assess.push(call)
        const b = call.body as { l: number; e: number; c: number }
        const score = b.l * b.e * b.c
        return score >= 320
          ? json({ score, grade: 'major', grade_label: '重大风险', colour: 'red', method_line: `LEC法：L=${b.l}，E=${b.e}，C=${b.c}，D=${score}` })
          : json({ score, grade: 'large', grade_label: '较大风险', colour: 'orange', method_line: `LEC法：L=${b.l}，E=${b.e}，C=${b.c}，D=${score}` })
      },
      'POST /api/risk-points': (call) => {
        creates.push(call)
        return createAnswer
      },
    })
    const { wrapper } = await mountAt('/risk-points', me('enterprise_user', ENTERPRISE_RISK, 'e1'))
    expect(calls.some((c) => c.url.startsWith('/api/risk-points?') && c.url.includes('sort=-score'))).toBe(true)
    // enterprise users have no 企业 / 所属区 filters
    expect(byTestId('risk-filter-enterprise')).toBeNull()
    expect(byTestId('risk-filter-district')).toBeNull()

    byTestId('risk-point-new')!.click()
    await settle(4)
    expect(byTestId('risk-form-enterprise')).toBeNull()
    expect(byTestId('risk-grade-badge')!.dataset.grade).toBe('none')

    await typeInto('risk-form-name', '地下一层燃气厨房')
    await typeInto('risk-form-hazard-factors', '燃气泄漏')
    await choose(byTestId('risk-form-accident-types')!, '火灾')
    await choose(byTestId('risk-form-l')!, '3 — ')
    await choose(byTestId('risk-form-e')!, '6 — ')
    await choose(byTestId('risk-form-c')!, '15 — ')
    await waitAssess()
    expect(assess.map((c) => c.body)).toEqual([{ method: 'lec', l: 3, e: 6, c: 15 }])
    const badge = byTestId('risk-grade-badge')!
    expect(badge.dataset.grade).toBe('large')
    expect(badge.dataset.colour).toBe('orange')
    expect(badge.textContent).toContain('较大风险')
    expect(badge.textContent).toContain('D = 270')
    const dateInput = byTestId('risk-form-reassess-on')!.querySelector('input') as HTMLInputElement
    expect(dateInput.value).toBe(addMonths(todayInChina(), 6))
    expect(byTestId('risk-form-tier-hint')!.textContent).toContain('较大风险应由部门级或以上管控')

    await choose(byTestId('risk-form-c')!, '40 — ')
    await waitAssess()
    expect(byTestId('risk-grade-badge')!.dataset.grade).toBe('major')
    expect(dateInput.value).toBe(addMonths(todayInChina(), 3))

    await choose(allByTestId('risk-measure-kind')[0], '工程技术措施')
    await typeInto('risk-measure-text', '安装可燃气体报警装置')
    await choose(byTestId('risk-form-control-tier')!, '部门级')
    expect(byTestId('risk-form-tier-hint')!.textContent).toContain('当前所选层级过低')
    await typeInto('risk-form-responsible', '张三')

    byTestId('risk-form-submit')!.click()
    await settle(4)
    expect(creates).toHaveLength(1)
    expect(creates[0].body).toEqual({
      name: '地下一层燃气厨房',
      kind: 'place',
      location: null,
      hazard_factors: '燃气泄漏',
      accident_types: ['火灾'],
      method: 'lec',
      l: 3,
      e: 6,
      c: 40,
      measures: [{ kind: 'engineering', text: '安装可燃气体报警装置' }],
      control_tier: 'department',
      responsible: '张三',
      responsible_phone: null,
      reassess_on: addMonths(todayInChina(), 3),
    })
    const tierItem = byTestId('risk-form-item-control-tier')!
    expect(tierItem.classList).toContain('is-error')
    await vi.waitFor(() => expect(tierItem.querySelector('.el-form-item__error')?.textContent).toContain('管控层级过低'), { timeout: 15000 })

    createAnswer = json({ id: 'p9', name: '地下一层燃气厨房', grade: 'major', grade_label: '重大风险' }, 201)
    await choose(byTestId('risk-form-control-tier')!, '单位级')
    byTestId('risk-form-submit')!.click()
    await settle(4)
    expect(creates).toHaveLength(2)
    expect((creates[1].body as { control_tier: string }).control_tier).toBe('unit')
    expect(calls.filter((c) => c.path === '/api/risk-points' && c.method === 'GET')).toHaveLength(2)
    wrapper.unmount()
  })

  it('风险点清单: grades as coloured tags, staff filters, no 新增 without risk.write', async () => {
    const row: RiskPoint = {
      id: 'p1',
      enterprise_id: 'e1',
      enterprise_name: '海口秀英椰城购物广场有限公司',
      district_id: 'd-xy',
      district_name: '秀英区商务局',
      name: '燃气厨房',
      kind: 'place',
      kind_label: '场所/区域',
      location: 'B1',
      hazard_factors: '燃气泄漏',
      accident_types: ['火灾'],
      method: 'lec',
      l: 1,
      e: 6,
      c: 15,
      s: null,
      score: 90,
      grade: 'general',
      grade_label: '一般风险',
      colour: 'yellow',
      method_line: 'LEC法：L=1，E=6，C=15，D=90',
      measures: [],
      control_tier: 'team',
      control_tier_label: '班组级',
      responsible: '张三',
      responsible_phone: null,
      reassess_on: '2026-01-01',
      reassess_due: true,
      assessed_on: '2025-01-01',
      assessed_by_name: null,
      updated_at: '2025-01-01T00:00:00Z',
    }
    const { calls } = mockFetch({ ...BASE, 'GET /api/risk-points': page([row]) })
    const { wrapper } = await mountAt('/risk-points?grade=general&reassess_due=true', me('section_staff', ['risk.read', 'enterprise.read']))
    expect(calls.find((c) => c.path === '/api/risk-points')!.url).toBe('/api/risk-points?grade=general&reassess_due=true&page=1&page_size=20&sort=-score')
    expect(byTestId('risk-point-new')).toBeNull()
    expect(byTestId('risk-point-edit')).toBeNull()
    expect(byTestId('risk-point-card')).not.toBeNull()
    expect(byTestId('risk-filter-district')).not.toBeNull()
    const tag = byTestId('risk-grade-tag')!
    expect([tag.dataset.grade, tag.dataset.colour, tag.textContent]).toEqual(['general', 'yellow', '一般风险'])
    expect(byTestId('risk-point-due')!.textContent).toBe('需复评')
    wrapper.unmount()
  })

  it('本企业 › 风险等级: the level on its colour, reasons, counts and history', async () => {
    mockFetch({
      ...BASE,
      'GET /api/enterprises/e1': json({ id: 'e1', name: '海口秀英椰城购物广场有限公司', district_name: '秀英区商务局', status: 'operating', status_label: '在营', profile_score: 10, registered: true }),
      'GET /api/enterprises/e1/risk': json({
        grade: 'major',
        grade_label: '重大风险',
        colour: 'red',
        base_grade: 'large',
        reasons: ['风险点最高等级：较大风险', '台风橙色预警生效中'],
        points: { major: 0, large: 2, general: 5, low: 3 },
        changes: [
          { from: null, from_label: '未评估', to: 'large', to_label: '较大风险', reasons: ['风险点最高等级：较大风险'], at: '2026-11-01T00:00:00Z' },
          { from: 'large', from_label: '较大风险', to: 'major', to_label: '重大风险', reasons: ['台风橙色预警生效中'], at: '2026-11-20T00:00:00Z' },
        ],
      }),
    })
    const { wrapper } = await mountAt('/my-enterprise?tab=risk', me('enterprise_user', ENTERPRISE_RISK, 'e1'))
    const level = byTestId('enterprise-risk-level')!
    expect([level.dataset.grade, level.dataset.colour]).toEqual(['major', 'red'])
    expect(level.textContent).toContain('重大风险')
    expect(level.textContent).toContain('由较大风险上调')
    expect(allByTestId('enterprise-risk-reason').map((e) => e.textContent)).toEqual(['风险点最高等级：较大风险', '台风橙色预警生效中'])
    expect(byTestId('enterprise-risk-count-large')!.textContent).toContain('2')
    expect(allByTestId('enterprise-risk-change')[0].textContent).toContain('较大风险 → 重大风险')
    wrapper.unmount()
  })
})

// ---------------------------------------------------------------------------

function warning(over: Partial<Warning> = {}): Warning {
  return {
    id: 'w1',
    kind: 'typhoon',
    kind_label: '台风',
    colour: 'orange',
    colour_label: '橙色',
    title: '海口市气象台发布台风橙色预警信号',
    description: '台风“圆规”',
    valid_from: '2026-11-28T01:30:00Z',
    valid_to: '2026-11-30T01:30:00Z',
    active: true,
    cancelled: false,
    cancel_reason: null,
    source: 'cap',
    cap_identifier: '46010041600000_20211012093000',
    districts: [
      { id: 'd-xy', name: '秀英区商务局' },
      { id: 'd-lh', name: '龙华区商务局' },
    ],
    categories: [],
    actions: ['加固户外广告牌', '停止户外作业', '值班人员到岗'],
    counts: { total: 20, pending: 20, acknowledged: 0, reported: 0 },
    created_at: '2026-11-28T01:31:00Z',
    created_by_name: '李科长',
    my_ack: null,
    ...over,
  }
}

function ack(over: Partial<Ack> = {}): Ack {
  return {
    enterprise_id: 'e1',
    enterprise_name: '海口秀英椰城购物广场有限公司',
    district_name: '秀英区商务局',
    state: 'pending',
    state_label: '待确认',
    acknowledged_at: null,
    acknowledged_by_name: null,
    reported_at: null,
    done: [],
    note: null,
    photos: [],
    reminders_sent: 0,
    ...over,
  }
}

describe('weather pages', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    FakeXhr.sent = []
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('本企业落实情况: 确认收到, then the report with two actions ticked and a note → 已报告', async () => {
    let current = warning({ my_ack: ack() })
    const posts: Call[] = []
    mockFetch({
      ...BASE,
      'GET /api/weather-warnings/w1': () => json(current),
      'POST /api/weather-warnings/w1/ack': (call) => {
        posts.push(call)
        const a = ack({ state: 'acknowledged', state_label: '已确认', acknowledged_at: '2026-11-28T02:00:00Z', acknowledged_by_name: '秀英企业安全员' })
        current = warning({ my_ack: a, counts: { total: 20, pending: 19, acknowledged: 1, reported: 0 } })
        return json(a)
      },
      'POST /api/weather-warnings/w1/report': (call) => {
        posts.push(call)
        const body = call.body as { done: number[]; note: string }
        const a = ack({ state: 'reported', state_label: '已报告', acknowledged_at: '2026-11-28T02:00:00Z', reported_at: '2026-11-28T03:00:00Z', done: body.done, note: body.note })
        current = warning({ my_ack: a, counts: { total: 20, pending: 19, acknowledged: 0, reported: 1 } })
        return json(a)
      },
    })
    const { wrapper } = await mountAt('/weather/w1', me('enterprise_user', ENTERPRISE_RISK, 'e1'))
    expect(byTestId('weather-detail-tag')!.dataset.colour).toBe('orange')
    expect(byTestId('weather-acks')).toBeNull()
    expect(byTestId('weather-my-ack-state')!.textContent).toBe('待确认')

    byTestId('weather-ack-confirm')!.click()
    await settle(4)
    expect(posts.map((c) => c.path)).toEqual(['/api/weather-warnings/w1/ack'])
    expect(posts[0].body).toEqual({})
    expect(byTestId('weather-my-ack-state')!.textContent).toBe('已确认')

    // nothing ticked and no note: not sent
    byTestId('weather-report-submit')!.click()
    await settle(2)
    expect(posts).toHaveLength(1)

    const boxes = allByTestId('weather-report-action')
    expect(boxes).toHaveLength(3)
    ;(boxes[2].querySelector('input') as HTMLInputElement).click()
    await settle(1)
    ;(boxes[0].querySelector('input') as HTMLInputElement).click()
    await settle(1)
    await typeInto('weather-report-note', ' 已加固招牌 ')
    byTestId('weather-report-submit')!.click()
    await settle(4)
    expect(posts[1].body).toEqual({ done: [0, 2], note: '已加固招牌', photos: [] })
    expect(byTestId('weather-my-ack-state')!.textContent).toBe('已报告')
    expect(allByTestId('weather-my-report-action').map((e) => e.dataset.done)).toEqual(['true', 'false', 'true'])
    expect(byTestId('weather-my-report-note')!.textContent).toBe('已加固招牌')
    wrapper.unmount()
  })

  it('staff detail: the counts, the acknowledgement table filtered by state, the 催办 button', async () => {
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/weather-warnings/w1': json(warning({ counts: { total: 20, pending: 18, acknowledged: 1, reported: 1 } })),
      'GET /api/weather-warnings/w1/acks': page([ack({ state: 'reported', state_label: '已报告', done: [0, 1], note: '已落实' })], 1),
    })
    const { wrapper } = await mountAt('/weather/w1', me('section_staff', ['weather.read', 'weather.write']))
    expect(byTestId('weather-progress-confirmed')!.textContent).toBe('2')
    expect(byTestId('weather-progress-reported')!.textContent).toBe('1')
    expect(byTestId('weather-progress-pending')!.textContent).toBe('18')
    expect(byTestId('weather-my-ack')).toBeNull()
    expect(byTestId('weather-ack-state')!.textContent).toBe('已报告')
    expect(byTestId('weather-ack-enterprise')!.textContent).toBe('海口秀英椰城购物广场有限公司')

    await choose(byTestId('weather-acks-filter-state')!, '已报告')
    const acks = calls.filter((c) => c.path === '/api/weather-warnings/w1/acks')
    expect(acks[acks.length - 1].url).toBe('/api/weather-warnings/w1/acks?state=reported&page=1&page_size=20')
    expect(byTestId('weather-remind')!.textContent).toContain('18')
    wrapper.unmount()
  })

  it('导入CAP文件: a refused file shows the server message; the preview lists the districts; 确认发布 imports', async () => {
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/weather-warnings': page([warning({ active: false, id: 'w0' }), warning()]),
    })
    const { wrapper } = await mountAt('/weather', me('section_staff', ['weather.read', 'weather.write']))
    // in force first
    expect(allByTestId('weather-status').map((e) => e.textContent?.trim())).toEqual(['生效中', '已结束'])
    byTestId('weather-import-cap')!.click()
    await settle(3)

    const pick = async (file: File) => {
      const input = byTestId('weather-cap-file') as HTMLInputElement
      Object.defineProperty(input, 'files', { value: [file], configurable: true })
      input.dispatchEvent(new Event('change'))
      await settle(2)
    }
    // not an .xml: refused before sending
    await pick(new File(['x'], 'warning.txt', { type: 'text/plain' }))
    expect(FakeXhr.sent).toHaveLength(0)
    expect(byTestId('weather-cap-error')!.textContent).toContain('.xml')

    await pick(new File(['<alert/>'], 'bad.xml', { type: 'text/xml' }))
    expect(FakeXhr.sent[0].url).toBe('/api/weather-warnings/cap?preview=true')
    expect((FakeXhr.sent[0].body!.get('file') as File).name).toBe('bad.xml')
    FakeXhr.sent[0].reply(422, { status: 422, code: 'invalid_cap', detail: 'bad.xml 不是 CAP 1.2 预警文件：根元素应为 <alert>' }, 'application/problem+json')
    await settle(3)
    expect(byTestId('weather-cap-error')!.textContent).toContain('根元素应为 <alert>')
    expect((byTestId('weather-cap-confirm') as HTMLButtonElement).disabled).toBe(true)

    await pick(new File(['<alert>…</alert>'], 'typhoon-haikou.xml', { type: 'text/xml' }))
    FakeXhr.sent[1].reply(200, {
      kind: 'typhoon',
      colour: 'orange',
      title: '海口市气象台发布台风橙色预警信号',
      description: '台风“圆规”',
      valid_from: '2021-10-12T01:30:00Z',
      valid_to: '2021-10-14T01:30:00Z',
      identifier: '46010041600000_20211012093000',
      sender: '46010041600000',
      msg_type: 'Alert',
      districts: [
        { id: 'd-xy', name: '秀英区商务局' },
        { id: 'd-lh', name: '龙华区商务局' },
        { id: 'd-qs', name: '琼山区商务局' },
        { id: 'd-ml', name: '美兰区商务局' },
      ],
      unmatched_areas: ['三亚市'],
      actions: ['加固户外广告牌'],
    })
    await settle(3)
    expect(byTestId('weather-cap-error')).toBeNull()
    expect(allByTestId('weather-cap-district').map((e) => e.textContent)).toEqual(['秀英区', '龙华区', '琼山区', '美兰区'])
    expect(byTestId('weather-cap-tag')!.textContent).toContain('台风')
    expect(byTestId('weather-cap-unmatched')!.textContent).toContain('三亚市')

    byTestId('weather-cap-confirm')!.click()
    await settle(2)
    expect(FakeXhr.sent[2].url).toBe('/api/weather-warnings/cap')
    FakeXhr.sent[2].reply(201, warning({ id: 'w2' }))
    await settle(4)
    expect(calls.filter((c) => c.path === '/api/weather-warnings')).toHaveLength(2)
    wrapper.unmount()
  })
})
