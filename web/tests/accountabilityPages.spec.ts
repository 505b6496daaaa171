// 督查考核 pages mounted on the router with a mocked API: the referral detail offers the steps of
// its state to the agency and to the referring unit (代为登记), records 接收 and shows the
// timeline; the bulletin editor shows the server's 文号 error on 印发.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory } from 'vue-router'
import { configureClient } from '@/api/client'
import type { Bulletin, ReferralDetail } from '@/api/accountability'
import type { Me } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { json, makeMe, mockFetch, problem, settle } from './helpers'

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allTestIds = (prefix: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid^="${prefix}"]`)].map((e) => e.dataset.testid)

async function mountAt(path: string, who: Me): Promise<VueWrapper> {
  useAuthStore().setMe(who)
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: () => {} })
  await router.push(path)
  const wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle(5)
  return wrapper
}

const referral = (over: Partial<ReferralDetail> = {}): ReferralDetail => ({
  id: 'r1',
  number: '海商函〔2026〕3号',
  enterprise_id: 'e1',
  enterprise_name: '海口秀英椰城购物广场有限公司',
  district_name: '秀英区商务局',
  agency_id: 'a1',
  agency_name: '海口市综合行政执法局',
  source: 'hazard',
  source_label: '隐患',
  hazard_id: 'h1',
  inspection_id: null,
  violation: '安全出口堵塞',
  state: 'sent',
  state_label: '已函送',
  from_org_name: '秀英区商务局',
  sent_at: '2026-11-01T02:00:00Z',
  reply_by: '2026-12-01',
  next_follow_up_on: '2026-11-08',
  result: null,
  concluded_at: null,
  legal_basis: '安全生产法',
  evidence: '照片',
  requested_action: '请依法处理',
  contact_name: '陈专干',
  contact_phone: '0898-68720000',
  action: null,
  penalty: null,
  files: [],
  result_files: [],
  events: [{ at: '2026-11-01T02:00:00Z', actor_name: '陈专干', org_name: '秀英区商务局', action: 'send', action_label: '函送', note: null }],
  ...over,
})

describe('referral detail', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('offers the agency 接收 and records it; the timeline grows', async () => {
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/referrals/r1': json(referral()),
      'POST /api/referrals/r1/receive': json(
        referral({
          state: 'received',
          state_label: '已接收',
          events: [
            ...referral().events,
            { at: '2026-11-02T02:00:00Z', actor_name: '执法队员', org_name: '海口市综合行政执法局', action: 'receive', action_label: '接收', note: '已转一大队' },
          ],
        }),
      ),
    })
    const w = await mountAt('/referrals/r1', makeMe(['referral.read', 'referral.handle']))
    expect(byTestId('referral-state')?.textContent).toBe('已函送')
    expect(allTestIds('referral-step-')).toEqual(['referral-step-receive'])
    expect(byTestId('referral-letter')).not.toBeNull()
    byTestId('referral-step-receive')!.click()
    await settle()
    const note = byTestId('referral-step-note')!
    const input = (note.matches('textarea') ? note : note.querySelector('textarea')) as HTMLTextAreaElement
    input.value = '已转一大队'
    input.dispatchEvent(new Event('input'))
    await settle(1)
    byTestId('referral-step-confirm')!.click()
    await settle(5)
    const post = calls.find((c) => c.method === 'POST')
    expect(post?.path).toBe('/api/referrals/r1/receive')
    expect(post?.body).toEqual({ note: '已转一大队' })
    expect(byTestId('referral-state')?.textContent).toBe('已接收')
    const events = [...document.querySelectorAll<HTMLElement>('[data-testid="referral-event"]')].map((e) => e.dataset.action)
    expect(events).toEqual(['receive', 'send'])
    w.unmount()
  })

  it('offers the referring unit follow-up, withdraw and the agency’s step on its behalf', async () => {
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/referrals/r1': json(referral()),
    })
    const w = await mountAt('/referrals/r1', makeMe(['referral.read', 'referral.write']))
    expect(allTestIds('referral-step-')).toEqual(['referral-step-receive', 'referral-step-follow-up', 'referral-step-withdraw'])
    expect(byTestId('referral-step-receive')?.textContent).toContain('代为登记接收')
    w.unmount()
  })
})

describe('bulletin editor', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  const draft: Bulletin = {
    id: 'b1',
    title: '关于2026年10月商务系统安全生产专项整治工作进展情况的通报',
    number: null,
    period_from: '2026-10-01',
    period_to: '2026-10-31',
    state: 'draft',
    state_label: '草稿',
    issued_at: null,
    sections: [{ heading: '二、存在的问题', paragraphs: ['琼山区商务局有2项任务逾期。'] }],
    facts: {
      overdue_units: [{ org_id: 'o', name: '琼山区商务局', overdue: 2, tasks: [] }],
      returned_units: [],
      low_rate_districts: [],
      major_overdue_enterprises: [],
    },
    created_by_name: '李科长',
    created_at: '2026-11-02T02:00:00Z',
  }

  it('shows the facts aside and refuses 印发 without a number before sending anything', async () => {
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/bulletins/b1': json(draft),
      'PUT /api/bulletins/b1': problem(400, 'validation_failed', '文号格式不正确', [{ field: 'number', code: 'invalid', message: '文号格式不正确' }]),
    })
    const w = await mountAt('/bulletins/b1', makeMe(['accountability.read', 'accountability.write']))
    expect(byTestId('bulletin-facts-overdue_units')?.textContent).toContain('琼山区商务局：逾期 2 项')
    expect(document.querySelectorAll('[data-testid="bulletin-paragraph"]')).toHaveLength(1)
    byTestId('bulletin-issue')!.click()
    await settle()
    await vi.waitFor(() => expect(byTestId('bulletin-editor')?.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('请填写文号，如：海商安通〔2026〕5号'), {
      timeout: 5000,
    })
    expect(calls.filter((c) => c.method !== 'GET')).toHaveLength(0)

    byTestId('bulletin-paragraph-add')!.click()
    await settle()
    expect(document.querySelectorAll('[data-testid="bulletin-paragraph"]')).toHaveLength(2)

    byTestId('bulletin-save')!.click()
    await settle(5)
    const put = calls.find((c) => c.method === 'PUT')
    // the blank paragraph is not sent
    expect((put?.body as { sections: unknown }).sections).toEqual(draft.sections)
    await vi.waitFor(() => expect(byTestId('bulletin-editor')?.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('文号格式不正确'), { timeout: 5000 })
    w.unmount()
  })

  it('is read-only for a district reader', async () => {
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/bulletins/b1': json({ ...draft, state: 'issued', state_label: '已印发', number: '海商安通〔2026〕5号' }),
    })
    const w = await mountAt('/bulletins/b1', makeMe(['accountability.read']))
    expect(byTestId('bulletin-read')?.textContent).toContain('琼山区商务局有2项任务逾期。')
    expect(byTestId('bulletin-number-text')?.textContent).toBe('海商安通〔2026〕5号')
    expect(byTestId('bulletin-issue')).toBeNull()
    expect(byTestId('bulletin-facts')).toBeNull()
    w.unmount()
  })
})
