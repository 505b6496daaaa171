import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '@/App.vue'
import PasswordForm from '@/components/PasswordForm.vue'
import { configureClient } from '@/api/client'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { json, makeMe, mockFetch, noContent, problem, settle, type Call } from './helpers'

describe('app shell', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the demo banner on the login page when /api/meta says demo', async () => {
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: true }),
      'GET /api/auth/me': problem(401, 'unauthenticated', '未登录'),
    })
    const router = createAppRouter(createMemoryHistory())
    installClient(router)
    await router.push('/')
    const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'), { timeout: 15000 })
    await settle()
    expect(wrapper.find('[data-testid="demo-banner"]').text()).toBe('演示模式：演示数据与演示账号，请勿录入真实数据')
    expect(wrapper.find('[data-testid="login-username"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('shows no banner outside demo mode, and the user menu with name, role and org', async () => {
    mockFetch({
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/auth/me': json(makeMe(['org.read'])),
    })
    const router = createAppRouter(createMemoryHistory())
    installClient(router)
    await router.push('/')
    const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="welcome"]').exists()).toBe(true), { timeout: 15000 })
    expect(wrapper.find('[data-testid="demo-banner"]').exists()).toBe(false)
    const userMenu = wrapper.find('[data-testid="user-menu"]').text()
    expect(userMenu).toContain('张管理')
    expect(userMenu).toContain('系统管理员')
    expect(userMenu).toContain('海口市商务局')
    // the home page links only to what the user may open, and shows the last login in China time
    expect(wrapper.find('[data-testid="quick-orgs"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="quick-users"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="welcome"]').text()).toContain('2026-11-26 09:02:03')
    wrapper.unmount()
  })

  it('puts a password-policy error from the server on the new-password field', async () => {
    const posts: Call[] = []
    mockFetch({
      'POST /api/auth/password': (call) => {
        posts.push(call)
        return posts.length === 1
          ? problem(400, 'validation_failed', '新密码不符合密码策略', [
              { field: 'new_password', code: 'policy', message: '密码至少8位，且包含至少三类字符' },
            ])
          : noContent()
      },
    })
    const router = createAppRouter(createMemoryHistory())
    installClient(router)
    configureClient({ notify: () => {} })
    useAuthStore().setMe(makeMe([], 'password_change'))
    const changed = vi.fn()
    const wrapper = mount(PasswordForm, { props: { onChanged: changed }, global: { plugins: [router] }, attachTo: document.body })
    await wrapper.find('[data-testid="pwd-old"]').setValue('Init#2026a')
    await wrapper.find('[data-testid="pwd-new"]').setValue('short')
    await wrapper.find('[data-testid="pwd-confirm"]').setValue('short')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(posts[0].body).toEqual({ old_password: 'Init#2026a', new_password: 'short' })
    expect(posts[0].headers.get('X-CSRF-Token')).toBe('csrf-abc123')
    const item = wrapper.find('[data-testid="pwd-new"]').element.closest('.el-form-item')!
    await vi.waitFor(() => expect(item.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('密码至少8位，且包含至少三类字符'), {
      timeout: 15000,
    })
    expect(changed).not.toHaveBeenCalled()

    // a mismatching confirmation never reaches the server
    await wrapper.find('[data-testid="pwd-new"]').setValue('Str0ng#Pass')
    await wrapper.find('[data-testid="pwd-confirm"]').setValue('Str0ng#Pas')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(posts).toHaveLength(1)

    await wrapper.find('[data-testid="pwd-confirm"]').setValue('Str0ng#Pass')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(posts).toHaveLength(2)
    expect(changed).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })
})
