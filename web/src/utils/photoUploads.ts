// The photo uploader's state machine, free of Vue: each picked photo is a row that goes
// pending → uploading → done, or → failed (retry: back to pending). Photos upload on their
// own (a few at a time), so one failing never loses the others. The page wraps the rows
// with Vue's `reactive` (option `track`) so that every change shows.
import type { FileBrief } from '@/api/types'
import { MAX_UPLOAD_BYTES, uploadErrorMessage } from './files'

export type PhotoStatus = 'pending' | 'uploading' | 'done' | 'failed'

export interface PhotoItem {
  key: number
  name: string
  size: number
  file: File | null
  status: PhotoStatus
  /** 0–100 while uploading (99 until the server has answered) */
  percent: number
  /** why it failed, in words for the row */
  error: string
  /** a retry can help (not for a photo refused before sending) */
  retryable: boolean
  brief: FileBrief | null
  /** a local preview (object URL) until the server's thumbnail is there; '' when none */
  preview: string
}

export type PhotoUpload = (file: File, opts: { onProgress: (percent: number) => void; signal: AbortSignal }) => Promise<FileBrief>

export interface PhotoQueueOptions {
  upload: PhotoUpload
  /** at most this many photos (default 9) */
  max?: number
  /** uploads running at once (default 3); the others wait as `pending` */
  concurrency?: number
  maxBytes?: number
  /** wraps new objects so that changes are seen (Vue's `reactive`); identity by default */
  track?: <T extends object>(o: T) => T
  /** a local preview of a picked file ('' when the browser has none) */
  previewUrl?: (file: File) => string
  revokeUrl?: (url: string) => void
}

export const MAX_PHOTOS = 9
export const PHOTO_ACCEPT = 'image/*'

const HEIC = /\.(heic|heif)$/i

/** Why a photo is refused before it is sent ('' when it may go). */
export function precheckPhoto(file: Pick<File, 'name' | 'type' | 'size'>, maxBytes = MAX_UPLOAD_BYTES): string {
  if (HEIC.test(file.name) || /^image\/hei[cf]/i.test(file.type)) {
    return '不支持 HEIC 格式：请在相机设置中选择“兼容性最佳”（JPG）后重拍，或截图后上传'
  }
  if (file.type && !file.type.startsWith('image/')) return '只能上传照片（JPG、PNG、WebP）'
  if (file.size > maxBytes) return `照片超过大小限制（最大 ${Math.round(maxBytes / 1024 / 1024)} MB）`
  return ''
}

/** Why the form may not be sent yet because of its photos ('' when it may). */
export function photoBlocker(items: readonly Pick<PhotoItem, 'status'>[]): string {
  if (items.some((i) => i.status === 'pending' || i.status === 'uploading')) return '照片正在上传，请稍候'
  if (items.some((i) => i.status === 'failed')) return '有照片上传失败，请重试或移除'
  return ''
}

const defaultPreview = (file: File) =>
  typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : ''
const defaultRevoke = (url: string) => {
  if (url && typeof URL !== 'undefined' && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url)
}

export class PhotoQueue {
  readonly items: PhotoItem[]
  readonly max: number
  private readonly opts: Required<Omit<PhotoQueueOptions, 'max'>>
  private readonly controllers = new Map<number, AbortController>()
  private nextKey = 1

  constructor(options: PhotoQueueOptions) {
    this.max = options.max ?? MAX_PHOTOS
    this.opts = {
      upload: options.upload,
      concurrency: Math.max(1, options.concurrency ?? 3),
      maxBytes: options.maxBytes ?? MAX_UPLOAD_BYTES,
      track: options.track ?? (<T extends object>(o: T) => o),
      previewUrl: options.previewUrl ?? defaultPreview,
      revokeUrl: options.revokeUrl ?? defaultRevoke,
    }
    this.items = this.opts.track<PhotoItem[]>([])
  }

  /** The uploaded photos, in the order they were picked. */
  get done(): FileBrief[] {
    return this.items.filter((i) => i.status === 'done' && i.brief).map((i) => i.brief as FileBrief)
  }

