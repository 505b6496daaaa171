// The 成熟度评估 questionnaire page against a mocked server: the level descriptors are shown as
// cards, a click chooses the level (aria-checked), 提交 with an unanswered question names it
// next to the question and sends nothing, 保存 sends every answer (PUT), and a 400 of submit
// (`answers.<key>`) lands on that question.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import type { MaturityDetail, Questionnaire } from '@/api/credit'
import { useAuthStore } from '@/stores/auth'
import MaturityDetailView from '@/views/maturity/MaturityDetailView.vue'
import { json, makeMe, mockFetch, problem, settle } from './helpers'

const levels = [1, 2, 3, 4, 5].map((level) => ({ level, descriptor: `第${level}级描述` }))
const Q: Questionnaire = {
  dimensions: [
    { key: 'leadership', label: '领导作用', questions: [{ key: 'l1', text: '主要负责人履职', levels }] },
    { key: 'risk', label: '风险管控', questions: [{ key: 'r1', text: '风险辨识评估', levels }] },
  ],
  levels: [1, 2, 3, 4, 5].map((level) => ({ level, label: ['起步级', '发展级', '规范级', '优良级', '卓越级'][level - 1] })),
}
const DETAIL: MaturityDetail = {
  id: 'm1',
  enterprise_id: 'e1',
  enterprise_name: '海口秀英椰城购物广场有限公司',
  district_name: '秀英区商务局',
  category_name: '商场',
  year: 2026,
  pilot_group: null,
  state: 'draft',
  state_label: '填报中',
  self_level: null,
  reviewed_level: null,
  submitted_at: null,
  reviewed_at: null,
  answers: {},
  review: {},
  dimensions: [],
  review_note: null,
  reviewer_name: null,
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
let wrapper: VueWrapper | null = null

beforeEach(() => {
  setActivePinia(createPinia())
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
})

async function mountPage() {
  const auth = useAuthStore()
  auth.setMe({ ...makeMe(['credit.read', 'maturity.fill']), user: { ...makeMe([]).user, role: 'enterprise_user' } })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/maturity', name: 'maturity', component: { template: '<div />' } },
      { path: '/maturity/:id', name: 'maturity-detail', component: MaturityDetailView },
    ],
  })
  await router.push('/maturity/m1')
  await router.isReady()
  wrapper = mount(RouterView, { global: { plugins: [router, ElementPlus] }, attachTo: document.body })
  await settle(5)
}

describe('maturity questionnaire page', () => {
  it('shows the descriptors as cards, names the unanswered question, saves all answers', async () => {
    const { calls } = mockFetch({
      'GET /api/maturity/questionnaire': json(Q),
      'GET /api/maturity/m1': json(DETAIL),
      'PUT /api/maturity/m1': (c) => json({ ...DETAIL, answers: (c.body as { answers: MaturityDetail['answers'] }).answers }),
      'POST /api/maturity/m1/submit': problem(400, 'validation_failed', '还有题目未作答', [{ field: 'answers.r1', code: 'required', message: '请选择该题的等级' }]),
    })
    await mountPage()

    const card = byTestId('mq-level-l1-3')
    expect(card?.textContent).toContain('第3级描述')
    expect(card?.textContent).toContain('规范级')
    card!.click()
    await settle()
    expect(card?.getAttribute('aria-checked')).toBe('true')

    // 提交 with r1 unanswered: named next to it, nothing sent
    byTestId('maturity-submit')!.click()
    await settle()
    expect(byTestId('mq-error-r1')?.textContent).toContain('请选择该题的等级')
    expect(calls.some((c) => c.path.endsWith('/submit'))).toBe(false)

    byTestId('maturity-save')!.click()
    await settle()
    const put = calls.find((c) => c.method === 'PUT')
    expect(put?.body).toEqual({ answers: { l1: { level: 3, note: null } } })
  })
})
