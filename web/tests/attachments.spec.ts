import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { ApiError, configureClient, uploadFile } from '@/api/client'
import type { Assignment, FileBrief, TaskDetail as Task } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import TaskDetail from '@/views/campaigns/TaskDetail.vue'
import { json, makeMe, mockFetch, settle, type Call } from './helpers'

/** A stand-in for XMLHttpRequest: records what is sent; the test answers each request. */
class FakeXhr {
  static sent: FakeXhr[] = []
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: FormData | null = null
  status = 0
  responseText = ''
  responseHeaders: Record<string, string> = {}
  aborted = false
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null

  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  getResponseHeader(k: string) {
    return this.responseHeaders[k.toLowerCase()] ?? null
  }
  send(body: FormData) {
    this.body = body
    FakeXhr.sent.push(this)
  }
  abort() {
    this.aborted = true
    this.onabort?.()
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent)
  }
  reply(status: number, body: unknown, contentType = 'application/json') {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.responseHeaders['content-type'] = contentType
    this.onload?.()
  }
  file(): File {
    return this.body!.get('file') as File
  }
}

function brief(over: Partial<FileBrief>): FileBrief {
  return { id: 'f1', name: '现场照片.png', kind: 'png', content_type: 'image/png', size: 2048, uploaded_at: '2021-08-01T01:00:00Z', ...over }
}

const DEADLINE = { text: '9月底前', kind: 'by', start: null, end: '2021-09-30', period: null }

function assignment(over: Partial<Assignment>): Assignment {
  return {
    id: 'a1',
    task_id: 't1',
    task_number: '9',
    task_text: '开展商贸企业燃气安全专项检查。',
    section: '强化重点领域安全监管',
    campaign_id: 'c1',
    campaign_title: '2021年推进工作方案',
    org_id: 'd-xy',
    org_name: '秀英区商务局',
    state: 'in_progress',
    state_label: '进行中',
    percent: 20,
    latest_report: null,
    deadline: DEADLINE,
    overdue: false,
    updated_at: '2021-08-01T02:00:00Z',
    can_report: true,
    can_review: false,
    ...over,
  }
}

const TASK: Task = {
  id: 't1',
  campaign_id: 'c1',
  campaign_title: '2021年推进工作方案',
  seq: 11,
  section: '强化重点领域安全监管',
  number: '9',
  text: '开展商贸企业燃气安全专项检查。',
  deadline: DEADLINE,
  lead_units: [{ id: 's-policy', name: '政策法规科', kind: 'section' }],
  responsible_phrases: ['秀英区商务局'],
  status: 'in_progress',
  status_label: '进行中',
  overdue: false,
  assignment_count: 1,
  completed_count: 0,
  assignments: [assignment({})],
  timeline: [
    {
      id: 'e1',
      assignment_id: 'a1',
      org_name: '秀英区商务局',
      action: 'report',
      action_label: '报告进展',
      actor_name: '陈区',
      at: '2021-08-01T01:00:00Z',
      text: '已检查12家企业',
      percent: 20,
      reason: null,
      attachments: [
        brief({ id: 'img1', name: '现场1.png' }),
        brief({ id: 'img2', name: '现场2.jpg', kind: 'jpeg', content_type: 'image/jpeg' }),
        brief({ id: 'pdf1', name: '检查记录.pdf', kind: 'pdf', content_type: 'application/pdf', size: 3.5 * 1024 * 1024 }),
      ],
    },
  ],
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const allByTestId = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]

async function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  el.value = value
  el.dispatchEvent(new Event('input'))
  await settle(1)
}

/** Puts files on a native file input as a browser does, and fires its change event. */
async function pickFiles(input: HTMLInputElement, files: File[]) {
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle(2)
}

function mountTask(): VueWrapper {
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  configureClient({ notify: () => {} })
  return mount(TaskDetail, { props: { taskId: 't1' }, global: { plugins: [router] }, attachTo: document.body })
}

