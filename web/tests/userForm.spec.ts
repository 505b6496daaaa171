import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h, ref } from 'vue'
import { createMemoryHistory } from 'vue-router'
import UserFormDrawer from '@/views/users/UserFormDrawer.vue'
import { configureClient } from '@/api/client'
import type { Role, UserCreated } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { json, makeMe, mockFetch, problem, settle, type Call } from './helpers'

const ROLES: Role[] = [
  { code: 'system_admin', label: '系统管理员', org_kinds: ['bureau'], admin: true },
  { code: 'district_staff', label: '区商务局人员', org_kinds: ['district'], admin: false },
]

const DISTRICTS = [
  { id: 'd1', name: '秀英区商务局', kind: 'district', kind_label: '区商务局', parent_id: 'o1', parent_name: '海口市商务局', code: '460105', aliases: [], sort_order: 1, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' },
  { id: 'd2', name: '龙华区商务局', kind: 'district', kind_label: '区商务局', parent_id: 'o1', parent_name: '海口市商务局', code: '460106', aliases: [], sort_order: 2, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' },
]

function mountForm(onCreated: (r: UserCreated) => void): VueWrapper {
  const Host = defineComponent({
    setup() {
      const open = ref(true)
      return () =>
        h(UserFormDrawer, {
          modelValue: open.value,
          'onUpdate:modelValue': (v: boolean) => (open.value = v),
          user: null,
          roles: ROLES,
          onCreated,
        })
    },
  })
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  return mount(Host, { global: { plugins: [router] }, attachTo: document.body })
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

/** The el-form-item that holds the element with this test id. */
function formItemOf(id: string): HTMLElement {
  const el = byTestId(id)
  const item = el?.closest<HTMLElement>('.el-form-item')
  if (!item) throw new Error(`no form item around ${id}`)
  return item
}

async function typeInto(id: string, value: string) {
  const input = byTestId(id) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await settle(1)
}

/** Opens an el-select (by the test id on its wrapper) and clicks the option with this text. */
async function choose(id: string, text: string) {
  const select = byTestId(id)!
  ;(select.querySelector('.el-select__wrapper') as HTMLElement).click()
  await settle()
  const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find(
    (o) => o.textContent?.includes(text) && o.offsetParent !== undefined,
  )
  if (!option) throw new Error(`no option ${text}`)
  option.click()
  await settle()
}

describe('user form', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['user.read', 'user.write']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('puts the server’s field errors on the matching form items', async () => {
    const posts: Call[] = []
    mockFetch({
      'GET /api/orgs': json({ items: DISTRICTS, total: 2, page: 1, page_size: 30 }),
      'POST /api/users': (call) => {
        posts.push(call)
        return problem(400, 'validation_failed', '提交的内容有误', [
          { field: 'username', code: 'duplicate', message: '用户名已存在' },
          { field: 'phone', code: 'format', message: '手机号格式不正确' },
        ])
      },
    })
    const notify = vi.fn()
    const created = vi.fn()
    const wrapper = mountForm(created)
    configureClient({ notify })
    await settle()

    await typeInto('user-form-username', 'zhangsan')
    await typeInto('user-form-display-name', '张三')
    await choose('user-form-role', '区商务局人员')
    await choose('user-form-org', '秀英区商务局')
    await typeInto('user-form-phone', '13800001234')

    // admin roles cannot be granted without user.role_admin
    const adminOption = [...document.querySelectorAll('.el-select-dropdown__item')].find((o) => o.textContent?.includes('系统管理员'))
    expect(adminOption?.classList.contains('is-disabled')).toBe(true)

    byTestId('user-form-submit')!.click()
    await settle(5)

    expect(posts).toHaveLength(1)
    expect(posts[0].body).toEqual({
      username: 'zhangsan',
      display_name: '张三',
      role: 'district_staff',
      org_id: 'd1',
      phone: '13800001234',
    })
    expect(posts[0].headers.get('X-CSRF-Token')).toBe('csrf-abc123')
    // the org search only asked for the kinds the role allows
    expect(document.body.innerHTML).toContain('秀英区商务局')

    // Element Plus shows a form item's message after a 100 ms debounce
    await vi.waitFor(() => {
      expect(formItemOf('user-form-username').querySelector('.el-form-item__error')).not.toBeNull()
      expect(formItemOf('user-form-phone').querySelector('.el-form-item__error')).not.toBeNull()
    }, { timeout: 15000 })
    const usernameError = formItemOf('user-form-username').querySelector('.el-form-item__error')
    expect(usernameError?.textContent?.trim()).toBe('用户名已存在')
    expect(formItemOf('user-form-username').classList.contains('is-error')).toBe(true)
    const phoneError = formItemOf('user-form-phone').querySelector('.el-form-item__error')
    expect(phoneError?.textContent?.trim()).toBe('手机号格式不正确')
    // fields without a server error stay clean
    expect(formItemOf('user-form-display-name').querySelector('.el-form-item__error')).toBeNull()
    // and the detail is shown as a message as well
    expect(notify).toHaveBeenCalledWith('提交的内容有误')
    expect(created).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('asks the server only for units of the kinds the chosen role may belong to', async () => {
    const { calls } = mockFetch({ 'GET /api/orgs': json({ items: DISTRICTS, total: 2, page: 1, page_size: 30 }) })
    const wrapper = mountForm(() => {})
    await settle()
    await choose('user-form-role', '区商务局人员')
    await choose('user-form-org', '龙华区商务局')
    const orgCalls = calls.filter((c) => c.path === '/api/orgs')
    expect(orgCalls.length).toBeGreaterThan(0)
    for (const c of orgCalls) expect(new URL(c.url, 'http://x').searchParams.get('kind')).toBe('district')
    wrapper.unmount()
  })
})

