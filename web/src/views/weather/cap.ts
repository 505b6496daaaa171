// 导入CAP文件: what may be sent (a CAP 1.2 .xml up to 1 MB, checked before sending), how the
// preview reads (message type, the districts matched, the areas not matched) and when 确认发布
// may be pressed. Pure functions.
import { ApiError } from '@/api/client'
import type { CapPreview } from '@/api/weather'

/** The server's limit: 1 MB. */
export const MAX_CAP_BYTES = 1024 * 1024

export const CAP_ACCEPT = '.xml,text/xml,application/xml'

/** Why a chosen file is refused before sending ('' when it may go). */
export function capFileProblem(file: Pick<File, 'name' | 'size'>): string {
  if (!/\.xml$/i.test(file.name)) return `“${file.name}”不是 CAP 预警文件：请选择 .xml 文件`
  if (file.size === 0) return `“${file.name}”是空文件`
  if (file.size > MAX_CAP_BYTES) return `“${file.name}”超过 1 MB，不是有效的 CAP 预警文件`
  return ''
}

const MSG_TYPES: Record<string, string> = {
  Alert: '新发布',
  Update: '更新（替换原预警）',
  Cancel: '解除（取消原预警）',
}

export function msgTypeLabel(t: string | null | undefined): string {
  return t ? (MSG_TYPES[t] ?? t) : '-'
}

export function isCancel(p: Pick<CapPreview, 'msg_type'> | null | undefined): boolean {
  return p?.msg_type === 'Cancel'
}

/** Why 确认发布 may not be pressed yet ('' when it may). */
export function capBlocker(p: CapPreview | null): string {
  if (!p) return '请先选择 CAP 文件'
  if (!isCancel(p) && (p.districts ?? []).length === 0) return '文件中的区域与本系统的区均不匹配，无法发布'
  return ''
}

/** The refusal of a file as the user reads it: the server's message (422 invalid_cap, 409 the same identifier). */
export function capErrorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    const details = e.errors.map((x) => x.message).filter((m) => m && m !== e.detail)
    const head = e.status === 409 ? `该预警已导入过：${e.detail}` : e.detail
    return [head, ...details].filter(Boolean).join('；')
  }
  if (e instanceof Error) return e.message
  return '文件无法导入'
}
