// 专项整治 (the campaign loop, docs/api-campaigns.md) through the browser: 政策法规科 imports
// the seed plan, a district bureau reports and submits its part, 政策法规科 accepts it.
// A second test: the import wizard will not confirm while a unit phrase is unresolved.
import path from 'node:path'
import { expect, test, type Page, type Request } from '@playwright/test'
import {
  apiLogin,
  apiResponse,
  DISTRICTS,
  FIXTURE_DIR,
  login,
  logout,
  openNav,
  pagerTotal,
  SCREENSHOT_DIR,
  tableRows,
  tableSettled,
  uniqueSuffix,
} from './helpers'

const SEED_FILE = path.join(FIXTURE_DIR, 'haikou-commerce-2021.txt')
const SEED_TITLE = '海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案'
/** (二) 1 of the seed: lead 局政策法规科, responsible 各区商务局、流通业发展科、展览科、各商贸企业 */
const TASK_TEXT = '指导推动商贸企业建立健全安全生产管理体系'

interface CampaignSummary {
  id: string
  title: string
  task_count: number
  assignment_count: number
}
interface TaskSummary {
  id: string
  text: string
  responsible_phrases: string[]
}
interface TaskDetail extends TaskSummary {
  assignments: { org_name: string }[]
}

/** The names of the units in the first column of the assignment table of the open task. */
async function assignmentUnits(page: Page): Promise<string[]> {
  const rows = page.getByTestId('task-drawer').getByTestId('assignment-row')
  await expect(rows.first()).toBeVisible()
  return (await rows.locator('td:first-child').allInnerTexts()).map((t) => t.trim())
}

const districtsOf = (names: string[]) => names.filter((n) => /区商务局$/.test(n)).sort()

