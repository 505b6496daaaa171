import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory } from 'vue-router'
import { configureClient } from '@/api/client'
import type { Assignment, CampaignSummary, OrgGroup, TaskDetail, TaskSummary } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { json, makeMe, mockFetch, noContent, problem, settle, type Call } from './helpers'

const CAMPAIGN: CampaignSummary = {
  id: 'c1',
  title: '2021年推进工作方案',
  year: 2021,
  // makeMe's user belongs to o1
  owner_org_id: 'o1',
  owner_org_name: '政策法规科',
  source_name: null,
  task_count: 2,
  assignment_count: 3,
  completed_count: 0,
  overdue_count: 0,
  created_at: '2021-03-01T02:00:00Z',
  created_by_name: '李科长',
}

function taskRow(over: Partial<TaskSummary>): TaskSummary {
  return {
    id: 't1',
    campaign_id: 'c1',
    campaign_title: CAMPAIGN.title,
    seq: 1,
    section: '强化重点领域安全监管',
    section_number: '四',
    number: '1',
    text: '开展商贸企业燃气安全专项检查。',
    deadline: { text: '9月底前', kind: 'by', start: null, end: '2021-09-30', period: null },
    lead_units: [{ id: 's-policy', name: '政策法规科', kind: 'section' }],
    lead_phrases: ['局政策法规科'],
    responsible_phrases: ['各区商务局'],
    status: 'not_started',
    status_label: '未开始',
    overdue: false,
    assignment_count: 2,
    completed_count: 0,
    ...over,
  }
}

const TASKS = [taskRow({}), taskRow({ id: 't2', seq: 2, number: '2', text: '临时任务。', responsible_phrases: ['龙华区商务局'] })]

function assignment(over: Partial<Assignment>): Assignment {
  return {
    id: 'a1',
    task_id: 't1',
    task_number: '1',
    task_text: TASKS[0].text,
    section: TASKS[0].section,
    campaign_id: 'c1',
    campaign_title: CAMPAIGN.title,
    org_id: 'd-xy',
    org_name: '秀英区商务局',
    state: 'in_progress',
    state_label: '进行中',
    percent: 20,
    latest_report: '已检查',
    deadline: TASKS[0].deadline,
    overdue: false,
    updated_at: '2021-08-01T02:00:00Z',
    can_report: false,
    can_review: false,
    ...over,
  }
}

const DETAIL: TaskDetail = {
  ...TASKS[0],
  assignments: [assignment({}), assignment({ id: 'a2', org_id: 'd-lh', org_name: '龙华区商务局', state: 'not_started', state_label: '未开始', percent: 0 })],
  timeline: [],
}

const GROUPS: OrgGroup[] = [
  {
    id: 'g-d',
    name: '各区商务局',
    aliases: [],
    rule: 'districts',
    rule_label: '全部区商务局',
    member_ids: ['d-xy', 'd-lh'],
    members: [
      { id: 'd-xy', name: '秀英区商务局', kind: 'district' },
      { id: 'd-lh', name: '龙华区商务局', kind: 'district' },
    ],
    created_at: '2021-01-01T00:00:00Z',
    updated_at: '2021-01-01T00:00:00Z',
  },
]

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
const page = (items: unknown[]) => json({ items, total: items.length, page: 1, page_size: 20 })

async function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  el.value = value
  el.dispatchEvent(new Event('input'))
  await settle(1)
}

async function choose(id: string, text: string) {
  const select = byTestId(id)!
  ;(select.querySelector('.el-select__wrapper') as HTMLElement).click()
  await settle()
  // several selects list the same groups: take the options of this select's own dropdown
  const listId = select.querySelector('input')?.getAttribute('aria-controls')
  const list = listId ? document.getElementById(listId) : null
  const option = [...(list ?? document).querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.includes(text))
  if (!option) throw new Error(`no option ${text}`)
  option.click()
  await settle()
}

function inputOf(id: string): HTMLInputElement | HTMLTextAreaElement {
  const el = byTestId(id)!
  return (el.matches('input, textarea') ? el : el.querySelector('input, textarea')) as HTMLInputElement
}

async function mountCampaign(): Promise<VueWrapper> {
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: (m) => notes.push(m) })
  await router.push('/campaigns/c1')
  const wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle(5)
  return wrapper
}

let notes: string[] = []

/** The form dialog is a lazily loaded chunk: wait for it (and for the task it loads). */
async function openForm() {
  await vi.waitFor(() => expect(byTestId('task-form-save')).not.toBeNull(), { timeout: 15000 })
  await settle(6)
}

