// A small typed fetch client for the anzhi API.
//
// - JSON in and out, cookies same-origin only.
// - X-CSRF-Token on every state-changing request (POST/PUT/PATCH/DELETE).
// - application/problem+json errors become ApiError {status, code, detail, errors[]}.
// - 401 `unauthenticated` hands over to the app (redirect to the login page).
// - The problem's `detail` is shown as a message unless the caller asks for silence.
import type { FieldError, Problem } from './types'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly errors: FieldError[]
  readonly title: string

  constructor(status: number, code: string, detail: string, errors: FieldError[] = [], title = '') {
    super(detail || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.detail = detail
    this.errors = errors
    this.title = title
  }

  /** Field errors as a map field → first message. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.errors) {
      if (e.field && !(e.field in out)) out[e.field] = e.message
    }
    return out
  }
}

export type Query = Record<string, string | number | boolean | null | undefined | (string | number)[]>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  query?: Query
  body?: unknown
  /** A body sent as it is (file bytes, plain text) instead of JSON; see `contentType`. */
  rawBody?: Blob | string
  /** Content-Type of `rawBody` (left to fetch when absent). */
  contentType?: string
  /** Do not show the error's detail as a message (the caller shows it itself). */
  silent?: boolean
  /** Do not redirect to the login page on 401 unauthenticated. */
  noAuthRedirect?: boolean
  signal?: AbortSignal
  /** Names one submission (the `Idempotency-Key` header); see `submissionKey`. */
  idempotencyKey?: string
}

/**
 * A new key for one submission (上报隐患, 进展报告). Send the same key with every retry
 * of that submission: when an earlier attempt reached the server but its answer was
 * lost, the server answers with what that attempt made instead of making it twice.
 * (`crypto.getRandomValues`, unlike `randomUUID`, also works on plain-http intranets.)
 */
export function submissionKey(): string {
  const b = new Uint8Array(16)
  crypto.getRandomValues(b)
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

export interface ClientHooks {
  /** The CSRF token from the last login or GET /api/auth/me. */
  csrfToken: () => string | null | undefined
  /** Called on 401 `unauthenticated` (session expired or missing). */
  onUnauthenticated: (err: ApiError) => void
  /** Called on 403 `password_change_required` / `totp_setup_required`. */
  onPendingRequired: (err: ApiError) => void
  /** Shows an error message to the user. */
  notify: (message: string) => void
}

const hooks: ClientHooks = {
  csrfToken: () => null,
  onUnauthenticated: () => {},
  onPendingRequired: () => {},
  notify: () => {},
}

export function configureClient(h: Partial<ClientHooks>): void {
  Object.assign(hooks, h)
}

/** Shows an error message through the configured hook (ElMessage in the app). */
export function notify(message: string): void {
  hooks.notify(message)
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) {
      for (const item of v) params.append(k, String(item))
    } else {
      params.append(k, String(v))
    }
  }
  const qs = params.toString()
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path
}

function isJson(res: Response): boolean {
  const ct = res.headers.get('content-type') || ''
  return ct.includes('application/json') || ct.includes('+json')
}

/** Turns a failed response into an ApiError (problem+json or anything else). */
export async function toApiError(res: Response): Promise<ApiError> {
  let problem: Partial<Problem> | null = null
  if (isJson(res)) {
    try {
      problem = (await res.json()) as Partial<Problem>
    } catch {
      problem = null
    }
  }
  const status = typeof problem?.status === 'number' ? problem.status : res.status
  const code = problem?.code || fallbackCode(res.status)
  const detail = problem?.detail || problem?.title || fallbackDetail(res.status)
  const errors = Array.isArray(problem?.errors) ? problem.errors : []
  return new ApiError(status, code, detail, errors, problem?.title || '')
}

function fallbackCode(status: number): string {
  switch (status) {
    case 400:
      return 'validation_failed'
    case 401:
      return 'unauthenticated'
    case 403:
      return 'forbidden'
    case 404:
      return 'not_found'
    case 409:
      return 'conflict'
    case 413:
      return 'payload_too_large'
    case 423:
      return 'account_locked'
    default:
      return status >= 500 ? 'internal' : 'http_error'
  }
}

function fallbackDetail(status: number): string {
  switch (status) {
    case 401:
      return '登录已失效，请重新登录'
    case 403:
      return '没有权限执行此操作'
    case 404:
      return '请求的资源不存在'
    case 413:
      return '提交的内容过大'
    default:
      return status >= 500 ? '服务器内部错误，请稍后重试' : `请求失败（${status}）`
  }
}

function handleError(err: ApiError, opts: RequestOptions): void {
  if (err.status === 401 && err.code === 'unauthenticated' && !opts.noAuthRedirect) {
    hooks.onUnauthenticated(err)
    return
  }
  if (err.code === 'password_change_required' || err.code === 'totp_setup_required') {
    hooks.onPendingRequired(err)
  }
  if (!opts.silent) hooks.notify(err.detail)
}

