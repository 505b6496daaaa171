// 教育培训 (docs/api-training.md) through the browser, as qiye1 (企业用户 of
// 海口秀英椰城购物广场有限公司, training.write for its own roster):
// - 人员名册 › 导入: an .xlsx built here with three people, one with an unknown 人员类别 and a
//   bad 入职日期 → the problems are listed by row (第 4 行) and column; 导入 waits for
//   仅导入有效行; the two valid people are imported;
// - the third person is added by hand (新增人员), so the roster has three 从业人员 hired in
//   earlier years (8 学时 a year each, no 24-hour initial training this year);
// - 培训记录 › 新增培训: a 年度再培训 of 8 学时 today with two of the three attending;
// - 轮训情况 shows the coverage rising (0% → 67% on a fresh server) and the third person in
//   未达标人员 with 8 学时 missing; the roster shows 已达标 / 未达标.
// The names carry a suffix unique to the run.
import ExcelJS from 'exceljs'
import { expect, test, type Page } from '@playwright/test'
import { apiLogin, apiResponse, chinaToday, login, openNav, selectOption, tableSettled, uniqueSuffix } from './helpers'

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** An .xlsx with the roster template's header and these rows (first sheet). */
async function rosterXlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('人员名册')
  ws.addRow(['姓名*', '岗位*', '人员类别*', '入职日期*', '联系电话'])
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

interface Coverage {
  employees: number
  trained: number
  coverage: number
}

const pct = (trained: number, employees: number) => `${employees ? Math.round((trained / employees) * 100) : 0}%`

/** Fills the date picker whose wrapper carries `testId`. */
async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input')
  await input.fill(date)
  await input.press('Enter')
  await expect(input).toHaveValue(date)
}

