// 隐患排查治理 pages against a mocked server: the ledger (filters from the URL, export with the
// same query), 上报隐患 with photos (one failing, retried; the form waits for the uploads;
// server field errors), the detail page (only the offered steps, 退回 needs a reason, the
// answer replaces the page) and the statistics cards.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, type Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { HazardDetail, HazardStats, HazardView } from '@/api/hazards'
import type { FileBrief, Me } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { todayInChina } from '@/utils/time'
import { addDays } from '@/views/hazards/hazardForm'
import { json, makeMe, mockFetch, problem, settle, type Call } from './helpers'

/** A stand-in for XMLHttpRequest: records what is sent; the test answers each request. */
class FakeXhr {
  static sent: FakeXhr[] = []
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: FormData | null = null
  status = 0
  responseText = ''
  responseHeaders: Record<string, string> = {}
  aborted = false
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
    this.aborted = true
    this.onabort?.()
  }
  reply(status: number, body: unknown, contentType = 'application/json') {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.responseHeaders['content-type'] = contentType
    this.onload?.()
  }
  file(): File {
    return this.body!.get('file') as File
  }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
const page = (items: unknown[], total = items.length) => json({ items, total, page: 1, page_size: 20 })

function photo(id: string, over: Partial<FileBrief> = {}): FileBrief {
  return { id, name: `${id}.jpg`, kind: 'jpeg', content_type: 'image/jpeg', size: 4096, uploaded_at: '2026-11-28T01:00:00Z', has_thumb: true, taken_at: '2026-11-28T00:59:00Z', ...over }
}

const VIEW: HazardView = {
  id: 'h1',
  code: 'YH2026000123',
  enterprise_id: 'e1',
  enterprise_name: '海口秀英椰城购物广场有限公司',
  district_id: 'd-xy',
  district_name: '秀英区商务局',
  source: 'district_check',
  source_label: '区局检查',
  category_id: 'c1',
  category_name: '消防安全',
  level: 'general',
  level_label: '一般隐患',
  state: 'verifying',
  state_label: '待验收',
  description: '二楼东侧安全出口被货物堵塞',
  location: '二楼东侧',
  found_on: '2026-11-01',
  found_by: '李检查',
  measures: '清理货物',
  responsible: '张三',
  deadline: '2026-11-20',
  funds: null,
  fixed_on_spot: false,
  overdue: true,
  overdue_days: 8,
  supervised: false,
  thumb: 'p1',
  closed_on: null,
  created_at: '2026-11-01T02:00:00Z',
  updated_at: '2026-11-27T02:00:00Z',
}

function detail(over: Partial<HazardDetail> = {}): HazardDetail {
  return {
    ...VIEW,
    photos: [photo('p1'), photo('p2', { taken_at: null })],
    after_photos: [photo('a1')],
    supervision: null,
    plan: null,
    plan_at: null,
    rectified_note: '已清理',
    funds_spent: 200,
    submitted_at: '2026-11-27T02:00:00Z',
    verified_by_name: null,
    closed_at: null,
    returns: 0,
    created_by_name: '李检查',
    self_check_id: null,
    events: [
      { id: 'ev2', action: 'submit', action_label: '整改完成，提交验收', from_state: 'rectifying', to_state: 'verifying', to_state_label: '待验收', comment: '已清理', data: { funds_spent: 200 }, actor_name: '张三', actor_org_name: '海口秀英椰城购物广场有限公司', at: '2026-11-27T02:00:00Z', attachments: [photo('a1')] },
      { id: 'ev1', action: 'report', action_label: '上报隐患', from_state: null, to_state: 'pending', to_state_label: '待整改', comment: null, data: null, actor_name: '李检查', actor_org_name: '秀英区商务局', at: '2026-11-01T02:00:00Z', attachments: [photo('p1')] },
    ],
    actions: ['accept', 'return', 'edit'],
    ...over,
  }
}

