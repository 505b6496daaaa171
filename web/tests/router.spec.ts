import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { createAppRouter, safeRedirect } from '@/router'
import type { Me } from '@/api/types'
import { json, makeMe, mockFetch, problem } from './helpers'

function setup(me: Me | null) {
  setActivePinia(createPinia())
  mockFetch({
    'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
    'GET /api/auth/me': me ? json(me) : problem(401, 'unauthenticated', '未登录'),
  })
  return createAppRouter(createMemoryHistory())
}

describe('router guard', () => {
  beforeEach(() => {
    localStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('sends a visitor who is not logged in to /login with the page to come back to', async () => {
    const router = setup(null)
    await router.push('/users?status=active')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/users?status=active')
  })

  it('sends the home page to /login without a redirect when not logged in', async () => {
    const router = setup(null)
    await router.push('/')
    expect(router.currentRoute.value.fullPath).toBe('/login')
  })

  it('forces the password change page while pending=password_change, on every route', async () => {
    const router = setup(makeMe(['user.read', 'org.read'], 'password_change'))
    await router.push('/users')
    expect(router.currentRoute.value.name).toBe('force-password')
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('force-password')
    await router.push('/profile')
    expect(router.currentRoute.value.name).toBe('force-password')
    await router.push('/login')
    expect(router.currentRoute.value.name).toBe('force-password')
  })

  it('forces the second-factor setup page while pending=totp_setup', async () => {
    const router = setup(makeMe(['audit.read'], 'totp_setup'))
    await router.push('/audit')
    expect(router.currentRoute.value.name).toBe('force-totp')
    await router.push('/force/password')
    expect(router.currentRoute.value.name).toBe('force-totp')
  })

  it('leaves the forced pages once nothing is pending', async () => {
    const router = setup(makeMe([]))
    await router.push('/force/password')
    expect(router.currentRoute.value.name).toBe('home')
  })

  it('answers /403 for a page whose permission the user lacks', async () => {
    const router = setup(makeMe(['org.read']))
    await router.push('/audit')
    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(router.currentRoute.value.path).toBe('/403')
    await router.push('/security/policy')
    expect(router.currentRoute.value.name).toBe('forbidden')
  })

  it('opens a page whose permission the user has', async () => {
    const router = setup(makeMe(['audit.read']))
    await router.push('/audit')
    expect(router.currentRoute.value.name).toBe('audit')
    await router.push('/profile')
    expect(router.currentRoute.value.name).toBe('profile')
  })

  it('sends a logged-in user away from /login to the redirect target', async () => {
    const router = setup(makeMe(['org.read']))
    await router.push('/login?redirect=/orgs')
    expect(router.currentRoute.value.name).toBe('orgs')
  })

  it('shows the 404 page for unknown paths', async () => {
    const router = setup(makeMe([]))
    await router.push('/no/such/page')
    expect(router.currentRoute.value.name).toBe('not-found')
  })

  it('guards the campaign pages with campaign.read, and the import with campaign.write', async () => {
    const reader = setup(makeMe(['campaign.read']))
    await reader.push('/campaigns')
    expect(reader.currentRoute.value.name).toBe('campaigns')
    await reader.push('/campaigns/c1')
    expect(reader.currentRoute.value.name).toBe('campaign')
    expect(reader.currentRoute.value.params.id).toBe('c1')
    await reader.push('/tasks/t1')
    expect(reader.currentRoute.value.name).toBe('task')
    await reader.push('/my-tasks')
    expect(reader.currentRoute.value.name).toBe('my-tasks')
    await reader.push('/campaigns/import')
    expect(reader.currentRoute.value.name).toBe('forbidden')

    const writer = setup(makeMe(['campaign.read', 'campaign.write']))
    await writer.push('/campaigns/import')
    expect(writer.currentRoute.value.name).toBe('campaign-import')

    const outsider = setup(makeMe(['org.read']))
    await outsider.push('/my-tasks')
    expect(outsider.currentRoute.value.name).toBe('forbidden')
    await outsider.push('/campaigns/c1')
    expect(outsider.currentRoute.value.name).toBe('forbidden')
  })

  it('accepts only same-site paths as redirect targets', () => {
    expect(safeRedirect('/users')).toBe('/users')
    expect(safeRedirect('//evil.example/x')).toBe('/')
    expect(safeRedirect('https://evil.example/')).toBe('/')
    expect(safeRedirect('/\\evil.example')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
})

describe('after a server upgrade', () => {
  it('reloads the target page when its code cannot be loaded, and ignores other errors', async () => {
    const { reloadOnChunkError } = await import('@/router')
    const to = { fullPath: '/campaigns?tab=board' } as unknown as import('vue-router').RouteLocationNormalized
    const visits: string[] = []
    const go = (u: string) => visits.push(u)
    expect(reloadOnChunkError(new TypeError('Failed to fetch dynamically imported module: http://x/assets/A-1.js'), to, go)).toBe(true)
    expect(visits).toEqual(['/campaigns?tab=board'])
    expect(reloadOnChunkError(new Error('boom'), to, go)).toBe(false)
    expect(visits).toHaveLength(1)
  })
})
