import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { ApiError, configureClient, downloadExport, filenameFromDisposition, http, submissionKey } from '@/api/client'
import { userApi } from '@/api/users'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import { json, makeMe, mockFetch, noContent, problem } from './helpers'

describe('API client', () => {
  let notify: ReturnType<typeof vi.fn<(message: string) => void>>

  beforeEach(() => {
    setActivePinia(createPinia())
    const router = createAppRouter(createMemoryHistory())
    installClient(router)
    notify = vi.fn<(message: string) => void>()
    configureClient({ notify })
    useAuthStore().setMe(makeMe(['user.read', 'user.write']))
  })

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('sends the CSRF token on POST, PUT and DELETE but not on GET', async () => {
    const { calls } = mockFetch({
      'GET /api/users': json({ items: [], total: 0, page: 1, page_size: 20 }),
      'POST /api/users/u2/disable': json({}),
      'PUT /api/security/policy': json({}),
      'DELETE /api/security/sessions/s1': noContent(),
    })
    await userApi.list({ q: '张', page: 1, page_size: 20 })
    await userApi.disable('u2')
    await http.put('/api/security/policy', { min_length: 8 })
    await http.del('/api/security/sessions/s1')

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/users',
      'POST /api/users/u2/disable',
      'PUT /api/security/policy',
      'DELETE /api/security/sessions/s1',
    ])
    expect(calls[0].headers.get('X-CSRF-Token')).toBeNull()
    expect(calls[0].url).toBe('/api/users?q=%E5%BC%A0&page=1&page_size=20')
    for (const c of calls.slice(1)) expect(c.headers.get('X-CSRF-Token')).toBe('csrf-abc123')
    expect(calls[2].headers.get('Content-Type')).toBe('application/json')
    expect(calls[2].body).toEqual({ min_length: 8 })
  })

  it('sends an Idempotency-Key only when the caller names the submission', async () => {
    const { calls } = mockFetch({ 'POST /api/hazards': json({ id: 'h1' }, 201) })
    const key = submissionKey()
    expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(submissionKey()).not.toBe(key)
    await http.post('/api/hazards', { description: 'x' }, { idempotencyKey: key })
    await http.post('/api/hazards', { description: 'x' })
    expect(calls[0].headers.get('Idempotency-Key')).toBe(key)
    expect(calls[1].headers.get('Idempotency-Key')).toBeNull()
  })

  it('uses same-origin credentials', async () => {
    const { fn } = mockFetch({ 'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: true }) })
    await http.get('/api/meta')
    expect(fn.mock.calls[0][1]).toMatchObject({ credentials: 'same-origin', method: 'GET' })
  })

  it('drops empty filters from the query string', async () => {
    const { calls } = mockFetch({ 'GET /api/orgs': json({ items: [], total: 0, page: 1, page_size: 20 }) })
    await http.get('/api/orgs', { kind: '', q: undefined, parent_id: null, page: 2 })
    expect(calls[0].url).toBe('/api/orgs?page=2')
  })

  it('maps application/problem+json into an ApiError with field errors and shows the detail', async () => {
    mockFetch({
      'POST /api/users': problem(400, 'validation_failed', '提交的内容有误', [
        { field: 'username', code: 'duplicate', message: '用户名已存在' },
        { field: 'phone', code: 'format', message: '手机号格式不正确' },
      ]),
    })
    const err = await http.post('/api/users', { username: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect(e.status).toBe(400)
    expect(e.code).toBe('validation_failed')
    expect(e.detail).toBe('提交的内容有误')
    expect(e.errors).toHaveLength(2)
    expect(e.errors[0]).toEqual({ field: 'username', code: 'duplicate', message: '用户名已存在' })
    expect(e.fieldErrors()).toEqual({ username: '用户名已存在', phone: '手机号格式不正确' })
    expect(notify).toHaveBeenCalledWith('提交的内容有误')
  })

  it('does not show the message when the caller asks for silence', async () => {
    mockFetch({ 'POST /api/orgs': problem(409, 'conflict', '单位名称已存在') })
    await expect(http.post('/api/orgs', {}, { silent: true })).rejects.toMatchObject({ code: 'conflict', status: 409 })
    expect(notify).not.toHaveBeenCalled()
  })

  it('turns a non-JSON failure into an ApiError with a Chinese detail', async () => {
    mockFetch({ 'GET /api/orgs': new Response('Bad Gateway', { status: 502, headers: { 'content-type': 'text/plain' } }) })
    await expect(http.get('/api/orgs')).rejects.toMatchObject({ status: 502, code: 'internal', detail: '服务器内部错误，请稍后重试' })
  })

  it('redirects to the login page on 401 unauthenticated and forgets the session', async () => {
    setActivePinia(createPinia())
    const router = createAppRouter(createMemoryHistory())
    installClient(router)
    configureClient({ notify })
    mockFetch({
      'GET /api/auth/me': json(makeMe(['user.read'])),
      'GET /api/meta': json({ name: '安治', version: '0.1.0', demo: false }),
      'GET /api/users': problem(401, 'unauthenticated', '登录已失效，请重新登录'),
    })
    await router.push('/users')
    expect(router.currentRoute.value.name).toBe('users')
    await http.get('/api/users').catch(() => {})
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'), { timeout: 15000 })
    expect(router.currentRoute.value.query.redirect).toBe('/users')
    expect(useAuthStore().isLoggedIn).toBe(false)
    expect(useAuthStore().csrfToken).toBeNull()
  })

  it('reads the download name from Content-Disposition', () => {
    expect(filenameFromDisposition(`attachment; filename="users.xlsx"; filename*=UTF-8''%E7%94%A8%E6%88%B7.xlsx`, 'x.xlsx')).toBe('用户.xlsx')
    expect(filenameFromDisposition('attachment; filename="orgs-2026.xlsx"', 'x.xlsx')).toBe('orgs-2026.xlsx')
    expect(filenameFromDisposition(null, '审计日志.xlsx')).toBe('审计日志.xlsx')
  })

  it('downloads an export as a blob under the server-given name', async () => {
    const { calls } = mockFetch({
      'GET /api/users/export': new Response(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), {
        status: 200,
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename*=UTF-8''%E7%94%A8%E6%88%B7-20261128.xlsx`,
        },
      }),
    })
    const createObjectURL = vi.fn(() => 'blob:mock')
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const name = await downloadExport('/api/users/export', { role: 'leader', page: undefined })
    expect(name).toBe('用户-20261128.xlsx')
    expect(calls[0].url).toBe('/api/users/export?role=leader')
    expect(createObjectURL).toHaveBeenCalledTimes(1)
    expect(click).toHaveBeenCalledTimes(1)
    click.mockRestore()
  })
})
