// The photo uploader's state machine (src/utils/photoUploads.ts): pending → uploading → done
// or failed, retry, remove, the limit, refusals before sending, and what blocks the form.
import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import type { FileBrief } from '@/api/types'
import { MAX_PHOTOS, PhotoQueue, photoBlocker, precheckPhoto, type PhotoUpload } from '@/utils/photoUploads'

interface Pending {
  file: File
  onProgress: (p: number) => void
  signal: AbortSignal
  resolve: (b: FileBrief) => void
  reject: (e: unknown) => void
}

/** An upload function the test answers by hand. */
function fakeUpload() {
  const calls: Pending[] = []
  const upload: PhotoUpload = (file, opts) =>
    new Promise<FileBrief>((resolve, reject) => {
      const call = { file, onProgress: opts.onProgress, signal: opts.signal, resolve, reject }
      opts.signal.addEventListener('abort', () => reject(new DOMException('上传已取消', 'AbortError')))
      calls.push(call)
    })
  return { calls, upload }
}

const photo = (name: string, size = 1024, type = 'image/jpeg') => new File([new Uint8Array(size)], name, { type })
const brief = (id: string, name = `${id}.jpg`): FileBrief => ({
  id,
  name,
  kind: 'jpeg',
  content_type: 'image/jpeg',
  size: 1024,
  uploaded_at: '2026-11-28T01:00:00Z',
  has_thumb: true,
  taken_at: null,
})
const tick = () => new Promise((r) => setTimeout(r, 0))

function queue(upload: PhotoUpload, opts: { concurrency?: number; max?: number } = {}) {
  return new PhotoQueue({ upload, previewUrl: (f) => `blob:${f.name}`, revokeUrl: () => {}, ...opts })
}

