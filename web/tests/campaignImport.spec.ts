import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, type Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { OrgRef, PlanEntry, Preview, PreviewTask } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { blockers, createBody, parseTaskField, toDraft } from '@/views/campaigns/importDraft'
import { json, makeMe, mockFetch, problem, settle, type Call } from './helpers'

// ---- a preview as the server answers it for the 2021 plan (shortened) ----

const POLICY = { id: 's-policy', name: '政策法规科', kind: 'section' as const }
const SECTIONS = [
  { id: 's-policy', name: '政策法规科', kind: 'section' as const },
  { id: 's-trade', name: '流通业发展科', kind: 'section' as const },
]
const DISTRICTS = [
  { id: 'd-xy', name: '秀英区商务局', kind: 'district' as const },
  { id: 'd-lh', name: '龙华区商务局', kind: 'district' as const },
  { id: 'd-qs', name: '琼山区商务局', kind: 'district' as const },
  { id: 'd-ml', name: '美兰区商务局', kind: 'district' as const },
]

const units = (phrase: string, list: OrgRef[]): PlanEntry => ({ phrase, resolved: true, group: null, units: list, unit_count: list.length })
const group = (phrase: string, id: string, rule: string, list: OrgRef[], count = list.length): PlanEntry => ({
  phrase,
  resolved: true,
  group: { id, name: phrase, rule },
  units: list,
  unit_count: count,
})
const unresolved = (phrase: string): PlanEntry => ({ phrase, resolved: false, group: null, units: [], unit_count: 0 })

function task(key: number, over: Partial<PreviewTask>): PreviewTask {
  return {
    key,
    section: '深入开展学习宣传贯彻习近平总书记关于安全生产重要论述活动',
    section_number: '一',
    number: String(key + 1),
    text: `任务${key + 1}`,
    deadline: { text: '3月份', kind: 'window', start: '2021-03-01', end: '2021-03-31', period: null },
    lead: [units('局政策法规科', [POLICY])],
    responsible: [group('局各相关科室', 'g-sections', 'sections', SECTIONS)],
    warnings: [],
    ...over,
  }
}

const PREVIEW: Preview = {
  draft_id: 'draft-1',
  title: '海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案',
  year: 2021,
  source_name: null,
  warnings: ['第（三）部分的任务没有编号，已按出现顺序编号'],
  tasks: [
    task(0, { text: '制定安全生产宣传与警示教育活动计划。' }),
    task(1, {
      section: '持续推动落实企业安全生产主体责任',
      section_number: '二',
      number: '4',
      text: '督促商贸重点企业建立安全生产技术和管理团队。',
      lead: [],
      responsible: [group('各区商务局', 'g-districts', 'districts', DISTRICTS), group('各商贸企业', 'g-ent', 'enterprises', [], 1234)],
      deadline: { text: '9-12月份', kind: 'window', start: '2021-09-01', end: '2021-12-31', period: null },
      warnings: ['缺少“牵头单位”，请核对'],
    }),
    task(2, {
      section: '其他重点工作',
      section_number: '三',
      number: '',
      text: '加强防范高温、暴雨、雷雨和台风等极端气候安全生产工作。',
      lead: [unresolved('局安全科')],
      responsible: [group('各区商务局', 'g-districts', 'districts', DISTRICTS), unresolved('网点办'), unresolved('不存在的单位')],
      deadline: { text: '全年', kind: 'ongoing', start: '2021-01-01', end: '2021-12-31', period: null },
    }),
  ],
  unresolved: ['局安全科', '网点办', '不存在的单位'],
}

const CLEAN: Preview = { ...PREVIEW, warnings: [], unresolved: [], tasks: [PREVIEW.tasks[0], task(1, { text: '第二项' }), task(2, { text: '第三项' })] }

const WANGDIAN = {
  id: 'o-wd',
  name: '海口市商业网点建设管理办公室',
  kind: 'section',
  kind_label: '局科室',
  parent_id: 'o1',
  parent_name: '海口市商务局',
  code: null,
  aliases: ['网点办'],
  sort_order: 9,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
}

const CREATED = {
  id: 'c-2021',
  title: PREVIEW.title,
  year: 2021,
  owner_org_id: 'o1',
  owner_org_name: '海口市商务局',
  source_name: null,
  task_count: 3,
  assignment_count: 8,
  completed_count: 0,
  overdue_count: 0,
  created_at: '2026-11-28T02:00:00Z',
  created_by_name: '张管理',
}

