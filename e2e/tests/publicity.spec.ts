// 宣传教育 (docs/api-training.md) through the browser, as zhengfa (局政策法规科, publicity.write):
// the seed plan is imported through the API under a title unique to the run; zhengfa records a
// 集中观看 activity "观看《生命重于泰山》专题片" linked to the plan's task 一.1 (制定安全生产宣传与
// 警示教育活动计划…) with qiye1's enterprise (20 people) and qiye2's enterprise (15 people); the
// list shows it with 2 个单位、35 人; the task page lists it under 关联宣传教育活动; the
// 参与情况 report has both enterprises.
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { apiLogin, apiResponse, chinaToday, escapeRegExp, FIXTURE_DIR, importPlanViaApi, login, openNav, selectOption, tableSettled, uniqueSuffix } from './helpers'

const SEED_FILE = path.join(FIXTURE_DIR, 'haikou-commerce-2021.txt')
const SEED_TITLE = '海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案'
const TASK_START = '制定安全生产宣传与警示教育活动计划'

/** Fills the date picker whose wrapper carries `testId`. */
async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input')
  await input.fill(date)
  await input.press('Enter')
  await expect(input).toHaveValue(date)
}

/** Picks a unit in the `index`-th participant row: types part of its name, waits for the search, clicks it. */
async function pickUnit(page: Page, index: number, name: string): Promise<void> {
  const row = page.getByTestId('activity-participant').nth(index)
  const select = row.getByTestId('activity-participant-unit')
  await select.click()
  const search = apiResponse(page, 'GET', /^\/api\/orgs$/)
  await select.locator('input').fill(name.slice(0, 8))
  await search
  await page
    .locator('.el-select-dropdown__item')
    .filter({ visible: true })
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(name)}`) })
    .first()
    .click()
  await expect(select).toContainText(name)
}

test('zhengfa records a 集中观看 activity for a campaign task; the task page and 参与情况 show it', async ({ page, request }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const title = `观看《生命重于泰山》专题片（e2e ${suffix}）`
  const campaignTitle = `${SEED_TITLE}（e2e 宣传 ${suffix}）`
  const campaign = await importPlanViaApi(request, SEED_FILE, campaignTitle)
  const zf = await apiLogin(request, 'zhengfa')
  const tasks = (await (await zf.get(`/api/tasks?campaign_id=${campaign.id}&page_size=200`)).json()) as { items: { id: string; text: string }[] }
  const task = tasks.items.find((t) => t.text.startsWith(TASK_START))
  expect(task, 'the seed plan has the publicity task').toBeTruthy()
  const ent1 = ((await (await (await apiLogin(request, 'qiye1')).get('/api/auth/me')).json()) as { user: { org_name: string } }).user.org_name
  const ent2 = ((await (await (await apiLogin(request, 'qiye2')).get('/api/auth/me')).json()) as { user: { org_name: string } }).user.org_name

  await login(page, 'zhengfa')

  await test.step('新增活动: 集中观看, linked to the task, two enterprises with their headcount', async () => {
    await openNav(page, 'publicity', /\/publicity$/)
    await tableSettled(page, 'activity-table')
    await page.getByTestId('activity-new').click()
    const drawer = page.getByTestId('activity-form')
    await expect(drawer).toBeVisible()
    await page.getByTestId('activity-form-title').fill(title)
    await page.getByTestId('activity-form-kind-viewing').click()
    await fillDate(page, 'activity-form-held-on', chinaToday())
    // the organiser defaults to the user's unit
    await expect(page.getByTestId('activity-form-organiser')).toHaveValue('政策法规科')
    await page.getByTestId('activity-form-organiser').fill('局政策法规科')

    const tasksLoaded = apiResponse(page, 'GET', /^\/api\/tasks$/)
    await selectOption(page, 'activity-form-campaign', campaignTitle)
    await tasksLoaded
    await page.getByTestId('activity-form-task').click()
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: TASK_START }).first().click()
    await expect(page.getByTestId('activity-form-task')).toContainText(TASK_START)

    await pickUnit(page, 0, ent1)
    await page.getByTestId('activity-participant').nth(0).getByTestId('activity-participant-headcount').locator('input').fill('20')
    await page.getByTestId('activity-form-title').click()
    await page.getByTestId('activity-participant-add').click()
    await pickUnit(page, 1, ent2)
    await page.getByTestId('activity-participant').nth(1).getByTestId('activity-participant-headcount').locator('input').fill('15')
    await page.getByTestId('activity-form-title').click()
    await expect(page.getByTestId('activity-form-totals')).toHaveText('共 2 个单位、35 人')
    await page.getByTestId('activity-form-summary').fill('组织观看专题片，并开展交流讨论。')

    const saved = apiResponse(page, 'POST', /^\/api\/activities$/)
    await page.getByTestId('activity-form-submit').click()
    const res = await saved
    expect(res.status()).toBe(201)
    const body = JSON.parse(res.request().postData() ?? '{}') as { kind: string; task_id: string; participants: { headcount: number }[] }
    expect(body.kind).toBe('viewing')
    expect(body.task_id).toBe(task!.id)
    expect(body.participants.map((p) => p.headcount)).toEqual([20, 15])
    await expect(drawer).toBeHidden()

    await tableSettled(page, 'activity-table')
    const row = page.getByTestId('activity-row').filter({ hasText: title })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('activity-kind')).toHaveText('集中观看')
    await expect(row.getByTestId('activity-units')).toHaveText('2 个单位、35 人')
  })

  await test.step('the task page lists it under 关联宣传教育活动', async () => {
    await page.goto(`/tasks/${task!.id}`)
    const section = page.getByTestId('task-activities')
    await expect(section).toContainText('关联宣传教育活动')
    await expect(section.getByTestId('task-activity-row').filter({ hasText: title })).toHaveCount(1)
    await expect(section.getByTestId('task-activity-row').filter({ hasText: title })).toContainText('2 个单位、35 人')
  })

  await test.step('参与情况 has both enterprises with their headcount', async () => {
    await openNav(page, 'publicity', /\/publicity$/)
    await page.getByTestId('activity-report-tab').click()
    await tableSettled(page, 'activity-report')
    const r1 = page.getByTestId('activity-report-row').filter({ hasText: ent1 })
    const r2 = page.getByTestId('activity-report-row').filter({ hasText: ent2 })
    await expect(r1).toHaveCount(1)
    await expect(r2).toHaveCount(1)
    // other tests of the run may have added activities: at least this one is counted
    expect(Number(await r1.getByTestId('activity-report-headcount').innerText())).toBeGreaterThanOrEqual(20)
    expect(Number(await r2.getByTestId('activity-report-headcount').innerText())).toBeGreaterThanOrEqual(15)
    expect(Number(await r1.getByTestId('activity-report-count').innerText())).toBeGreaterThanOrEqual(1)
  })
})
