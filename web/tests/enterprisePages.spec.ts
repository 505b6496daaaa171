// 企业管理 pages against a mocked server: the import wizard (problems by row, 仅导入有效行,
// the confirm body), the enterprise page's not-found state, an item card's save/submit with
// field errors, and a reviewer's 退回 (reason required) / 通过.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { RouterView, createMemoryHistory, type Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { EnterpriseProfile, EnterpriseView, ImportReport, ProfileItemCode, ProfileItemView } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { PROFILE_ITEMS } from '@/views/enterprises/labels'
import { json, makeMe, mockFetch, problem, settle, type Call } from './helpers'

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]
const page = (items: unknown[]) => json({ items, total: items.length, page: 1, page_size: 20 })

const ENTERPRISE: EnterpriseView = {
  id: 'o1',
  name: '海口秀英椰城购物广场有限公司',
  credit_code: '91460105MA5T000018',
  district_id: 'd-xy',
  district_name: '秀英区商务局',
  category_id: 'k-mall',
  category_name: '大型商业综合体/商场',
  is_key: true,
  address: null,
  longitude: null,
  latitude: null,
  legal_rep: null,
  principal: '张三',
  principal_phone: '13800001234',
  safety_manager: null,
  safety_manager_phone: null,
  employees: null,
  floor_area: null,
  status: 'operating',
  status_label: '在营',
  profile_score: 0,
  registered: true,
  updated_at: '2026-11-28T01:00:00Z',
}

function itemView(item: ProfileItemCode, over: Partial<ProfileItemView> = {}): ProfileItemView {
  return {
    item,
    label: PROFILE_ITEMS.find((i) => i.value === item)!.label,
    state: 'missing',
    state_label: '未填报',
    data: null,
    attachments: [],
    updated_by_name: null,
    updated_at: null,
    submitted_at: null,
    reviewed_by_name: null,
    reviewed_at: null,
    review_comment: null,
    can_edit: true,
    can_submit: false,
    can_review: false,
    submit_blocker: '请先填写再提交',
    ...over,
  }
}

function profileOf(items: ProfileItemView[], score = 0): EnterpriseProfile {
  return {
    enterprise_id: 'o1',
    enterprise_name: ENTERPRISE.name,
    completeness: { score, filled: 0, approved: 0, total: 6, missing: items.filter((i) => i.state !== 'approved').map((i) => i.item) },
    items,
  }
}

const BASE_ROUTES = {
  'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
  'GET /api/orgs': page([
    { id: 'd-xy', name: '秀英区商务局', kind: 'district' },
    { id: 'd-ml', name: '美兰区商务局', kind: 'district' },
  ]),
  'GET /api/industry-categories': json([
    { id: 'k-market', name: '超市', notice_period: 'weekly', sort_order: 1, enterprise_count: 0 },
    { id: 'k-food', name: '餐饮', notice_period: null, sort_order: 4, enterprise_count: 0 },
  ]),
  'GET /api/notifications/unread-count': json({ count: 0 }),
}

async function mountAt(path: string, permissions: string[]): Promise<{ wrapper: VueWrapper; router: Router }> {
  useAuthStore().setMe(makeMe(permissions))
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: () => {} })
  await router.push(path)
  const wrapper = mount(RouterView, { global: { plugins: [router] }, attachTo: document.body })
  await settle(5)
  return { wrapper, router }
}

function typeInto(el: HTMLElement | null, value: string) {
  const input = (el?.tagName === 'INPUT' || el?.tagName === 'TEXTAREA' ? el : el?.querySelector('input, textarea')) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
}

async function pickFile(input: HTMLInputElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle(4)
}