async function send(path: string, opts: RequestOptions, accept: string): Promise<Response> {
  const method = opts.method || 'GET'
  const headers: Record<string, string> = { Accept: accept }
  let body: BodyInit | undefined
  if (opts.rawBody !== undefined) {
    if (opts.contentType) headers['Content-Type'] = opts.contentType
    body = opts.rawBody
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (STATE_CHANGING.has(method)) {
    const token = hooks.csrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    const err = new ApiError(0, 'network_error', '无法连接服务器，请检查网络')
    if (!opts.silent) hooks.notify(err.detail)
    throw err
  }
  if (!res.ok) {
    const err = await toApiError(res)
    handleError(err, opts)
    throw err
  }
  return res
}

/** Sends a JSON request and returns the parsed JSON answer (undefined for 204). */
export async function request<T = void>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts, 'application/json')
  if (res.status === 204 || res.status === 205) return undefined as T
  const text = await res.text()
  if (!text) return undefined as T
  return JSON.parse(text) as T
}

export const http = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'method' | 'query'> = {}) =>
    request<T>(path, { ...opts, method: 'GET', query }),
  post: <T = void>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...opts, method: 'POST', body }),
  put: <T = void>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...opts, method: 'PUT', body }),
  patch: <T = void>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...opts, method: 'PATCH', body }),
  del: <T = void>(path: string, opts: Omit<RequestOptions, 'method'> = {}) =>
    request<T>(path, { ...opts, method: 'DELETE' }),
}

/**
 * Reads the file name from a Content-Disposition header; prefers RFC 5987
 * `filename*=UTF-8''…` (Chinese names) over plain `filename="…"`.
 */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header)
  if (plain) {
    const name = (plain[2] ?? plain[1]).trim()
    if (name) {
      try {
        return decodeURIComponent(name)
      } catch {
        return name
      }
    }
  }
  return fallback
}

/** Saves a Blob through a temporary link (works offline, no library). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  document.body.removeChild(a)
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/**
 * Downloads an `…/export` .xlsx with the given filters and saves it under the
 * name from Content-Disposition. Returns the file name used.
 */
export async function downloadExport(path: string, query?: Query, fallbackName = 'export.xlsx'): Promise<string> {
  const res = await send(
    path,
    { method: 'GET', query },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/octet-stream, application/problem+json',
  )
  const blob = await res.blob()
  const name = filenameFromDisposition(res.headers.get('content-disposition'), fallbackName)
  saveBlob(blob, name)
  return name
}

export interface UploadOptions {
  /** Upload progress, 0–100 (whole percent). */
  onProgress?: (percent: number) => void
  signal?: AbortSignal
  /** Do not show the error's detail as a message (the caller shows it itself). */
  silent?: boolean
}

/**
 * Sends a multipart/form-data POST (one `file` part) and returns the parsed JSON answer.
 * Uses XMLHttpRequest, which fetch cannot replace here: only it reports upload progress.
 * Same conventions as `request`: same-origin cookies, `X-CSRF-Token`, problem+json →
 * ApiError, 401 → login page, the detail shown unless `silent`. An abort rejects with a
 * DOMException named AbortError.
 */
export function uploadFile<T>(path: string, file: Blob, name: string, opts: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new DOMException('上传已取消', 'AbortError'))
      return
    }
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.setRequestHeader('Accept', 'application/json')
    const token = hooks.csrfToken()
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)

    const onAbort = () => xhr.abort()
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    const done = () => opts.signal?.removeEventListener('abort', onAbort)

    xhr.upload.onprogress = (e: ProgressEvent) => {
      if (e.lengthComputable && e.total > 0 && opts.onProgress) {
        opts.onProgress(Math.min(100, Math.floor((e.loaded / e.total) * 100)))
      }
    }
    xhr.onabort = () => {
      done()
      reject(new DOMException('上传已取消', 'AbortError'))
    }
    xhr.onerror = () => {
      done()
      const err = new ApiError(0, 'network_error', '上传失败：无法连接服务器，请检查网络后重试')
      if (!opts.silent) hooks.notify(err.detail)
      reject(err)
    }
    xhr.onload = async () => {
      done()
      const headers = new Headers()
      const ct = xhr.getResponseHeader('content-type')
      if (ct) headers.set('content-type', ct)
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T)
        } catch {
          reject(new ApiError(xhr.status, 'invalid_response', '服务器返回的内容无法识别'))
        }
        return
      }
      // status 0 never reaches onload; anything outside 200–599 is not a valid Response status
      const status = xhr.status >= 200 && xhr.status <= 599 ? xhr.status : 500
      const err = await toApiError(new Response(xhr.responseText || null, { status, headers }))
      handleError(err, opts)
      reject(err)
    }
    const form = new FormData()
    form.append('file', file, name)
    xhr.send(form)
  })
}
