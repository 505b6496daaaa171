// The 导入企业 wizard's rules: what the preview says, when 导入 may be pressed, what the
// result says, and how a refused confirmation (400 listing problems) maps back to rows.
import { ApiError } from '@/api/client'
import type { FieldError, ImportProblem, ImportReport } from '@/api/types'

/** "5 MB" as 5 × 1024 × 1024 bytes, checked before sending. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024

/** The import columns in template order (problems of one row are listed in this order). */
export const IMPORT_COLUMNS = [
  '企业名称',
  '统一社会信用代码',
  '所属区',
  '行业类别',
  '重点企业',
  '经营状态',
  '详细地址',
  '经度',
  '纬度',
  '法定代表人',
  '主要负责人',
  '主要负责人电话',
  '安全管理人员',
  '安全管理人员电话',
  '从业人员数',
  '营业面积（平方米）',
]

/** Why a chosen file is not sent at all (null: send it). */
export function fileProblem(file: { name: string; size: number }): string | null {
  const name = file.name.toLowerCase()
  if (name.endsWith('.xls')) return '不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传'
  if (!name.endsWith('.xlsx')) return '仅支持 .xlsx 文件，请使用导入模板填写'
  if (file.size === 0) return '文件是空的'
  if (file.size > MAX_IMPORT_BYTES) return '文件超过 5 MB，请分批导入'
  return null
}

/** Problems sorted by row, then by column in template order (unknown columns last). */
export function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  const col = (c: string) => {
    const i = IMPORT_COLUMNS.indexOf(c)
    return i < 0 ? IMPORT_COLUMNS.length : i
  }
  return [...problems].sort((a, b) => a.row - b.row || col(a.column) - col(b.column))
}

/** Rows with at least one problem. */
export function problemRowCount(problems: ImportProblem[]): number {
  return new Set(problems.map((p) => p.row)).size
}

/** A row span per problem so one row's problems share a merged 行 cell (0 = merged away). */
export function rowSpans(sorted: ImportProblem[]): number[] {
  const spans = sorted.map(() => 0)
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j < sorted.length && sorted[j].row === sorted[i].row) j++
    spans[i] = j - i
    i = j
  }
  return spans
}

export type ExistingChoice = 'update' | 'skip'

/**
 * Why 导入 cannot be pressed yet (null: it can). With problems, 仅导入有效行 must be ticked
 * (the server refuses the whole file otherwise); a file needs at least one valid row.
 */
export function importBlocker(report: ImportReport | null, validOnly: boolean): string | null {
  if (!report) return '请先上传文件'
  if (!report.draft_id) return '文件未能保存，请重新上传'
  if (report.rows === 0) return '文件中没有数据行'
  if (report.valid === 0) return '没有可导入的有效行，请修正后重新上传'
  if (report.problems.length > 0 && !validOnly) return '文件中有问题行：请修正后重新上传，或勾选“仅导入有效行”'
  return null
}

/** What pressing 导入 will do, in words (shown beside the button). */
export function importPlan(report: ImportReport, existing: ExistingChoice): string {
  const parts = [`新增 ${report.new} 家`]
  if (report.existing > 0) parts.push(existing === 'update' ? `更新 ${report.existing} 家` : `跳过已登记 ${report.existing} 家`)
  const bad = problemRowCount(report.problems)
  if (bad > 0) parts.push(`忽略问题行 ${bad} 行`)
  return `将${parts.join('，')}`
}

/** The result line after an import. */
export function resultSummary(r: Pick<ImportReport, 'created' | 'updated' | 'skipped'>): string {
  return `新增 ${r.created} 家，更新 ${r.updated} 家，跳过 ${r.skipped} 家`
}

/**
 * Problems from a refused confirmation: field `rows[3].credit_code` (or `rows.3.credit_code`)
 * with the message `第3行“统一社会信用代码”：…`. Errors naming no row are left out.
 */
export function problemsFromErrors(errors: FieldError[]): ImportProblem[] {
  const out: ImportProblem[] = []
  for (const e of errors) {
    const m = /^rows(?:\[(\d+)\]|\.(\d+))\.?(\w*)$/.exec(e.field || '')
    if (!m) continue
    const row = Number(m[1] ?? m[2])
    const field = m[3] || ''
    const msg = /^第\d+行“([^”]*)”：(.*)$/.exec(e.message)
    out.push({ row, field, column: msg ? msg[1] : '', message: msg ? msg[2] : e.message })
  }
  return out
}

/** The words for a preview the server refused (not .xlsx, too big, unreadable). */
export function previewErrorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 413 && !/MB|过大|超过/.test(e.detail)) return '文件超过 5 MB，请分批导入'
    const file = e.errors.find((x) => x.field === 'file')
    return file?.message || e.detail || '文件无法读取，请使用导入模板填写后重新上传'
  }
  return '上传失败，请重试'
}
