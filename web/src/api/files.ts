// Uploads and downloads (POST /api/files, GET /api/files/{id}). A file is uploaded on its
// own, then attached by id to the record it belongs to (e.g. a progress report).
import { uploadFile, type UploadOptions } from './client'
import type { FileBrief } from './types'

const id = (v: string) => encodeURIComponent(v)

export const fileApi = {
  /**
   * Uploads one file as the multipart part `file`; answers its FileBrief (201). Silent by
   * default: the caller shows 415 / 413 / 400 next to the file.
   */
  upload: (file: File, opts: UploadOptions = {}) =>
    uploadFile<FileBrief>('/api/files', file, file.name, { silent: true, ...opts }),
  /** The download link (Content-Disposition: attachment; the session cookie authorises it). */
  url: (fileId: string) => `/api/files/${id(fileId)}`,
  /** Shows an image or a PDF in the browser (thumbnails, previews). */
  inlineUrl: (fileId: string) => `/api/files/${id(fileId)}?inline=true`,
  /** The small preview of a photo (`has_thumb`, e.g. uploads through POST /api/photos). */
  thumbUrl: (fileId: string) => `/api/files/${id(fileId)}?thumb=true`,
}
