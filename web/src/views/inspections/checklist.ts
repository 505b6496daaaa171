// The checklist of an inspection, free of Vue: the answer being given to each item (a draft),
// whether it counts as answered, what is still missing before 完成检查, the progress shown in
// the bottom bar, and the one-answer payload of PUT /api/inspections/{id}/answers.
import type { Answer, AnswerInput, AnswerValue, ChecklistItem, ComplianceValue, ConfirmInput, FileBrief, Template } from '@/api/inspections'
import type { FieldError } from '@/api/types'

/** An item's answer on the page: the value given (null: none yet), the note, the photos. */
export interface AnswerDraft {
  key: string
  value: AnswerValue | null
  note: string
  photos: FileBrief[]
}

export function emptyDraft(key: string): AnswerDraft {
  return { key, value: null, note: '', photos: [] }
}

/** The server's answer as a draft. */
export function draftFromAnswer(a: Answer): AnswerDraft {
  return { key: a.key, value: a.value ?? null, note: a.note ?? '', photos: Array.isArray(a.photos) ? a.photos : [] }
}

/** Every item of a template, in checklist order. */
export function allItems(t: Template | null | undefined): ChecklistItem[] {
  return (t?.sections ?? []).flatMap((s) => s.items ?? [])
}

export function isCompliance(v: AnswerValue | null | undefined): v is ComplianceValue {
  return v === 'compliant' || v === 'non_compliant' || v === 'not_applicable'
}

export function numberOf(v: AnswerValue | null | undefined): number | null {
  if (v && typeof v === 'object' && 'number' in v && typeof v.number === 'number' && Number.isFinite(v.number)) return v.number
  return null
}

