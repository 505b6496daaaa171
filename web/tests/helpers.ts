import { vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { FieldError, Me } from '@/api/types'

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

export function problem(status: number, code: string, detail: string, errors?: FieldError[]): Response {
  return new Response(
    JSON.stringify({ type: 'about:blank', title: code, status, code, detail, ...(errors ? { errors } : {}) }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  )
}

export function noContent(): Response {
  return new Response(null, { status: 204 })
}

export interface Call {
  method: string
  path: string
  url: string
  headers: Headers
  body: unknown
}

type Handler = (call: Call) => Response | Promise<Response>

/**
 * Replaces global fetch. Routes are keyed "METHOD /path" (path without query);
 * unknown routes answer 404 not_found. Every call is recorded.
 */
export function mockFetch(routes: Record<string, Handler | Response>) {
  const calls: Call[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const u = new URL(url, 'http://localhost')
    const method = (init.method || 'GET').toUpperCase()
    const headers = new Headers(init.headers)
    // JSON bodies are parsed; anything else (plain text, a File) is recorded as sent
    const isJson = (headers.get('content-type') || '').includes('json')
    const body = typeof init.body === 'string' && isJson ? JSON.parse(init.body) : (init.body ?? undefined)
    const call: Call = { method, path: u.pathname, url: u.pathname + u.search, headers, body }
    calls.push(call)
    const route = routes[`${method} ${u.pathname}`]
    if (!route) return problem(404, 'not_found', `no mock for ${method} ${u.pathname}`)
    return typeof route === 'function' ? route(call) : route.clone()
  })
  vi.stubGlobal('fetch', fn)
  return { fn, calls }
}

export function makeMe(permissions: string[], pending: Me['pending'] = null, demo = false): Me {
  return {
    user: {
      id: 'u1',
      username: 'admin',
      display_name: '张管理',
      role: 'system_admin',
      role_label: '系统管理员',
      org_id: 'o1',
      org_name: '海口市商务局',
      phone: '138****1234',
      status: 'active',
      locked_until: null,
      must_change_password: pending === 'password_change',
      totp_enabled: true,
      last_login_at: '2026-11-27T01:02:03Z',
      previous_login_at: '2026-11-26T01:02:03Z',
      created_at: '2026-01-01T00:00:00Z',
    },
    csrf_token: 'csrf-abc123',
    pending,
    demo,
    permissions,
  }
}

/** Lets fetch promises, Vue updates and Element Plus transitions settle. */
export async function settle(times = 3) {
  for (let i = 0; i < times; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}