  get blocker(): string {
    return photoBlocker(this.items)
  }

  get full(): boolean {
    return this.items.length >= this.max
  }

  /**
   * Adds picked files (beyond the limit they are left out: `refused` counts them) and starts
   * uploading. A file refused before sending (HEIC, too big, not an image) stays as a failed
   * row without retry, so the user sees why.
   */
  add(files: Iterable<File>): { added: number; refused: number } {
    let added = 0
    let refused = 0
    for (const file of files) {
      if (this.items.length >= this.max) {
        refused++
        continue
      }
      const why = precheckPhoto(file, this.opts.maxBytes)
      this.items.push(
        this.opts.track<PhotoItem>({
          key: this.nextKey++,
          name: file.name,
          size: file.size,
          file,
          status: why ? 'failed' : 'pending',
          percent: 0,
          error: why,
          retryable: !why,
          brief: null,
          preview: why ? '' : this.opts.previewUrl(file),
        }),
      )
      added++
    }
    this.pump()
    return { added, refused }
  }

  /** Puts already uploaded photos in the list (as done). */
  seed(briefs: readonly FileBrief[]): void {
    for (const brief of briefs) {
      if (this.items.length >= this.max) break
      this.items.push(
        this.opts.track<PhotoItem>({
          key: this.nextKey++,
          name: brief.name,
          size: brief.size,
          file: null,
          status: 'done',
          percent: 100,
          error: '',
          retryable: false,
          brief,
          preview: '',
        }),
      )
    }
  }

  /** A failed photo goes back in line. */
  retry(key: number): void {
    const item = this.find(key)
    if (!item || item.status !== 'failed' || !item.retryable || !item.file) return
    Object.assign(item, { status: 'pending', percent: 0, error: '' })
    this.pump()
  }

  /** Removes a photo (an upload in progress is cancelled). */
  remove(key: number): void {
    const i = this.items.findIndex((x) => x.key === key)
    if (i < 0) return
    const item = this.items[i]
    this.controllers.get(key)?.abort()
    this.controllers.delete(key)
    this.opts.revokeUrl(item.preview)
    this.items.splice(i, 1)
    this.pump()
  }

  /** Cancels every upload and empties the list. */
  clear(): void {
    for (const c of this.controllers.values()) c.abort()
    this.controllers.clear()
    for (const item of this.items) this.opts.revokeUrl(item.preview)
    this.items.splice(0, this.items.length)
  }

  private find(key: number): PhotoItem | undefined {
    return this.items.find((x) => x.key === key)
  }

  /** Starts waiting photos while fewer than `concurrency` are uploading. */
  private pump(): void {
    let running = this.items.filter((i) => i.status === 'uploading').length
    for (const item of this.items) {
      if (running >= this.opts.concurrency) break
      if (item.status !== 'pending') continue
      running++
      void this.run(item)
    }
  }

  private async run(item: PhotoItem): Promise<void> {
    const key = item.key
    const file = item.file
    if (!file) return
    const ctrl = new AbortController()
    this.controllers.set(key, ctrl)
    Object.assign(item, { status: 'uploading', percent: 0, error: '' })
    try {
      const brief = await this.opts.upload(file, {
        signal: ctrl.signal,
        onProgress: (p) => {
          const live = this.find(key)
          if (live && live.status === 'uploading') live.percent = Math.min(99, Math.max(0, Math.round(p)))
        },
      })
      const live = this.find(key)
      if (!live) return
      this.opts.revokeUrl(live.preview)
      Object.assign(live, { status: 'done', percent: 100, brief, preview: '' })
    } catch (e) {
      const live = this.find(key)
      if (!live) return // removed meanwhile
      if (e instanceof DOMException && e.name === 'AbortError') {
        Object.assign(live, { status: 'failed', error: '上传已取消', retryable: true })
      } else {
        Object.assign(live, { status: 'failed', error: uploadErrorMessage(e), retryable: true })
      }
    } finally {
      if (this.controllers.get(key) === ctrl) this.controllers.delete(key)
      this.pump()
    }
  }
}
