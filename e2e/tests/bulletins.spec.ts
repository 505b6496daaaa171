// 通报 (docs/api-accountability.md) through the browser — the acceptance test:
// - arranged through the API as zhengfa: the seed plan imported under a title unique to the run,
//   plus a task for 琼山区商务局 whose deadline lies in the middle of last month, so that 琼山区商务局
//   has an overdue assignment in the period;
// - zhengfa opens 通报, 生成通报 with the default period (last month), lands in the editor of the
//   draft: the facts aside list 琼山区商务局 among the units with overdue tasks and the draft's text
//   names it; 印发 without a number shows 请填写文号 and sends nothing; with a number it is saved
//   and issued (→ 已印发, read-only);
// - 下载Word gives a .docx whose text has the title, the number and 琼山区商务局.
// Written against the contract before the server existed: run it once the server is there.
import path from 'node:path'
import { expect, test, type Locator, type Page, type Request } from '@playwright/test'
import { apiLogin, apiResponse, chinaToday, FIXTURE_DIR, importPlanViaApi, login, openNav, tableSettled, uniqueSuffix } from './helpers'
import { docxText } from './docx'

const SEED_FILE = path.join(FIXTURE_DIR, 'haikou-commerce-2021.txt')
const SEED_TITLE = '海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案'
const UNIT = '琼山区商务局'