describe('attachments', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['campaign.read']))
    FakeXhr.sent = []
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('uploads a file as multipart `file` with the CSRF token, reports progress, and turns problems into ApiError', async () => {
    const router = createAppRouter(createMemoryHistory())
    installClient(router)
    const notes: string[] = []
    configureClient({ notify: (m) => notes.push(m) })

    const progress: number[] = []
    const ok = uploadFile<FileBrief>('/api/files', new File(['abc'], '照片.png'), '照片.png', { onProgress: (p) => progress.push(p) })
    const x = FakeXhr.sent[0]
    expect(x.method).toBe('POST')
    expect(x.url).toBe('/api/files')
    expect(x.headers['X-CSRF-Token']).toBe('csrf-abc123')
    expect(x.file().name).toBe('照片.png')
    x.progress(50, 200)
    x.progress(200, 200)
    x.reply(201, brief({ id: 'f9' }))
    await expect(ok).resolves.toMatchObject({ id: 'f9' })
    expect(progress).toEqual([25, 100])

    const refused = uploadFile('/api/files', new File(['<html>'], 'a.html'), 'a.html', { silent: true })
    FakeXhr.sent[1].reply(415, { status: 415, code: 'unsupported_media_type', detail: '不支持的文件类型：只接受图片' }, 'application/problem+json')
    const err = (await refused.catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('unsupported_media_type')
    expect(err.detail).toBe('不支持的文件类型：只接受图片')
    expect(notes).toEqual([])

    // not silent: the detail is shown
    const big = uploadFile('/api/files', new File(['x'], 'big.zip'), 'big.zip')
    FakeXhr.sent[2].reply(413, { status: 413, code: 'payload_too_large', detail: '文件超过大小限制（最大 20 MB）' }, 'application/problem+json')
    await big.catch(() => {})
    expect(notes).toEqual(['文件超过大小限制（最大 20 MB）'])

    // an abort rejects with AbortError
    const ctrl = new AbortController()
    const aborted = uploadFile('/api/files', new File(['x'], 'x.txt'), 'x.txt', { signal: ctrl.signal })
    ctrl.abort()
    expect(FakeXhr.sent[3].aborted).toBe(true)
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('shows the attachments of a timeline event: image thumbnails (inline) and download links with sizes', async () => {
    mockFetch({ 'GET /api/tasks/t1': json(TASK) })
    const wrapper = mountTask()
    await settle(5)

    const items = allByTestId('timeline-attachment')
    expect(items).toHaveLength(3)
    const imgs = items.slice(0, 2).map((el) => el.querySelector('img'))
    expect(imgs.map((i) => i?.getAttribute('src'))).toEqual(['/api/files/img1?inline=true', '/api/files/img2?inline=true'])
    expect(items[0].getAttribute('title')).toBe('现场1.png（2 KB）')
    const link = items[2] as HTMLAnchorElement
    expect(link.tagName).toBe('A')
    expect(link.getAttribute('href')).toBe('/api/files/pdf1')
    expect(link.getAttribute('download')).toBe('检查记录.pdf')
    expect(link.textContent).toContain('检查记录.pdf')
    expect(link.textContent).toContain('3.5 MB')
    wrapper.unmount()
  })

  it('uploads picked files one by one; a refused one shows its reason with 重试 / 移除; the report sends the uploaded ids', async () => {
    const posts: Call[] = []
    mockFetch({
      'GET /api/tasks/t1': json({ ...TASK, timeline: [] }),
      'POST /api/assignments/a1/progress': (call) => {
        posts.push(call)
        return json(assignment({ percent: 50 }))
      },
    })
    const wrapper = mountTask()
    await settle(5)
    ;(byTestId('assignment-report') as HTMLElement).click()
    await settle()

    const input = byTestId('report-attachments') as HTMLInputElement
    expect(input.tagName).toBe('INPUT')
    expect(input.type).toBe('file')
    expect(input.multiple).toBe(true)
    expect(input.accept).toContain('.png')
    expect(input.accept).toContain('.ofd')
    expect(input.accept).toContain('.xls')

    await pickFiles(input, [new File(['png'], '现场照片.png', { type: 'image/png' }), new File(['exe'], '工具.exe')])
    expect(FakeXhr.sent).toHaveLength(2)
    let rows = allByTestId('report-attachment-item')
    expect(rows).toHaveLength(2)
    expect(rows.map((r) => r.dataset.status)).toEqual(['uploading', 'uploading'])
    // nothing can be sent while a file is uploading
    expect((byTestId('report-save') as HTMLButtonElement).disabled).toBe(true)

    FakeXhr.sent[0].progress(40, 100)
    await settle(1)
    expect(rows[0].querySelector('.el-progress')?.getAttribute('aria-valuenow')).toBe('40')
    FakeXhr.sent[0].reply(201, brief({ id: 'f1', name: '现场照片.png' }))
    FakeXhr.sent[1].reply(
      415,
      { status: 415, code: 'unsupported_media_type', detail: '不支持的文件类型：只接受图片（JPG、PNG、GIF、WEBP）、PDF、OFD、Word、Excel、PowerPoint、ZIP 和文本文件' },
      'application/problem+json',
    )
    await settle(3)
    rows = allByTestId('report-attachment-item')
    expect(rows.map((r) => r.dataset.status)).toEqual(['done', 'error'])
    expect(rows[1].textContent).toContain('不支持的文件类型')
    expect((byTestId('report-save') as HTMLButtonElement).disabled).toBe(true)
    expect(byTestId('report-dialog')!.textContent).toContain('有附件上传失败，请重试或移除')

    // 重试 sends the file again; it fails again and stays in the list
    const buttons = (row: HTMLElement) => [...row.querySelectorAll('button')]
    buttons(rows[1]).find((b) => b.textContent?.includes('重试'))!.click()
    await settle(1)
    expect(FakeXhr.sent).toHaveLength(3)
    expect(FakeXhr.sent[2].file().name).toBe('工具.exe')
    FakeXhr.sent[2].reply(415, { status: 415, code: 'unsupported_media_type', detail: '不支持的文件类型' }, 'application/problem+json')
    await settle(3)
    rows = allByTestId('report-attachment-item')
    expect(rows[1].dataset.status).toBe('error')
    buttons(rows[1]).find((b) => b.textContent?.includes('移除'))!.click()
    await settle(2)
    rows = allByTestId('report-attachment-item')
    expect(rows).toHaveLength(1)
    expect(rows[0].dataset.status).toBe('done')
    expect((byTestId('report-save') as HTMLButtonElement).disabled).toBe(false)

    await typeInto(byTestId('report-text') as HTMLTextAreaElement, '已检查12家企业')
    byTestId('report-save')!.click()
    await settle(5)
    expect(posts).toHaveLength(1)
    expect(posts[0].body).toEqual({ text: '已检查12家企业', percent: 20, submit: false, attachments: ['f1'] })
    wrapper.unmount()
  })

  it('refuses a file over 20 MB without sending it, and cancels uploads when the dialog closes', async () => {
    mockFetch({ 'GET /api/tasks/t1': json({ ...TASK, timeline: [] }) })
    const wrapper = mountTask()
    await settle(5)
    ;(byTestId('assignment-report') as HTMLElement).click()
    await settle()

    const big = new File(['x'], '录像.zip')
    Object.defineProperty(big, 'size', { value: 21 * 1024 * 1024 })
    await pickFiles(byTestId('report-attachments') as HTMLInputElement, [big, new File(['ok'], '说明.txt')])
    expect(FakeXhr.sent).toHaveLength(1)
    expect(FakeXhr.sent[0].file().name).toBe('说明.txt')
    const rows = allByTestId('report-attachment-item')
    expect(rows[0].dataset.status).toBe('error')
    expect(rows[0].textContent).toContain('文件超过大小限制（最大 20 MB）')
    // nothing a retry could change
    expect([...rows[0].querySelectorAll('button')].some((b) => b.textContent?.includes('重试'))).toBe(false)

    // closing the dialog aborts the upload still running
    const dialog = byTestId('report-dialog')!
    ;[...dialog.querySelectorAll('button')].find((b) => b.textContent?.trim() === '取消' && !b.closest('[data-testid="report-attachment-item"]'))!.click()
    await settle(3)
    expect(FakeXhr.sent[0].aborted).toBe(true)
    wrapper.unmount()
  })
})
