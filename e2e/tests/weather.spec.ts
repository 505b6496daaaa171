// 极端天气预警 (docs/api-weather.md) through the browser:
// - zhengfa (政策法规科, weather.write) imports the CAP file fixtures/typhoon-haikou.xml (海口市
//   气象台 台风橙色预警 for 秀英区、龙华区、琼山区、美兰区): the preview shows the four districts,
//   确认发布 creates it, and the list shows it as 台风 橙色;
// - qiye1 (an enterprise of 秀英区) sees the notification in the bell and the warning in its
//   list, opens it, 确认收到, ticks two actions, writes a note and reports → 已报告;
// - zhengfa sees qiye1's enterprise as 已报告, and 已确认 / 已报告 moved by one.
// The fixture is issued for 2021-10-12…14 and carries a fixed <identifier>; the test uploads it
// with its times moved to now (in force for two days) and the run's suffix in the identifier,
// so the warning is in force while the enterprise acknowledges it and the same CAP identifier
// never meets the 409 of a second import.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test'
import { apiResponse, FIXTURE_DIR, login, openNav, selectOption, tableSettled, uniqueSuffix } from './helpers'

const CAP_FILE = path.join(FIXTURE_DIR, 'typhoon-haikou.xml')
const ENTERPRISE = '海口秀英椰城购物广场有限公司' // qiye1's enterprise (seed)

/** A CAP time (CAP 1.2: `2021-10-12T09:30:00+08:00`) in China time, `offsetMs` from now. */
function capTime(offsetMs = 0): string {
  const d = new Date(Date.now() + offsetMs + 8 * 3600_000)
  return `${d.toISOString().slice(0, 19)}+08:00`
}

/** The fixture with its times moved to now and an identifier unique to the run. */
async function capFileNow(suffix: string): Promise<Buffer> {
  const xml = await fs.readFile(CAP_FILE, 'utf8')
  const from = capTime(-5 * 60_000)
  const out = xml
    .replace(/<identifier>([^<]*)<\/identifier>/, (_m, id: string) => `<identifier>${id}_e2e${suffix}</identifier>`)
    .replace(/<sent>[^<]*<\/sent>/, `<sent>${from}</sent>`)
    .replace(/<effective>[^<]*<\/effective>/, `<effective>${from}</effective>`)
    .replace(/<onset>[^<]*<\/onset>/, `<onset>${from}</onset>`)
    .replace(/<expires>[^<]*<\/expires>/, `<expires>${capTime(2 * 86_400_000)}</expires>`)
  return Buffer.from(out, 'utf8')
}

/** A new browser context (its own cookies) logged in as `username`. */
async function userPage(browser: Browser, testInfo: TestInfo, contexts: BrowserContext[], username: string): Promise<Page> {
  const opts = testInfo.project.use
  const context = await browser.newContext({
    baseURL: opts.baseURL,
    locale: opts.locale,
    timezoneId: opts.timezoneId,
    viewport: opts.viewport ?? { width: 1366, height: 768 },
  })
  contexts.push(context)
  const page = await context.newPage()
  await login(page, username)
  return page
}

interface Counts {
  confirmed: number
  reported: number
  pending: number
}

/** 已确认 / 已报告 / 待确认 as the detail page shows them. */
async function countsOf(page: Page): Promise<Counts> {
  const n = async (part: string) => Number((await page.getByTestId(`weather-progress-${part}`).innerText()).trim())
  return { confirmed: await n('confirmed'), reported: await n('reported'), pending: await n('pending') }
}