test('政策法规科 imports the seed plan, 秀英区商务局 submits its part, 政策法规科 accepts it', async ({ page, request }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const title = `${SEED_TITLE}（e2e ${suffix}）`
  const reportText = `已完成辖区商贸企业安全生产管理体系摸底（e2e ${suffix}）`
  const submitText = `全部企业已建立安全生产管理体系，报请审核（e2e ${suffix}）`
  let campaignId = ''
  let assignmentTotal = 0

  await test.step('zhengfa uploads the seed plan and parses it', async () => {
    await login(page, 'zhengfa')
    await openNav(page, 'campaign-import', /\/campaigns\/import$/)
    await page.getByTestId('import-file').setInputFiles(SEED_FILE)
    await expect(page.getByTestId('import-file-chosen')).toContainText('haikou-commerce-2021.txt')
    const preview = apiResponse(page, 'POST', /^\/api\/campaigns\/preview$/)
    await page.getByTestId('import-parse').click()
    expect((await preview).status()).toBe(200)
  })

  await test.step('the preview has 10 tasks, the rows with warnings are highlighted, nothing is unresolved', async () => {
    await expect(page.getByTestId('import-title')).toHaveValue(SEED_TITLE)
    await expect(page.getByTestId('import-preview-year')).toHaveValue('2021')
    const rows = page.getByTestId('import-task-row')
    await expect(rows).toHaveCount(10)

    // (二) 4 and the first task of (三) name no lead unit; (三)'s two tasks have no number
    const noLead = rows.filter({ has: page.getByTestId('import-row-warning').filter({ hasText: /^未找到牵头单位$/ }) })
    await expect(noLead).toHaveCount(2)
    await expect(noLead.nth(0).getByPlaceholder('任务内容（必填）')).toHaveValue(/^督促商贸重点企业建立安全生产技术和管理团队/)
    await expect(noLead.nth(1).getByPlaceholder('任务内容（必填）')).toHaveValue(/^加强防范高温、暴雨、雷雨和台风等极端气候安全生产/)
    for (const i of [7, 8, 9]) {
      await expect(rows.nth(i)).toHaveClass(/\bhas-warnings\b/)
      await expect(rows.nth(i).getByTestId('import-row-warning').first()).toBeVisible()
    }
    for (const i of [0, 1, 2, 3, 4, 5, 6]) {
      await expect(rows.nth(i)).not.toHaveClass(/\bhas-warnings\b/)
      await expect(rows.nth(i).getByTestId('import-row-warning')).toHaveCount(0)
    }
    await expect(rows.nth(7)).toContainText('未找到牵头单位')
    await expect(rows.nth(8)).toContainText('未找到牵头单位')
    await expect(rows.nth(8)).toContainText('条目没有编号')

    // every unit phrase resolved: no red tag, 确认导入 possible
    await expect(page.getByTestId('import-unresolved')).toHaveCount(0)
    await expect(page.getByTestId('import-table').getByTestId('import-entry').first()).toBeVisible()
    await expect(page.getByTestId('import-blockers')).toHaveCount(0)
    await expect(page.getByTestId('import-confirm')).toBeEnabled()
  })

  await test.step('confirms the import (with a title unique to this run)', async () => {
    await page.getByTestId('import-title').fill(title)
    const created = apiResponse(page, 'POST', /^\/api\/campaigns$/)
    await page.getByTestId('import-confirm').click()
    const res = await created
    expect(res.status()).toBe(201)
    const campaign = (await res.json()) as CampaignSummary
    expect(campaign.title).toBe(title)
    expect(campaign.task_count).toBe(10)
    campaignId = campaign.id
    assignmentTotal = campaign.assignment_count

    const result = page.getByTestId('import-result')
    await expect(result).toContainText('导入完成')
    await expect(result).toContainText('10 项任务')
    await expect(result).toContainText(`${assignmentTotal} 个责任单位分工`)
    await page.getByTestId('import-open-campaign').click()
    await expect(page).toHaveURL(new RegExp(`/campaigns/${campaignId}$`))
  })

  let taskAssignments = 0
  await test.step('the campaign lists the 10 tasks; a 各区商务局 task is assigned to exactly the four district bureaus', async () => {
    await expect(page.getByTestId('campaign-head')).toContainText(title)
    await tableSettled(page, 'task-table')
    await expect(page.getByTestId('task-row')).toHaveCount(10)
    expect(await pagerTotal(page.locator('.pager'))).toBe(10)
    await expect(page.getByTestId('task-row').filter({ hasText: '各区商务局' })).toHaveCount(5)

    const row = page.getByTestId('task-row').filter({ hasText: TASK_TEXT })
    await expect(row).toHaveCount(1)
    const ratio = (await row.locator('td.ratio-col').innerText()).trim()
    const m = /^0\/(\d+)$/.exec(ratio)
    expect(m, `完成/分工 of the task before any report: "${ratio}"`).not.toBeNull()
    taskAssignments = Number(m![1])

    await row.click()
    const drawer = page.getByTestId('task-drawer')
    await expect(drawer.getByTestId('task-text')).toContainText(TASK_TEXT)
    const units = await assignmentUnits(page)
    expect(units).toHaveLength(taskAssignments)
    expect(districtsOf(units)).toEqual([...DISTRICTS].sort())
    expect(units).toEqual(expect.arrayContaining(['流通业发展科', '展览科']))
    await expect(drawer.getByTestId('assignment-row').filter({ hasText: '秀英区商务局' })).toContainText('未开始')
    await page.keyboard.press('Escape')
    await expect(drawer).toBeHidden()
  })

  await test.step('the other 各区商务局 tasks also go to exactly the four district bureaus (API)', async () => {
    const api = await apiLogin(request, 'zhengfa')
    const res = await api.get(`/api/tasks?campaign_id=${campaignId}&page_size=100`)
    expect(res.status()).toBe(200)
    const tasks = ((await res.json()) as { items: TaskSummary[] }).items
    expect(tasks).toHaveLength(10)
    const withDistricts = tasks.filter((t) => t.responsible_phrases.includes('各区商务局'))
    expect(withDistricts).toHaveLength(5)
    for (const t of withDistricts) {
      const detail = await api.get(`/api/tasks/${t.id}`)
      expect(detail.status()).toBe(200)
      const names = ((await detail.json()) as TaskDetail).assignments.map((a) => a.org_name)
      expect(districtsOf(names), `districts of "${t.text.slice(0, 20)}…"`).toEqual([...DISTRICTS].sort())
    }
    await logout(page)
  })

  await test.step('xiuying reports progress (60%) in 我的任务', async () => {
    await login(page, 'xiuying')
    await openNav(page, 'my-tasks', /\/my-tasks$/)
    await tableSettled(page, 'my-task-table')
    const row = tableRows(page, 'my-task-table').filter({ hasText: title }).filter({ hasText: TASK_TEXT })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText('秀英区商务局')
    await expect(row).toContainText('未开始')

    await row.getByTestId('assignment-report').click()
    const dialog = page.getByTestId('report-dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText(TASK_TEXT)
    await page.getByTestId('report-text').fill(reportText)
    await setPercent(page, 60)
    const saved = apiResponse(page, 'POST', /^\/api\/assignments\/[^/]+\/progress$/)
    await page.getByTestId('report-save').click()
    const res = await saved
    expect(res.status()).toBe(200)
    expect(res.request().postDataJSON()).toEqual({ text: reportText, percent: 60, submit: false })
    await expect(dialog).toBeHidden()
    await expect(row).toContainText('进行中')
    await expect(row).toContainText('60%')
    await expect(row).toContainText(reportText)
  })

  await test.step('xiuying submits it for review (100%): 已报送', async () => {
    const row = tableRows(page, 'my-task-table').filter({ hasText: title }).filter({ hasText: TASK_TEXT })
    await row.getByTestId('assignment-report').click()
    const dialog = page.getByTestId('report-dialog')
    await expect(dialog).toBeVisible()
    // the slider starts at the assignment's current percent
    await expect(page.getByTestId('report-percent').getByRole('slider')).toHaveAttribute('aria-valuenow', '60')
    await page.getByTestId('report-text').fill(submitText)
    await setPercent(page, 100)
    const submitted = apiResponse(page, 'POST', /^\/api\/assignments\/[^/]+\/progress$/)
    await page.getByTestId('report-submit').click()
    const res = await submitted
    expect(res.status()).toBe(200)
    expect(res.request().postDataJSON()).toEqual({ text: submitText, percent: 100, submit: true })
    await expect(dialog).toBeHidden()
    await expect(row).toContainText('已报送')
    await expect(row).toContainText('100%')
    // nothing more to report until it is reviewed
    await expect(row.getByTestId('assignment-report')).toHaveCount(0)
    await logout(page)
  })

  await test.step('zhengfa opens the campaign and the task: 秀英区商务局 已报送, awaiting review', async () => {
    await login(page, 'zhengfa')
    await openNav(page, 'campaigns', /\/campaigns$/)
    await page.getByTestId('campaign-filter-q').fill(suffix)
    await page.getByTestId('campaign-filter-q').press('Enter')
    await tableSettled(page, 'campaign-table')
    await expect(page.getByTestId('campaign-row')).toHaveCount(1)
    await page.getByTestId('campaign-row').filter({ hasText: title }).click()
    await expect(page).toHaveURL(new RegExp(`/campaigns/${campaignId}$`))
    await tableSettled(page, 'task-table')
    const taskRow = page.getByTestId('task-row').filter({ hasText: TASK_TEXT })
    await expect(taskRow.locator('td.ratio-col')).toHaveText(`0/${taskAssignments}`)
    await taskRow.click()

    const drawer = page.getByTestId('task-drawer')
    const xiuying = drawer.getByTestId('assignment-row').filter({ hasText: '秀英区商务局' })
    await expect(xiuying).toHaveCount(1)
    await expect(xiuying.getByTestId('assignment-state')).toHaveText('已报送')
    await expect(xiuying).toContainText(submitText)
    await expect(xiuying.getByTestId('assignment-accept')).toBeVisible()
    await expect(xiuying.getByTestId('assignment-return')).toBeVisible()
    // the others have not reported: nothing to review there
    await expect(drawer.getByTestId('assignment-accept')).toHaveCount(1)
  })

  await test.step('退回 without a reason is refused in the dialog, nothing is sent', async () => {
    const returns: Request[] = []
    const onRequest = (r: Request) => {
      if (/\/api\/assignments\/[^/]+\/return$/.test(new URL(r.url()).pathname)) returns.push(r)
    }
    page.on('request', onRequest)
    const xiuying = page.getByTestId('task-drawer').getByTestId('assignment-row').filter({ hasText: '秀英区商务局' })
    await xiuying.getByTestId('assignment-return').click()
    const dialog = page.getByTestId('review-dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('退回进展')
    await expect(page.getByTestId('return-reason')).toHaveValue('')
    await page.getByTestId('review-confirm').click()
    await expect(dialog.locator('.el-form-item__error')).toHaveText('请填写退回原因')
    // blanks are no reason either
    await page.getByTestId('return-reason').fill('   ')
    await page.getByTestId('review-confirm').click()
    await expect(dialog.locator('.el-form-item__error')).toHaveText('请填写退回原因')
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: '取消' }).click()
    await expect(dialog).toBeHidden()
    page.off('request', onRequest)
    expect(returns).toHaveLength(0)
    await expect(xiuying.getByTestId('assignment-state')).toHaveText('已报送')
  })

  await test.step('通过: 已完成, the timeline shows 通过, 报送, 报告进展 (newest first)', async () => {
    const drawer = page.getByTestId('task-drawer')
    const xiuying = drawer.getByTestId('assignment-row').filter({ hasText: '秀英区商务局' })
    await xiuying.getByTestId('assignment-accept').click()
    const dialog = page.getByTestId('review-dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('审核通过')
    await expect(dialog).toContainText('秀英区商务局')
    await page.getByTestId('review-comment').fill('同意')
    const accepted = apiResponse(page, 'POST', /^\/api\/assignments\/[^/]+\/accept$/)
    await page.getByTestId('review-confirm').click()
    const res = await accepted
    expect(res.status()).toBe(200)
    expect(res.request().postDataJSON()).toEqual({ comment: '同意' })
    await expect(dialog).toBeHidden()

    await expect(xiuying.getByTestId('assignment-state')).toHaveText('已完成')
    await expect(xiuying.getByTestId('assignment-accept')).toHaveCount(0)
    await expect(xiuying.getByTestId('assignment-return')).toHaveCount(0)
    await expect(drawer).toContainText(`已完成 1 / ${taskAssignments} 个分工`)

    const events = drawer.getByTestId('timeline-event')
    await expect(events).toHaveCount(3)
    await expect(events.locator('.el-tag')).toHaveText(['通过', '报送', '报告进展'])
    await expect(events.nth(0)).toContainText('秀英区商务局')
    await expect(events.nth(0)).toContainText('同意')
    await expect(events.nth(1)).toContainText('秀英区商务局')
    await expect(events.nth(1)).toContainText(submitText)
    await expect(events.nth(1)).toContainText('进度 100%')
    await expect(events.nth(2)).toContainText(reportText)
    await expect(events.nth(2)).toContainText('进度 60%')
  })

  await test.step('the task table and the campaign head count the completed assignment', async () => {
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('task-drawer')).toBeHidden()
    const taskRow = page.getByTestId('task-row').filter({ hasText: TASK_TEXT })
    await expect(taskRow.locator('td.ratio-col')).toHaveText(`1/${taskAssignments}`)
    await expect(taskRow).toContainText('进行中')
    const head = page.getByTestId('campaign-head')
    await expect(head.locator('.stat').filter({ hasText: '已完成' }).locator('.num')).toHaveText('1')
    await expect(head.locator('.stat').filter({ hasText: '责任单位分工' }).locator('.num')).toHaveText(String(assignmentTotal))
  })

  await test.step('挂图作战: 秀英区商务局 has one completed cell and a rate of 1/5', async () => {
    const board = apiResponse(page, 'GET', /^\/api\/campaigns\/[^/]+\/board$/)
    await page.getByTestId('board-tab').click()
    await board
    const matrix = page.getByTestId('board-matrix')
    await expect(matrix).toBeVisible()
    const row = matrix.getByTestId('board-unit-row').filter({ hasText: '秀英区商务局' })
    await expect(row.locator('[data-testid="board-cell"][data-state="completed"]')).toHaveCount(1)
    await expect(row.locator('[data-testid="board-cell"]')).toHaveCount(5)
    await expect(row).toContainText('1/5')
    const other = matrix.getByTestId('board-unit-row').filter({ hasText: '美兰区商务局' })
    await expect(other.locator('[data-testid="board-cell"][data-state="completed"]')).toHaveCount(0)
    await expect(page.getByTestId('board-gantt')).toBeVisible()
    // the figures of 区商务局: the one accepted assignment among theirs
    const summary = page.getByTestId('board-summary')
    await expect(summary).toBeVisible()
    await expect(summary.locator('[data-key="completed"] .summary-value')).toHaveText('1')
  })

  await test.step('挂图作战 on 企业: a page of enterprises with its total, page 2, a name search', async () => {
    // the enterprises with an assignment in this campaign (API): every enterprise of the directory
    // that an assignment of one of its tasks names
    const api = await apiLogin(request, 'zhengfa')
    const enterpriseIds = new Set<string>()
    for (let p = 1; ; p++) {
      const res = await api.get(`/api/orgs?kind=enterprise&page=${p}&page_size=200`)
      expect(res.status()).toBe(200)
      const body = (await res.json()) as { items: { id: string }[]; total: number }
      for (const o of body.items) enterpriseIds.add(o.id)
      if (body.items.length === 0 || enterpriseIds.size >= body.total) break
    }
    const tasks = ((await (await api.get(`/api/tasks?campaign_id=${campaignId}&page_size=100`)).json()) as { items: TaskSummary[] }).items
    const assigned = new Set<string>()
    for (const t of tasks) {
      const detail = (await (await api.get(`/api/tasks/${t.id}`)).json()) as { assignments: { org_id: string }[] }
      for (const a of detail.assignments) if (enterpriseIds.has(a.org_id)) assigned.add(a.org_id)
    }
    const expected = assigned.size
    // the demo has 20 enterprises, all of them 各商贸企业 of the seed plan
    expect(expected).toBeGreaterThan(10)

    const boardAnswer = (check: (q: URLSearchParams) => boolean) =>
      page.waitForResponse((r) => {
        const u = new URL(r.url())
        return r.request().method() === 'GET' && /^\/api\/campaigns\/[^/]+\/board$/.test(u.pathname) && check(u.searchParams)
      })
    const kindButton = page.getByTestId('board-unit-kind').locator('label').filter({ hasText: /^\s*企业\s*$/ })
    const firstPage = boardAnswer((q) => q.get('unit_kind') === 'enterprise' && q.get('page') === '1')
    await kindButton.click()
    expect((await firstPage).status()).toBe(200)
    const pager = page.getByTestId('board-enterprise-pager')
    await expect(pager).toBeVisible()
    expect(await pagerTotal(pager)).toBe(expected)
    await expect(page.getByTestId('board-summary')).toContainText('责任事项')
    await expect(page.getByTestId('board-groups')).toBeVisible()
    await expect(page.getByText('企业按未完成事项多的在前排列')).toBeVisible()
    const rows = page.getByTestId('board-matrix').getByTestId('board-unit-row')
    await expect(rows).toHaveCount(Math.min(expected, 50))
    const names = async () => (await rows.locator('th').allInnerTexts()).map((t) => t.trim())

    // 10 a page: page 1, then page 2 shows other enterprises
    const tenAPage = boardAnswer((q) => q.get('page_size') === '10' && q.get('page') === '1')
    await pager.locator('.el-pagination__sizes .el-select').click()
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: /^\s*10\s*条\/页/ }).click()
    await tenAPage
    await expect(rows).toHaveCount(10)
    await page.waitForLoadState('networkidle')
    await page.getByTestId('board-summary').screenshot({ path: path.join(SCREENSHOT_DIR, 'board-enterprises-summary.png') })
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'board-enterprises.png'), fullPage: true })
    const page1 = await names()
    const secondPage = boardAnswer((q) => q.get('page_size') === '10' && q.get('page') === '2')
    await pager.locator('.btn-next').click()
    await secondPage
    await expect(rows).toHaveCount(Math.min(expected - 10, 10))
    await expect(rows.first().locator('th')).not.toHaveText(page1[0])
    const page2 = await names()
    expect(page2.filter((n) => page1.includes(n))).toEqual([])
    expect(await pagerTotal(pager)).toBe(expected)

    // a name: just that enterprise, back on page 1
    const name = page1[0]
    const searched = boardAnswer((q) => q.get('unit_q') === name && q.get('page') === '1')
    await page.getByTestId('board-enterprise-search').fill(name)
    await page.getByTestId('board-enterprise-search').press('Enter')
    await searched
    await expect(rows).toHaveCount(1)
    await expect(rows.first().locator('th')).toHaveText(name)
    expect(await pagerTotal(pager)).toBe(1)
    await expect(page.getByTestId('board-summary')).toBeVisible()
  })
})