describe('hand-made tasks on the campaign page', () => {
  beforeEach(() => {
    notes = []
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['campaign.read', 'campaign.write']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('offers 新增任务 / 编辑 / 删除 only to the section that imported the campaign', async () => {
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json({ ...CAMPAIGN, owner_org_id: 'o2' }),
      'GET /api/tasks': page(TASKS),
    })
    const wrapper = await mountCampaign()
    expect(allByTestId('task-row')).toHaveLength(2)
    expect(byTestId('task-create')).toBeNull()
    expect(byTestId('task-edit')).toBeNull()
    expect(byTestId('task-delete')).toBeNull()
    wrapper.unmount()
  })

  it('adds a task: client checks first, then units, a group and the deadline are sent; the table reloads', async () => {
    const posts: Call[] = []
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page(TASKS),
      'GET /api/org-groups': json(GROUPS),
      'GET /api/orgs': page([{ id: 's-policy', name: '政策法规科', kind: 'section' }]),
      'POST /api/campaigns/c1/tasks': (call) => {
        posts.push(call)
        return json({ ...DETAIL, id: 't3' }, 201)
      },
    })
    const wrapper = await mountCampaign()
    expect(allByTestId('task-edit')).toHaveLength(2)
    expect(allByTestId('task-delete')).toHaveLength(2)

    byTestId('task-create')!.click()
    await openForm()
    const form = byTestId('task-form')!
    expect(form.textContent).toContain('新增任务')

    // nothing is sent while the text and the responsible units are missing
    byTestId('task-form-save')!.click()
    await settle(3)
    expect(posts).toHaveLength(0)
    // Element Plus shows a form item's message after a 100 ms debounce
    await vi.waitFor(
      () => {
        expect(form.textContent).toContain('请填写工作任务')
        expect(form.textContent).toContain('请至少添加一个责任单位')
        expect(form.textContent).toContain('请选择截止日期')
      },
      { timeout: 15000 },
    )

    await typeInto(inputOf('task-form-section-number'), '四')
    await typeInto(inputOf('task-form-section'), '强化重点领域安全监管')
    await typeInto(inputOf('task-form-number'), '3')
    await typeInto(inputOf('task-form-text'), '开展商贸企业用电安全专项检查')
    await typeInto(inputOf('task-form-deadline-text'), '长期坚持')
    await choose('task-form-deadline-kind', '长期坚持')
    // 责任单位: the group 各区商务局
    await choose('task-form-responsible-group', '各区商务局')
    expect(byTestId('task-form-responsible')!.textContent).toContain('各区商务局')
    // 牵头单位: a unit from the picker
    ;[...byTestId('task-form-lead')!.querySelectorAll('button')].find((b) => b.textContent?.includes('添加单位'))!.click()
    await settle()
    ;(byTestId('import-map-units')!.querySelector('.el-select__wrapper') as HTMLElement).click()
    await settle(5)
    const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.includes('政策法规科'))
    option!.click()
    await settle()
    byTestId('import-map-confirm')!.click()
    await settle()

    const before = calls.filter((c) => c.path === '/api/tasks').length
    byTestId('task-form-save')!.click()
    await settle(6)
    expect(posts).toHaveLength(1)
    expect(posts[0].headers.get('X-CSRF-Token')).toBe('csrf-abc123')
    expect(posts[0].body).toEqual({
      section: '强化重点领域安全监管',
      section_number: '四',
      number: '3',
      text: '开展商贸企业用电安全专项检查',
      deadline: { text: '长期坚持', kind: 'ongoing', start: null, end: null, period: null },
      lead: [{ phrase: '政策法规科', unit_ids: ['s-policy'] }],
      responsible: [{ phrase: '各区商务局', group_id: 'g-d' }],
    })
    // the table (and the head) reload
    expect(calls.filter((c) => c.path === '/api/tasks').length).toBeGreaterThan(before)
    wrapper.unmount()
  })

  it('edits a task prefilled from its assignments; a 409 keeps the dialog open with the server’s words', async () => {
    const puts: Call[] = []
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page(TASKS),
      'GET /api/tasks/t1': json(DETAIL),
      'GET /api/org-groups': json(GROUPS),
      'PUT /api/tasks/t1': (call) => {
        puts.push(call)
        return problem(409, 'conflict', '秀英区商务局已报告进展，不能从责任单位中移出')
      },
    })
    const wrapper = await mountCampaign()
    allByTestId('task-edit')[0].click()
    await openForm()
    const form = byTestId('task-form')!
    expect(form.textContent).toContain('编辑任务')
    expect(inputOf('task-form-text').value).toBe('开展商贸企业燃气安全专项检查。')
    expect(inputOf('task-form-section-number').value).toBe('四')
    const tags = () => [...byTestId('task-form-responsible')!.querySelectorAll<HTMLElement>('[data-testid="import-entry"]')]
    expect(tags().map((t) => t.textContent?.trim())).toEqual(['秀英区商务局', '龙华区商务局'])
    expect([...byTestId('task-form-lead')!.querySelectorAll('[data-testid="import-entry"]')].map((t) => t.textContent?.trim())).toEqual(['政策法规科'])
    expect(inputOf('task-form-end').value).toBe('2021-09-30')

    // take 秀英区商务局 off
    ;(tags()[0].querySelector('.el-tag__close') as HTMLElement).click()
    await settle()
    byTestId('task-form-save')!.click()
    await settle(6)
    expect(puts).toHaveLength(1)
    expect(puts[0].body).toMatchObject({
      text: '开展商贸企业燃气安全专项检查。',
      deadline: { text: '9月底前', kind: 'by', start: null, end: '2021-09-30', period: null },
      lead: [{ phrase: '政策法规科', unit_ids: ['s-policy'] }],
      responsible: [{ phrase: '龙华区商务局', unit_ids: ['d-lh'] }],
    })
    expect(byTestId('task-form-error')!.textContent).toContain('秀英区商务局已报告进展，不能从责任单位中移出')
    expect(notes).toContain('秀英区商务局已报告进展，不能从责任单位中移出')
    expect(byTestId('task-form')!.closest('.el-overlay')?.getAttribute('style') ?? '').not.toContain('display: none')
    wrapper.unmount()
  })

  it('puts server field errors next to their fields', async () => {
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page(TASKS),
      'GET /api/tasks/t1': json(DETAIL),
      'GET /api/org-groups': json(GROUPS),
      'PUT /api/tasks/t1': problem(400, 'validation_failed', '提交的数据有误', [
        { field: 'responsible[1]', code: 'not_found', message: '“龙华区商务局”对应的单位不存在' },
        { field: 'deadline.end', code: 'invalid', message: '任务的完成时限结束日期早于开始日期' },
      ]),
    })
    const wrapper = await mountCampaign()
    allByTestId('task-edit')[0].click()
    await openForm()
    byTestId('task-form-save')!.click()
    await settle(6)
    await vi.waitFor(() => expect(byTestId('task-form')!.querySelectorAll('.el-form-item__error').length).toBe(2), { timeout: 15000 })
    const errors = [...byTestId('task-form')!.querySelectorAll('.el-form-item__error')].map((e) => e.textContent?.trim())
    expect(errors).toContain('第 2 项（龙华区商务局）：“龙华区商务局”对应的单位不存在')
    expect(errors).toContain('任务的完成时限结束日期早于开始日期')
    const outlined = [...byTestId('task-form-responsible')!.querySelectorAll<HTMLElement>('.has-error')].map((t) => t.textContent?.trim())
    expect(outlined).toEqual(['龙华区商务局'])
    expect(byTestId('task-form-error')).toBeNull()
    wrapper.unmount()
  })

  it('deletes a task after confirming; a 409 is shown and the row stays', async () => {
    const deletes: string[] = []
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/campaigns/c1': json(CAMPAIGN),
      'GET /api/tasks': page(TASKS),
      'DELETE /api/tasks/t1': () => {
        deletes.push('t1')
        return problem(409, 'conflict', '已有责任单位报告进展，不能删除该任务')
      },
      'DELETE /api/tasks/t2': () => {
        deletes.push('t2')
        return noContent()
      },
    })
    const wrapper = await mountCampaign()
    const confirmBox = async (button: string) => {
      // the box of an earlier question may still be fading out: take the newest
      let box: HTMLElement | undefined
      await vi.waitFor(
        () => {
          box = [...document.querySelectorAll<HTMLElement>('.el-message-box')].filter((b) => !b.dataset.used).pop()
          expect(box).toBeDefined()
        },
        { timeout: 15000 },
      )
      box!.dataset.used = '1'
      ;[...box!.querySelectorAll('button')].find((b) => b.textContent?.trim() === button)!.click()
      await settle(6)
      return box!
    }

    allByTestId('task-delete')[1].click()
    const box = await confirmBox('取消')
    expect(box.textContent).toContain('临时任务。')
    expect(deletes).toEqual([])

    allByTestId('task-delete')[0].click()
    await confirmBox('删除')
    expect(deletes).toEqual(['t1'])
    expect(notes).toContain('已有责任单位报告进展，不能删除该任务')

    const before = calls.filter((c) => c.path === '/api/tasks').length
    allByTestId('task-delete')[1].click()
    await confirmBox('删除')
    expect(deletes).toEqual(['t1', 't2'])
    expect(calls.filter((c) => c.path === '/api/tasks').length).toBe(before + 1)
    wrapper.unmount()
  })
})
