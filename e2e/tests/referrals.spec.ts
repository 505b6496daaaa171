// 函送执法 (docs/api-accountability.md) through the browser — the acceptance test:
// - a hazard of qiye1's enterprise (秀英区) is reported through the API by xiuying;
// - xiuying (秀英区商务局, referral.write) opens it, 函送执法 leads to /referrals/new?hazard_id=
//   with the enterprise pre-filled (GET /api/referrals/prefill); the form is addressed to
//   海口市综合行政执法局 and 保存并函送 creates and sends it (→ 已函送, numbered 海商函〔year〕N号);
//   下载函件 gives a .docx whose text names the enterprise;
// - zhifa (海口市综合行政执法局, referral.handle) sees it in 函送执法, 接收 → 已接收, records
//   办理情况 → 办理中, 反馈结果 with the result and the penalty → 已反馈结果;
// - xiuying sees 已反馈结果, the result text and the timeline (函送, 接收, 办理, 结果).
// Written against the contract before the server existed: run it once the server is there.
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test'
import { apiResponse, chinaToday, DEMO_PASSWORD, login, openNav, photoPng, selectOption, tableRows, tableSettled, uniqueSuffix } from './helpers'
import { docxText } from './docx'

const ENTERPRISE = '海口秀英椰城购物广场有限公司' // qiye1's enterprise (seed)
const AGENCY = '海口市综合行政执法局'

/** A new browser context (its own cookies) logged in as `username`. */
async function userPage(browser: Browser, testInfo: TestInfo, contexts: BrowserContext[], username: string): Promise<Page> {
  const opts = testInfo.project.use
  const context = await browser.newContext({
    baseURL: opts.baseURL,
    locale: opts.locale,
    timezoneId: opts.timezoneId,
    viewport: opts.viewport ?? { width: 1366, height: 768 },
    acceptDownloads: true,
  })
  contexts.push(context)
  const page = await context.newPage()
  await login(page, username)
  return page
}

/** An API session of its own for `username`. */
async function apiSession(request: APIRequestContext, username: string) {
  const res = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } })
  expect(res.status(), `API login of ${username}`).toBe(200)
  const headers = { 'X-CSRF-Token': ((await res.json()) as { csrf_token: string }).csrf_token }
  return {
    get: (url: string) => request.get(url, { headers }),
    post: (url: string, data: unknown) => request.post(url, { headers, data }),
    photo: async (seed: number) => {
      const up = await request.post('/api/photos', { headers, multipart: { file: { name: `照片${seed}.png`, mimeType: 'image/png', buffer: photoPng(48, 36, seed) } } })
      expect(up.status(), 'POST /api/photos').toBe(201)
      return ((await up.json()) as { id: string }).id
    },
  }
}

/** The native input or textarea of an el-input carrying `testId` (Element Plus may put the id on either). */
function field(page: Page, testId: string): Locator {
  const el = page.getByTestId(testId)
  return el.locator('xpath=self::input | self::textarea').or(el.locator('input, textarea')).first()
}

/** Fills the date picker whose wrapper carries `testId`. */
async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input')
  await input.fill(date)
  await input.press('Enter')
  await expect(input).toHaveValue(date)
}

/** Opens a step dialog of the referral page, fills it and confirms; answers the new detail. */
async function step(page: Page, name: 'receive' | 'action' | 'result', fill: Record<string, string>, path: RegExp): Promise<{ state: string }> {
  await page.getByTestId(`referral-step-${name}`).click()
  const dialog = page.getByTestId('referral-step-dialog')
  await expect(dialog).toBeVisible()
  for (const [testId, value] of Object.entries(fill)) await field(page, testId).fill(value)
  const answered = apiResponse(page, 'POST', path)
  await page.getByTestId('referral-step-confirm').click()
  const res = await answered
  expect(res.status(), `${name}: ${await res.text()}`).toBe(200)
  await expect(dialog).toBeHidden()
  return (await res.json()) as { state: string }
}