describe('photo queue', () => {
  it('uploads each photo on its own, a few at a time, with its own progress', async () => {
    const { calls, upload } = fakeUpload()
    const q = queue(upload, { concurrency: 2 })
    q.add([photo('a.jpg'), photo('b.jpg'), photo('c.jpg')])
    expect(q.items.map((i) => i.status)).toEqual(['uploading', 'uploading', 'pending'])
    expect(calls.map((c) => c.file.name)).toEqual(['a.jpg', 'b.jpg'])
    expect(q.blocker).toBe('照片正在上传，请稍候')

    calls[0].onProgress(50)
    calls[1].onProgress(100)
    expect(q.items[0].percent).toBe(50)
    expect(q.items[1].percent).toBe(99) // 100 only once the server has answered

    calls[0].resolve(brief('p1', 'a.jpg'))
    await tick()
    expect(q.items[0].status).toBe('done')
    expect(q.items[0].percent).toBe(100)
    expect(q.items[0].preview).toBe('')
    // a slot freed: the third starts
    expect(q.items[2].status).toBe('uploading')
    expect(calls).toHaveLength(3)

    calls[1].resolve(brief('p2', 'b.jpg'))
    calls[2].resolve(brief('p3', 'c.jpg'))
    await tick()
    expect(q.done.map((b) => b.id)).toEqual(['p1', 'p2', 'p3'])
    expect(q.blocker).toBe('')
  })

  it('keeps a failed photo with its reason, the others unaffected; retry sends it again', async () => {
    const { calls, upload } = fakeUpload()
    const q = queue(upload)
    q.add([photo('a.jpg'), photo('b.jpg')])
    calls[0].reject(new ApiError(415, 'unsupported_media_type', '不支持的图片格式', [{ field: 'file', code: 'type', message: '只支持 JPG、PNG、WebP 照片' }]))
    calls[1].resolve(brief('p2'))
    await tick()
    expect(q.items.map((i) => i.status)).toEqual(['failed', 'done'])
    expect(q.items[0].error).toBe('只支持 JPG、PNG、WebP 照片')
    expect(q.items[0].retryable).toBe(true)
    expect(q.done.map((b) => b.id)).toEqual(['p2'])
    expect(q.blocker).toBe('有照片上传失败，请重试或移除')

    q.retry(q.items[0].key)
    expect(q.items[0].status).toBe('uploading')
    expect(calls).toHaveLength(3)
    expect(calls[2].file.name).toBe('a.jpg')
    calls[2].resolve(brief('p1'))
    await tick()
    // the order is the order of picking, whatever finished first
    expect(q.done.map((b) => b.id)).toEqual(['p1', 'p2'])
    expect(q.blocker).toBe('')
  })

  it('a network failure can be retried too', async () => {
    const { calls, upload } = fakeUpload()
    const q = queue(upload)
    q.add([photo('a.jpg')])
    calls[0].reject(new ApiError(0, 'network_error', '上传失败：无法连接服务器，请检查网络后重试'))
    await tick()
    expect(q.items[0]).toMatchObject({ status: 'failed', retryable: true, error: '上传失败：无法连接服务器，请检查网络后重试' })
  })

  it('removing a photo cancels its upload and lets the next one start', async () => {
    const { calls, upload } = fakeUpload()
    const q = queue(upload, { concurrency: 1 })
    q.add([photo('a.jpg'), photo('b.jpg')])
    expect(q.items.map((i) => i.status)).toEqual(['uploading', 'pending'])
    q.remove(q.items[0].key)
    expect(calls[0].signal.aborted).toBe(true)
    expect(q.items.map((i) => i.name)).toEqual(['b.jpg'])
    expect(q.items[0].status).toBe('uploading')
    await tick()
    // the aborted upload's answer does not bring it back
    expect(q.items.map((i) => i.name)).toEqual(['b.jpg'])
    calls[1].resolve(brief('p2'))
    await tick()
    q.remove(q.items[0].key)
    expect(q.done).toEqual([])
    expect(q.blocker).toBe('')
  })

  it('refuses HEIC, non-images and oversize photos before sending, without retry', () => {
    const { calls, upload } = fakeUpload()
    const q = queue(upload)
    q.add([photo('IMG_0001.HEIC', 10, ''), photo('plan.pdf', 10, 'application/pdf')])
    expect(calls).toHaveLength(0)
    expect(q.items.map((i) => [i.status, i.retryable])).toEqual([
      ['failed', false],
      ['failed', false],
    ])
    expect(q.items[0].error).toContain('HEIC')
    expect(q.items[1].error).toContain('只能上传照片')
    q.retry(q.items[0].key)
    expect(q.items[0].status).toBe('failed')
    expect(precheckPhoto({ name: 'big.jpg', type: 'image/jpeg', size: 21 * 1024 * 1024 })).toContain('最大 20 MB')
    expect(precheckPhoto({ name: 'ok.webp', type: 'image/webp', size: 100 })).toBe('')
    expect(precheckPhoto({ name: 'camera', type: '', size: 100 })).toBe('')
  })

  it('takes at most 9 photos and says how many were left out', () => {
    const { upload } = fakeUpload()
    const q = queue(upload)
    const first = q.add(Array.from({ length: 7 }, (_, i) => photo(`${i}.jpg`)))
    expect(first).toEqual({ added: 7, refused: 0 })
    const second = q.add(Array.from({ length: 4 }, (_, i) => photo(`x${i}.jpg`)))
    expect(second).toEqual({ added: 2, refused: 2 })
    expect(q.items).toHaveLength(MAX_PHOTOS)
    expect(q.full).toBe(true)
  })

  it('seeds uploaded photos as done and clears everything on clear()', () => {
    const { calls, upload } = fakeUpload()
    const q = queue(upload)
    q.seed([brief('p1'), brief('p2')])
    expect(q.done.map((b) => b.id)).toEqual(['p1', 'p2'])
    q.add([photo('a.jpg')])
    q.clear()
    expect(calls[0].signal.aborted).toBe(true)
    expect(q.items).toHaveLength(0)
  })

  it('tracks new rows through the given wrapper (Vue reactive)', () => {
    const seen: object[] = []
    const { upload } = fakeUpload()
    const q = new PhotoQueue({
      upload,
      previewUrl: () => '',
      revokeUrl: () => {},
      track: <T extends object>(o: T) => {
        seen.push(o)
        return o
      },
    })
    q.add([photo('a.jpg')])
    expect(seen).toHaveLength(2) // the list and the row
  })

  it('says what blocks the form', () => {
    expect(photoBlocker([])).toBe('')
    expect(photoBlocker([{ status: 'done' }, { status: 'pending' }])).toBe('照片正在上传，请稍候')
    expect(photoBlocker([{ status: 'done' }, { status: 'failed' }])).toBe('有照片上传失败，请重试或移除')
  })
})
