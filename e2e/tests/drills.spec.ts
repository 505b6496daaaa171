// 应急管理 (docs/api-training.md) through the browser:
// - qiye1 (企业用户 of 海口秀英椰城购物广场有限公司) records a 专项演练 by 实战演练 today with a
//   photo taken on the spot; the list shows it with its photo;
// - xiuying (秀英区商务局) sees it in 演练情况 (the 综合/专项 drill no longer 逾期), then opens
//   抽查评估 › 新建抽查: picks qiye1's enterprise and the drill, scores every criterion (the
//   total and result follow live), adds one problem 转为隐患 with a hazard category, 提交 → the
//   hazard code shows; opening it leads to the hazard of qiye1's enterprise.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { apiLogin, apiResponse, chinaToday, login, logout, openNav, photoPng, selectOption, tableSettled, uniqueSuffix } from './helpers'

/** Fills the date picker whose wrapper carries `testId`. */
async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input')
  await input.fill(date)
  await input.press('Enter')
  await expect(input).toHaveValue(date)
}

/** Types a number into the el-input-number carrying `testId` (inside `scope`). */
async function fillNumber(scope: Page | Locator, testId: string, value: string): Promise<void> {
  const input = scope.getByTestId(testId).locator('input')
  await input.fill(value)
  await input.blur()
}