export function textOf(v: AnswerValue | null | undefined): string {
  if (v && typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text
  return ''
}

/** Does the draft answer the item (by the item's kind; 不适用 answers any item)? */
export function isAnswered(item: ChecklistItem, d: AnswerDraft | null | undefined): boolean {
  if (!d || d.value === null) return false
  if (d.value === 'not_applicable') return true
  switch (item.answer.kind) {
    case 'compliance':
      return isCompliance(d.value)
    case 'number':
      return numberOf(d.value) !== null
    case 'text':
      return textOf(d.value).trim() !== ''
    case 'photo':
      return d.value === 'photo' && d.photos.length > 0
    default:
      return d.value !== null
  }
}

/** A number outside the item's range (不符合, as the server judges it). */
export function outOfRange(item: ChecklistItem, d: AnswerDraft | null | undefined): boolean {
  if (item.answer.kind !== 'number') return false
  const n = numberOf(d?.value)
  if (n === null) return false
  const { min, max } = item.answer
  return (typeof min === 'number' && n < min) || (typeof max === 'number' && n > max)
}

/** 不符合: judged so, or a measured value out of range. */
export function isFail(item: ChecklistItem, d: AnswerDraft | null | undefined): boolean {
  if (!d) return false
  if (item.answer.kind === 'compliance') return d.value === 'non_compliant'
  return outOfRange(item, d)
}

/**
 * What the item still needs before the inspection may be finished ('' when nothing):
 * an answer; for 不符合 the 存在问题 note and, when the item asks for it, a photo.
 */
export function itemProblem(item: ChecklistItem, d: AnswerDraft | null | undefined): string {
  if (!isAnswered(item, d)) return '未作答'
  if (d!.value === 'non_compliant' && !d!.note.trim()) return '请填写存在问题'
  if (item.photo_required_on_fail && isFail(item, d) && d!.photos.length === 0) return '请拍照留证'
  return ''
}

/**
 * What becomes of an answer given: `send` it, `hold` it on the phone as 待补充 (the server
 * would refuse it as it stands: a 不符合 without its note or required photo), or `none` (no
 * answer at all: an emptied text, a photo item without photos).
 */
export function saveMode(item: ChecklistItem, d: AnswerDraft): 'send' | 'hold' | 'none' {
  if (!isAnswered(item, d)) return 'none'
  return itemProblem(item, d) ? 'hold' : 'send'
}

export interface ChecklistProgress {
  total: number
  answered: number
  /** 不符合 */
  failed: number
  /** keys of the items without an answer, in checklist order */
  unanswered: string[]
  /** keys of the items that still need something (answer, note, photo), in checklist order */
  incomplete: string[]
}

export function checklistProgress(t: Template | null | undefined, drafts: Record<string, AnswerDraft | undefined>): ChecklistProgress {
  const items = allItems(t)
  const out: ChecklistProgress = { total: items.length, answered: 0, failed: 0, unanswered: [], incomplete: [] }
  for (const item of items) {
    const d = drafts[item.key]
    if (isAnswered(item, d)) {
      out.answered++
      if (isFail(item, d)) out.failed++
    } else {
      out.unanswered.push(item.key)
    }
    if (itemProblem(item, d)) out.incomplete.push(item.key)
  }
  return out
}

/** Answered / total of one section (the collapsible's title). */
export function sectionProgress(items: ChecklistItem[], drafts: Record<string, AnswerDraft | undefined>): { answered: number; total: number } {
  return { answered: items.filter((i) => isAnswered(i, drafts[i.key])).length, total: items.length }
}

/** The answer as PUT /api/inspections/{id}/answers takes it: photos by id, note trimmed. */
export function answerPayload(d: AnswerDraft): AnswerInput | null {
  if (d.value === null) return null
  return { key: d.key, value: d.value, note: d.note.trim(), photos: d.photos.map((p) => p.id) }
}

/**
 * A compliance button tapped: the new draft. Leaving 不符合 drops its note and photos (they
 * describe a problem that is no longer reported).
 */
export function withCompliance(d: AnswerDraft, value: ComplianceValue): AnswerDraft {
  if (value === 'non_compliant') return { ...d, value }
  return { ...d, value, note: '', photos: [] }
}

/** A number measured: within range the note and photos of an earlier failing value go. */
export function withNumber(item: ChecklistItem, d: AnswerDraft, n: number): AnswerDraft {
  const next: AnswerDraft = { ...d, value: { number: n } }
  return outOfRange(item, next) ? next : { ...next, note: '', photos: [] }
}

/** "12.5" → 12.5; '' or anything else → null. */
export function parseNumber(s: string | number | null | undefined): number | null {
  if (typeof s === 'number') return Number.isFinite(s) ? s : null
  const t = (s ?? '').trim().replace(/，/g, '.').replace(/,/g, '.')
  if (!t || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

/**
 * The item keys a 422 of 完成检查 names, in checklist order. Fields may be the bare key,
 * `answers.<key>`, `answers[<key>]` or `items.<key>`; a message naming the item's text counts too.
 * Without any match: the items the page itself finds incomplete.
 */
export function unansweredFromProblem(t: Template | null | undefined, errors: FieldError[], fallback: string[] = []): string[] {
  const items = allItems(t)
  const keys = new Set(items.map((i) => i.key))
  const found = new Set<string>()
  for (const e of errors) {
    const field = e.field ?? ''
    const parts = field.split(/[.[\]]+/).filter(Boolean)
    const hit = parts.reverse().find((p) => keys.has(p))
    if (hit) {
      found.add(hit)
      continue
    }
    const byText = items.find((i) => (e.message && e.message.includes(i.text)) || (e.message && e.message.includes(i.key)))
    if (byText) found.add(byText.key)
  }
  if (found.size === 0) return fallback
  return items.map((i) => i.key).filter((k) => found.has(k))
}

/** The section index and position of every item (for "第 2 部分第 3 项"). */
export function itemIndex(t: Template | null | undefined): Map<string, { section: number; index: number; item: ChecklistItem }> {
  const m = new Map<string, { section: number; index: number; item: ChecklistItem }>()
  ;(t?.sections ?? []).forEach((s, si) => s.items.forEach((item, ii) => m.set(item.key, { section: si, index: ii, item })))
  return m
}

/** A DOM-safe id for an item's card (keys may hold anything). */
export function itemAnchor(key: string): string {
  return `item-${key.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`
}

/** The body of POST …/confirm: on site the representative's name; empty parts left out. */
export function confirmBody(mode: 'onsite' | 'enterprise', f: { name: string; comment: string; objection: string }): ConfirmInput {
  const body: ConfirmInput = {}
  if (mode === 'onsite') body.name = f.name.trim()
  if (f.comment.trim()) body.comment = f.comment.trim()
  if (f.objection.trim()) body.objection = f.objection.trim()
  return body
}