test('函送执法: xiuying refers a hazard to 综合行政执法局, zhifa receives, acts and answers, xiuying sees the result', async ({ browser, playwright }, testInfo) => {
  test.setTimeout(240_000)
  const suffix = uniqueSuffix()
  const description = `安全出口被货物堵塞，拒不整改（e2e 函送 ${suffix}）`
  const violation = `安全出口、疏散通道被货物堵塞，经责令仍未改正（e2e ${suffix}）`
  const actionNote = `已立案调查（e2e ${suffix}）`
  const resultText = `已责令立即清理安全出口并处罚款（e2e ${suffix}）`
  const penalty = '罚款人民币2万元'
  const contexts: BrowserContext[] = []
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
  try {
    // ---- arrange: a hazard of qiye1's enterprise, reported by 秀英区商务局
    const xiuyingApi = await apiSession(request, 'xiuying')
    const ents = (await (await xiuyingApi.get(`/api/enterprises?q=${encodeURIComponent(ENTERPRISE)}&page_size=5`)).json()) as { items: { id: string; name: string }[] }
    const enterprise = ents.items.find((e) => e.name === ENTERPRISE)
    expect(enterprise, 'the seed enterprise of qiye1').toBeTruthy()
    const categories = (await (await xiuyingApi.get('/api/hazard-categories')).json()) as { id: string; name: string }[]
    expect(categories.length).toBeGreaterThan(0)
    const reported = await xiuyingApi.post('/api/hazards', {
      enterprise_id: enterprise!.id,
      source: 'district_check',
      category_id: categories[0].id,
      level: 'general',
      description,
      location: '一层东侧安全出口',
      found_on: chinaToday(),
      deadline: chinaToday(7),
      photos: [await xiuyingApi.photo(11)],
    })
    expect(reported.status(), `hazard: ${await reported.text()}`).toBe(201)
    const hazard = (await reported.json()) as { id: string }

    const xiuying = await userPage(browser, testInfo, contexts, 'xiuying')
    let referralId = ''
    let number = ''

    await test.step('xiuying: the hazard’s 函送执法 opens the form pre-filled from the hazard', async () => {
      await xiuying.goto(`/hazards/${hazard.id}`)
      await expect(xiuying.getByTestId('hazard-description')).toHaveText(description)
      const prefill = apiResponse(xiuying, 'GET', /^\/api\/referrals\/prefill$/)
      await xiuying.getByTestId('hazard-referral').click()
      await expect(xiuying).toHaveURL(new RegExp(`/referrals/new\\?hazard_id=${hazard.id}`))
      const res = await prefill
      expect(new URL(res.url()).searchParams.get('hazard_id')).toBe(hazard.id)
      expect(res.status(), `prefill: ${await res.text()}`).toBe(200)
      expect(((await res.json()) as { enterprise_id: string }).enterprise_id).toBe(enterprise!.id)
      await expect(xiuying.getByTestId('referral-form-enterprise')).toContainText(ENTERPRISE)
      await expect(xiuying.getByTestId('referral-prefill-note')).toBeVisible()
    })

    await test.step('xiuying fills the form to 海口市综合行政执法局 and sends it', async () => {
      await selectOption(xiuying, 'referral-form-agency', AGENCY)
      await field(xiuying, 'referral-form-violation').fill(violation)
      await field(xiuying, 'referral-form-legal-basis').fill('《中华人民共和国安全生产法》第一百零五条；《中华人民共和国消防法》第六十条')
      await field(xiuying, 'referral-form-evidence').fill('现场检查记录1份，现场照片1张')
      await fillDate(xiuying, 'referral-form-reply-by', chinaToday(30))
      await field(xiuying, 'referral-form-contact-name').fill('陈专干')
      await field(xiuying, 'referral-form-contact-phone').fill('0898-68720000')

      const created = apiResponse(xiuying, 'POST', /^\/api\/referrals$/)
      const sent = apiResponse(xiuying, 'POST', /^\/api\/referrals\/[^/]+\/send$/)
      await xiuying.getByTestId('referral-form-send').click()
      await xiuying.locator('.el-message-box').getByRole('button', { name: '函送' }).click()
      const c = await created
      expect(c.status(), `create: ${await c.text()}`).toBe(201)
      const body = c.request().postDataJSON() as Record<string, unknown>
      expect(body).toMatchObject({ enterprise_id: enterprise!.id, source: 'hazard', hazard_id: hazard.id, violation, reply_by: chinaToday(30), contact_name: '陈专干' })
      const s = await sent
      expect(s.status(), `send: ${await s.text()}`).toBe(200)
      const r = (await s.json()) as { id: string; state: string; number: string; agency_name: string }
      expect(r).toMatchObject({ state: 'sent', agency_name: AGENCY })
      expect(r.number).toMatch(/^海商函〔\d{4}〕\d+号$/)
      referralId = r.id
      number = r.number
      await expect(xiuying).toHaveURL(new RegExp(`/referrals/${referralId}$`))
      await expect(xiuying.getByTestId('referral-state')).toHaveText('已函送')
      await expect(xiuying.getByTestId('referral-number')).toHaveText(number)
      await expect(xiuying.getByTestId('referral-violation')).toHaveText(violation)
    })

    await test.step('xiuying downloads the letter: a .docx naming the enterprise', async () => {
      const downloaded = xiuying.waitForEvent('download')
      const answered = apiResponse(xiuying, 'GET', new RegExp(`^/api/referrals/${referralId}/letter$`))
      await xiuying.getByTestId('referral-letter').click()
      expect((await answered).status()).toBe(200)
      const download = await downloaded
      expect(download.suggestedFilename()).toMatch(/\.docx$/)
      const file = await download.path()
      const text = await docxText(file)
      expect(text).toContain(ENTERPRISE)
      expect(text).toContain(AGENCY)
    })

    const zhifa = await userPage(browser, testInfo, contexts, 'zhifa')

    await test.step('zhifa sees it in 函送执法 (addressed to it) and opens it', async () => {
      await openNav(zhifa, 'referrals', /\/referrals$/)
      await tableSettled(zhifa, 'referral-table')
      const row = tableRows(zhifa, 'referral-table').filter({ hasText: number })
      await expect(row).toHaveCount(1)
      await expect(row).toContainText(ENTERPRISE)
      await expect(row.getByTestId('referral-state')).toHaveText('已函送')
      await row.getByTestId('referral-open').click()
      await expect(zhifa).toHaveURL(new RegExp(`/referrals/${referralId}$`))
      // the agency has no referring steps
      await expect(zhifa.getByTestId('referral-step-withdraw')).toHaveCount(0)
      await expect(zhifa.getByTestId('referral-step-follow-up')).toHaveCount(0)
    })

    await test.step('zhifa 接收, records 办理情况, 反馈结果', async () => {
      const received = await step(zhifa, 'receive', { 'referral-step-note': '已转执法一大队办理' }, new RegExp(`^/api/referrals/${referralId}/receive$`))
      expect(received.state).toBe('received')
      await expect(zhifa.getByTestId('referral-state')).toHaveText('已接收')

      const acting = await step(zhifa, 'action', { 'referral-step-note': actionNote }, new RegExp(`^/api/referrals/${referralId}/action$`))
      expect(acting.state).toBe('acting')
      await expect(zhifa.getByTestId('referral-state')).toHaveText('办理中')

      await zhifa.getByTestId('referral-step-result').click()
      await expect(zhifa.getByTestId('referral-step-dialog')).toBeVisible()
      // the result is required: nothing is sent without it
      await zhifa.getByTestId('referral-step-confirm').click()
      await expect(zhifa.getByTestId('referral-step-dialog')).toContainText('请填写处理结果')
      await field(zhifa, 'referral-step-result').fill(resultText)
      await field(zhifa, 'referral-step-penalty').fill(penalty)
      const answered = apiResponse(zhifa, 'POST', new RegExp(`^/api/referrals/${referralId}/result$`))
      await zhifa.getByTestId('referral-step-confirm').click()
      const res = await answered
      expect(res.status(), `result: ${await res.text()}`).toBe(200)
      expect(res.request().postDataJSON()).toMatchObject({ result: resultText, penalty })
      await expect(zhifa.getByTestId('referral-state')).toHaveText('已反馈结果')
    })

    await test.step('xiuying sees 已反馈结果, the result and the timeline', async () => {
      await xiuying.reload()
      await expect(xiuying.getByTestId('referral-state')).toHaveText('已反馈结果')
      await expect(xiuying.getByTestId('referral-result')).toHaveText(resultText)
      await expect(xiuying.getByTestId('referral-penalty')).toHaveText(penalty)
      await expect(xiuying.getByTestId('referral-action-text')).toContainText(actionNote)
      const events = xiuying.getByTestId('referral-event')
      const actions = await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
      // newest first; the server may also record the creation of the draft
      expect(actions.slice(0, 4)).toEqual(['conclude', 'act', 'receive', 'send'])
      await expect(xiuying.getByTestId('referral-timeline')).toContainText(actionNote)
      await expect(xiuying.getByTestId('referral-timeline')).toContainText(AGENCY)
      // nothing left to do for the referring unit
      await expect(xiuying.getByTestId('referral-step-follow-up')).toHaveCount(0)
      await expect(xiuying.getByTestId('referral-step-withdraw')).toHaveCount(0)
    })
  } finally {
    for (const c of contexts) await c.close()
    await request.dispose()
  }
})