test('qiye1 records a drill with a photo; xiuying spot-checks it and a problem becomes a hazard', async ({ page, request }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const scenario = `商场三楼餐饮区火灾人员疏散（e2e ${suffix}）`
  const problem = `应急照明灯部分损坏，疏散指示不清（e2e ${suffix}）`
  const qiye = await apiLogin(request, 'qiye1')
  const me = (await (await qiye.get('/api/auth/me')).json()) as { user: { org_id: string; org_name: string } }
  const enterprise = me.user.org_name

  await test.step('qiye1 records a 专项 实战 drill with a photo', async () => {
    await login(page, 'qiye1')
    await openNav(page, 'drills', /\/drills$/)
    await tableSettled(page, 'drill-table')
    // enterprise users have no 演练情况 tab
    await expect(page.getByTestId('drill-status-tab')).toHaveCount(0)
    await page.getByTestId('drill-new').click()
    const drawer = page.getByTestId('drill-form')
    await expect(drawer).toBeVisible()
    await page.getByTestId('drill-form-kind-special').click()
    await page.getByTestId('drill-form-mode-live').click()
    await fillDate(page, 'drill-form-held-on', chinaToday())
    await page.getByTestId('drill-form-scenario').fill(scenario)
    await fillNumber(page, 'drill-form-participants', '36')
    const photo = apiResponse(page, 'POST', /^\/api\/photos$/)
    await page.getByTestId('drill-form-photos-input').setInputFiles({ name: '演练现场.png', mimeType: 'image/png', buffer: photoPng(96, 64, 3) })
    expect((await photo).status()).toBe(201)
    await expect(drawer.getByTestId('photo-item')).toHaveAttribute('data-status', 'done')
    await page.getByTestId('drill-form-assessment').fill('疏散有序，用时4分30秒')
    await page.getByTestId('drill-form-improvements').fill('加强夜间疏散演练')
    const saved = apiResponse(page, 'POST', /^\/api\/drills$/)
    await page.getByTestId('drill-form-submit').click()
    const res = await saved
    expect(res.status()).toBe(201)
    const body = JSON.parse(res.request().postData() ?? '{}') as { kind: string; mode: string; participants: number; photos: string[] }
    expect(body).toMatchObject({ kind: 'special', mode: 'live', participants: 36 })
    expect(body.photos).toHaveLength(1)
    await expect(drawer).toBeHidden()
    await tableSettled(page, 'drill-table')
    const row = page.getByTestId('drill-row').filter({ hasText: scenario })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('drill-kind')).toHaveText('专项演练')
    await expect(row.getByTestId('drill-mode')).toHaveText('实战演练')
    await expect(row.getByTestId('drill-photos').locator('img')).toHaveCount(1)
    await logout(page)
  })

  await test.step('xiuying: 演练情况 shows the drill; the 综合/专项 drill is not 逾期', async () => {
    await login(page, 'xiuying')
    await openNav(page, 'drills', /\/drills$/)
    await page.getByTestId('drill-status-tab').click()
    const row = page.getByTestId('drill-status-row').filter({ hasText: enterprise })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('drill-status-main')).toHaveText(chinaToday())
    await expect(row.getByTestId('drill-status-main-due')).toHaveCount(0)
  })

  let code = ''
  await test.step('xiuying spot-checks it: scores, one problem 转为隐患, 提交 → the hazard code', async () => {
    await openNav(page, 'drill-spot-checks', /\/drills\/spot-checks$/)
    await tableSettled(page, 'spot-table')
    await page.getByTestId('spot-new').click()
    const drawer = page.getByTestId('spot-form')
    await expect(drawer).toBeVisible()
    await selectOption(page, 'spot-form-enterprise', enterprise)
    await selectOption(page, 'spot-form-drill', `${chinaToday()} ${scenario}`)
    await expect(drawer.getByTestId('spot-group')).toHaveCount(2)
    await expect(drawer.getByTestId('spot-group').first()).toContainText('预案可操作性')
    await expect(drawer.getByTestId('spot-group').nth(1)).toContainText('演练效果')
    // every criterion at full marks, then two points off one of them
    await drawer.getByTestId('spot-form-full-marks').click()
    await expect(drawer.getByTestId('spot-total')).toHaveText('100')
    await expect(drawer.getByTestId('spot-result-live')).toHaveText('优秀')
    await fillNumber(drawer, 'spot-score-drill_supplies', '0')
    await expect(drawer.getByTestId('spot-total')).toHaveText('94')
    await fillNumber(drawer, 'spot-score-plan_measures', '0')
    await expect(drawer.getByTestId('spot-total')).toHaveText('82')
    await expect(drawer.getByTestId('spot-result-live')).toHaveText('合格')

    await drawer.getByTestId('spot-problem-add').click()
    const p = drawer.getByTestId('spot-problem')
    await expect(p).toHaveCount(1)
    await p.getByTestId('spot-problem-text').fill(problem)
    await p.getByTestId('spot-problem-to-hazard').click()
    await selectOption(page, 'spot-problem-category', '消防安全')

    const created = apiResponse(page, 'POST', /^\/api\/drill-evaluations$/)
    await page.getByTestId('spot-form-submit').click()
    const res = await created
    expect(res.status()).toBe(201)
    const sent = JSON.parse(res.request().postData() ?? '{}') as { enterprise_id: string; scores: unknown[]; problems: { to_hazard: boolean; category_id: string | null }[] }
    expect(sent.enterprise_id).toBe(me.user.org_id)
    expect(sent.scores).toHaveLength(12)
    expect(sent.problems).toHaveLength(1)
    expect(sent.problems[0].to_hazard).toBe(true)
    expect(sent.problems[0].category_id).toBeTruthy()

    const result = page.getByTestId('spot-result')
    await expect(result.getByTestId('spot-result-total')).toHaveText('82')
    await expect(result.getByTestId('spot-result-label')).toHaveText('合格')
    const link = result.getByTestId('spot-hazard-link')
    await expect(link).toHaveCount(1)
    code = (await link.innerText()).trim()
    expect(code).toMatch(/^YH\d+/)
    await page.getByTestId('spot-result-close').click()
    await expect(drawer).toBeHidden()

    // the list shows the check and its hazard
    await tableSettled(page, 'spot-table')
    const row = page.getByTestId('spot-row').filter({ hasText: code })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('spot-row-result')).toHaveText('合格')
  })

  await test.step('the hazard exists: opening it shows the problem of qiye1’s enterprise', async () => {
    await page.getByTestId('spot-row').filter({ hasText: code }).getByTestId('spot-row-hazard').click()
    await expect(page).toHaveURL(/\/hazards\/[0-9a-f-]+$/)
    await expect(page.getByTestId('hazard-code')).toHaveText(code)
    await expect(page.getByTestId('hazard-description')).toContainText(problem)
    await expect(page.getByTestId('hazard-info')).toContainText(enterprise)
  })
})
