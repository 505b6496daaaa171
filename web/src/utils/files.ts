// Attachments: what may be uploaded, how big a file is in words, which files are images.
import { ApiError } from '@/api/client'
import type { FileBrief } from '@/api/types'

/**
 * The `accept` of attachment pickers: the types the server takes (it judges by content):
 * images, PDF, OFD, Word / Excel / PowerPoint (old and new), ZIP, plain text and CSV.
 */
export const ATTACHMENT_ACCEPT = [
  '.jpg', '.jpeg', '.png', '.gif', '.webp',
  '.pdf', '.ofd',
  '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx',
  '.zip', '.txt', '.csv',
].join(',')

/** The server's default upload limit (20 MB = 20 × 1024 × 1024 bytes), checked before sending. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

/** At most this many attachments to one progress report (the server's limit). */
export const MAX_ATTACHMENTS = 20

/** A size for people: 512 B, 1.5 KB, 12 KB, 3.4 MB, 1.2 GB. */
export function formatSize(bytes: number | null | undefined): string {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return '-'
  if (bytes < 1024) return `${Math.round(bytes)} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let i = 0
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024
    i++
  }
  // one decimal below 10 (1.5 KB), whole numbers above (12 KB); never "1024 KB"
  let text = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value))
  if (text === '1024' && i < units.length - 1) {
    text = '1'
    i++
  }
  return `${text} ${units[i]}`
}

const IMAGE_KINDS = new Set(['jpeg', 'png', 'gif', 'webp'])

/** An uploaded file the browser can show as an image (by the kind the server judged). */
export function isImage(f: Pick<FileBrief, 'kind' | 'content_type'>): boolean {
  return IMAGE_KINDS.has(f.kind) || /^image\/(jpeg|png|gif|webp)$/i.test(f.content_type || '')
}

/** Why an upload failed, in words for the file's row. */
export function uploadErrorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'payload_too_large' && !/文件/.test(e.detail)) return '文件超过大小限制（最大 20 MB）'
    const field = e.errors.find((x) => x.field === 'file')
    return field?.message || e.detail || '上传失败，请重试'
  }
  return '上传失败，请重试'
}