test('the import wizard refuses to confirm while a unit phrase is unresolved', async ({ page }) => {
  const suffix = uniqueSuffix()
  const title = `2021年测试方案（e2e ${suffix}）`
  const plan = [
    '2021年测试方案',
    '一、重点任务',
    '1. 开展燃气安全检查。（牵头单位：局政策法规科。责任单位：市消防支队、各区商务局。完成时限：6月底前）',
  ].join('\n')

  await login(page, 'zhengfa')
  await openNav(page, 'campaign-import', /\/campaigns\/import$/)
  await page.getByTestId('import-text').fill(plan)
  const preview = apiResponse(page, 'POST', /^\/api\/campaigns\/preview$/)
  await page.getByTestId('import-parse').click()
  const previewRes = await preview
  expect(previewRes.status()).toBe(200)
  expect(((await previewRes.json()) as { unresolved: string[] }).unresolved).toEqual(['市消防支队'])

  const rows = page.getByTestId('import-task-row')
  await expect(rows).toHaveCount(1)
  const unresolved = rows.first().getByTestId('import-unresolved')
  await expect(unresolved).toHaveCount(1)
  await expect(unresolved).toHaveText('市消防支队')
  await expect(unresolved).toHaveClass(/el-tag--danger/)
  await expect(rows.first()).toContainText('1 个单位写法未识别')
  await expect(page.getByTestId('import-warnings')).toContainText('市消防支队')
  await expect(page.getByTestId('import-confirm')).toBeDisabled()
  await expect(page.getByTestId('import-blockers')).toContainText('还有 1 个单位写法未识别，请指定单位或删除')

  await test.step('maps 市消防支队 to 海口市安全生产委员会办公室 in the unit picker', async () => {
    await unresolved.click()
    const dialog = page.getByTestId('import-map-dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('市消防支队')
    await expect(page.getByTestId('import-map-confirm')).toBeDisabled()
    const select = page.getByTestId('import-map-units')
    await select.click()
    const search = apiResponse(page, 'GET', /^\/api\/orgs$/)
    await select.locator('input').fill('安全生产委员会')
    await search
    await page
      .locator('.el-select-dropdown__item')
      .filter({ visible: true })
      .filter({ hasText: /^\s*海口市安全生产委员会办公室/ })
      .click()
    await expect(select).toContainText('海口市安全生产委员会办公室')
    // The dropdown of the multiple select stays open over the buttons. The search text is kept
    // after a pick (reserve-keyword): the first Escape clears it, the second closes the dropdown
    // (only the dropdown, not the dialog).
    const input = select.locator('input')
    await input.press('Escape')
    await expect(input).toHaveValue('')
    await input.press('Escape')
    await expect(page.locator('.el-select-dropdown__item').filter({ visible: true })).toHaveCount(0)
    await expect(dialog).toBeVisible()
    await page.getByTestId('import-map-confirm').click()
    await expect(dialog).toBeHidden()
  })

  await expect(page.getByTestId('import-unresolved')).toHaveCount(0)
  await expect(rows.first().getByTestId('import-entry').filter({ hasText: '市消防支队' })).toHaveCount(1)
  await expect(page.getByTestId('import-blockers')).toHaveCount(0)
  await expect(page.getByTestId('import-confirm')).toBeEnabled()

  await page.getByTestId('import-title').fill(title)
  const created = apiResponse(page, 'POST', /^\/api\/campaigns$/)
  await page.getByTestId('import-confirm').click()
  const res = await created
  expect(res.status()).toBe(201)
  const body = res.request().postDataJSON() as {
    title: string
    tasks: { responsible: { phrase: string; unit_ids?: string[]; group_id?: string }[] }[]
  }
  expect(body.title).toBe(title)
  const mapped = body.tasks[0].responsible.find((e) => e.phrase === '市消防支队')
  expect(mapped?.unit_ids).toHaveLength(1)
  expect(mapped?.group_id).toBeUndefined()
  const campaign = (await res.json()) as CampaignSummary
  expect(campaign.task_count).toBe(1)
  // 海口市安全生产委员会办公室 + the four district bureaus
  expect(campaign.assignment_count).toBe(5)
  const result = page.getByTestId('import-result')
  await expect(result).toContainText('1 项任务')
  await expect(result).toContainText('5 个责任单位分工')

  await page.getByTestId('import-open-campaign').click()
  await expect(page).toHaveURL(new RegExp(`/campaigns/${campaign.id}$`))
  await page.getByTestId('task-row').first().click()
  const units = await assignmentUnits(page)
  expect(units.sort()).toEqual(['海口市安全生产委员会办公室', ...DISTRICTS].sort())
})

/** Types a percent into the number input of the 完成进度 slider of the report dialog. */
async function setPercent(page: Page, percent: number): Promise<void> {
  const slider = page.getByTestId('report-percent')
  const input = slider.locator('.el-input-number input')
  await input.fill(String(percent))
  await input.press('Tab')
  await expect(slider.getByRole('slider')).toHaveAttribute('aria-valuenow', String(percent))
}
