// 企业管理 through the browser: 秀英区商务局 imports enterprises from an .xlsx built here
// (a bad 统一社会信用代码 is caught in the preview by row and column, a corrected file goes
// through) and finds one by a two-character substring; qiye1 fills and submits two items of
// its 安全生产管理体系 (a team member; the responsibility system with a date and a PDF);
// xiuying approves both and the completeness score goes from 0 to 33; qiye1 probing another
// enterprise's page gets the not-found page.
import ExcelJS from 'exceljs'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { apiLogin, apiResponse, login, logout, openNav, pagerTotal, tableSettled, uniqueSuffix } from './helpers'

/** The columns of the import template (`*` marks the required ones, as the template does). */
const COLUMNS = [
  '企业名称*',
  '统一社会信用代码*',
  '所属区*',
  '行业类别*',
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

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The GB 32100-2015 check character of the first 17 characters of a 统一社会信用代码. */
function checkChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(first17[i]) * CODE_WEIGHTS[i]
  return CODE_CHARS[(31 - (sum % 31)) % 31]
}

/** A valid code no one else has: 91 + 460105 (秀英区) + 9 random characters + the check character. */
function creditCode(): string {
  let head = '91460105'
  while (head.length < 17) head += CODE_CHARS[Math.floor(Math.random() * CODE_CHARS.length)]
  return head + checkChar(head)
}

/** The same code with a wrong check character. */
function spoil(code: string): string {
  const right = code[17]
  const wrong = CODE_CHARS[(CODE_CHARS.indexOf(right) + 1) % CODE_CHARS.length]
  return code.slice(0, 17) + wrong
}

/** An .xlsx with the template's header and these rows (first sheet). */
async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('企业名录')
  ws.addRow(COLUMNS)
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A data row: name, code, 秀英区, the category, 重点 否, 在营, an address and a principal. */
function row(name: string, code: string, category: string): string[] {
  return [name, code, '秀英区', category, '否', '在营', '海口市秀英区长滨路1号', '', '', '', '张三', '13800001234', '', '', '25', '320']
}

/** Two characters for names unique to this run (none of them occurs in the demo names). */
function uniquePair(): string {
  const chars = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥'
  const a = Math.floor(Math.random() * chars.length)
  let b = Math.floor(Math.random() * chars.length)
  if (b === a) b = (b + 1) % chars.length
  return chars[a] + chars[b]
}