test('qiye1 imports its roster (a bad row by row and column), records a training, coverage rises', async ({ page, request }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const names = [`林海${suffix}`, `周平${suffix}`, `吴敏${suffix}`]
  const api = await apiLogin(request, 'qiye1')
  const before = (await (await api.get('/api/training/coverage')).json()) as Coverage

  await login(page, 'qiye1')

  await test.step('轮训情况 before: the coverage of the roster as it is', async () => {
    await openNav(page, 'training-coverage', /\/training\/coverage$/)
    await expect(page.getByTestId('coverage-rate')).toHaveText(pct(before.trained, before.employees))
    // staff-only parts are not there
    await expect(page.getByTestId('coverage-summary')).toHaveCount(0)
    await expect(page.getByTestId('coverage-enterprise')).toHaveCount(0)
  })

  await test.step('导入: the bad row is listed by row and column; only the valid rows go in', async () => {
    await openNav(page, 'training-employees', /\/training\/employees$/)
    await tableSettled(page, 'employee-table')
    await page.getByTestId('employee-import').click()
    const dialog = page.getByTestId('roster-import-dialog')
    await expect(dialog).toBeVisible()
    const file = await rosterXlsx([
      [names[0], '收银员', '从业人员', '2019-03-01', '13800001111'],
      [names[1], '理货员', '从业人员', '2020-07-15', ''],
      [`错误${suffix}`, '保洁员', '临时工', '2020-13-01', ''],
    ])
    const preview = apiResponse(page, 'POST', /^\/api\/employees\/import\/preview$/)
    await page.getByTestId('roster-upload').setInputFiles({ name: '人员名册.xlsx', mimeType: XLSX_MIME, buffer: file })
    expect((await preview).status()).toBe(200)
    await expect(page.getByTestId('roster-count-total')).toHaveText('3')
    await expect(page.getByTestId('roster-count-valid')).toHaveText('2')
    await expect(page.getByTestId('roster-count-bad')).toHaveText('1')
    const problems = page.getByTestId('roster-problem-row')
    await expect(problems).toHaveCount(2)
    await expect(problems.first()).toContainText('第 4 行')
    await expect(problems.first()).toContainText('人员类别')
    await expect(problems.first()).toContainText('临时工')
    await expect(problems.nth(1)).toContainText('入职日期')
    // with a problem row, 导入 waits for 仅导入有效行
    await expect(page.getByTestId('roster-import-confirm')).toBeDisabled()
    await expect(page.getByTestId('roster-blocker')).toContainText('仅导入有效行')
    await page.getByTestId('roster-valid-only').click()
    await expect(page.getByTestId('roster-import-confirm')).toBeEnabled()
    await expect(page.getByTestId('roster-plan')).toContainText('导入 2 人，忽略问题行 1 行')
    const imported = apiResponse(page, 'POST', /^\/api\/employees\/import$/)
    await page.getByTestId('roster-import-confirm').click()
    const res = await imported
    expect(res.status()).toBe(200)
    expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ valid_only: true })
    await expect(page.getByTestId('roster-import-result')).toContainText('新增 2 人，更新 0 人')
    await page.getByTestId('roster-import-done').click()
    await expect(dialog).toBeHidden()
    await tableSettled(page, 'employee-table')
    for (const n of names.slice(0, 2)) {
      const row = page.getByTestId('employee-row').filter({ hasText: n })
      await expect(row).toHaveCount(1)
      await expect(row.getByTestId('employee-category')).toHaveText('从业人员')
      await expect(row.getByTestId('employee-hours')).toHaveText('0 / 8')
      await expect(row.getByTestId('employee-trained')).toHaveText('未达标')
    }
    await expect(page.getByTestId('employee-table')).not.toContainText(`错误${suffix}`)
  })

  await test.step('新增人员: the third person by hand', async () => {
    await page.getByTestId('employee-new').click()
    const drawer = page.getByTestId('employee-form')
    await expect(drawer).toBeVisible()
    await page.getByTestId('employee-form-name').fill(names[2])
    await page.getByTestId('employee-form-post').fill('保安员')
    await selectOption(page, 'employee-form-category', '从业人员')
    await fillDate(page, 'employee-form-hired-on', '2018-05-20')
    const created = apiResponse(page, 'POST', /^\/api\/employees$/)
    await page.getByTestId('employee-form-submit').click()
    expect((await created).status()).toBe(201)
    await expect(drawer).toBeHidden()
    await tableSettled(page, 'employee-table')
    await expect(page.getByTestId('employee-row').filter({ hasText: names[2] })).toHaveCount(1)
  })

  await test.step('新增培训: 年度再培训, 8 学时, two of the three attend', async () => {
    await openNav(page, 'training-sessions', /\/training\/sessions$/)
    await tableSettled(page, 'session-table')
    await page.getByTestId('session-new').click()
    const drawer = page.getByTestId('session-form')
    await expect(drawer).toBeVisible()
    const topic = `年度全员安全再培训（e2e ${suffix}）`
    await page.getByTestId('session-form-topic').fill(topic)
    await page.getByTestId('session-form-kind-annual').click()
    await fillDate(page, 'session-form-held-on', chinaToday())
    const hours = page.getByTestId('session-form-hours').locator('input')
    await hours.fill('8')
    await hours.blur()
    await page.getByTestId('session-form-trainer').fill('安全管理部')
    // pick two people from the roster (the multiple select stays open between picks)
    for (const n of names.slice(0, 2)) {
      await page.getByTestId('session-form-attendees').click()
      await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: n }).first().click()
      await page.getByTestId('session-form-topic').click()
    }
    const rows = page.getByTestId('attendance-row')
    await expect(rows).toHaveCount(2)
    await expect(rows.nth(0)).toContainText(names[0])
    await expect(rows.nth(1)).toContainText(names[1])
    const score = rows.nth(0).getByTestId('attendance-score').locator('input')
    await score.fill('92')
    await score.blur()
    const saved = apiResponse(page, 'POST', /^\/api\/trainings$/)
    await page.getByTestId('session-form-submit').click()
    const res = await saved
    expect(res.status()).toBe(201)
    const body = JSON.parse(res.request().postData() ?? '{}') as { kind: string; hours: number; attendance: { employee_id: string; score?: number; hours?: number }[] }
    expect(body.kind).toBe('annual')
    expect(body.hours).toBe(8)
    expect(body.attendance).toHaveLength(2)
    expect(body.attendance[0].score).toBe(92)
    expect(body.attendance.every((a) => a.hours === undefined)).toBe(true)
    await expect(drawer).toBeHidden()
    await tableSettled(page, 'session-table')
    const row = page.getByTestId('session-row').filter({ hasText: topic })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('session-attendees')).toHaveText('2')

    // the detail lists the attendance
    await row.getByTestId('session-view').click()
    const detail = page.getByTestId('session-detail')
    await expect(detail.getByTestId('session-detail-topic')).toHaveText(topic)
    await expect(detail.getByTestId('session-attendance-row')).toHaveCount(2)
    await expect(detail.getByTestId('session-attendance-row').filter({ hasText: names[0] })).toContainText('92')
    await page.keyboard.press('Escape')
    await expect(detail).toBeHidden()
  })

  await test.step('轮训情况 after: two more trained of three more people; the third is 未达标', async () => {
    await openNav(page, 'training-coverage', /\/training\/coverage$/)
    const expected = pct(before.trained + 2, before.employees + 3)
    if (before.employees === 0) expect(expected).toBe('67%')
    await expect(page.getByTestId('coverage-rate')).toHaveText(expected)
    await expect(page.getByTestId('coverage-count')).toContainText(`已达标 ${before.trained + 2} 人 / 共 ${before.employees + 3} 人`)
    const short = page.getByTestId('coverage-short-row')
    const third = short.filter({ hasText: names[2] })
    await expect(third).toHaveCount(1)
    await expect(third).toContainText('从业人员')
    await expect(third).toContainText('0 / 8')
    await expect(short.filter({ hasText: names[0] })).toHaveCount(0)
    await expect(short.filter({ hasText: names[1] })).toHaveCount(0)
    await expect(page.getByTestId('coverage-bar').filter({ hasText: '从业人员' })).toBeVisible()
  })

  await test.step('人员名册 shows 已达标 with 8 / 8 for those who attended', async () => {
    await openNav(page, 'training-employees', /\/training\/employees$/)
    await tableSettled(page, 'employee-table')
    const first = page.getByTestId('employee-row').filter({ hasText: names[0] })
    await expect(first.getByTestId('employee-hours')).toHaveText('8 / 8')
    await expect(first.getByTestId('employee-trained')).toHaveText('已达标')
    const third = page.getByTestId('employee-row').filter({ hasText: names[2] })
    await expect(third.getByTestId('employee-trained')).toHaveText('未达标')
  })

  await test.step('a person who attended cannot be deleted: the 409 says why', async () => {
    const first = page.getByTestId('employee-row').filter({ hasText: names[0] })
    await first.getByTestId('employee-delete').click()
    const removed = apiResponse(page, 'DELETE', /^\/api\/employees\/[^/]+$/)
    await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
    expect((await removed).status()).toBe(409)
    await expect(page.locator('.el-message--error').filter({ hasText: '不能删除' })).toBeVisible()
    await expect(page.getByTestId('employee-row').filter({ hasText: names[0] })).toHaveCount(1)
  })
})

test('xiuying reads the coverage of its enterprises and qiye1’s roster, without editing', async ({ page, request }) => {
  const qiye = await apiLogin(request, 'qiye1')
  const me = (await (await qiye.get('/api/auth/me')).json()) as { user: { org_name: string } }
  await login(page, 'xiuying')
  await openNav(page, 'training-coverage', /\/training\/coverage$/)
  await expect(page.getByTestId('coverage-summary')).toBeVisible()
  await selectOption(page, 'coverage-enterprise', me.user.org_name)
  await expect(page.getByTestId('coverage-card')).toBeVisible()
  await expect(page.getByTestId('coverage-rate')).toHaveText(/^\d+%$/)

  await openNav(page, 'training-employees', /\/training\/employees$/)
  await tableSettled(page, 'employee-table')
  await expect(page.getByTestId('employee-new')).toHaveCount(0)
  await expect(page.getByTestId('employee-import')).toHaveCount(0)
  await expect(page.getByTestId('employee-edit')).toHaveCount(0)
  // the 培训评估 entry is there for district staff
  await expect(page.getByTestId('nav-training-evaluations')).toBeVisible()
})
