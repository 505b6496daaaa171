import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { configureClient } from '@/api/client'
import type { Assignment, TaskDetail as Task } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import TaskDetail from '@/views/campaigns/TaskDetail.vue'
import { json, makeMe, mockFetch, settle, type Call } from './helpers'

const DEADLINE = { text: '7-11月份', kind: 'window', start: '2021-07-01', end: '2021-11-30', period: null }

function assignment(over: Partial<Assignment>): Assignment {
  return {
    id: 'a1',
    task_id: 't1',
    task_number: '3',
    task_text: '推动商贸企业定期开展安全风险辨识评估。',
    section: '持续推动落实企业安全生产主体责任',
    campaign_id: 'c1',
    campaign_title: '2021年推进工作方案',
    org_id: 'd-xy',
    org_name: '秀英区商务局',
    state: 'in_progress',
    state_label: '进行中',
    percent: 30,
    latest_report: '已召开动员会',
    deadline: DEADLINE,
    overdue: false,
    updated_at: '2021-08-01T02:00:00Z',
    can_report: false,
    can_review: false,
    ...over,
  }
}

const TASK: Task = {
  id: 't1',
  campaign_id: 'c1',
  campaign_title: '2021年推进工作方案',
  seq: 7,
  section: '持续推动落实企业安全生产主体责任',
  number: '3',
  text: '推动商贸企业定期开展安全风险辨识评估，根据动态评估结果及时调整风险等级和管控措施。',
  deadline: DEADLINE,
  lead_units: [{ id: 's-policy', name: '政策法规科', kind: 'section' }],
  responsible_phrases: ['各区商务局'],
  status: 'in_progress',
  status_label: '进行中',
  overdue: true,
  assignment_count: 2,
  completed_count: 0,
  assignments: [
    assignment({ id: 'a1', state: 'returned', state_label: '已退回', can_report: true }),
    assignment({ id: 'a2', org_id: 'd-lh', org_name: '龙华区商务局', state: 'submitted', state_label: '已报送', percent: 100, can_review: true, overdue: true }),
  ],
  timeline: [
    { id: 'e1', assignment_id: 'a2', org_name: '龙华区商务局', action: 'report', action_label: '报告进展', actor_name: '李区', at: '2021-08-01T01:00:00Z', text: '已完成辨识评估', percent: 80, reason: null },
    { id: 'e3', assignment_id: 'a1', org_name: '秀英区商务局', action: 'return', action_label: '退回', actor_name: '王科长', at: '2021-08-03T01:00:00Z', text: null, percent: null, reason: '缺少评估报告附件' },
    { id: 'e2', assignment_id: 'a2', org_name: '龙华区商务局', action: 'submit', action_label: '报送', actor_name: '李区', at: '2021-08-02T01:00:00Z', text: '全部完成', percent: 100, reason: null },
  ],
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]

async function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  el.value = value
  el.dispatchEvent(new Event('input'))
  await settle(1)
}

function mountTask(): VueWrapper {
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: () => {} })
  return mount(TaskDetail, { props: { taskId: 't1' }, global: { plugins: [router] }, attachTo: document.body })
}