test('秀英区商务局 imports enterprises from an .xlsx: a bad row is shown, the corrected file goes in', async ({ page }) => {
  test.setTimeout(120_000)
  const suffix = uniqueSuffix()
  const pair = uniquePair()
  // every name holds 秀英 (scope.spec.ts expects it of all 秀英区 enterprises); `pair` is unique to two of them
  const names = [`海口秀英${pair}超市有限公司（e2e${suffix}）`, `海口秀英${pair}餐饮管理有限公司（e2e${suffix}）`, `海口秀英e2e${suffix}便利超市有限公司`]
  const codes = [creditCode(), creditCode(), creditCode()]
  const bad = spoil(codes[2])

  await login(page, 'xiuying')
  await openNav(page, 'enterprises', /\/enterprises$/)
  await tableSettled(page, 'enterprise-table')
  await page.getByTestId('enterprise-import').click()
  const dialog = page.getByTestId('import-dialog')
  await expect(dialog).toBeVisible()

  await test.step('the first file: the row with the wrong check character is listed by row and column', async () => {
    const file = await xlsx([row(names[0], codes[0], '超市'), row(names[1], codes[1], '餐饮'), row(names[2], bad, '超市')])
    const preview = apiResponse(page, 'POST', /^\/api\/enterprises\/import\/preview$/)
    await page.getByTestId('import-upload').setInputFiles({ name: '企业名录.xlsx', mimeType: XLSX_MIME, buffer: file })
    expect((await preview).status()).toBe(200)
    const problems = page.getByTestId('import-problem-row')
    await expect(problems).toHaveCount(1)
    await expect(problems.first()).toContainText('第 4 行')
    await expect(problems.first()).toContainText('统一社会信用代码')
    await expect(problems.first()).toContainText('GB 32100')
    await expect(page.getByTestId('import-count-valid')).toHaveText('2')
    await expect(page.getByTestId('import-count-new')).toHaveText('2')
    await expect(page.getByTestId('import-count-bad')).toHaveText('1')
    // with a problem row, 导入 waits for 仅导入有效行
    await expect(page.getByTestId('import-confirm')).toBeDisabled()
    await expect(page.getByTestId('import-blocker')).toContainText('仅导入有效行')
    await page.getByTestId('import-valid-only').click()
    await expect(page.getByTestId('import-confirm')).toBeEnabled()
    await expect(page.getByTestId('import-plan')).toHaveText('将新增 2 家，忽略问题行 1 行')
  })

  await test.step('the corrected file is clean and imports all three', async () => {
    const file = await xlsx([row(names[0], codes[0], '超市'), row(names[1], codes[1], '餐饮'), row(names[2], codes[2], '超市')])
    const preview = apiResponse(page, 'POST', /^\/api\/enterprises\/import\/preview$/)
    await page.getByTestId('import-upload').setInputFiles({ name: '企业名录（修正）.xlsx', mimeType: XLSX_MIME, buffer: file })
    expect((await preview).status()).toBe(200)
    await expect(page.getByTestId('import-count-valid')).toHaveText('3')
    await expect(page.getByTestId('import-problem-row')).toHaveCount(0)
    await expect(page.getByTestId('import-valid-only')).toHaveCount(0)
    const imported = apiResponse(page, 'POST', /^\/api\/enterprises\/import$/)
    await page.getByTestId('import-confirm').click()
    const res = await imported
    expect(res.status()).toBe(200)
    expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ valid_only: false, existing: 'update' })
    await expect(page.getByTestId('import-result')).toContainText('新增 3 家，更新 0 家，跳过 0 家')
    await dialog.getByRole('button', { name: '完成' }).click()
    await expect(dialog).toBeHidden()
  })

  await test.step('a two-character substring of a name finds the imported enterprises', async () => {
    const listed = apiResponse(page, 'GET', /^\/api\/enterprises$/)
    await page.getByTestId('enterprise-search').fill(pair)
    await page.getByTestId('enterprise-search').press('Enter')
    await listed
    await tableSettled(page, 'enterprise-table')
    const rows = page.getByTestId('enterprise-row')
    await expect(rows).toHaveCount(2)
    await expect(page.getByTestId('enterprise-table')).toContainText(names[0])
    await expect(page.getByTestId('enterprise-table')).toContainText(names[1])
    await expect(rows.filter({ hasText: names[0] })).toContainText(codes[0])
    await expect(rows.filter({ hasText: names[0] })).toContainText('超市')
    expect(await pagerTotal(page.locator('.pager'))).toBe(2)
    // the masked phone in the list
    await expect(rows.filter({ hasText: names[0] })).toContainText('138****1234')
  })
})

/** The card of one profile item. */
const card = (page: Page, item: string): Locator => page.getByTestId(`profile-item-${item}`)

