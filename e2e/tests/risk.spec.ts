// 风险分级管控 (docs/api-risk.md) through the browser, as qiye1 (企业用户 of
// 海口秀英椰城购物广场有限公司, risk.write for its own enterprise):
// - 新增风险点 by LEC, L=3 E=6 C=15: the result box shows D=270 较大风险 in orange before
//   saving; saved, the list shows it orange;
// - 编辑: C=40 → D=720 重大风险 in red; with the tier still 部门级 the server refuses and the
//   message naming 管控层级 appears under the field; with 单位级 it saves and the list shows red;
// - 告知卡 downloads a .docx;
// - 本企业 › 风险等级 shows 重大风险;
// - the boundary L=1 E=6 C=15 → D=90 一般风险 in yellow with dark text (nothing saved).
// The points carry a suffix unique to the run and are found by it.
import { expect, test, type Page, type Request } from '@playwright/test'
import { apiResponse, chinaToday, escapeRegExp, login, openNav, tableSettled, uniqueSuffix } from './helpers'

/** YYYY-MM-DD plus whole months, the day clamped to the month's end (the server's rule). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = total - ny * 12
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate()
  return `${ny}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/**
 * Chooses an option of the el-select carrying `testId`, looking only in that select's own
 * dropdown (its input's aria-controls): the factor selects share option texts ("6 — …" is in
 * L and in E), and the previous dropdown may still be fading out when the next one opens.
 */