describe('task detail', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['campaign.read']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the task, its assignments with the allowed actions, and the timeline newest first', async () => {
    mockFetch({ 'GET /api/tasks/t1': json(TASK) })
    const wrapper = mountTask()
    await settle(5)

    expect(byTestId('task-text')!.textContent).toContain('根据动态评估结果及时调整风险等级和管控措施')
    expect(wrapper.text()).toContain('政策法规科')
    expect(wrapper.text()).toContain('2021-07-01 至 2021-11-30')
    expect(wrapper.text()).toContain('已逾期')

    const [r1, r2] = allByTestId('assignment-row')
    expect(allByTestId('assignment-row')).toHaveLength(2)
    expect(r1.textContent).toContain('秀英区商务局')
    expect(r1.querySelector('[data-testid="assignment-report"]')).not.toBeNull()
    expect(r1.querySelector('[data-testid="assignment-accept"]')).toBeNull()
    expect(r2.querySelector('[data-testid="assignment-report"]')).toBeNull()
    expect(r2.querySelector('[data-testid="assignment-accept"]')).not.toBeNull()
    expect(r2.querySelector('[data-testid="assignment-return"]')).not.toBeNull()
    expect(r2.textContent).toContain('已报送')
    expect(r2.textContent).toContain('已逾期')

    const events = allByTestId('timeline-event')
    expect(events.map((e) => e.querySelector('.el-tag')?.textContent?.trim())).toEqual(['退回', '报送', '报告进展'])
    expect(events[0].textContent).toContain('王科长')
    expect(events[0].textContent).toContain('退回原因：缺少评估报告附件')
    expect(events[0].textContent).toContain('2021-08-03 09:00:00')
    expect(events[1].textContent).toContain('进度 100%')
    expect(events[2].textContent).toContain('已完成辨识评估')
    wrapper.unmount()
  })

  it('sends a progress report as {text, percent, submit} and reloads the task', async () => {
    const posts: Call[] = []
    const { calls } = mockFetch({
      'GET /api/tasks/t1': json(TASK),
      'POST /api/assignments/a1/progress': (call) => {
        posts.push(call)
        return json(assignment({ percent: 60 }))
      },
    })
    const wrapper = mountTask()
    await settle(5)

    ;(allByTestId('assignment-row')[0].querySelector('[data-testid="assignment-report"]') as HTMLElement).click()
    await settle()
    // the latest return reason is shown to the unit
    const dialog = byTestId('report-dialog')!
    expect(dialog.textContent).toContain('退回原因：缺少评估报告附件')

    // an empty text is refused before asking the server
    byTestId('report-submit')!.click()
    await settle()
    expect(posts).toHaveLength(0)
    await vi.waitFor(() => expect(dialog.textContent).toContain('请填写进展情况'), { timeout: 15000 })

    await typeInto(byTestId('report-text') as HTMLTextAreaElement, '已完成全区商贸企业风险辨识评估')
    const percent = byTestId('report-percent')!.querySelector('.el-input-number input') as HTMLInputElement
    expect(percent.value).toBe('30')
    await typeInto(percent, '60')
    percent.dispatchEvent(new Event('change'))
    await settle()

    byTestId('report-submit')!.click()
    await settle(5)
    expect(posts).toHaveLength(1)
    expect(posts[0].body).toEqual({ text: '已完成全区商贸企业风险辨识评估', percent: 60, submit: true })
    expect(posts[0].headers.get('X-CSRF-Token')).toBe('csrf-abc123')
    expect(calls.filter((c) => c.url === '/api/tasks/t1')).toHaveLength(2)

    // 保存进展 sends submit: false
    ;(allByTestId('assignment-row')[0].querySelector('[data-testid="assignment-report"]') as HTMLElement).click()
    await settle()
    await typeInto(byTestId('report-text') as HTMLTextAreaElement, '正在整理材料')
    byTestId('report-save')!.click()
    await settle(5)
    expect(posts).toHaveLength(2)
    expect(posts[1].body).toEqual({ text: '正在整理材料', percent: 30, submit: false })
    // each report carries its own Idempotency-Key (a retry of one report reuses it)
    const keys = posts.map((p) => p.headers.get('Idempotency-Key'))
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{32}$/)
    expect(keys[1]).not.toBe(keys[0])
    wrapper.unmount()
  })

  it('requires a reason to return (退回) and sends accept (通过) with its comment', async () => {
    const posts: Call[] = []
    mockFetch({
      'GET /api/tasks/t1': json(TASK),
      'POST /api/assignments/a2/return': (call) => {
        posts.push(call)
        return json(assignment({ id: 'a2', state: 'returned', state_label: '已退回' }))
      },
      'POST /api/assignments/a2/accept': (call) => {
        posts.push(call)
        return json(assignment({ id: 'a2', state: 'completed', state_label: '已完成' }))
      },
    })
    const wrapper = mountTask()
    await settle(5)

    const row = () => allByTestId('assignment-row')[1]
    ;(row().querySelector('[data-testid="assignment-return"]') as HTMLElement).click()
    await settle()
    const dialog = byTestId('review-dialog')!
    byTestId('review-confirm')!.click()
    await settle()
    expect(posts).toHaveLength(0)
    await vi.waitFor(() => expect(dialog.textContent).toContain('请填写退回原因'), { timeout: 15000 })

    // blanks are not a reason either
    await typeInto(byTestId('return-reason') as HTMLTextAreaElement, '   ')
    byTestId('review-confirm')!.click()
    await settle()
    expect(posts).toHaveLength(0)

    await typeInto(byTestId('return-reason') as HTMLTextAreaElement, '缺少现场检查记录')
    byTestId('review-confirm')!.click()
    await settle(5)
    expect(posts).toHaveLength(1)
    expect(posts[0].path).toBe('/api/assignments/a2/return')
    expect(posts[0].body).toEqual({ reason: '缺少现场检查记录' })

    ;(row().querySelector('[data-testid="assignment-accept"]') as HTMLElement).click()
    await settle()
    expect(byTestId('return-reason')).toBeNull()
    await typeInto(byTestId('review-comment') as HTMLTextAreaElement, '材料齐全')
    byTestId('review-confirm')!.click()
    await settle(5)
    expect(posts).toHaveLength(2)
    expect(posts[1].path).toBe('/api/assignments/a2/accept')
    expect(posts[1].body).toEqual({ comment: '材料齐全' })
    wrapper.unmount()
  })
})
