// The 导入人员名册 wizard's rules (the enterprise import's pattern: ../enterprises/importReport):
// the problems in template column order, when 导入 may be pressed, what it will do, the result
// line, and how a refused confirmation (400 listing `rows.4.category`) maps back to rows.
import type { FieldError } from '@/api/types'
import type { RosterImported, RosterPreview, RosterProblem } from '@/api/training'

export { fileProblem, previewErrorMessage, problemRowCount, rowSpans } from '@/views/enterprises/importReport'

/** The template's columns in order (problems of one row are listed in this order). */
export const ROSTER_COLUMNS = ['姓名', '岗位', '人员类别', '入职日期', '联系电话']

export function sortRosterProblems(problems: readonly RosterProblem[]): RosterProblem[] {
  const col = (c: string) => {
    const i = ROSTER_COLUMNS.indexOf(c.replace(/\*$/, ''))
    return i < 0 ? ROSTER_COLUMNS.length : i
  }
  return [...problems].sort((a, b) => a.row - b.row || col(a.column) - col(b.column))
}

function badRows(problems: readonly RosterProblem[]): number {
  return new Set(problems.map((p) => p.row)).size
}

/**
 * Why 导入 cannot be pressed yet (null: it can). With problems, 仅导入有效行 must be ticked (the
 * server refuses the whole file otherwise); a file needs at least one valid row.
 */
export function rosterBlocker(p: RosterPreview | null, validOnly: boolean): string | null {
  if (!p) return '请先上传文件'
  if (!p.draft_id) return '文件未能保存，请重新上传'
  if (p.total === 0) return '文件中没有数据行'
  if (p.valid === 0) return '没有可导入的有效行，请修正后重新上传'
  if (p.problems.length > 0 && !validOnly) return '文件中有问题行：请修正后重新上传，或勾选“仅导入有效行”'
  return null
}

/** What pressing 导入 will do (shown beside the button). */
export function rosterPlan(p: RosterPreview): string {
  const bad = badRows(p.problems)
  const parts = [`导入 ${p.valid} 人`]
  if (bad > 0) parts.push(`忽略问题行 ${bad} 行`)
  return `将${parts.join('，')}（姓名和入职日期相同的人员将更新）`
}

export function rosterResult(r: RosterImported): string {
  return `新增 ${r.created} 人，更新 ${r.updated} 人`
}

/**
 * Problems from a refused confirmation: field `rows.4.category` (or `rows[4].category`) with
 * the message `第4行 人员类别：…`. Errors naming no row are left out.
 */
export function rosterProblemsFromErrors(errors: readonly FieldError[]): RosterProblem[] {
  const out: RosterProblem[] = []
  for (const e of errors) {
    const m = /^rows(?:\[(\d+)\]|\.(\d+))\.?(\w*)$/.exec(e.field || '')
    if (!m) continue
    const msg = /^第\d+行\s*([^：:]+)[：:](.*)$/.exec(e.message)
    out.push({ row: Number(m[1] ?? m[2]), field: m[3] || '', column: msg ? msg[1].trim() : '', message: msg ? msg[2].trim() : e.message })
  }
  return out
}