describe('enterprise pages', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('import wizard: problems by row, 导入 only with 仅导入有效行, then the result', async () => {
    const preview: ImportReport = {
      draft_id: 'draft-1',
      rows: 3,
      valid: 2,
      new: 2,
      existing: 0,
      problems: [{ row: 4, column: '统一社会信用代码', field: 'credit_code', message: '统一社会信用代码无效（应为18位，校验位须符合GB 32100-2015）' }],
      created: 0,
      updated: 0,
      skipped: 0,
    }
    const previews: Call[] = []
    const confirms: Call[] = []
    mockFetch({
      ...BASE_ROUTES,
      'GET /api/enterprises': page([ENTERPRISE]),
      'POST /api/enterprises/import/preview': (call) => {
        previews.push(call)
        return json(preview)
      },
      'POST /api/enterprises/import': (call) => {
        confirms.push(call)
        return json({ ...preview, created: 2 })
      },
    })
    const { wrapper } = await mountAt('/enterprises', ['enterprise.read', 'enterprise.write'])
    expect(allByTestId('enterprise-row')).toHaveLength(1)
    byTestId('enterprise-import')!.click()
    await settle(4)

    const input = byTestId('import-upload') as HTMLInputElement
    expect(input.type).toBe('file')
    await pickFile(input, new File(['x'], '企业.csv'))
    expect(byTestId('import-file-error')!.textContent).toContain('仅支持 .xlsx')
    expect(previews).toHaveLength(0)

    const file = new File(['PK'], '企业名录.xlsx')
    await pickFile(input, file)
    await vi.waitFor(() => expect(allByTestId('import-problem-row')).toHaveLength(1))
    expect(previews[0].url).toBe(`/api/enterprises/import/preview?file_name=${encodeURIComponent('企业名录.xlsx')}`)
    expect(previews[0].headers.get('Content-Type')).toBe('application/octet-stream')
    expect(previews[0].body).toBe(file)
    const row = allByTestId('import-problem-row')[0].textContent!
    expect(row).toContain('第 4 行')
    expect(row).toContain('统一社会信用代码')
    expect(byTestId('import-count-valid')!.textContent).toBe('2')
    expect(byTestId('import-count-bad')!.textContent).toBe('1')

    const confirm = byTestId('import-confirm') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    expect(byTestId('import-blocker')!.textContent).toContain('仅导入有效行')
    ;(byTestId('import-valid-only')!.querySelector('input') as HTMLInputElement).click()
    await settle(2)
    expect(confirm.disabled).toBe(false)
    expect(byTestId('import-plan')!.textContent).toBe('将新增 2 家，忽略问题行 1 行')
    confirm.click()
    await settle(4)
    expect(confirms[0].body).toEqual({ draft_id: 'draft-1', valid_only: true, existing: 'update' })
    expect(byTestId('import-result')!.textContent).toContain('新增 2 家，更新 0 家，跳过 0 家')
    wrapper.unmount()
  })

  it('shows the not-found state for an enterprise outside the scope', async () => {
    mockFetch({ ...BASE_ROUTES, 'GET /api/enterprises/other': problem(404, 'not_found', '请求的资源不存在') })
    const { wrapper } = await mountAt('/enterprises/other', ['enterprise.read', 'profile.write'])
    expect(byTestId('error-404')).not.toBeNull()
    expect(byTestId('profile-panel')).toBeNull()
    wrapper.unmount()
  })

  it('本企业: the team card saves its members, shows field errors on the row, and submits', async () => {
    let team = itemView('team')
    const saves: Call[] = []
    const submits: Call[] = []
    mockFetch({
      ...BASE_ROUTES,
      'GET /api/enterprises/o1': json(ENTERPRISE),
      'GET /api/enterprises/o1/profile': () => json(profileOf(PROFILE_ITEMS.map((i) => (i.value === 'team' ? team : itemView(i.value))))),
      'PUT /api/enterprises/o1/profile/team': (call) => {
        saves.push(call)
        const body = call.body as { data: { members: { phone: string | null }[] } }
        if (body.data.members[0].phone === '123') {
          return problem(400, 'validation_failed', '提交的内容有误', [
            { field: 'data.members[0].phone', code: 'invalid', message: '第1位人员的联系电话格式不正确' },
          ])
        }
        team = itemView('team', { state: 'draft', state_label: '待提交', data: body.data, can_submit: true, submit_blocker: null })
        return json(team)
      },
      'POST /api/enterprises/o1/profile/team/submit': (call) => {
        submits.push(call)
        team = itemView('team', { ...team, state: 'submitted', state_label: '待审核', can_edit: false, can_submit: false, submit_blocker: '已提交，请等待审核' })
        return json(team)
      },
    })
    const { wrapper } = await mountAt('/my-enterprise', ['enterprise.read', 'profile.write'])
    await vi.waitFor(() => expect(byTestId('profile-item-team')).not.toBeNull())
    expect(byTestId('profile-score')!.textContent).toBe('0')
    const card = byTestId('profile-item-team')!
    const submit = card.querySelector('[data-testid="profile-submit-team"]') as HTMLButtonElement
    expect(submit.disabled).toBe(true)
    expect((card.querySelector('[data-testid="profile-save-team"]') as HTMLButtonElement).disabled).toBe(true)

    ;(card.querySelector('[data-testid="profile-team-add"]') as HTMLElement).click()
    await settle(2)
    typeInto(card.querySelector('[data-testid="member-name"]'), ' 陈安全 ')
    typeInto(card.querySelector('[data-testid="member-post"]'), '专职安全员')
    typeInto(card.querySelector('[data-testid="member-phone"]'), '123')
    await settle(2)
    ;(card.querySelector('[data-testid="profile-save-team"]') as HTMLButtonElement).click()
    await settle(4)
    expect(saves).toHaveLength(1)
    // Element Plus shows a form item's message after a 100 ms debounce
    await vi.waitFor(() => expect(card.textContent).toContain('第1位人员的联系电话格式不正确'))

    typeInto(card.querySelector('[data-testid="member-phone"]'), '13800001234')
    await settle(2)
    ;(card.querySelector('[data-testid="profile-save-team"]') as HTMLButtonElement).click()
    await settle(4)
    expect(saves[1].body).toEqual({
      data: { institution: null, members: [{ name: '陈安全', post: '专职安全员', certificate: null, phone: '13800001234' }] },
      attachments: [],
      remove_attachments: [],
    })
    await vi.waitFor(() => expect(byTestId('profile-item-team')!.getAttribute('data-state')).toBe('draft'))
    const submit2 = byTestId('profile-submit-team') as HTMLButtonElement
    expect(submit2.disabled).toBe(false)
    submit2.click()
    await settle(4)
    expect(submits).toHaveLength(1)
    await vi.waitFor(() => expect(byTestId('profile-item-team')!.getAttribute('data-state')).toBe('submitted'))
    wrapper.unmount()
  })

  it('a reviewer returns only with a reason', async () => {
    const submitted = itemView('responsibility', {
      state: 'submitted',
      state_label: '待审核',
      data: { approved_on: '2021-03-01', posts_covered: null, posts_total: null, note: null },
      attachments: [{ id: 'f1', name: '责任制.pdf', size: 2048, content_type: 'application/pdf', kind: 'pdf', uploaded_at: '2026-11-28T01:00:00Z' } as never],
      can_edit: false,
      can_review: true,
      submit_blocker: '已提交，请等待审核',
    })
    const calls: Call[] = []
    let current = submitted
    mockFetch({
      ...BASE_ROUTES,
      'GET /api/enterprises/o1': json(ENTERPRISE),
      'GET /api/enterprises/o1/profile': () =>
        json(profileOf(PROFILE_ITEMS.map((i) => (i.value === 'responsibility' ? current : itemView(i.value, { can_edit: false }))))),
      'POST /api/enterprises/o1/profile/responsibility/return': (call) => {
        calls.push(call)
        current = { ...submitted, state: 'returned', state_label: '已退回', review_comment: (call.body as { reason: string }).reason, can_review: false }
        return json(current)
      },
    })
    const { wrapper } = await mountAt('/enterprises/o1?tab=profile', ['enterprise.read', 'enterprise.write', 'enterprise.review'])
    await vi.waitFor(() => expect(byTestId('profile-item-responsibility')).not.toBeNull())
    // a reviewer neither saves nor submits
    expect(byTestId('profile-save-responsibility')).toBeNull()
    expect(byTestId('profile-submit-responsibility')).toBeNull()
    expect(byTestId('profile-item-responsibility')!.querySelector('[data-testid="attachment-link"]')!.getAttribute('href')).toBe('/api/files/f1')

    byTestId('profile-return-responsibility')!.click()
    await settle(3)
    byTestId('profile-review-confirm')!.click()
    await settle(3)
    expect(calls).toHaveLength(0)
    await vi.waitFor(() => expect(byTestId('profile-review-dialog')!.textContent).toContain('请填写退回原因'))
    typeInto(byTestId('profile-review-text'), '请上传盖章版')
    await settle(1)
    byTestId('profile-review-confirm')!.click()
    await settle(4)
    expect(calls[0].body).toEqual({ reason: '请上传盖章版' })
    await vi.waitFor(() => expect(byTestId('profile-item-responsibility')!.getAttribute('data-state')).toBe('returned'))
    expect(byTestId('profile-review-comment')!.textContent).toContain('退回原因：请上传盖章版')
    wrapper.unmount()
  })
})
