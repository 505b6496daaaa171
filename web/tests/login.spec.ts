import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, type Router } from 'vue-router'
import LoginView from '@/views/auth/LoginView.vue'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { json, makeMe, mockFetch, problem, settle, type Call } from './helpers'

async function mountLogin(redirect?: string): Promise<{ wrapper: VueWrapper; router: Router }> {
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  await router.push(redirect ? `/login?redirect=${encodeURIComponent(redirect)}` : '/login')
  const wrapper = mount(LoginView, { global: { plugins: [router] }, attachTo: document.body })
  await settle()
  return { wrapper, router }
}

async function fillAndSubmit(wrapper: VueWrapper, username: string, password: string) {
  await wrapper.find('[data-testid="login-username"]').setValue(username)
  await wrapper.find('[data-testid="login-password"]').setValue(password)
  await wrapper.find('form').trigger('submit')
  await settle()
}

describe('login page', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('asks for the 6-digit code after totp_required and resends the login with it', async () => {
    const logins: Call[] = []
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: true }),
      'GET /api/auth/me': problem(401, 'unauthenticated', '未登录'),
      'POST /api/auth/login': (call) => {
        logins.push(call)
        const body = call.body as { totp?: string }
        if (!body.totp) return problem(401, 'totp_required', '请输入动态口令')
        return json(makeMe(['org.read']))
      },
    })
    const { wrapper, router } = await mountLogin('/orgs')

    expect(wrapper.find('[data-testid="login-totp"]').exists()).toBe(false)
    await fillAndSubmit(wrapper, 'secadmin', 'Pa55word!')

    expect(logins).toHaveLength(1)
    expect(logins[0].body).toEqual({ username: 'secadmin', password: 'Pa55word!' })
    // the login request carries no CSRF token (there is none yet) and is not redirected
    expect(logins[0].headers.get('X-CSRF-Token')).toBeNull()
    const totp = wrapper.find('[data-testid="login-totp"]')
    expect(totp.exists()).toBe(true)
    expect(wrapper.text()).toContain('请输入动态口令')

    await totp.setValue('123456')
    await wrapper.find('form').trigger('submit')
    await settle()

    expect(logins).toHaveLength(2)
    expect(logins[1].body).toEqual({ username: 'secadmin', password: 'Pa55word!', totp: '123456' })
    expect(useAuthStore().csrfToken).toBe('csrf-abc123')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('orgs'), { timeout: 15000 })
    wrapper.unmount()
  })

  it('shows the server’s detail for invalid credentials and for a locked account', async () => {
    let answer = problem(401, 'invalid_credentials', '用户名或密码错误')
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/auth/me': problem(401, 'unauthenticated', '未登录'),
      'POST /api/auth/login': () => answer,
    })
    const { wrapper, router } = await mountLogin()
    await fillAndSubmit(wrapper, 'zhang', 'wrong')
    expect(wrapper.find('[data-testid="login-alert"]').text()).toContain('用户名或密码错误')
    expect(wrapper.find('[data-testid="login-totp"]').exists()).toBe(false)
    expect(router.currentRoute.value.name).toBe('login')

    answer = problem(423, 'account_locked', '账号已锁定，请于 2026-11-28 10:15:00 后重试')
    await fillAndSubmit(wrapper, 'zhang', 'wrong-again')
    expect(wrapper.find('[data-testid="login-alert"]').text()).toContain('账号已锁定，请于 2026-11-28 10:15:00 后重试')
    wrapper.unmount()
  })

  it('checks the fields before asking the server', async () => {
    const { calls } = mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/auth/me': problem(401, 'unauthenticated', '未登录'),
    })
    const { wrapper } = await mountLogin()
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(calls.filter((c) => c.path === '/api/auth/login')).toHaveLength(0)
    // Element Plus shows a form item's message after a 100 ms debounce
    await vi.waitFor(
      () => {
        expect(wrapper.text()).toContain('请输入用户名')
        expect(wrapper.text()).toContain('请输入密码')
      },
      { timeout: 15000 },
    )
    wrapper.unmount()
  })
})