test('qiye1 submits two profile items, xiuying approves them: 完整度 0 → 33; another enterprise is not found', async ({ page, request }) => {
  test.setTimeout(150_000)
  const qiye = await apiLogin(request, 'qiye1')
  const me = (await (await qiye.get('/api/auth/me')).json()) as { user: { org_id: string; org_name: string } }
  const enterpriseId = me.user.org_id
  const enterpriseName = me.user.org_name

  await test.step('qiye1 opens 本企业 and registers a safety manager (安全管理机构和人员)', async () => {
    await login(page, 'qiye1')
    await expect(page.getByTestId('nav-enterprises')).toHaveCount(0)
    await openNav(page, 'my-enterprise', /\/my-enterprise/)
    await expect(page.getByTestId('enterprise-name')).toHaveText(enterpriseName)
    await expect(page.getByTestId('profile-score')).toHaveText('0')

    const team = card(page, 'team')
    await expect(team.getByTestId('profile-state')).toHaveText('未填报')
    await team.getByTestId('profile-team-institution').fill('安全生产管理部')
    await team.getByTestId('profile-team-add').click()
    await team.getByTestId('member-name').fill('陈安全')
    await team.getByTestId('member-post').fill('专职安全员')
    await team.getByTestId('member-phone').fill('13900002222')
    const saved = apiResponse(page, 'PUT', /\/profile\/team$/)
    await team.getByTestId('profile-save-team').click()
    expect((await saved).status()).toBe(200)
    await expect(team).toHaveAttribute('data-state', 'draft')
    await expect(team.getByTestId('profile-submit-team')).toBeEnabled()
    const submitted = apiResponse(page, 'POST', /\/profile\/team\/submit$/)
    await team.getByTestId('profile-submit-team').click()
    expect((await submitted).status()).toBe(200)
    await expect(team).toHaveAttribute('data-state', 'submitted')
    await expect(team.getByTestId('profile-state')).toHaveText('待审核')
  })

  await test.step('qiye1 fills 全员安全生产责任制: 提交审核 waits for the file, then goes with a PDF', async () => {
    const resp = card(page, 'responsibility')
    const date = resp.getByTestId('profile-responsibility-approved-on').locator('input')
    await date.fill('2021-03-01')
    await date.press('Enter')
    await expect(date).toHaveValue('2021-03-01')
    const saved = apiResponse(page, 'PUT', /\/profile\/responsibility$/)
    await resp.getByTestId('profile-save-responsibility').click()
    expect((await saved).status()).toBe(200)
    await expect(resp).toHaveAttribute('data-state', 'draft')
    // saved without a file: 提交审核 is disabled and says why
    await expect(resp.getByTestId('profile-submit-responsibility')).toBeDisabled()
    await resp.getByTestId('profile-submit-tip-responsibility').hover()
    await expect(page.getByRole('tooltip').filter({ hasText: '请上传全员安全生产责任制文件' })).toBeVisible()

    const uploaded = apiResponse(page, 'POST', /^\/api\/files$/)
    await resp.getByTestId('profile-upload-responsibility').setInputFiles({
      name: '全员安全生产责任制.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
    })
    expect((await uploaded).status()).toBe(201)
    await expect(resp.getByTestId('attachment-new')).toContainText('全员安全生产责任制.pdf')
    // unsaved changes: 提交审核 saves them first, then submits
    const saved2 = apiResponse(page, 'PUT', /\/profile\/responsibility$/)
    const submitted = apiResponse(page, 'POST', /\/profile\/responsibility\/submit$/)
    await resp.getByTestId('profile-submit-responsibility').click()
    expect((await saved2).status()).toBe(200)
    expect((await submitted).status()).toBe(200)
    await expect(resp).toHaveAttribute('data-state', 'submitted')
    await expect(resp.getByTestId('attachment-link')).toHaveText('全员安全生产责任制.pdf')
    await expect(page.getByTestId('profile-score')).toHaveText('0')
    await logout(page)
  })

  await test.step('xiuying opens the enterprise and approves both items: the score becomes 33', async () => {
    await login(page, 'xiuying')
    await openNav(page, 'enterprises', /\/enterprises$/)
    await page.getByTestId('enterprise-search').fill(enterpriseName)
    await page.getByTestId('enterprise-search').press('Enter')
    const row = page.getByTestId('enterprise-row').filter({ hasText: enterpriseName })
    await expect(page.getByTestId('enterprise-row')).toHaveCount(1)
    await row.getByTestId('enterprise-open').click()
    await expect(page).toHaveURL(new RegExp(`/enterprises/${enterpriseId}`))
    await page.getByTestId('enterprise-tab-profile').click()
    await expect(page.getByTestId('profile-score')).toHaveText('0')

    for (const item of ['team', 'responsibility']) {
      const c = card(page, item)
      await expect(c).toHaveAttribute('data-state', 'submitted')
      // reviewers neither save nor submit
      await expect(c.getByTestId(`profile-save-${item}`)).toHaveCount(0)
      await c.getByTestId(`profile-approve-${item}`).click()
      const dialog = page.getByTestId('profile-review-dialog')
      await expect(dialog).toBeVisible()
      await page.getByTestId('profile-review-text').fill('材料齐全')
      const approved = apiResponse(page, 'POST', new RegExp(`/profile/${item}/approve$`))
      await page.getByTestId('profile-review-confirm').click()
      expect((await approved).status()).toBe(200)
      await expect(dialog).toBeHidden()
      await expect(c).toHaveAttribute('data-state', 'approved')
      await expect(c.getByTestId('profile-review-comment')).toContainText('材料齐全')
    }
    await expect(page.getByTestId('profile-score')).toHaveText('33')
    await expect(page.getByTestId('profile-approved')).toHaveText('2')
    await expect(page.getByTestId('enterprise-head-score')).toContainText('33%')
    await logout(page)
  })

  await test.step('qiye1 probing a 美兰 enterprise’s page gets the not-found page', async () => {
    const meilan = await apiLogin(request, 'meilan')
    const list = (await (await meilan.get('/api/enterprises?page_size=5')).json()) as { items: { id: string; district_name: string }[] }
    const other = list.items.find((e) => e.district_name.startsWith('美兰'))
    expect(other, 'a 美兰 enterprise').toBeTruthy()

    await login(page, 'qiye1')
    await page.goto(`/enterprises/${other!.id}`)
    await expect(page.getByTestId('error-404')).toBeVisible()
    await expect(page.getByTestId('profile-panel')).toHaveCount(0)
    // and its own page still opens
    await page.goto('/my-enterprise')
    await expect(page.getByTestId('profile-score')).toHaveText('33')
  })
})