const BASE = {
  'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
  'GET /api/notifications/unread-count': json({ count: 0 }),
  'GET /api/orgs': page([
    { id: 'd-xy', name: '秀英区商务局', kind: 'district' },
    { id: 'd-ml', name: '美兰区商务局', kind: 'district' },
  ]),
  'GET /api/hazard-categories': json([
    { id: 'c2', name: '用电安全', sort_order: 2, hazard_count: 3 },
    { id: 'c1', name: '消防安全', sort_order: 1, hazard_count: 9 },
  ]),
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

async function pickPhotos(id: string, files: File[]) {
  const input = byTestId(id) as HTMLInputElement
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle(2)
}

const STAFF = ['hazard.read', 'hazard.report', 'hazard.verify', 'enterprise.read']
const ENTERPRISE = ['hazard.read', 'hazard.report', 'hazard.rectify']

describe('hazard pages', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    FakeXhr.sent = []
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('隐患台账: filters from the URL are sent, rows show the overdue days, export sends the same query', async () => {
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/hazards': page([VIEW], 1),
      'GET /api/hazards/export': () =>
        new Response('PK', {
          status: 200,
          headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': 'attachment; filename="hz.xlsx"' },
        }),
    })
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }))
    const { wrapper } = await mountAt('/hazards?state=verifying&overdue=true&sort=deadline', me('section_staff', STAFF))
    const list = calls.find((c) => c.path === '/api/hazards')!
    expect(list.url).toBe('/api/hazards?state=verifying&overdue=true&page=1&page_size=20&sort=deadline')
    expect(allByTestId('hazard-row')).toHaveLength(1)
    expect(byTestId('hazard-overdue')!.textContent).toBe('逾期8天')
    expect(byTestId('hazard-thumb')!.querySelector('img')?.getAttribute('src')).toBe('/api/files/p1?thumb=true')
    expect(byTestId('hazard-filter-district')).not.toBeNull()
    expect(byTestId('hazard-report')).not.toBeNull()

    byTestId('hazard-export')!.click()
    await settle(3)
    const exp = calls.find((c) => c.path === '/api/hazards/export')!
    expect(exp.url).toBe('/api/hazards/export?state=verifying&overdue=true&sort=deadline')
    wrapper.unmount()
  })

  it('上报隐患: waits for the photos, retries a failed one, shows field errors, then opens the new hazard', async () => {
    const creates: Call[] = []
    let answer: Response = problem(400, 'validation_failed', '提交的内容有误', [{ field: 'description', code: 'length', message: '隐患描述至少 5 个字' }])
    mockFetch({
      ...BASE,
      'POST /api/hazards': (call) => {
        creates.push(call)
        return answer
      },
      'GET /api/hazards/h9': json(detail({ id: 'h9', code: 'YH2026000999', state: 'pending', state_label: '待整改', actions: ['start'] })),
    })
    const { wrapper, router } = await mountAt('/hazards/new', me('enterprise_user', ENTERPRISE, 'e1'))
    // an enterprise user neither picks the enterprise nor the source
    expect(byTestId('hazard-form-enterprise')).toBeNull()
    expect(byTestId('hazard-form-source')).toBeNull()
    await choose('hazard-form-category', '消防安全')
    await typeInto('hazard-form-description', '出口堵')

    await pickPhotos('hazard-photos-input', [new File(['a'], '现场1.jpg', { type: 'image/jpeg' }), new File(['b'], '现场2.jpg', { type: 'image/jpeg' })])
    expect(FakeXhr.sent.map((x) => x.url)).toEqual(['/api/photos', '/api/photos'])
    expect(FakeXhr.sent[0].file().name).toBe('现场1.jpg')
    expect(allByTestId('photo-item').map((el) => el.dataset.status)).toEqual(['uploading', 'uploading'])
    expect(byTestId('hazard-form-blocker')!.textContent).toContain('照片正在上传')
    expect((byTestId('hazard-form-submit') as HTMLButtonElement).disabled).toBe(true)

    FakeXhr.sent[0].reply(201, photo('n1'))
    FakeXhr.sent[1].reply(415, { status: 415, code: 'unsupported_media_type', detail: '不支持的图片格式', errors: [{ field: 'file', code: 'type', message: '只支持 JPG、PNG、WebP 照片' }] }, 'application/problem+json')
    await settle(3)
    expect(allByTestId('photo-item').map((el) => el.dataset.status)).toEqual(['done', 'failed'])
    expect(byTestId('photo-error')!.textContent).toBe('只支持 JPG、PNG、WebP 照片')
    expect(byTestId('hazard-form-blocker')!.textContent).toContain('有照片上传失败')

    byTestId('photo-retry')!.click()
    await settle(2)
    expect(FakeXhr.sent).toHaveLength(3)
    FakeXhr.sent[2].reply(201, photo('n2'))
    await settle(3)
    expect(byTestId('hazard-form-blocker')).toBeNull()
    expect(creates).toHaveLength(0)

    byTestId('hazard-form-submit')!.click()
    await settle(4)
    expect(creates).toHaveLength(1)
    expect(creates[0].body).toEqual({
      description: '出口堵',
      photos: ['n1', 'n2'],
      category_id: 'c1',
      level: 'general',
      found_on: todayInChina(),
      deadline: addDays(todayInChina(), 30),
    })
    await vi.waitFor(
      () => expect([...document.querySelectorAll('.el-form-item__error')].map((e) => e.textContent?.trim())).toEqual(['隐患描述至少 5 个字']),
      { timeout: 15000 },
    )
    expect(router.currentRoute.value.name).toBe('hazard-new')

    answer = json(detail({ id: 'h9', code: 'YH2026000999', state: 'pending', state_label: '待整改', actions: ['start'] }), 201)
    await typeInto('hazard-form-description', '二楼安全出口被货物堵塞')
    byTestId('hazard-form-submit')!.click()
    await settle(6)
    expect(creates).toHaveLength(2)
    // Both attempts are one report: the same Idempotency-Key, so a retry after a lost
    // answer is never filed twice.
    const key = creates[0].headers.get('Idempotency-Key')
    expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(creates[1].headers.get('Idempotency-Key')).toBe(key)
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/hazards/h9'), { timeout: 5000 })
    wrapper.unmount()
  })

  it('detail: only the offered steps; 退回整改 needs a reason; the answer replaces the page', async () => {
    const returns: Call[] = []
    mockFetch({
      ...BASE,
      'GET /api/hazards/h1': json(detail()),
      'POST /api/hazards/h1/return': (call) => {
        returns.push(call)
        return json(
          detail({
            state: 'rectifying',
            state_label: '整改中',
            returns: 1,
            actions: ['submit'],
            events: [
              ...detail().events,
              { id: 'ev3', action: 'return', action_label: '退回整改', from_state: 'verifying', to_state: 'rectifying', to_state_label: '整改中', comment: '货物仍有堆放', data: null, actor_name: '李检查', actor_org_name: '秀英区商务局', at: '2026-11-28T02:00:00Z', attachments: [] },
            ],
          }),
        )
      },
    })
    const { wrapper } = await mountAt('/hazards/h1', me('district_staff', STAFF, 'd-xy'))
    expect(byTestId('hazard-code')!.textContent).toBe('YH2026000123')
    expect(byTestId('hazard-state')!.textContent).toBe('待验收')
    expect(byTestId('hazard-overdue')!.textContent).toBe('逾期8天')
    expect(allByTestId('hazard-actions')[0].querySelectorAll('button')).toHaveLength(3)
    expect(byTestId('hazard-action-accept')).not.toBeNull()
    expect(byTestId('hazard-action-start')).toBeNull()
    expect(byTestId('hazard-action-supervise')).toBeNull()
    // timeline: oldest first, with the state change and the photo
    const events = allByTestId('hazard-event')
    expect(events.map((e) => e.dataset.action)).toEqual(['report', 'submit'])
    expect(events[1].textContent).toContain('整改中 → 待验收')
    expect(events[1].textContent).toContain('实际资金：200 元')
    expect(allByTestId('hazard-event-attachment')).toHaveLength(2)
    expect(allByTestId('gallery-photo')).toHaveLength(3)
    expect(allByTestId('gallery-photo')[0].textContent).toContain('拍摄')

    byTestId('hazard-action-return')!.click()
    await settle(3)
    byTestId('hazard-step-confirm')!.click()
    await settle(3)
    expect(returns).toHaveLength(0)
    await typeInto('hazard-step-comment', '货物仍有堆放')
    byTestId('hazard-step-confirm')!.click()
    await settle(4)
    expect(returns[0].body).toEqual({ comment: '货物仍有堆放' })
    expect(byTestId('hazard-state')!.textContent).toBe('整改中')
    expect(byTestId('hazard-action-submit')).not.toBeNull()
    expect(byTestId('hazard-action-accept')).toBeNull()
    expect(allByTestId('hazard-event').map((e) => e.dataset.action)).toEqual(['report', 'submit', 'return'])
    wrapper.unmount()
  })

  it('detail: another scope’s hazard shows the 404 page', async () => {
    mockFetch({ ...BASE, 'GET /api/hazards/x': problem(404, 'not_found', '请求的资源不存在') })
    const { wrapper } = await mountAt('/hazards/x', me('enterprise_user', ENTERPRISE, 'e1'))
    expect(byTestId('error-404')).not.toBeNull()
    wrapper.unmount()
  })

  it('统计分析: the summary cards come from the total row', async () => {
    const total = { key: '', label: '合计', found: 120, closed: 96, open: 24, overdue: 5, on_spot: 30, rate: 80, avg_days: 6.42 }
    const stats = (by: string): HazardStats => ({ by, rows: [{ ...total, key: by === 'month' ? '2026-11' : 'k', label: '行' }], total })
    const { calls } = mockFetch({
      ...BASE,
      'GET /api/hazards/stats': (call) => json(stats(new URL(call.url, 'http://x').searchParams.get('by')!)),
      'GET /api/hazards/repeats': json([
        { enterprise_id: 'e1', enterprise_name: '某商场', district_name: '秀英区商务局', category_id: 'c1', category_name: '消防安全', count: 2, hazards: [{ id: 'h1', code: 'YH1', found_on: '2026-10-01', state_label: '已销号' }, { id: 'h2', code: 'YH2', found_on: '2026-11-01', state_label: '待整改' }] },
      ]),
    })
    const { wrapper } = await mountAt('/hazards/stats', me('leader', ['hazard.read']))
    expect(byTestId('stats-card-found')!.textContent).toContain('120')
    expect(byTestId('stats-card-rate')!.textContent).toContain('80%')
    expect(byTestId('stats-card-avg-days')!.textContent).toContain('6.4')
    expect(allByTestId('stats-repeat-hazard').map((a) => a.textContent)).toEqual(['YH1', 'YH2'])
    const bys = calls.filter((c) => c.path === '/api/hazards/stats').map((c) => new URL(c.url, 'http://x').searchParams.get('by'))
    expect(bys.sort()).toEqual(['category', 'district', 'level', 'month', 'source'])
    const first = calls.find((c) => c.path === '/api/hazards/stats')!
    expect(first.url).toMatch(/from=\d{4}-\d{2}&to=\d{4}-\d{2}/)
    wrapper.unmount()
  })

  it('填报自查: checks the hazards found, then sends "未发现隐患" with the checklist and opens the record', async () => {
    const posts: Call[] = []
    const record = {
      id: 's1',
      enterprise_id: 'e1',
      enterprise_name: '海口秀英椰城购物广场有限公司',
      district_name: '秀英区商务局',
      checked_on: todayInChina(),
      scope: '营业场所全部区域',
      inspectors: '张三、李四',
      no_hazards: true,
      hazards_found: 0,
      fixed_on_spot: 0,
      created_by_name: '张三',
      created_at: '2026-11-28T02:00:00Z',
      items: [{ item: '消防设施器材完好有效', result: '符合', note: null }],
      note: null,
      attachments: [],
      hazards: [],
    }
    mockFetch({
      ...BASE,
      'GET /api/self-checks': page([]),
      'POST /api/self-checks': (call) => {
        posts.push(call)
        return json(record, 201)
      },
      'GET /api/self-checks/s1': json(record),
    })
    const { wrapper, router } = await mountAt('/self-checks', me('enterprise_user', ENTERPRISE, 'e1'))
    byTestId('self-check-create')!.click()
    await settle(4)
    expect(allByTestId('self-check-item')).toHaveLength(5)
    await typeInto('self-check-scope', '营业场所全部区域')
    await typeInto('self-check-inspectors', '张三、李四')

    byTestId('self-check-hazard-add')!.click()
    await settle(2)
    expect(allByTestId('self-check-hazard')).toHaveLength(1)
    // a found hazard has no enterprise, source, 发现日期 or 发现人 of its own
    expect(byTestId('self-check-hazard')!.querySelector('[data-testid="hazard-form-found-on"]')).toBeNull()
    byTestId('self-check-submit')!.click()
    await settle(2)
    expect(posts).toHaveLength(0)
    await vi.waitFor(() => expect(byTestId('self-check-hazard')!.querySelectorAll('.el-form-item__error').length).toBe(3), { timeout: 15000 })

    ;(byTestId('self-check-no-hazards')!.querySelector('input') as HTMLInputElement).click()
    await settle(2)
    expect(byTestId('self-check-hazard')).toBeNull()
    byTestId('self-check-submit')!.click()
    await settle(4)
    expect(posts).toHaveLength(1)
    const body = posts[0].body as Record<string, unknown>
    expect(body).toMatchObject({ checked_on: todayInChina(), scope: '营业场所全部区域', inspectors: '张三、李四', no_hazards: true, hazards: [], attachments: [] })
    expect((body.items as unknown[]).length).toBe(5)
    expect(body.enterprise_id).toBeUndefined()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/self-checks/s1'), { timeout: 5000 })
    await settle(3)
    expect(byTestId('self-check-result')!.textContent).toBe('未发现隐患')
    wrapper.unmount()
  })
})
