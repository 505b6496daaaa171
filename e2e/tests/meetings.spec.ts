// 专班会议 (docs/api-accountability.md) through the browser — the acceptance test:
// - the seed plan is imported through the API as zhengfa (政策法规科 owns the campaign) under a
//   title unique to the run;
// - zhengfa records a 专班会议 (记录会议 drawer), adds a decision (决定事项) for 秀英区商务局 with a
//   deadline, 转为任务 into that campaign, follows the link to the new task and sees the decision's
//   text with 秀英区商务局 as the responsible unit and the deadline.
// Written against the contract before the server existed: run it once the server is there.
import path from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { apiResponse, chinaToday, escapeRegExp, FIXTURE_DIR, importPlanViaApi, login, openNav, tableRows, tableSettled, uniqueSuffix } from './helpers'

const SEED_FILE = path.join(FIXTURE_DIR, 'haikou-commerce-2021.txt')
const SEED_TITLE = '海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案'
const UNIT = '秀英区商务局'

function field(page: Page, testId: string): Locator {
  const el = page.getByTestId(testId)
  return el.locator('xpath=self::input | self::textarea').or(el.locator('input, textarea')).first()
}

async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input')
  await input.fill(date)
  await input.press('Enter')
  await expect(input).toHaveValue(date)
}

/** Picks `name` in the remote-searching org picker wrapped by `testId`. */
async function pickOrg(page: Page, testId: string, name: string): Promise<void> {
  const wrapper = page.getByTestId(testId)
  await wrapper.locator('.el-select').click()
  const search = apiResponse(page, 'GET', /^\/api\/orgs$/)
  await wrapper.locator('input').first().fill(name)
  await search
  await page
    .locator('.el-select-dropdown__item')
    .filter({ visible: true })
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(name)}`) })
    .first()
    .click()
  await expect(wrapper).toContainText(name)
  await page.keyboard.press('Escape')
}

test('专班会议: a decision for 秀英区商务局 becomes a task of zhengfa’s campaign', async ({ page, request }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const campaignTitle = `${SEED_TITLE}（e2e 专班 ${suffix}）`
  const meetingTitle = `商务系统安全生产专项整治工作专班会议（e2e ${suffix}）`
  const decisionText = `秀英区商务局牵头对辖区大型商场开展消防通道专项整治（e2e ${suffix}）`
  const deadline = chinaToday(30)
  const campaign = await importPlanViaApi(request, SEED_FILE, campaignTitle)

  await login(page, 'zhengfa')
  let meetingId = ''
  let taskId = ''

  await test.step('记录会议: a 专班会议 with title, date, place, host, topics and minutes', async () => {
    await openNav(page, 'meetings', /\/meetings$/)
    await tableSettled(page, 'meeting-table')
    await page.getByTestId('meeting-new').click()
    await expect(page.getByTestId('meeting-form')).toBeVisible()
    await expect(page.getByTestId('meeting-form-kind-task_force')).toHaveClass(/is-active/)
    await field(page, 'meeting-form-title').fill(meetingTitle)
    await fillDate(page, 'meeting-form-held-on', chinaToday())
    await field(page, 'meeting-form-location').fill('市商务局三楼会议室')
    await field(page, 'meeting-form-host').fill('王局长')
    await field(page, 'meeting-form-attendees').fill('局各科室负责人、各区商务局分管领导')
    await field(page, 'meeting-form-topics').fill('研究解决商场消防通道堵塞问题')
    await field(page, 'meeting-form-minutes').fill('会议听取了各区工作进展汇报，研究部署下一步工作。')
    const created = apiResponse(page, 'POST', /^\/api\/meetings$/)
    await page.getByTestId('meeting-form-submit').click()
    const res = await created
    expect(res.status(), `meeting: ${await res.text()}`).toBe(201)
    expect(res.request().postDataJSON()).toMatchObject({ kind: 'task_force', title: meetingTitle, held_on: chinaToday(), enterprise_ids: [] })
    meetingId = ((await res.json()) as { id: string }).id
    await expect(page).toHaveURL(new RegExp(`/meetings/${meetingId}$`))
    await expect(page.getByTestId('meeting-title')).toHaveText(meetingTitle)
  })

  await test.step('新增决定事项 for 秀英区商务局 with a deadline', async () => {
    await page.getByTestId('decision-add').click()
    await expect(page.getByTestId('decision-dialog')).toBeVisible()
    await field(page, 'decision-content').fill(decisionText)
    await pickOrg(page, 'decision-units', UNIT)
    await fillDate(page, 'decision-deadline', deadline)
    const added = apiResponse(page, 'POST', new RegExp(`^/api/meetings/${meetingId}/decisions$`))
    await page.getByTestId('decision-submit').click()
    const res = await added
    expect(res.status(), `decision: ${await res.text()}`).toBe(201)
    const body = res.request().postDataJSON() as { content: string; unit_ids: string[]; deadline: string }
    expect(body).toMatchObject({ content: decisionText, deadline })
    expect(body.unit_ids).toHaveLength(1)
    await expect(page.getByTestId('decision-dialog')).toBeHidden()
    const row = tableRows(page, 'decision-table').filter({ hasText: decisionText })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('decision-units-text')).toHaveText(UNIT)
    await expect(row).toContainText(deadline)
  })

  await test.step('转为任务 into the campaign, then the link to the task', async () => {
    const row = tableRows(page, 'decision-table').filter({ hasText: decisionText })
    await row.getByTestId('decision-to-task').click()
    const dialog = page.getByTestId('campaign-task-dialog')
    await expect(dialog).toBeVisible()
    const select = page.getByTestId('campaign-task-campaign')
    await select.click()
    await select.locator('input').fill(suffix)
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: campaignTitle }).first().click()
    await expect(select).toContainText(suffix)
    const converted = apiResponse(page, 'POST', /^\/api\/meeting-decisions\/[^/]+\/task$/)
    await page.getByTestId('campaign-task-confirm').click()
    const res = await converted
    expect([200, 201], `task: ${await res.text()}`).toContain(res.status())
    expect(res.request().postDataJSON()).toEqual({ campaign_id: campaign.id })
    taskId = ((await res.json()) as { task_id: string }).task_id
    expect(taskId).toBeTruthy()
    await expect(page.getByTestId('campaign-task-link')).toBeVisible()
    await page.getByTestId('campaign-task-link').click()
    await expect(page).toHaveURL(new RegExp(`/tasks/${taskId}$`))
  })

  await test.step('the task shows the decision with 秀英区商务局 responsible', async () => {
    await expect(page.getByTestId('task-text')).toContainText(decisionText)
    const assignments = tableRows(page, 'assignment-table')
    await expect(assignments).toHaveCount(1)
    await expect(assignments.first()).toContainText(UNIT)
  })

  await test.step('back on the meeting, the decision links its task and cannot be deleted', async () => {
    await page.goto(`/meetings/${meetingId}`)
    const row = tableRows(page, 'decision-table').filter({ hasText: decisionText })
    await expect(row.getByTestId('decision-task-link')).toBeVisible()
    await expect(row.getByTestId('decision-delete')).toHaveCount(0)
    await expect(page.getByTestId('meeting-delete')).toBeDisabled()
  })
})