// ---- helpers ----

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
const rows = () => allByTestId('import-task-row')
const confirmButton = () => byTestId('import-confirm') as HTMLButtonElement

async function typeInto(id: string, value: string) {
  const input = byTestId(id) as HTMLInputElement | HTMLTextAreaElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await settle(1)
}

async function mountImport(): Promise<{ wrapper: VueWrapper; router: Router }> {
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: () => {} })
  await router.push('/campaigns/import')
  const wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await vi.waitFor(() => expect(byTestId('import-parse')).not.toBeNull(), { timeout: 15000 })
  return { wrapper, router }
}

async function pasteAndParse(text = '海口市商贸行业安全生产专项整治……', year = '2021') {
  await typeInto('import-text', text)
  await typeInto('import-year', year)
  byTestId('import-parse')!.click()
  await settle(5)
  await vi.waitFor(() => expect(rows().length).toBeGreaterThan(0), { timeout: 15000 })
}

/** The tag of an entry in a row, by its phrase. */
function tagIn(row: HTMLElement, phrase: string): HTMLElement {
  const tag = [...row.querySelectorAll<HTMLElement>('.el-tag')].find((t) => t.textContent?.trim() === phrase)
  if (!tag) throw new Error(`no tag ${phrase}`)
  return tag
}

const ROUTES = {
  'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
  'GET /api/orgs': json({ items: [WANGDIAN], total: 1, page: 1, page_size: 30 }),
}

