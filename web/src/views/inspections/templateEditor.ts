// The checklist template editor, free of Vue: new sections and items (with keys that never
// collide), moving them, the answer kind of an item, the content as it is sent (trimmed, only
// the fields of its kind) and the checks before PUT /api/checklist-templates/{id}.
import type { AnswerKind, AnswerSpec, ChecklistItem, ChecklistSection, Template } from '@/api/inspections'
import type { FieldError } from '@/api/types'

/** Errors by path: `name`, `scope_label`, `sections.0.title`, `sections.0.items.2.text` … */
export type TemplateErrors = Record<string, string>

export function cloneTemplate(t: Template): Template {
  return JSON.parse(JSON.stringify(t)) as Template
}

export function allKeys(t: Template): Set<string> {
  return new Set(t.sections.flatMap((s) => s.items.map((i) => i.key)))
}

/** item_1, item_2, …: the first number not taken (keys of existing items are never changed). */
export function newItemKey(taken: Set<string>): string {
  let n = taken.size + 1
  while (taken.has(`item_${n}`)) n++
  return `item_${n}`
}

export function newItem(key: string): ChecklistItem {
  return { key, text: '', basis: '', answer: { kind: 'compliance' }, hazard: null, photo_required_on_fail: false }
}

export function newSection(t: Template): ChecklistSection {
  return { title: '', items: [newItem(newItemKey(allKeys(t)))] }
}

export function emptyTemplate(): Template {
  return { name: '', scope_label: '', sections: [{ title: '', items: [newItem('item_1')] }] }
}

/** Moves `list[from]` to `to` in place (ignored outside the list). */
export function move<T>(list: T[], from: number, to: number): void {
  if (from < 0 || from >= list.length || to < 0 || to >= list.length || from === to) return
  const [x] = list.splice(from, 1)
  list.splice(to, 0, x)
}

export function addItem(t: Template, sectionIndex: number): ChecklistItem {
  const item = newItem(newItemKey(allKeys(t)))
  t.sections[sectionIndex].items.push(item)
  return item
}

/** The answer of a kind; a number keeps what it had (unit, range). */
export function answerOfKind(kind: AnswerKind, old?: AnswerSpec): AnswerSpec {
  if (kind === 'number') {
    const o = old && old.kind === 'number' ? old : null
    return { kind: 'number', unit: o?.unit ?? '', min: o?.min ?? null, max: o?.max ?? null }
  }
  return { kind }
}

/** 不符合转隐患 makes sense for judgements (符合性判断) and measurements (数值 out of range). */
export function mayBecomeHazard(kind: AnswerKind): boolean {
  return kind === 'compliance' || kind === 'number'
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The content as it is sent: strings trimmed, only the fields of each item's kind. */
export function normalizeTemplate(t: Template): Template {
  return {
    name: t.name.trim(),
    scope_label: (t.scope_label ?? '').trim(),
    sections: t.sections.map((s) => ({
      title: s.title.trim(),
      items: s.items.map((i) => {
        const answer: AnswerSpec =
          i.answer.kind === 'number'
            ? { kind: 'number', unit: (i.answer.unit ?? '').trim() || null, min: num(i.answer.min), max: num(i.answer.max) }
            : { kind: i.answer.kind }
        const hazard = mayBecomeHazard(i.answer.kind) && i.hazard ? { category: i.hazard.category.trim(), level: i.hazard.level } : null
        return {
          key: i.key,
          text: i.text.trim(),
          basis: (i.basis ?? '').trim(),
          answer,
          hazard,
          photo_required_on_fail: mayBecomeHazard(i.answer.kind) ? !!i.photo_required_on_fail : false,
        }
      }),
    })),
  }
}

/** What is wrong with the content, by path ({} when it may be saved). */
export function validateTemplate(t: Template): TemplateErrors {
  const e: TemplateErrors = {}
  if (!t.name.trim()) e.name = '请填写检查表名称'
  if (t.sections.length === 0) e.sections = '请至少添加一个检查部分'
  const seen = new Map<string, string>()
  t.sections.forEach((s, si) => {
    if (!s.title.trim()) e[`sections.${si}.title`] = '请填写部分标题'
    if (s.items.length === 0) e[`sections.${si}.items`] = '该部分还没有检查项'
    s.items.forEach((i, ii) => {
      const p = `sections.${si}.items.${ii}`
      if (!i.text.trim()) e[`${p}.text`] = '请填写检查内容'
      if (!i.key.trim()) e[`${p}.key`] = '检查项缺少编号'
      else if (seen.has(i.key)) e[`${p}.key`] = `编号 ${i.key} 与其他检查项重复`
      else seen.set(i.key, p)
      if (i.answer.kind === 'number') {
        const min = num(i.answer.min)
        const max = num(i.answer.max)
        if (min !== null && max !== null && min > max) e[`${p}.answer`] = '下限不能大于上限'
      }
      if (mayBecomeHazard(i.answer.kind) && i.hazard && !i.hazard.category.trim()) e[`${p}.hazard`] = '请选择隐患类别'
    })
  })
  return e
}

/**
 * The server's field errors as editor paths: `content.sections[0].items[2].text` →
 * `sections.0.items.2.text`.
 */
export function templateErrorsFrom(errors: FieldError[]): TemplateErrors {
  const out: TemplateErrors = {}
  for (const err of errors) {
    const path = (err.field || '')
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/^content\./, '')
      .replace(/^\./, '')
      .replace(/\.answer\.(unit|min|max|kind)$/, '.answer')
      .replace(/\.hazard\.(category|level)$/, '.hazard')
    if (path && !(path in out)) out[path] = err.message
  }
  return out
}

/** Number of items of a template. */
export function itemCount(t: Template | null | undefined): number {
  return (t?.sections ?? []).reduce((n, s) => n + s.items.length, 0)
}
