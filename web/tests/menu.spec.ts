import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { flattenMenu, visibleMenu } from '@/menu'
import SideMenu from '@/layout/SideMenu.vue'
import { createAppRouter } from '@/router'
import { useAuthStore } from '@/stores/auth'
import { json, makeMe, mockFetch, settle } from './helpers'

// Permission sets as the roles of the contract carry them.
const ROLE_PERMISSIONS: Record<string, string[]> = {
  system_admin: ['org.read', 'org.write', 'user.read', 'user.write'],
  security_admin: ['user.read', 'user.role_admin', 'security.policy', 'security.sessions'],
  audit_admin: ['audit.read'],
  leader: ['org.read'],
  enterprise_user: [],
}

const names = (perms: string[]) => flattenMenu(visibleMenu(perms)).map((m) => m.name)

describe('menu', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows exactly the items a role’s permissions allow', () => {
    expect(names(ROLE_PERMISSIONS.system_admin)).toEqual(['home', 'orgs', 'users'])
    expect(names(ROLE_PERMISSIONS.security_admin)).toEqual(['home', 'users', 'security-policy', 'security-sessions'])
    expect(names(ROLE_PERMISSIONS.audit_admin)).toEqual(['home', 'audit'])
    expect(names(ROLE_PERMISSIONS.leader)).toEqual(['home', 'orgs'])
    expect(names(ROLE_PERMISSIONS.enterprise_user)).toEqual(['home'])
  })

  it('hides a sub-menu whose children are all hidden', () => {
    const items = [
      { name: 'sys', title: '系统', path: '/sys', children: [{ name: 'a', title: 'A', path: '/a', permission: 'x' }] },
      { name: 'b', title: 'B', path: '/b' },
    ]
    expect(visibleMenu([], items).map((m) => m.name)).toEqual(['b'])
    expect(visibleMenu(['x'], items).map((m) => m.name)).toEqual(['sys', 'b'])
  })

  it('renders nav-<route> entries only for the permitted pages', async () => {
    setActivePinia(createPinia())
    mockFetch({ 'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }) })
    const auth = useAuthStore()
    auth.setMe(makeMe(ROLE_PERMISSIONS.security_admin))
    const router = createAppRouter(createMemoryHistory())
    await router.push('/')
    const wrapper = mount(SideMenu, { global: { plugins: [router] }, attachTo: document.body })
    await settle()
    const ids = wrapper.findAll('[data-testid^="nav-"]').map((w) => w.attributes('data-testid'))
    expect(ids).toEqual(['nav-home', 'nav-users', 'nav-security-policy', 'nav-security-sessions'])
    expect(wrapper.text()).toContain('安全策略')
    expect(wrapper.text()).not.toContain('审计日志')
    wrapper.unmount()
  })

  it('shows 专项整治 › 导入方案 only with campaign.write', async () => {
    expect(names(['campaign.read'])).toEqual(['home', 'campaigns', 'my-tasks'])
    expect(names(['campaign.read', 'campaign.write'])).toEqual(['home', 'campaigns', 'campaign-import', 'my-tasks'])
    expect(visibleMenu(['campaign.read']).find((m) => m.name === 'campaign-group')?.title).toBe('专项整治')

    setActivePinia(createPinia())
    mockFetch({ 'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }) })
    const auth = useAuthStore()
    const router = createAppRouter(createMemoryHistory())
    await router.push('/')
    const navIds = async (perms: string[]) => {
      auth.setMe(makeMe(perms))
      const wrapper = mount(SideMenu, { global: { plugins: [router] }, attachTo: document.body })
      await settle()
      const ids = wrapper.findAll('[data-testid^="nav-"]').map((w) => w.attributes('data-testid'))
      const text = wrapper.text()
      wrapper.unmount()
      return { ids, text }
    }
    const reader = await navIds(['campaign.read'])
    expect(reader.ids).toEqual(['nav-home', 'nav-campaign-group', 'nav-campaigns', 'nav-my-tasks'])
    expect(reader.text).toContain('我的任务')
    expect(reader.text).not.toContain('导入方案')
    const writer = await navIds(['campaign.read', 'campaign.write'])
    expect(writer.ids).toEqual(['nav-home', 'nav-campaign-group', 'nav-campaigns', 'nav-campaign-import', 'nav-my-tasks'])
    expect(writer.text).toContain('导入方案')
    const none = await navIds(['org.read'])
    expect(none.ids).toEqual(['nav-home', 'nav-orgs'])
    expect(none.text).not.toContain('专项整治')
  })
})