async function selectOption(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId)
  await select.click()
  const listId = await select.locator('input').first().getAttribute('aria-controls')
  const scope = listId ? page.locator(`[id="${listId}"]`) : page.locator('.el-select-dropdown').filter({ visible: true })
  await scope
    .locator('.el-select-dropdown__item')
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}`) })
    .first()
    .click()
  await expect(select).toContainText(text)
}

/** Picks the LEC factors ("value — label" options) in the open risk point form. */
async function pickLec(page: Page, l: string, e: string, c: string): Promise<void> {
  await selectOption(page, 'risk-form-l', `${l} — `)
  await selectOption(page, 'risk-form-e', `${e} — `)
  await selectOption(page, 'risk-form-c', `${c} — `)
}

/** Fills what a new point needs besides the assessment. */
async function fillPoint(page: Page, name: string): Promise<void> {
  await page.getByTestId('risk-form-name').fill(name)
  await page.getByTestId('risk-form-location').fill('B1层东侧')
  await page.getByTestId('risk-form-hazard-factors').fill('燃气管道泄漏、灶具熄火保护失效')
  // the multiple select stays open after a pick: a click on another field closes it (Escape
  // could close the drawer once the dropdown is gone)
  await selectOption(page, 'risk-form-accident-types', '火灾')
  await page.getByTestId('risk-form-location').click()
  await selectOption(page, 'risk-form-accident-types', '其它爆炸')
  await page.getByTestId('risk-form-location').click()
  await expect(page.locator('.el-select-dropdown').filter({ visible: true })).toHaveCount(0)
  await selectOption(page, 'risk-measure-kind', '工程技术措施')
  await page.getByTestId('risk-measure-text').fill('安装可燃气体报警装置并与紧急切断阀联动')
  await page.getByTestId('risk-form-responsible').fill('厨房主管王五')
  await page.getByTestId('risk-form-responsible-phone').fill('13800138000')
}

/** The row of the list whose name carries `name` (after searching it). */
async function findRow(page: Page, name: string) {
  await page.getByTestId('risk-filter-q').fill(name)
  await page.getByTestId('risk-search-submit').click()
  await tableSettled(page, 'risk-point-table')
  const row = page.getByTestId('risk-point-row').filter({ hasText: name })
  await expect(row).toHaveCount(1)
  return row
}

test('风险点: LEC 较大 (orange) → 重大 (red) needs 单位级, 告知卡 .docx, the enterprise level', async ({ page }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const name = `地下一层燃气厨房（e2e ${suffix}）`
  const today = chinaToday()
  await login(page, 'qiye1')

  await test.step('新增风险点: L=3 E=6 C=15 → D=270 较大风险, orange, before saving', async () => {
    await openNav(page, 'risk-points', /\/risk-points$/)
    await tableSettled(page, 'risk-point-table')
    await page.getByTestId('risk-point-new').click()
    const form = page.getByTestId('risk-form')
    await expect(form).toBeVisible()
    // an enterprise user does not pick the enterprise
    await expect(page.getByTestId('risk-form-enterprise')).toHaveCount(0)
    await fillPoint(page, name)
    await pickLec(page, '3', '6', '15')
    const badge = page.getByTestId('risk-grade-badge')
    await expect(badge).toHaveAttribute('data-grade', 'large')
    await expect(badge).toHaveAttribute('data-colour', 'orange')
    await expect(badge).toContainText('较大风险')
    await expect(badge).toContainText('D = 270')
    // the next assessment is suggested 6 months ahead for 较大
    await expect(page.getByTestId('risk-form-reassess-on').locator('input')).toHaveValue(addMonths(today, 6))
    await selectOption(page, 'risk-form-control-tier', '部门级')

    const saved = apiResponse(page, 'POST', /^\/api\/risk-points$/)
    await page.getByTestId('risk-form-submit').click()
    const res = await saved
    expect(res.status(), `POST /api/risk-points → ${await res.text()}`).toBe(201)
    const body = res.request().postDataJSON() as Record<string, unknown>
    expect(body).toMatchObject({ method: 'lec', l: 3, e: 6, c: 15, control_tier: 'department', reassess_on: addMonths(today, 6) })
    expect(body).not.toHaveProperty('enterprise_id')
    expect(await res.json()).toMatchObject({ grade: 'large', colour: 'orange', score: 270 })
    await expect(form).toBeHidden()
  })

  await test.step('the list shows it orange', async () => {
    const row = await findRow(page, name)
    const tag = row.getByTestId('risk-grade-tag')
    await expect(tag).toHaveAttribute('data-grade', 'large')
    await expect(tag).toHaveAttribute('data-colour', 'orange')
    await expect(tag).toHaveText('较大风险')
    await expect(row.getByTestId('risk-point-score')).toHaveText('D=270')
  })

  await test.step('编辑: C=40 → D=720 重大风险 red; 部门级 is refused with a message naming 管控层级', async () => {
    const row = page.getByTestId('risk-point-row').filter({ hasText: name })
    await row.getByTestId('risk-point-edit').click()
    const form = page.getByTestId('risk-form')
    await expect(form).toBeVisible()
    await expect(page.getByTestId('risk-form-name')).toHaveValue(name)
    await selectOption(page, 'risk-form-c', '40 — ')
    const badge = page.getByTestId('risk-grade-badge')
    await expect(badge).toHaveAttribute('data-grade', 'major')
    await expect(badge).toHaveAttribute('data-colour', 'red')
    await expect(badge).toContainText('重大风险')
    await expect(badge).toContainText('D = 720')
    // the grade changed: the next assessment follows (3 months for 重大)
    await expect(page.getByTestId('risk-form-reassess-on').locator('input')).toHaveValue(addMonths(today, 3))

    const refused = apiResponse(page, 'PUT', /^\/api\/risk-points\/[^/]+$/)
    await page.getByTestId('risk-form-submit').click()
    const res = await refused
    expect([400, 422], `PUT with 部门级 → ${res.status()} ${await res.text()}`).toContain(res.status())
    const error = page.getByTestId('risk-form-item-control-tier').locator('.el-form-item__error')
    await expect(error).toContainText('管控层级')
    await expect(form).toBeVisible()

    await selectOption(page, 'risk-form-control-tier', '单位级')
    const saved = apiResponse(page, 'PUT', /^\/api\/risk-points\/[^/]+$/)
    await page.getByTestId('risk-form-submit').click()
    const ok = await saved
    expect(ok.status(), `PUT with 单位级 → ${await ok.text()}`).toBe(200)
    expect(ok.request().postDataJSON()).toMatchObject({ c: 40, control_tier: 'unit' })
    expect(await ok.json()).toMatchObject({ grade: 'major', colour: 'red', score: 720 })
    await expect(form).toBeHidden()
  })

  await test.step('the list shows it red', async () => {
    const row = await findRow(page, name)
    const tag = row.getByTestId('risk-grade-tag')
    await expect(tag).toHaveAttribute('data-grade', 'major')
    await expect(tag).toHaveAttribute('data-colour', 'red')
    await expect(tag).toHaveText('重大风险')
  })

  await test.step('告知卡 downloads a .docx', async () => {
    const row = page.getByTestId('risk-point-row').filter({ hasText: name })
    const downloading = page.waitForEvent('download')
    const answered = apiResponse(page, 'GET', /^\/api\/risk-points\/[^/]+\/card\.docx$/)
    await row.getByTestId('risk-point-card').click()
    const res = await answered
    expect(res.status()).toBe(200)
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/\.docx$/)
  })

  await test.step('本企业 › 风险等级 shows 重大风险', async () => {
    await openNav(page, 'my-enterprise', /\/my-enterprise/)
    await page.getByTestId('enterprise-tab-risk').click()
    const level = page.getByTestId('enterprise-risk-level')
    await expect(level).toHaveAttribute('data-grade', 'major')
    await expect(level).toHaveAttribute('data-colour', 'red')
    await expect(level).toContainText('重大风险')
    await expect(page.getByTestId('enterprise-risk-count-major').locator('.count')).not.toHaveText('0')
  })
})

test('风险点: the boundary L=1 E=6 C=15 → D=90 is 一般风险 in yellow with dark text', async ({ page }) => {
  await login(page, 'qiye1')
  await openNav(page, 'risk-points', /\/risk-points$/)
  await page.getByTestId('risk-point-new').click()
  await expect(page.getByTestId('risk-form')).toBeVisible()
  await page.getByTestId('risk-form-name').fill('边界值试算（不保存）')
  const saves: Request[] = []
  page.on('request', (r) => {
    if (r.method() !== 'GET' && /^\/api\/risk-points/.test(new URL(r.url()).pathname)) saves.push(r)
  })
  await pickLec(page, '1', '6', '15')
  const badge = page.getByTestId('risk-grade-badge')
  await expect(badge).toHaveAttribute('data-grade', 'general')
  await expect(badge).toHaveAttribute('data-colour', 'yellow')
  await expect(badge).toContainText('一般风险')
  await expect(badge).toContainText('D = 90')
  // dark text on the yellow badge
  await expect(badge).toHaveCSS('color', 'rgb(48, 49, 51)')
  await expect(page.getByTestId('risk-form-reassess-on').locator('input')).toHaveValue(addMonths(chinaToday(), 12))
  await page.getByTestId('risk-form-cancel').click()
  await expect(page.getByTestId('risk-form')).toBeHidden()
  expect(saves).toHaveLength(0)
})
