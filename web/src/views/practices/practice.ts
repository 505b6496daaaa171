// Small rules of 典型做法 (docs/api-accountability.md, "Good practices"): the states and their
// tags, what a state allows, the form and its body (photos sent by id), the body split into
// paragraphs for reading, the cover image.
import type { Practice, PracticeDetail, PracticeInput } from '@/api/credit'
import type { FileBrief } from '@/api/types'
import { fileApi } from '@/api/files'

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const STATE_LABELS: Record<string, string> = {
  draft: '草稿',
  submitted: '待审核',
  published: '已发布',
  returned: '已退回',
}

export const STATES = Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label }))

const STATE_TAGS: Record<string, TagType> = { draft: 'info', submitted: 'warning', published: 'success', returned: 'danger' }

export function stateTag(state: string | null | undefined): TagType {
  return (state && STATE_TAGS[state]) || 'info'
}

/** Own practices are edited, deleted and submitted while a draft or returned. */
export function isEditable(state: string | null | undefined): boolean {
  return state === 'draft' || state === 'returned'
}

/** Common kinds of practice (the form offers them; any text is accepted). */
export const CATEGORIES = ['隐患排查治理', '风险分级管控', '安全责任落实', '教育培训', '应急管理', '安全文化建设', '信息化监管', '其他']

export interface PracticeForm {
  title: string
  category: string
  summary: string
  body: string
  photos: FileBrief[]
}

export type PracticeField = 'title' | 'category' | 'summary' | 'body' | 'photo_ids'

export const PRACTICE_FIELDS: PracticeField[] = ['title', 'category', 'summary', 'body', 'photo_ids']

export function emptyPracticeForm(): PracticeForm {
  return { title: '', category: '', summary: '', body: '', photos: [] }
}

export function practiceFormFrom(p: PracticeDetail): PracticeForm {
  return { title: p.title, category: p.category ?? '', summary: p.summary ?? '', body: p.body ?? '', photos: [...(p.photos ?? [])] }
}

export function practiceInput(f: PracticeForm): PracticeInput {
  return {
    title: f.title.trim(),
    category: f.category.trim(),
    summary: f.summary.trim(),
    body: f.body.trim(),
    photo_ids: f.photos.map((p) => p.id),
  }
}

/** The checks the form makes before sending (the server checks again). */
export function checkPracticeForm(f: PracticeForm): Partial<Record<PracticeField, string>> {
  const e: Partial<Record<PracticeField, string>> = {}
  if (!f.title.trim()) e.title = '请填写标题'
  if (!f.category.trim()) e.category = '请选择或填写类别'
  if (!f.summary.trim()) e.summary = '请填写内容摘要'
  if (!f.body.trim()) e.body = '请填写正文'
  return e
}

/** The body as paragraphs: split on line breaks, blank lines dropped, each trimmed. */
export function paragraphs(body: string | null | undefined): string[] {
  return (body ?? '')
    .split(/\r?\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
}

/** The image of a card: the thumbnail when the server made one. */
export function photoUrl(f: FileBrief | null | undefined, thumb = true): string {
  if (!f) return ''
  return thumb && f.has_thumb ? fileApi.thumbUrl(f.id) : fileApi.inlineUrl(f.id)
}

/** "2026-11-28" from the publication (or submission) time. */
export function practiceDate(p: Pick<Practice, 'published_at' | 'submitted_at'>, format: (t: string) => string): string {
  const t = p.published_at || p.submitted_at
  return t ? format(t).slice(0, 10) : ''
}