describe('import wizard', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['campaign.read', 'campaign.write', 'org.read']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('sends pasted text as text/plain and marks rows with warnings and unresolved phrases', async () => {
    const previews: Call[] = []
    mockFetch({
      ...ROUTES,
      'POST /api/campaigns/preview': (call) => {
        previews.push(call)
        return json(PREVIEW)
      },
    })
    const { wrapper } = await mountImport()
    await pasteAndParse('二、任务分工和完成时限\n1. 制定……')

    expect(previews).toHaveLength(1)
    expect(previews[0].url).toBe('/api/campaigns/preview?year=2021')
    expect(previews[0].headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
    expect(previews[0].headers.get('X-CSRF-Token')).toBe('csrf-abc123')
    expect(previews[0].body).toBe('二、任务分工和完成时限\n1. 制定……')

    expect((byTestId('import-title') as HTMLInputElement).value).toBe(PREVIEW.title)
    expect(byTestId('import-warnings')!.textContent).toContain('第（三）部分的任务没有编号，已按出现顺序编号')
    expect(byTestId('import-warnings')!.textContent).toContain('局安全科、网点办、不存在的单位')

    const [r1, r2, r3] = rows()
    expect(rows()).toHaveLength(3)
    // a clean row is not marked
    expect(r1.className).not.toMatch(/has-warnings|has-unresolved|has-errors/)
    expect(r1.querySelector('.row-icon')).toBeNull()
    // a row with a warning: yellow, warning icon, the text shown
    expect(r2.classList.contains('has-warnings')).toBe(true)
    expect(r2.querySelector('.row-icon.warning')).not.toBeNull()
    expect(r2.textContent).toContain('缺少“牵头单位”，请核对')
    // a row with unresolved phrases: marked, and each phrase is a red tag
    expect(r3.classList.contains('has-unresolved')).toBe(true)
    expect(r3.querySelector('.row-icon.warning')).not.toBeNull()
    expect(r3.textContent).toContain('3 个单位写法未识别')
    const red = allByTestId('import-unresolved')
    expect(red.map((t) => t.textContent?.trim())).toEqual(['局安全科', '网点办', '不存在的单位'])
    for (const t of red) expect(t.classList.contains('el-tag--danger')).toBe(true)
    expect(r3.contains(red[0])).toBe(true)
    // resolved entries are green
    expect(tagIn(r2, '各区商务局').classList.contains('el-tag--success')).toBe(true)
    expect(tagIn(r2, '各商贸企业').getAttribute('data-testid')).toBe('import-entry')
    wrapper.unmount()
  })

  it('keeps 确认导入 disabled until every unresolved phrase is mapped or removed, then posts groups and units', async () => {
    const creates: Call[] = []
    mockFetch({
      ...ROUTES,
      'POST /api/campaigns/preview': json(PREVIEW),
      'POST /api/campaigns': (call) => {
        creates.push(call)
        return json(CREATED, 201)
      },
    })
    const { wrapper } = await mountImport()
    await pasteAndParse()

    expect(confirmButton().disabled).toBe(true)
    expect(byTestId('import-blockers')!.textContent).toContain('还有 3 个单位写法未识别')

    // remove 不存在的单位 with the tag's ×
    ;(tagIn(rows()[2], '不存在的单位').querySelector('.el-tag__close') as HTMLElement).click()
    await settle()
    expect(allByTestId('import-unresolved').map((t) => t.textContent?.trim())).toEqual(['局安全科', '网点办'])
    expect(confirmButton().disabled).toBe(true)

    // map 网点办 to a unit found by the picker's remote search
    tagIn(rows()[2], '网点办').click()
    await settle()
    const dialog = byTestId('import-map-dialog')!
    expect(dialog.textContent).toContain('网点办')
    ;(byTestId('import-map-units')!.querySelector('.el-select__wrapper') as HTMLElement).click()
    await settle(5)
    const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) =>
      o.textContent?.includes('海口市商业网点建设管理办公室'),
    )
    expect(option).toBeDefined()
    option!.click()
    await settle()
    byTestId('import-map-confirm')!.click()
    await settle()
    expect(allByTestId('import-unresolved').map((t) => t.textContent?.trim())).toEqual(['局安全科'])
    expect(tagIn(rows()[2], '网点办').classList.contains('el-tag--success')).toBe(true)
    expect(confirmButton().disabled).toBe(true)
    expect(byTestId('import-blockers')!.textContent).toContain('还有 1 个单位写法未识别')

    // remove 局安全科 from the picker dialog
    tagIn(rows()[2], '局安全科').click()
    await settle()
    byTestId('import-map-remove')!.click()
    await settle()
    expect(allByTestId('import-unresolved')).toHaveLength(0)
    expect(byTestId('import-blockers')).toBeNull()
    expect(confirmButton().disabled).toBe(false)

    confirmButton().click()
    await settle(5)
    expect(creates).toHaveLength(1)
    const body = creates[0].body as ReturnType<typeof createBody>
    expect(body.draft_id).toBe('draft-1')
    expect(body.title).toBe(PREVIEW.title)
    expect(body.year).toBe(2021)
    expect(body.tasks).toHaveLength(3)
    expect(body.tasks[0]).toEqual({
      section: '深入开展学习宣传贯彻习近平总书记关于安全生产重要论述活动',
      section_number: '一',
      number: '1',
      text: '制定安全生产宣传与警示教育活动计划。',
      deadline: { text: '3月份', kind: 'window', start: '2021-03-01', end: '2021-03-31', period: null },
      lead: [{ phrase: '局政策法规科', unit_ids: ['s-policy'] }],
      responsible: [{ phrase: '局各相关科室', group_id: 'g-sections' }],
    })
    expect(body.tasks[1].lead).toEqual([])
    expect(body.tasks[1].responsible).toEqual([
      { phrase: '各区商务局', group_id: 'g-districts' },
      { phrase: '各商贸企业', group_id: 'g-ent' },
    ])
    expect(body.tasks[2].lead).toEqual([])
    expect(body.tasks[2].responsible).toEqual([
      { phrase: '各区商务局', group_id: 'g-districts' },
      { phrase: '网点办', unit_ids: ['o-wd'] },
    ])

    const result = byTestId('import-result')!
    expect(result.textContent).toContain('3 项任务')
    expect(result.textContent).toContain('8 个责任单位分工')
    expect(byTestId('import-open-campaign')!.getAttribute('href')).toBe('/campaigns/c-2021')
    wrapper.unmount()
  })

  it('shows a server field error tasks[1].text on the second row', async () => {
    mockFetch({
      ...ROUTES,
      'POST /api/campaigns/preview': json(CLEAN),
      'POST /api/campaigns': problem(400, 'validation_failed', '提交的内容有误', [
        { field: 'tasks[1].text', code: 'required', message: '任务内容过短' },
        { field: 'tasks[2].responsible[0]', code: 'scope', message: '不在本方案的管理范围内' },
      ]),
    })
    const notify = vi.fn()
    const { wrapper } = await mountImport()
    configureClient({ notify })
    await pasteAndParse()
    expect(confirmButton().disabled).toBe(false)
    confirmButton().click()
    await settle(5)

    const [r1, r2, r3] = rows()
    expect(r2.querySelector('[data-testid="import-row-error"]')?.textContent?.trim()).toBe('任务内容：任务内容过短')
    expect(r2.classList.contains('has-errors')).toBe(true)
    expect(r2.querySelector('.row-icon.error')).not.toBeNull()
    expect(r1.querySelector('[data-testid="import-row-error"]')).toBeNull()
    expect(r1.classList.contains('has-errors')).toBe(false)
    // an error naming an entry lands on that row and outlines the entry
    expect(r3.textContent).toContain('责任单位第 1 项（局各相关科室）：不在本方案的管理范围内')
    expect(tagIn(r3, '局各相关科室').classList.contains('has-error')).toBe(true)
    expect(notify).toHaveBeenCalledWith('提交的内容有误')
    // still on the preview
    expect(byTestId('import-result')).toBeNull()
    wrapper.unmount()
  })

  it('refuses files over 5 MB before sending and sends a file as raw bytes with its name', async () => {
    const previews: Call[] = []
    mockFetch({
      ...ROUTES,
      'POST /api/campaigns/preview': (call) => {
        previews.push(call)
        return json(CLEAN)
      },
    })
    const { wrapper } = await mountImport()
    const input = byTestId('import-file') as HTMLInputElement
    expect(input.tagName).toBe('INPUT')
    expect(input.type).toBe('file')

    const choose = async (file: File) => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true })
      input.dispatchEvent(new Event('change'))
      await settle()
    }

    await choose(new File([new Uint8Array(5 * 1024 * 1024 + 1)], '方案.docx'))
    expect(byTestId('import-error')!.textContent).toContain('超过 5 MB')
    expect(byTestId('import-file-chosen')).toBeNull()
    expect((byTestId('import-parse') as HTMLButtonElement).disabled).toBe(true)

    await choose(new File(['一、工作目标'], '方案.doc'))
    expect(byTestId('import-error')!.textContent).toContain('.docx')

    const file = new File(['附件1：海口市商贸行业……'], '2021方案.txt', { type: 'text/plain' })
    await choose(file)
    expect(byTestId('import-error')).toBeNull()
    expect(byTestId('import-file-chosen')!.textContent).toContain('2021方案.txt')
    byTestId('import-parse')!.click()
    await settle(5)
    await vi.waitFor(() => expect(rows()).toHaveLength(3), { timeout: 15000 })

    expect(previews).toHaveLength(1)
    expect(previews[0].url).toBe(`/api/campaigns/preview?file_name=${encodeURIComponent('2021方案.txt')}`)
    expect(previews[0].headers.get('Content-Type')).toBe('application/octet-stream')
    expect(previews[0].body).toBe(file)
    wrapper.unmount()
  })

  it('shows why a plan could not be read', async () => {
    mockFetch({ ...ROUTES, 'POST /api/campaigns/preview': problem(400, 'plan_invalid', '未找到任务分工：文件中没有“牵头单位”“责任单位”等字样') })
    const { wrapper } = await mountImport()
    await typeInto('import-text', '随便一段话')
    byTestId('import-parse')!.click()
    await settle(5)
    expect(byTestId('import-error')!.textContent).toContain('未找到任务分工')
    expect(rows()).toHaveLength(0)
    wrapper.unmount()
  })
})

describe('import draft rules', () => {
  it('blocks empty text, missing responsible units and reversed dates', () => {
    const d = toDraft(CLEAN)
    expect(blockers(d)).toEqual([])
    d.tasks[0].text = '  '
    d.tasks[1].responsible = []
    d.tasks[2].deadline.start = '2021-12-01'
    d.tasks[2].deadline.end = '2021-03-31'
    expect(blockers(d)).toEqual(['第 1 项任务内容为空', '第 2 项没有责任单位', '第 3 项完成时限的开始日期晚于结束日期'])
    d.year = '21'
    expect(blockers(d)[0]).toBe('年度应为四位数字')
  })

  it('reads task field paths in both notations', () => {
    expect(parseTaskField('tasks[3].responsible[1]')).toEqual({ task: 3, path: 'responsible', entry: 1 })
    expect(parseTaskField('tasks.0.text')).toEqual({ task: 0, path: 'text', entry: null })
    expect(parseTaskField('tasks[2].deadline.end')).toEqual({ task: 2, path: 'deadline.end', entry: null })
    expect(parseTaskField('title')).toBeNull()
  })
})