test('台风橙色预警: CAP import, the enterprise acknowledges and reports, the bureau sees it', async ({ browser }, testInfo) => {
  test.setTimeout(240_000)
  const suffix = uniqueSuffix()
  const note = `已加固门店招牌和户外广告牌，停止户外作业（e2e ${suffix}）`
  const contexts: BrowserContext[] = []
  try {
    const staff = await userPage(browser, testInfo, contexts, 'zhengfa')
    let warningId = ''
    let title = ''
    let before!: Counts

    await test.step('zhengfa imports the CAP file: preview with the four districts, 确认发布', async () => {
      await openNav(staff, 'weather', /\/weather$/)
      await tableSettled(staff, 'weather-table')
      await staff.getByTestId('weather-import-cap').click()
      await expect(staff.getByTestId('weather-cap-dialog')).toBeVisible()
      const previewed = apiResponse(staff, 'POST', /^\/api\/weather-warnings\/cap$/)
      await staff.getByTestId('weather-cap-file').setInputFiles({ name: 'typhoon-haikou.xml', mimeType: 'text/xml', buffer: await capFileNow(suffix) })
      const res = await previewed
      expect(new URL(res.url()).searchParams.get('preview')).toBe('true')
      expect(res.status(), `CAP preview → ${await res.text()}`).toBe(200)

      const preview = staff.getByTestId('weather-cap-preview')
      await expect(preview).toBeVisible()
      await expect(staff.getByTestId('weather-cap-tag')).toHaveAttribute('data-kind', 'typhoon')
      await expect(staff.getByTestId('weather-cap-tag')).toHaveAttribute('data-colour', 'orange')
      await expect(staff.getByTestId('weather-cap-tag')).toContainText('台风')
      await expect(staff.getByTestId('weather-cap-tag')).toContainText('橙色')
      await expect(staff.getByTestId('weather-cap-district')).toHaveText(['秀英区', '龙华区', '琼山区', '美兰区'])
      await expect(staff.getByTestId('weather-cap-unmatched')).toHaveCount(0)
      await expect(staff.getByTestId('weather-cap-error')).toHaveCount(0)
      title = (await staff.getByTestId('weather-cap-title').innerText()).trim()

      const imported = apiResponse(staff, 'POST', /^\/api\/weather-warnings\/cap$/)
      await staff.getByTestId('weather-cap-confirm').click()
      const created = await imported
      expect(new URL(created.url()).searchParams.get('preview')).toBeNull()
      expect(created.status(), `CAP import → ${await created.text()}`).toBe(201)
      const w = (await created.json()) as { id: string; kind: string; colour: string; active: boolean; counts: { total: number } }
      expect(w).toMatchObject({ kind: 'typhoon', colour: 'orange', active: true })
      expect(w.counts.total).toBeGreaterThan(0)
      warningId = w.id
      await expect(staff.getByTestId('weather-cap-dialog')).toBeHidden()
    })

    await test.step('the list shows it as 台风 橙色', async () => {
      await tableSettled(staff, 'weather-table')
      const row = staff.getByTestId('weather-row').filter({ hasText: title }).first()
      await expect(row).toBeVisible()
      const tag = row.getByTestId('weather-tag')
      await expect(tag).toHaveAttribute('data-kind', 'typhoon')
      await expect(tag).toHaveAttribute('data-colour', 'orange')
      await expect(tag.getByTestId('weather-tag-kind')).toHaveText('台风')
      await expect(tag.getByTestId('weather-tag-colour')).toContainText('橙色')
      await expect(row.getByTestId('weather-status')).toHaveText('生效中')
      await expect(row.getByTestId('weather-row-districts')).toHaveText('秀英区、龙华区、琼山区、美兰区')

      await staff.goto(`/weather/${warningId}`)
      await expect(staff.getByTestId('weather-title')).toHaveText(title)
      await tableSettled(staff, 'weather-ack-table')
      before = await countsOf(staff)
      expect(before.pending).toBeGreaterThan(0)
    })

    const qiye = await userPage(browser, testInfo, contexts, 'qiye1')

    await test.step('qiye1 sees the notification in the bell and the warning in its list', async () => {
      await expect(qiye.getByTestId('bell-badge')).toBeVisible()
      await qiye.getByTestId('bell').click()
      await expect(qiye.getByTestId('bell-item').filter({ hasText: '台风' }).first()).toBeVisible()
      await qiye.getByTestId('bell').click() // closes the popover again
      await expect(qiye.getByTestId('bell-list')).toBeHidden()

      await openNav(qiye, 'weather', /\/weather$/)
      await tableSettled(qiye, 'weather-table')
      const row = qiye.getByTestId('weather-row').filter({ hasText: title }).first()
      await expect(row).toBeVisible()
      await expect(row.getByTestId('weather-tag')).toHaveAttribute('data-colour', 'orange')
      await expect(row.getByTestId('weather-my-state')).toHaveText('待确认')
      await row.getByTestId('weather-open').click()
      await expect(qiye).toHaveURL(new RegExp(`/weather/${warningId}$`))
    })

    await test.step('qiye1: 确认收到, then ticks two actions, writes a note and reports → 已报告', async () => {
      const card = qiye.getByTestId('weather-my-ack')
      await expect(qiye.getByTestId('weather-my-ack-state')).toHaveText('待确认')
      const acked = apiResponse(qiye, 'POST', /^\/api\/weather-warnings\/[^/]+\/ack$/)
      await qiye.getByTestId('weather-ack-confirm').click()
      expect((await acked).status()).toBe(200)
      await expect(qiye.getByTestId('weather-my-ack-state')).toHaveText('已确认')
      await expect(card).toHaveAttribute('data-state', 'acknowledged')

      const actions = qiye.getByTestId('weather-report-action')
      expect(await actions.count()).toBeGreaterThanOrEqual(2)
      await actions.nth(0).click()
      await actions.nth(1).click()
      await qiye.getByTestId('weather-report-note').fill(note)
      const reported = apiResponse(qiye, 'POST', /^\/api\/weather-warnings\/[^/]+\/report$/)
      await qiye.getByTestId('weather-report-submit').click()
      const res = await reported
      expect(res.status(), `report → ${await res.text()}`).toBe(200)
      expect(res.request().postDataJSON()).toEqual({ done: [0, 1], note, photos: [] })

      await expect(qiye.getByTestId('weather-my-ack-state')).toHaveText('已报告')
      await expect(qiye.getByTestId('weather-my-report-note')).toHaveText(note)
      await expect(qiye.getByTestId('weather-my-report-action').and(qiye.locator('[data-done="true"]'))).toHaveCount(2)
    })

    await test.step('zhengfa sees the enterprise as 已报告 and the counts moved', async () => {
      await staff.reload()
      await expect(staff.getByTestId('weather-title')).toHaveText(title)
      await tableSettled(staff, 'weather-ack-table')
      await selectOption(staff, 'weather-acks-filter-state', '已报告')
      await tableSettled(staff, 'weather-ack-table')
      const row = staff.getByTestId('weather-ack-row').filter({ hasText: ENTERPRISE })
      await expect(row).toHaveCount(1)
      await expect(row.getByTestId('weather-ack-state')).toHaveText('已报告')

      await expect.poll(() => countsOf(staff)).toEqual({
        confirmed: before.confirmed + 1,
        reported: before.reported + 1,
        pending: before.pending - 1,
      })
    })
  } finally {
    for (const c of contexts) await c.close()
  }
})
