// 月报 (docs/api-accountability.md, "Monthly report") as `leader`: the page opens on the previous
// month (China time), shows the report's title, text and tables as the API answers them
// (表1 主要指标, 表2 各区隐患排查治理情况 …); 下载 Word gives a .docx whose body has the title
// (…月报) and 表2; 下载 Excel gives an .xlsx with one sheet per table.
import { promises as fs } from 'node:fs'
import { expect, test } from '@playwright/test'
import { docxText, zipEntry } from './docx'
import { apiResponse, chinaToday, login, openNav } from './helpers'

interface MonthlyReport {
  month: string
  title: string
  sections: { heading: string; paragraphs: string[] }[]
  tables: { caption: string; head: string[]; rows: string[][] }[]
}

/** The month before today's (China time) as YYYY-MM. */
function previousMonth(): string {
  const [y, m] = chinaToday().split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

test('月报: the previous month’s tables, the Word file with its title and 表2, the Excel file', async ({ page }) => {
  test.setTimeout(120_000)
  const month = previousMonth()
  await login(page, 'leader')

  const answered = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/api/reports/monthly')
  await openNav(page, 'monthly-report', /\/reports\/monthly/)
  const res = await answered
  expect(res.status()).toBe(200)
  expect(new URL(res.url()).searchParams.get('month')).toBe(month)
  const report = (await res.json()) as MonthlyReport
  expect(report.month).toBe(month)
  expect(report.title).toContain('月报')

  await test.step('the preview: title, sections and every table with its caption and rows', async () => {
    await expect(page.getByTestId('report-title')).toHaveText(report.title)
    await expect(page.getByTestId('report-section')).toHaveCount(report.sections.length)
    expect(report.tables.map((t) => t.caption.slice(0, 2))).toContain('表2')
    for (const [i, t] of report.tables.entries()) {
      const table = page.getByTestId(`report-table-table-${i}`)
      await expect(table.locator('h3')).toHaveText(t.caption)
      for (const h of t.head) await expect(table.locator('thead')).toContainText(h)
      await expect(table.locator('tbody tr.el-table__row')).toHaveCount(t.rows.length)
    }
  })

  await test.step('下载 Word: the .docx has the title and 表2', async () => {
    const downloaded = page.waitForEvent('download')
    const docx = apiResponse(page, 'GET', /^\/api\/reports\/monthly\/docx$/)
    await page.getByTestId('report-docx').click()
    const r = await docx
    expect(r.status()).toBe(200)
    expect(new URL(r.url()).searchParams.get('month')).toBe(month)
    const download = await downloaded
    expect(download.suggestedFilename()).toMatch(/\.docx$/)
    const text = await docxText(await download.path())
    expect(text).toContain(report.title)
    expect(text).toContain('月报')
    expect(text).toContain('表2')
  })

  await test.step('下载 Excel: an .xlsx with a sheet per table', async () => {
    const downloaded = page.waitForEvent('download')
    const xlsx = apiResponse(page, 'GET', /^\/api\/reports\/monthly\/xlsx$/)
    await page.getByTestId('report-xlsx').click()
    const r = await xlsx
    expect(r.status()).toBe(200)
    expect(new URL(r.url()).searchParams.get('month')).toBe(month)
    const download = await downloaded
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
    const workbook = zipEntry(await fs.readFile(await download.path()), 'xl/workbook.xml').toString('utf8')
    const sheets = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])
    expect(sheets).toEqual(report.tables.map((_, i) => `表${i + 1}`))
  })
})