/** First and last day of the month before today (China time). */
function lastMonth(): { from: string; to: string; mid: string } {
  const [y, m] = chinaToday().split('-').map(Number)
  const year = m === 1 ? y - 1 : y
  const month = m === 1 ? 12 : m - 1
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const mm = String(month).padStart(2, '0')
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${days}`, mid: `${year}-${mm}-10` }
}

function field(page: Page, testId: string): Locator {
  const el = page.getByTestId(testId)
  return el.locator('xpath=self::input | self::textarea').or(el.locator('input, textarea')).first()
}

test('通报: zhengfa drafts last month’s bulletin naming the overdue unit, issues it with a number, downloads the .docx', async ({ page, request }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const period = lastMonth()
  const taskText = `组织开展夜间经营场所消防安全专项检查（e2e 通报 ${suffix}）`
  const number = `海商安通〔${period.from.slice(0, 4)}〕${(Date.now() % 90_000) + 10_000}号`

  // ---- arrange: 琼山区商务局 overdue in last month
  const campaign = await importPlanViaApi(request, SEED_FILE, `${SEED_TITLE}（e2e 通报 ${suffix}）`)
  const zf = await apiLogin(request, 'zhengfa')
  const orgs = (await (await zf.get(`/api/orgs?q=${encodeURIComponent(UNIT)}&page_size=5`)).json()) as { items: { id: string; name: string }[] }
  const unit = orgs.items.find((o) => o.name === UNIT)
  expect(unit, UNIT).toBeTruthy()
  const created = await zf.post(`/api/campaigns/${campaign.id}/tasks`, {
    section: '',
    section_number: '',
    number: '',
    text: taskText,
    deadline: { text: `${Number(period.mid.slice(5, 7))}月10日前`, kind: 'by', start: null, end: period.mid, period: null },
    lead: [],
    responsible: [{ phrase: UNIT, unit_ids: [unit!.id] }],
  })
  expect(created.status(), `task: ${await created.text()}`).toBe(201)

  await login(page, 'zhengfa')
  let bulletinId = ''
  let title = ''

  await test.step('生成通报 with the default period (last month) opens the draft', async () => {
    await openNav(page, 'bulletins', /\/bulletins$/)
    await tableSettled(page, 'bulletin-table')
    await page.getByTestId('bulletin-generate').click()
    await expect(page.getByTestId('bulletin-generate-dialog')).toBeVisible()
    await expect(page.getByTestId('bulletin-period-from').locator('input')).toHaveValue(period.from)
    await expect(page.getByTestId('bulletin-period-to').locator('input')).toHaveValue(period.to)
    const drafted = apiResponse(page, 'POST', /^\/api\/bulletins\/draft$/)
    await page.getByTestId('bulletin-generate-confirm').click()
    const res = await drafted
    expect(res.status(), `draft: ${await res.text()}`).toBe(201)
    expect(res.request().postDataJSON()).toEqual({ period_from: period.from, period_to: period.to })
    const b = (await res.json()) as {
      id: string
      title: string
      state: string
      sections: { heading: string; paragraphs: string[] }[]
      facts: { overdue_units: { name: string }[] }
    }
    expect(b.state).toBe('draft')
    expect(b.facts.overdue_units.map((u) => u.name)).toContain(UNIT)
    expect(b.sections.map((s) => s.heading)).toEqual(expect.arrayContaining([expect.stringContaining('存在的问题')]))
    expect(b.sections.flatMap((s) => s.paragraphs).join('\n')).toContain(UNIT)
    bulletinId = b.id
    title = b.title
    await expect(page).toHaveURL(new RegExp(`/bulletins/${bulletinId}$`))
  })

  await test.step('the editor shows the draft naming the unit, and the facts aside', async () => {
    await expect(page.getByTestId('bulletin-state')).toHaveText('草稿')
    await expect(field(page, 'bulletin-title')).toHaveValue(title)
    await expect(page.getByTestId('bulletin-facts-overdue_units')).toContainText(UNIT)
    const paragraphs = await page
      .getByTestId('bulletin-paragraph')
      .locator('textarea')
      .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))
    expect(paragraphs.join('\n')).toContain(UNIT)
  })

  await test.step('印发 without a number is refused on the 文号 field; with one it is issued', async () => {
    const sent: Request[] = []
    const onRequest = (r: Request) => {
      if (new URL(r.url()).pathname.startsWith(`/api/bulletins/${bulletinId}`) && r.method() !== 'GET') sent.push(r)
    }
    page.on('request', onRequest)
    await page.getByTestId('bulletin-issue').click()
    await expect(page.getByTestId('bulletin-editor')).toContainText('请填写文号')
    page.off('request', onRequest)
    expect(sent).toHaveLength(0)

    await field(page, 'bulletin-number').fill(number)
    const saved = apiResponse(page, 'PUT', new RegExp(`^/api/bulletins/${bulletinId}$`))
    const issued = apiResponse(page, 'POST', new RegExp(`^/api/bulletins/${bulletinId}/issue$`))
    await page.getByTestId('bulletin-issue').click()
    await page.locator('.el-message-box').getByRole('button', { name: '印发' }).click()
    const put = await saved
    expect(put.status(), `save: ${await put.text()}`).toBe(200)
    expect(put.request().postDataJSON()).toMatchObject({ title, number })
    const res = await issued
    expect(res.status(), `issue: ${await res.text()}`).toBe(200)
    expect(((await res.json()) as { state: string }).state).toBe('issued')
    await expect(page.getByTestId('bulletin-state')).toHaveText('已印发')
    // read-only now
    await expect(page.getByTestId('bulletin-issue')).toHaveCount(0)
    await expect(page.getByTestId('bulletin-number-text')).toHaveText(number)
    await expect(page.getByTestId('bulletin-read')).toContainText(UNIT)
  })

  await test.step('下载Word: the .docx has the title, the number and the unit', async () => {
    const downloaded = page.waitForEvent('download')
    const answered = apiResponse(page, 'GET', new RegExp(`^/api/bulletins/${bulletinId}/docx$`))
    await page.getByTestId('bulletin-docx').click()
    expect((await answered).status()).toBe(200)
    const download = await downloaded
    expect(download.suggestedFilename()).toMatch(/\.docx$/)
    const text = await docxText(await download.path())
    expect(text).toContain(title)
    expect(text).toContain(number)
    expect(text).toContain(UNIT)
  })

  await test.step('the list shows it issued with its number', async () => {
    await openNav(page, 'bulletins', /\/bulletins$/)
    await tableSettled(page, 'bulletin-table')
    const row = page.getByTestId('bulletin-row').filter({ hasText: number })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('bulletin-state')).toHaveText('已印发')
  })
})
