// 隐患排查治理 (docs/api-hazards.md) through the browser:
// - a 一般隐患: qiye1 reports it on a phone with two photos (/hazards/new), 秀英区商务局 finds it
//   in 隐患台账, qiye1 rectifies and submits it with an after photo, 秀英区商务局 returns it (a
//   reason is required), qiye1 submits again, 秀英区商务局 accepts it: 已销号, and the 全过程记录
//   reads as the process;
// - a 重大隐患 reported by 秀英区商务局: no 提交验收 before 挂牌督办, 政策法规科 supervises it,
//   qiye1 submits the 整改方案 (an empty part is named) and the rectification, only the
//   supervising unit accepts it;
// - the 隐患台账 export (.xlsx read back with exceljs), a self-check with 未发现隐患 and the
//   自查情况 page, the 统计分析 cards, and another district's hazard being "not found".
// Each test makes its own hazards (descriptions carry a suffix unique to the run), so any
// subset runs in any order on the shared server.
import path from 'node:path'
import ExcelJS from 'exceljs'
import {
  expect,
  test as base,
  type APIRequestContext,
  type APIResponse,
  type BrowserContext,
  type Page,
  type Request,
  type Response,
} from '@playwright/test'
import {
  apiResponse,
  chinaToday,
  DEMO_PASSWORD,
  login,
  openNav,
  photoPng,
  SCREENSHOT_DIR,
  selectOption,
  tableSettled,
  uniqueSuffix,
} from './helpers'

// ---------------------------------------------------------------------------
// types of the answers read here (docs/api-hazards.md)

interface FileBrief {
  id: string
  name: string
  has_thumb: boolean
}
interface HazardEvent {
  action: string
  action_label: string
  comment: string | null
}
interface HazardDetail {
  id: string
  code: string
  state: string
  level: string
  enterprise_id: string
  enterprise_name: string
  photos: FileBrief[]
  after_photos: FileBrief[]
  verified_by_name: string | null
  closed_on: string | null
  events: HazardEvent[]
  actions: string[]
}
interface StatsRow {
  found: number
  closed: number
  open: number
  overdue: number
  on_spot: number
  rate: number
}
interface Stats {
  rows: (StatsRow & { key: string; label: string })[]
  total: StatsRow
}
interface Me {
  user: { org_id: string; org_name: string }
}

// ---------------------------------------------------------------------------
// fixtures: more than one user at a time (each in its own browser context), and API sessions

/** iPhone-sized: 390 × 844, touch, mobile viewport. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }

interface Api {
  get: (url: string) => Promise<APIResponse>
  post: (url: string, data: unknown) => Promise<APIResponse>
  /** `POST /api/photos` with a generated PNG; answers the photo's id */
  photo: (seed?: number) => Promise<string>
  /** a step or a report that must succeed; answers the new detail */
  ok: (url: string, data: unknown, status?: number) => Promise<HazardDetail>
  me: () => Promise<Me>
}

const test = base.extend<{
  /** a page of a new browser context (desktop, or `'phone'`) logged in as `username` */
  userPage: (username: string, device?: 'desktop' | 'phone') => Promise<Page>
  /** an API session of its own (cookies and CSRF token) for `username` */
  api: (username: string) => Promise<Api>
}>({
  userPage: async ({ browser }, use, testInfo) => {
    const contexts: BrowserContext[] = []
    await use(async (username, device = 'desktop') => {
      const opts = testInfo.project.use
      const context = await browser.newContext({
        baseURL: opts.baseURL,
        locale: opts.locale,
        timezoneId: opts.timezoneId,
        ...(device === 'phone' ? PHONE : { viewport: opts.viewport ?? { width: 1366, height: 768 } }),
      })
      contexts.push(context)
      const page = await context.newPage()
      await login(page, username)
      return page
    })
    // on failure, a picture of every user's page (the default `page` fixture is not used here)
    if (testInfo.status !== testInfo.expectedStatus) {
      let n = 0
      for (const c of contexts) {
        for (const p of c.pages()) {
          const file = testInfo.outputPath(`user-page-${++n}.png`)
          await p.screenshot({ path: file, fullPage: true }).catch(() => {})
          testInfo.attachments.push({ name: `user-page-${n}`, path: file, contentType: 'image/png' })
        }
      }
    }
    for (const c of contexts) await c.close()
  },
  api: async ({ playwright }, use, testInfo) => {
    const sessions: APIRequestContext[] = []
    await use(async (username) => {
      const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
      sessions.push(request)
      const res = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } })
      expect(res.status(), `API login of ${username}`).toBe(200)
      const headers = { 'X-CSRF-Token': ((await res.json()) as { csrf_token: string }).csrf_token }
      const api: Api = {
        get: (url) => request.get(url, { headers }),
        post: (url, data) => request.post(url, { headers, data }),
        photo: async (seed = 0) => {
          const up = await request.post('/api/photos', {
            headers,
            multipart: { file: { name: `照片${seed}.png`, mimeType: 'image/png', buffer: photoPng(48, 36, seed) } },
          })
          expect(up.status(), 'POST /api/photos').toBe(201)
          return ((await up.json()) as FileBrief).id
        },
        ok: async (url, data, status = 200) => {
          const r = await request.post(url, { headers, data })
          expect(r.status(), `${username}: POST ${url} → ${await r.text()}`).toBe(status)
          return (await r.json()) as HazardDetail
        },
        me: async () => (await (await request.get('/api/auth/me', { headers })).json()) as Me,
      }
      return api
    })
    for (const s of sessions) await s.dispose()
  },
})

// ---------------------------------------------------------------------------
// small steps

const CATEGORY_EXITS = '疏散通道和安全出口'
const CATEGORY_POWER = '用电安全'

/** The category id of a name in the 隐患类别 dictionary. */
async function categoryId(api: Api, name: string): Promise<string> {
  const list = (await (await api.get('/api/hazard-categories')).json()) as { id: string; name: string }[]
  const c = list.find((x) => x.name === name)
  expect(c, `隐患类别 ${name}`).toBeTruthy()
  return c!.id
}

/** Waits until every photo of the uploader `testId` is uploaded and shows its server thumbnail. */
async function photosDone(page: Page, testId: string, count: number): Promise<void> {
  const items = page.getByTestId(testId).getByTestId('photo-item')
  await expect(items).toHaveCount(count)
  for (let i = 0; i < count; i++) {
    const item = items.nth(i)
    await expect(item).toHaveAttribute('data-status', 'done')
    await expect(item.locator('[aria-label="已上传"]')).toBeVisible()
    const img = item.locator('img')
    await expect(img).toHaveAttribute('src', /^\/api\/files\/[^/?]+\?thumb=true$/)
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { message: 'thumbnail loads' }).toBeGreaterThan(0)
  }
}

/** Every photo of a gallery on the detail page is a loaded thumbnail. */
async function galleryLoaded(page: Page, testId: string, count: number): Promise<void> {
  const photos = page.getByTestId(testId).getByTestId('gallery-photo')
  await expect(photos).toHaveCount(count)
  for (let i = 0; i < count; i++) {
    const img = photos.nth(i).locator('img')
    await expect(img).toHaveAttribute('src', /\?thumb=true$/)
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { message: 'gallery thumbnail loads' }).toBeGreaterThan(0)
  }
}

/** The step buttons the detail page offers now. */
async function actionButtons(page: Page): Promise<string[]> {
  await expect(page.getByTestId('hazard-code')).toBeVisible()
  return page.locator('[data-testid^="hazard-action-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))
}

/** Opens a step dialog (开始整改 / 验收通过 / 退回整改), types the comment and confirms; answers the new detail. */
async function commentStep(page: Page, step: 'start' | 'accept' | 'return', comment: string): Promise<HazardDetail> {
  await page.getByTestId(`hazard-action-${step}`).click()
  const dialog = page.getByTestId('hazard-step-dialog')
  await expect(dialog).toBeVisible()
  await expect(page.getByTestId('hazard-step-comment')).toHaveValue('')
  if (comment) await page.getByTestId('hazard-step-comment').fill(comment)
  const answered = apiResponse(page, 'POST', new RegExp(`^/api/hazards/[^/]+/${step}$`))
  await page.getByTestId('hazard-step-confirm').click()
  const res = await answered
  expect(res.status(), `${step}: ${await res.text()}`).toBe(200)
  expect(res.request().postDataJSON()).toEqual(comment ? { comment } : step === 'return' ? { comment: '' } : {})
  await expect(dialog).toBeHidden()
  return (await res.json()) as HazardDetail
}

/** 整改完成，提交验收 with one after photo and a note, through the dialog; answers the new detail. */
async function submitRectification(page: Page, note: string, seed: number): Promise<HazardDetail> {
  await page.getByTestId('hazard-action-submit').click()
  const dialog = page.getByTestId('submit-dialog')
  await expect(dialog).toBeVisible()
  await page.getByTestId('submit-photos-input').setInputFiles({ name: `整改后${seed}.png`, mimeType: 'image/png', buffer: photoPng(64, 48, seed) })
  await photosDone(page, 'submit-photos', 1)
  await page.getByTestId('submit-comment').fill(note)
  const answered = apiResponse(page, 'POST', /^\/api\/hazards\/[^/]+\/submit$/)
  await page.getByTestId('submit-confirm').click()
  const res = await answered
  expect(res.status(), `submit: ${await res.text()}`).toBe(200)
  const body = res.request().postDataJSON() as { photos: string[]; comment: string }
  expect(body.photos).toHaveLength(1)
  expect(body.comment).toBe(note)
  await expect(dialog).toBeHidden()
  return (await res.json()) as HazardDetail
}

/** Requests sent to a path while `during` runs (for "nothing is sent"). */
async function requestsDuring(page: Page, path: RegExp, during: () => Promise<void>): Promise<Request[]> {
  const seen: Request[] = []
  const onRequest = (r: Request) => {
    if (path.test(new URL(r.url()).pathname)) seen.push(r)
  }
  page.on('request', onRequest)
  try {
    await during()
  } finally {
    page.off('request', onRequest)
  }
  return seen
}

/** Types a date into the input of a date picker wrapped by `testId` and closes its panel. */
async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input')
  await input.fill(date)
  await input.press('Enter')
  await expect(input).toHaveValue(date)
}

/** The document is not wider than the screen. */
async function fitsWidth(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }
  })
  expect(scrollWidth, 'page is not wider than the phone').toBeLessThanOrEqual(clientWidth + 1)
}

/** Reports a hazard through the API (photos uploaded first); answers the detail. */
async function reportViaApi(api: Api, body: Record<string, unknown>, seed = 1): Promise<HazardDetail> {
  const photos = [await api.photo(seed)]
  const extra: Record<string, unknown> = {}
  if (body.fixed_on_spot) extra.after_photos = [await api.photo(seed + 100)]
  return api.ok('/api/hazards', { photos, ...extra, ...body }, 201)
}

/** A 一般隐患 of qiye1's enterprise taken to 已销号 by 秀英区商务局, through the API. */
async function closedGeneralViaApi(qiye: Api, xiuying: Api, body: Record<string, unknown>): Promise<HazardDetail> {
  const h = await reportViaApi(qiye, body, 3)
  await qiye.ok(`/api/hazards/${h.id}/start`, {})
  await qiye.ok(`/api/hazards/${h.id}/submit`, { photos: [await qiye.photo(4)], comment: '已整改' })
  return xiuying.ok(`/api/hazards/${h.id}/accept`, { comment: '整改到位' })
}

const PLAN = {
  goal: '彻底消除配电房线路老化隐患，恢复供电系统安全运行',
  methods: '更换老化电缆和配电柜，增设漏电保护和温度监测',
  funds: '预算 8.5 万元，由企业安全生产费用列支',
  organization: '工程部牵头，经理任组长，电工班 3 人实施',
  schedule: '十日内完成更换，三日内完成调试和验收准备',
  safety: '施工期间分区停电、挂牌上锁，配备灭火器材和应急照明',
}

// ---------------------------------------------------------------------------

test('一般隐患: qiye1 reports it on a phone with two photos, rectifies it; 秀英区商务局 returns it once, then accepts it', async ({ userPage, api }) => {
  test.setTimeout(240_000)
  const suffix = uniqueSuffix()
  const description = `二楼东侧安全出口被货物堵塞（e2e ${suffix}）`
  const firstNote = `已清理堵塞货物，安全出口畅通（e2e ${suffix}）`
  const reason = `安全出口指示灯仍不亮，请一并整改（e2e ${suffix}）`
  const secondNote = `已更换安全出口指示灯并清理通道（e2e ${suffix}）`
  const today = chinaToday()
  const enterprise = (await (await api('qiye1')).me()).user.org_name

  const phone = await userPage('qiye1', 'phone')
  let hazard!: HazardDetail

  await test.step('qiye1 (phone) opens 上报隐患 from 隐患台账: the page /hazards/new', async () => {
    await expect(phone.locator('aside.sidebar')).toHaveCount(0)
    await phone.getByTestId('menu-toggle').click()
    await phone.getByTestId('nav-hazards').click()
    await expect(phone).toHaveURL(/\/hazards$/)
    await tableSettled(phone, 'hazard-table')
    await fitsWidth(phone)
    await phone.getByTestId('hazard-report').click()
    await expect(phone).toHaveURL(/\/hazards\/new$/)
    await expect(phone.getByTestId('hazard-form')).toContainText('上报隐患')
    // enterprise users neither pick the enterprise nor the source
    await expect(phone.getByTestId('hazard-form-enterprise')).toHaveCount(0)
    await expect(phone.getByTestId('hazard-form-source')).toHaveCount(0)
    // on a phone the photo tile offers the camera (capture) and the album
    await expect(phone.getByTestId('hazard-photos').getByTestId('photo-add')).toContainText('拍照')
    await expect(phone.getByTestId('hazard-photos-input')).toHaveAttribute('capture', 'environment')
    await expect(phone.getByTestId('hazard-photos-album')).not.toHaveAttribute('capture', /.*/)
  })

  await test.step('two photos upload one by one with progress, then show their thumbnails', async () => {
    // hold the uploads at the server's door to see them in progress
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    await phone.route('**/api/photos', async (route) => {
      await gate
      await route.continue()
    })
    const answers: Response[] = []
    const onResponse = (r: Response) => {
      if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/photos') answers.push(r)
    }
    phone.on('response', onResponse)

    await phone.getByTestId('hazard-photos-input').setInputFiles({ name: '现场照片1.png', mimeType: 'image/png', buffer: photoPng(64, 48, 1) })
    await phone.getByTestId('hazard-photos-album').setInputFiles({ name: '现场照片2.png', mimeType: 'image/png', buffer: photoPng(80, 60, 2) })
    const items = phone.getByTestId('hazard-photos').getByTestId('photo-item')
    await expect(items).toHaveCount(2)
    for (let i = 0; i < 2; i++) {
      await expect(items.nth(i)).toHaveAttribute('data-status', 'uploading')
      await expect(items.nth(i).locator('.state-text')).toHaveText(/^\d{1,2}%$/)
      await expect(items.nth(i).locator('.el-progress')).toBeVisible()
    }
    await expect(items.nth(0)).toHaveAttribute('title', '现场照片1.png')
    await expect(items.nth(1)).toHaveAttribute('title', '现场照片2.png')
    await expect(phone.getByTestId('hazard-form-submit')).toBeDisabled()
    await expect(phone.getByTestId('hazard-form-blocker')).toContainText('照片正在上传，请稍候')

    release()
    await photosDone(phone, 'hazard-photos', 2)
    await expect.poll(() => answers.length).toBe(2)
    phone.off('response', onResponse)
    await phone.unroute('**/api/photos')
    for (const r of answers) {
      expect(r.status()).toBe(201)
      expect(((await r.json()) as FileBrief).has_thumb).toBe(true)
    }
    await expect(phone.getByTestId('hazard-photos')).toContainText('已上传 2/9 张')
    await expect(phone.getByTestId('hazard-form-blocker')).toHaveCount(0)
    await expect(phone.getByTestId('hazard-form-submit')).toBeEnabled()
  })

  await test.step('fills the hazard and 上报: the detail page shows 待整改 and both photos', async () => {
    await selectOption(phone, 'hazard-form-category', CATEGORY_EXITS)
    await phone.getByTestId('hazard-form-description').fill(description)
    await phone.getByTestId('hazard-form-location').fill('二楼东侧安全出口')
    await phone.getByTestId('hazard-form-measures').fill('清理堵塞货物，设置禁止堆放标识')
    await phone.getByTestId('hazard-form-responsible').fill('王店长')
    await expect(phone.getByTestId('hazard-form-deadline').locator('input')).toHaveValue(chinaToday(30))
    await fitsWidth(phone)
    await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-hazard-new.png'), fullPage: true, animations: 'disabled' })

    const created = apiResponse(phone, 'POST', /^\/api\/hazards$/)
    await phone.getByTestId('hazard-form-submit').click()
    const res = await created
    expect(res.status(), await res.text()).toBe(201)
    const body = res.request().postDataJSON() as Record<string, unknown>
    expect(body).toMatchObject({ description, level: 'general', location: '二楼东侧安全出口', responsible: '王店长', found_on: today, deadline: chinaToday(30) })
    expect(body.photos).toHaveLength(2)
    expect(body).not.toHaveProperty('enterprise_id')
    expect(body).not.toHaveProperty('source')
    hazard = (await res.json()) as HazardDetail
    expect(hazard.state).toBe('pending')
    expect(hazard.enterprise_name).toBe(enterprise)

    await expect(phone).toHaveURL(new RegExp(`/hazards/${hazard.id}$`))
    await expect(phone.getByTestId('hazard-code')).toHaveText(hazard.code)
    await expect(phone.getByTestId('hazard-state')).toHaveText('待整改')
    await expect(phone.getByTestId('hazard-level')).toHaveText('一般隐患')
    await expect(phone.getByTestId('hazard-description')).toHaveText(description)
    await galleryLoaded(phone, 'hazard-photos-gallery', 2)
    await expect(phone.getByTestId('hazard-after-photos-gallery')).toHaveText('尚未上传整改后照片')
    await expect(phone.getByTestId('hazard-info')).toContainText('企业自查')
    await expect(phone.getByTestId('hazard-info')).toContainText(CATEGORY_EXITS)
    const events = phone.getByTestId('hazard-event')
    await expect(events).toHaveCount(1)
    await expect(events.first()).toHaveAttribute('data-action', 'report')
    expect(await actionButtons(phone)).toEqual(expect.arrayContaining(['hazard-action-start', 'hazard-action-submit']))
    await fitsWidth(phone)
    await phone.waitForLoadState('networkidle')
    await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-hazard-detail.png'), fullPage: true, animations: 'disabled' })
  })

  const desk = await userPage('xiuying')

  await test.step('xiuying filters 隐患台账 on 待整改, finds it and opens it: no 开始整改 for the district', async () => {
    await openNav(desk, 'hazards', /\/hazards$/)
    await tableSettled(desk, 'hazard-table')
    const listed = apiResponse(desk, 'GET', /^\/api\/hazards$/)
    await selectOption(desk, 'hazard-filter-state', '待整改')
    const res = await listed
    expect(new URL(res.url()).searchParams.get('state')).toBe('pending')
    await expect(desk).toHaveURL(/[?&]state=pending\b/)
    await tableSettled(desk, 'hazard-table')
    const states = await desk.getByTestId('hazard-table').getByTestId('hazard-state').allInnerTexts()
    expect(states.length).toBeGreaterThan(0)
    expect(new Set(states.map((s) => s.trim()))).toEqual(new Set(['待整改']))

    const row = desk.getByTestId('hazard-row').filter({ hasText: description })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText(hazard.code)
    await expect(row).toContainText(enterprise)
    await expect(row).toContainText(CATEGORY_EXITS)
    await expect(row).toContainText('企业自查')
    await expect.poll(() => row.getByTestId('hazard-thumb').locator('img').evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    await row.getByTestId('hazard-open').click()
    await expect(desk).toHaveURL(new RegExp(`/hazards/${hazard.id}$`))
    await expect(desk.getByTestId('hazard-state')).toHaveText('待整改')
    await galleryLoaded(desk, 'hazard-photos-gallery', 2)
    const buttons = await actionButtons(desk)
    expect(buttons).not.toContain('hazard-action-start')
    expect(buttons).not.toContain('hazard-action-submit')
    expect(buttons).not.toContain('hazard-action-accept')
    expect(buttons).toContain('hazard-action-change-level')
  })

  await test.step('qiye1 starts rectification and submits it with an after photo: 待验收', async () => {
    const started = await commentStep(phone, 'start', '')
    expect(started.state).toBe('rectifying')
    await expect(phone.getByTestId('hazard-state')).toHaveText('整改中')
    expect(await actionButtons(phone)).toEqual(['hazard-action-submit'])

    const submitted = await submitRectification(phone, firstNote, 11)
    expect(submitted.state).toBe('verifying')
    await expect(phone.getByTestId('hazard-state')).toHaveText('待验收')
    await galleryLoaded(phone, 'hazard-after-photos-gallery', 1)
    await expect(phone.getByTestId('hazard-info')).toContainText(firstNote)
    // nothing left for the enterprise while it waits for verification
    await expect(phone.getByTestId('hazard-actions')).toHaveCount(0)
    await fitsWidth(phone)
  })

  await test.step('xiuying returns it: without a reason the dialog refuses, with one it goes back to 整改中', async () => {
    await desk.reload()
    await expect(desk.getByTestId('hazard-state')).toHaveText('待验收')
    await galleryLoaded(desk, 'hazard-after-photos-gallery', 1)
    await desk.getByTestId('hazard-action-return').click()
    const dialog = desk.getByTestId('hazard-step-dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('退回整改')
    const sent = await requestsDuring(desk, /\/return$/, async () => {
      await desk.getByTestId('hazard-step-confirm').click()
      await expect(dialog.locator('.el-form-item__error')).toHaveText('请填写退回原因')
      await desk.getByTestId('hazard-step-comment').fill('   ')
      await desk.getByTestId('hazard-step-confirm').click()
      await expect(dialog.locator('.el-form-item__error')).toHaveText('请填写退回原因')
      await expect(dialog).toBeVisible()
    })
    expect(sent, 'no 退回 request without a reason').toHaveLength(0)
    await dialog.getByRole('button', { name: '取消' }).click()
    await expect(dialog).toBeHidden()
    await expect(desk.getByTestId('hazard-state')).toHaveText('待验收')

    const returned = await commentStep(desk, 'return', reason)
    expect(returned.state).toBe('rectifying')
    await expect(desk.getByTestId('hazard-state')).toHaveText('整改中')
    await expect(desk.getByTestId('hazard-head')).toContainText('退回 1 次')
    const event = desk.locator('[data-testid="hazard-event"][data-action="return"]')
    await expect(event).toHaveCount(1)
    await expect(event).toContainText('验收不通过，退回整改')
    await expect(event).toContainText(`退回原因：${reason}`)
    await expect(event).toContainText('陈专干')
    await expect(event).toContainText('待验收 → 整改中')
  })

  await test.step('qiye1 sees the reason, submits again; xiuying accepts: 已销号', async () => {
    await phone.reload()
    await expect(phone.getByTestId('hazard-state')).toHaveText('整改中')
    await expect(phone.locator('[data-testid="hazard-event"][data-action="return"]')).toContainText(reason)
    expect(await actionButtons(phone)).toEqual(['hazard-action-submit'])
    const again = await submitRectification(phone, secondNote, 12)
    expect(again.state).toBe('verifying')
    await expect(phone.getByTestId('hazard-state')).toHaveText('待验收')

    await desk.reload()
    await expect(desk.getByTestId('hazard-state')).toHaveText('待验收')
    const closed = await commentStep(desk, 'accept', '经现场复查，整改到位')
    expect(closed.state).toBe('closed')
    expect(closed.verified_by_name).toBe('陈专干')
    expect(closed.closed_on).toBe(today)
    await expect(desk.getByTestId('hazard-state')).toHaveText('已销号')
    await expect(desk.getByTestId('hazard-actions')).toHaveCount(0)
    const info = desk.getByTestId('hazard-info')
    await expect(info.locator('.el-descriptions__cell').filter({ hasText: /^验收人$/ }).locator('xpath=following-sibling::*[1]')).toHaveText('陈专干')
    await expect(info.locator('.el-descriptions__cell').filter({ hasText: /^销号时间$/ }).locator('xpath=following-sibling::*[1]')).toContainText(today)
  })

  await test.step('the 全过程记录 reads as the process, oldest first', async () => {
    const events = desk.getByTestId('hazard-event')
    await expect(events).toHaveCount(6)
    await expect(events.locator('.ev-head .el-tag')).toHaveText([
      '上报隐患',
      '开始整改',
      '整改完成，提交验收',
      '验收不通过，退回整改',
      '整改完成，提交验收',
      '验收通过，销号',
    ])
    expect(await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual(['report', 'start', 'submit', 'return', 'submit', 'accept'])
    await expect(events.nth(0)).toContainText('秀英企业安全员')
    await expect(events.nth(2)).toContainText(firstNote)
    await expect(events.nth(4)).toContainText(secondNote)
    await expect(events.nth(5)).toContainText('经现场复查，整改到位')
    // the after photos travel with their submit events
    await expect(events.nth(2).getByTestId('hazard-event-attachment')).toHaveCount(1)
    await expect(events.nth(4).getByTestId('hazard-event-attachment')).toHaveCount(1)

    // and the enterprise sees the same end
    await phone.reload()
    await expect(phone.getByTestId('hazard-state')).toHaveText('已销号')
    await expect(phone.getByTestId('hazard-actions')).toHaveCount(0)
    await expect(phone.getByTestId('hazard-event')).toHaveCount(6)
  })
})

test('重大隐患: no 提交验收 before 挂牌督办; 政策法规科 supervises, qiye1 submits the plan and the rectification, only 政策法规科 accepts', async ({ userPage, api }) => {
  test.setTimeout(240_000)
  const suffix = uniqueSuffix()
  const description = `配电房电缆老化破损，存在短路起火风险（e2e ${suffix}）`
  const superviseDeadline = chinaToday(10)
  const superviseNote = `限期完成整改，期间加强巡查（e2e ${suffix}）`
  const note = `已更换全部老化电缆和配电柜（e2e ${suffix}）`
  const qiyeApi = await api('qiye1')
  const enterprise = (await qiyeApi.me()).user.org_name
  let hazard!: HazardDetail

  const xiuying = await userPage('xiuying')

  await test.step('xiuying reports a 重大隐患 of qiye1’s enterprise (区局检查) through the drawer', async () => {
    await openNav(xiuying, 'hazards', /\/hazards$/)
    await xiuying.getByTestId('hazard-report').click()
    const drawer = xiuying.getByTestId('hazard-form')
    await expect(drawer).toBeVisible()
    await expect(xiuying).toHaveURL(/\/hazards$/)

    const select = xiuying.getByTestId('hazard-form-enterprise')
    await select.click()
    const search = apiResponse(xiuying, 'GET', /^\/api\/enterprises$/)
    await select.locator('input').fill('椰城')
    await search
    await xiuying.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: enterprise }).first().click()
    await expect(select).toContainText(enterprise)
    await selectOption(xiuying, 'hazard-form-source', '区局检查')
    await selectOption(xiuying, 'hazard-form-category', CATEGORY_POWER)
    await xiuying.getByTestId('hazard-form-level').getByText('重大隐患').click()
    await expect(drawer).toContainText('重大隐患须挂牌督办')
    // 即查即改 is not offered for a 重大隐患; the default deadline is 15 days
    await expect(xiuying.getByTestId('hazard-form-fixed')).toHaveCount(0)
    await expect(xiuying.getByTestId('hazard-form-deadline').locator('input')).toHaveValue(chinaToday(15))
    await xiuying.getByTestId('hazard-form-description').fill(description)
    await xiuying.getByTestId('hazard-form-location').fill('负一层配电房')
    await xiuying.getByTestId('hazard-photos-input').setInputFiles({ name: '配电房.png', mimeType: 'image/png', buffer: photoPng(72, 54, 5) })
    await photosDone(xiuying, 'hazard-photos', 1)

    const created = apiResponse(xiuying, 'POST', /^\/api\/hazards$/)
    await xiuying.getByTestId('hazard-form-submit').click()
    const res = await created
    expect(res.status(), await res.text()).toBe(201)
    expect(res.request().postDataJSON()).toMatchObject({ source: 'district_check', level: 'major', description, deadline: chinaToday(15) })
    hazard = (await res.json()) as HazardDetail
    expect(hazard.enterprise_name).toBe(enterprise)

    await expect(xiuying).toHaveURL(new RegExp(`/hazards/${hazard.id}$`))
    await expect(xiuying.getByTestId('hazard-state')).toHaveText('待整改')
    await expect(xiuying.getByTestId('hazard-level')).toHaveText('重大隐患')
    await expect(xiuying.getByTestId('hazard-supervision')).toContainText('尚未挂牌督办')
    await expect(xiuying.getByTestId('hazard-plan')).toContainText('尚未提交整改方案')
    await expect(xiuying.getByTestId('hazard-info')).toContainText('区局检查')
  })

  const qiye = await userPage('qiye1')

  await test.step('qiye1 cannot submit for verification before 挂牌督办 (no button; the server refuses too)', async () => {
    await qiye.goto(`/hazards/${hazard.id}`)
    await expect(qiye.getByTestId('hazard-state')).toHaveText('待整改')
    const buttons = await actionButtons(qiye)
    expect(buttons).toEqual(expect.arrayContaining(['hazard-action-start', 'hazard-action-submit-plan']))
    expect(buttons).not.toContain('hazard-action-submit')
    const refused = await qiyeApi.post(`/api/hazards/${hazard.id}/submit`, { photos: [await qiyeApi.photo(6)] })
    expect(refused.status()).toBe(409)
    expect(((await refused.json()) as { detail: string }).detail).toBe('重大隐患须先由区商务局或市商务局挂牌督办')
  })

  const zhengfa = await userPage('zhengfa')

  await test.step('zhengfa (政策法规科) 挂牌督办 with a deadline: 市级挂牌督办', async () => {
    await zhengfa.goto(`/hazards/${hazard.id}`)
    await expect(zhengfa.getByTestId('hazard-state')).toHaveText('待整改')
    await zhengfa.getByTestId('hazard-action-supervise').click()
    const dialog = zhengfa.getByTestId('supervise-dialog')
    await expect(dialog).toBeVisible()
    await expect(zhengfa.getByTestId('supervise-deadline').locator('input')).toHaveValue(chinaToday(15))
    await fillDate(zhengfa, 'supervise-deadline', superviseDeadline)
    await zhengfa.getByTestId('supervise-comment').fill(superviseNote)
    const answered = apiResponse(zhengfa, 'POST', /^\/api\/hazards\/[^/]+\/supervise$/)
    await zhengfa.getByTestId('supervise-confirm').click()
    const res = await answered
    expect(res.status(), await res.text()).toBe(200)
    expect(res.request().postDataJSON()).toEqual({ deadline: superviseDeadline, comment: superviseNote })
    await expect(dialog).toBeHidden()
    await expect(zhengfa.getByTestId('hazard-supervised')).toHaveText('市级挂牌督办')
    const block = zhengfa.getByTestId('hazard-supervision')
    await expect(block).toContainText('政策法规科')
    await expect(block).toContainText(superviseDeadline)
    await expect(block).toContainText('李科长')
    await expect(block).toContainText(superviseNote)
    await expect(zhengfa.locator('[data-testid="hazard-event"][data-action="supervise"]')).toContainText(`督办期限：${superviseDeadline}`)
  })

  await test.step('qiye1: still no 提交验收 without the plan; an empty part of the 整改方案 is named', async () => {
    await qiye.reload()
    await expect(qiye.getByTestId('hazard-supervised')).toHaveText('市级挂牌督办')
    expect(await actionButtons(qiye)).not.toContain('hazard-action-submit')
    await qiye.getByTestId('hazard-action-submit-plan').click()
    const dialog = qiye.getByTestId('plan-dialog')
    await expect(dialog).toBeVisible()
    for (const [key, text] of Object.entries(PLAN)) if (key !== 'funds') await qiye.getByTestId(`plan-${key}`).fill(text)
    const sent = await requestsDuring(qiye, /\/plan$/, async () => {
      await qiye.getByTestId('plan-confirm').click()
      const errors = dialog.locator('.el-form-item__error')
      await expect(errors).toHaveText(['请填写经费和物资'])
      await expect(dialog.locator('.el-form-item').filter({ has: qiye.getByTestId('plan-funds') }).locator('.el-form-item__error')).toHaveText('请填写经费和物资')
    })
    expect(sent, 'no plan is sent with an empty part').toHaveLength(0)

    await qiye.getByTestId('plan-funds').fill(PLAN.funds)
    const answered = apiResponse(qiye, 'POST', /^\/api\/hazards\/[^/]+\/plan$/)
    await qiye.getByTestId('plan-confirm').click()
    const res = await answered
    expect(res.status(), await res.text()).toBe(200)
    expect((res.request().postDataJSON() as { plan: unknown }).plan).toEqual(PLAN)
    await expect(dialog).toBeHidden()
    const plan = qiye.getByTestId('hazard-plan')
    for (const text of Object.values(PLAN)) await expect(plan).toContainText(text)
    await expect(plan).toContainText('安全措施和应急预案')
    await expect(qiye.getByTestId('hazard-state')).toHaveText('整改中')
  })

  await test.step('qiye1 submits the rectification with an after photo: 待验收', async () => {
    expect(await actionButtons(qiye)).toContain('hazard-action-submit')
    await qiye.getByTestId('hazard-action-submit').click()
    await expect(qiye.getByTestId('submit-dialog')).toContainText('重大隐患须已挂牌督办并提交完整的整改方案')
    await qiye.getByTestId('submit-dialog').getByRole('button', { name: '取消' }).click()
    const submitted = await submitRectification(qiye, note, 21)
    expect(submitted.state).toBe('verifying')
    await expect(qiye.getByTestId('hazard-state')).toHaveText('待验收')
    await galleryLoaded(qiye, 'hazard-after-photos-gallery', 1)
  })

  await test.step('xiuying (not the supervising unit) has no 验收通过; zhengfa accepts: 已销号', async () => {
    await xiuying.reload()
    await expect(xiuying.getByTestId('hazard-state')).toHaveText('待验收')
    const buttons = await actionButtons(xiuying)
    expect(buttons).not.toContain('hazard-action-accept')
    expect(buttons).not.toContain('hazard-action-return')
    const refused = await (await api('xiuying')).post(`/api/hazards/${hazard.id}/accept`, {})
    expect(refused.status()).toBe(403)
    expect(((await refused.json()) as { detail: string }).detail).toBe('重大隐患由挂牌督办单位验收')

    await zhengfa.reload()
    await expect(zhengfa.getByTestId('hazard-state')).toHaveText('待验收')
    const closed = await commentStep(zhengfa, 'accept', '整改到位，同意销号')
    expect(closed.state).toBe('closed')
    expect(closed.verified_by_name).toBe('李科长')
    await expect(zhengfa.getByTestId('hazard-state')).toHaveText('已销号')
    await expect(zhengfa.getByTestId('hazard-actions')).toHaveCount(0)
    const events = zhengfa.getByTestId('hazard-event')
    expect(await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual(['report', 'supervise', 'submit_plan', 'submit', 'accept'])
    await expect(events.locator('.ev-head .el-tag')).toHaveText(['上报隐患', '挂牌督办', '提交整改方案', '整改完成，提交验收', '验收通过，销号'])

    await xiuying.reload()
    await expect(xiuying.getByTestId('hazard-state')).toHaveText('已销号')
  })
})

test('导出台账: the .xlsx has the ledger’s columns and the closed hazards with 验收人 and 销号时间', async ({ userPage, api }) => {
  test.setTimeout(120_000)
  const suffix = uniqueSuffix()
  const today = chinaToday()
  const qiye = await api('qiye1')
  const xiuyingApi = await api('xiuying')
  const zhengfaApi = await api('zhengfa')
  const enterprise = await qiye.me()
  const exits = await categoryId(qiye, CATEGORY_EXITS)
  const power = await categoryId(qiye, CATEGORY_POWER)

  // three hazards of this run: 一般 closed by the district, 重大 closed by 政策法规科, one open
  const general = await closedGeneralViaApi(qiye, xiuyingApi, { category_id: exits, description: `消防通道堆放杂物（e2e 台账 ${suffix}）`, measures: '清理杂物', responsible: '王店长' })
  const major = await reportViaApi(
    xiuyingApi,
    { enterprise_id: enterprise.user.org_id, source: 'district_check', level: 'major', category_id: power, description: `配电柜线路私拉乱接（e2e 台账 ${suffix}）` },
    7,
  )
  await zhengfaApi.ok(`/api/hazards/${major.id}/supervise`, { deadline: chinaToday(10) })
  await qiye.ok(`/api/hazards/${major.id}/plan`, { plan: PLAN })
  await qiye.ok(`/api/hazards/${major.id}/submit`, { photos: [await qiye.photo(8)], comment: '已重新敷设线路' })
  const majorClosed = await zhengfaApi.ok(`/api/hazards/${major.id}/accept`, {})
  expect(majorClosed.state).toBe('closed')
  const open = await reportViaApi(qiye, { category_id: exits, description: `灭火器压力不足（e2e 台账 ${suffix}）` }, 9)

  const page = await userPage('xiuying')
  await openNav(page, 'hazards', /\/hazards$/)
  const listed = apiResponse(page, 'GET', /^\/api\/hazards$/)
  await page.getByTestId('hazard-filter-q').fill(suffix)
  await page.getByTestId('hazard-filter-q').press('Enter')
  await listed
  await tableSettled(page, 'hazard-table')
  await expect(page.getByTestId('hazard-row')).toHaveCount(3)

  const exported = apiResponse(page, 'GET', /^\/api\/hazards\/export$/)
  const downloading = page.waitForEvent('download')
  await page.getByTestId('hazard-export').click()
  const res = await exported
  expect(res.status()).toBe(200)
  // the export sends the table's filters
  expect(new URL(res.url()).searchParams.get('q')).toBe(suffix)
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^隐患台账.*\.xlsx$/)
  const file = await download.path()

  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(file)
  const ws = wb.worksheets[0]
  const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : String(v))
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(text)
  for (const name of ['序号', '企业名称', '隐患描述', '隐患类别', '隐患等级', '发现时间', '整改措施', '整改责任人', '整改期限', '整改情况', '验收人', '销号时间']) {
    expect(header, `column ${name}`).toContain(name)
  }
  const rows: Record<string, string>[] = []
  ws.eachRow((row, n) => {
    if (n === 1) return
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(text)
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])))
  })
  expect(rows).toHaveLength(3)
  expect(rows.map((r) => r['序号']).sort()).toEqual(['1', '2', '3'])
  const byCode = (code: string) => {
    const r = rows.find((x) => x['隐患编号'] === code)
    expect(r, `row of ${code}`).toBeTruthy()
    return r!
  }

  const g = byCode(general.code)
  expect(g).toMatchObject({
    企业名称: enterprise.user.org_name,
    隐患描述: `消防通道堆放杂物（e2e 台账 ${suffix}）`,
    隐患类别: CATEGORY_EXITS,
    隐患等级: '一般隐患',
    发现时间: today,
    整改措施: '清理杂物',
    整改责任人: '王店长',
    整改期限: chinaToday(30),
    验收人: '陈专干',
    销号时间: today,
  })
  expect(g['整改情况']).toMatch(/^已销号/)

  const m = byCode(major.code)
  expect(m).toMatchObject({ 隐患类别: CATEGORY_POWER, 隐患等级: '重大隐患', 验收人: '李科长', 销号时间: today, 整改期限: chinaToday(15) })
  expect(m['整改情况']).toMatch(/^已销号/)

  const o = byCode(open.code)
  expect(o).toMatchObject({ 隐患等级: '一般隐患', 整改情况: '待整改', 验收人: '', 销号时间: '' })
})

test('自查: qiye1 records a self-check with 未发现隐患 (refused without it); 自查情况 shows the enterprise 本期已自查', async ({ userPage, api }) => {
  test.setTimeout(120_000)
  const suffix = uniqueSuffix()
  const today = chinaToday()
  const scope = `营业场所全部区域及仓库（e2e ${suffix}）`
  const qiye = await api('qiye1')
  const enterprise = (await qiye.me()).user

  await test.step('before: 秀英区商务局 sees the enterprise without a self-check this period', async () => {
    // no other test records a self-check for qiye1's enterprise, and every run has a fresh server
    const status = (await (await (await api('xiuying')).get('/api/self-checks/status?page_size=100')).json()) as {
      items: { enterprise_id: string; done: boolean; period: string }[]
    }
    const mine = status.items.find((s) => s.enterprise_id === enterprise.org_id)
    expect(mine, 'the enterprise in 自查情况').toBeTruthy()
    expect(mine!.period).not.toBe('none')
    expect(mine!.done).toBe(false)
  })

  await test.step('the server refuses a self-check with neither hazards nor 未发现隐患', async () => {
    const refused = await qiye.post('/api/self-checks', { checked_on: today, scope, inspectors: '张三', items: [], no_hazards: false, hazards: [], attachments: [] })
    expect(refused.status()).toBe(400)
    const problem = (await refused.json()) as { errors: { field: string; message: string }[] }
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'no_hazards', message: '未填写发现的隐患时，请明确勾选“未发现隐患”' })])
  })

  const page = await userPage('qiye1')

  await test.step('qiye1 fills 填报自查: without hazards or 未发现隐患 the form refuses, with 未发现隐患 it goes', async () => {
    await openNav(page, 'self-checks', /\/self-checks$/)
    await page.getByTestId('self-check-create').click()
    const drawer = page.getByTestId('self-check-form')
    await expect(drawer).toBeVisible()
    await expect(page.getByTestId('self-check-date').locator('input')).toHaveValue(today)
    await page.getByTestId('self-check-scope').fill(scope)
    await page.getByTestId('self-check-inspectors').fill('张三、李四')
    await expect(page.getByTestId('self-check-item')).not.toHaveCount(0)

    const sent = await requestsDuring(page, /^\/api\/self-checks$/, async () => {
      await page.getByTestId('self-check-submit').click()
      await expect(drawer.locator('.el-form-item').filter({ has: page.getByTestId('self-check-no-hazards') }).locator('.el-form-item__error')).toHaveText(
        '请添加发现的隐患，或勾选“本次检查未发现隐患”',
      )
    })
    expect(sent, 'nothing is sent').toHaveLength(0)

    await page.getByTestId('self-check-no-hazards').click()
    const created = apiResponse(page, 'POST', /^\/api\/self-checks$/)
    await page.getByTestId('self-check-submit').click()
    const res = await created
    expect(res.status(), await res.text()).toBe(201)
    expect(res.request().postDataJSON()).toMatchObject({ checked_on: today, scope, inspectors: '张三、李四', no_hazards: true, hazards: [] })
    const check = (await res.json()) as { id: string }
    await expect(page).toHaveURL(new RegExp(`/self-checks/${check.id}$`))
    const head = page.getByTestId('self-check-head')
    await expect(head.getByTestId('self-check-result')).toHaveText('未发现隐患')
    await expect(head).toContainText(scope)
    await expect(head).toContainText(enterprise.org_name)
  })

  await test.step('xiuying’s 自查情况 shows the enterprise 本期已自查 with today’s date', async () => {
    const desk = await userPage('xiuying')
    await openNav(desk, 'self-check-status', /\/self-checks\/status$/)
    await tableSettled(desk, 'status-table')
    const row = desk.getByTestId('status-row').filter({ hasText: enterprise.org_name })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('status-done')).toHaveText('已自查')
    await expect(row.getByTestId('status-missing')).toHaveCount(0)
    await expect(row).toContainText(today)
    // 仅看本期未自查 leaves it out
    const listed = apiResponse(desk, 'GET', /^\/api\/self-checks\/status$/)
    await desk.getByTestId('status-filter-missing').click()
    expect(new URL((await listed).url()).searchParams.get('missing')).toBe('true')
    await tableSettled(desk, 'status-table')
    await expect(desk.getByTestId('status-row').filter({ hasText: enterprise.org_name })).toHaveCount(0)
  })
})

test('统计分析 (leader): the cards count the hazards found and closed', async ({ userPage, api }) => {
  test.setTimeout(120_000)
  const suffix = uniqueSuffix()
  const page = await userPage('leader')

  const monthStats = (p: Page) =>
    p.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/api/hazards/stats' && new URL(r.url()).searchParams.get('by') === 'month')
  const card = (key: string) => page.getByTestId(`stats-card-${key}`).locator('.value')
  const totalRow = (testId: string) => page.getByTestId(`${testId}-row`).filter({ hasText: '合计' })

  // what the page shows before: the cards are the server's total for the chosen months
  const first = monthStats(page)
  await openNav(page, 'hazard-stats', /\/hazards\/stats$/)
  const before = ((await (await first).json()) as Stats).total
  await expect(card('found')).toHaveText(String(before.found))
  await expect(card('closed')).toHaveText(String(before.closed))

  // this test's hazards: one open, one 即查即改 (closed at once), one rectified and accepted
  const qiye = await api('qiye1')
  const xiuying = await api('xiuying')
  const exits = await categoryId(qiye, CATEGORY_EXITS)
  await reportViaApi(qiye, { category_id: exits, description: `安全出口标识损坏（e2e 统计 ${suffix}）` }, 31)
  const onSpot = await reportViaApi(qiye, { category_id: exits, description: `疏散通道临时堆放纸箱（e2e 统计 ${suffix}）`, fixed_on_spot: true, fix_note: '已当场清走纸箱' }, 32)
  expect(onSpot.state).toBe('closed')
  const accepted = await closedGeneralViaApi(qiye, xiuying, { category_id: exits, description: `应急照明灯不亮（e2e 统计 ${suffix}）` })
  expect(accepted.state).toBe('closed')

  const again = monthStats(page)
  await page.getByTestId('stats-refresh').click()
  const after = ((await (await again).json()) as Stats).total
  expect(after.found - before.found).toBe(3)
  expect(after.closed - before.closed).toBe(2)
  expect(after.on_spot - before.on_spot).toBe(1)
  expect(after.open - before.open).toBe(1)

  await expect(card('found')).toHaveText(String(before.found + 3))
  await expect(card('closed')).toHaveText(String(before.closed + 2))
  await expect(card('overdue')).toHaveText(String(after.overdue))
  const rate = Math.round(((before.closed + 2) / (before.found + 3)) * 1000) / 10
  await expect(card('rate')).toHaveText(`${rate}%`)
  await expect(page.getByTestId('stats-card-found')).toContainText('发现隐患')
  await expect(page.getByTestId('stats-card-closed')).toContainText('已销号')

  // the tables under the charts add up the same (合计: 发现, 已销号, 未销号, 逾期, 即查即改)
  await expect(page.getByTestId('stats-refresh')).not.toHaveClass(/is-loading/)
  for (const table of ['stats-table-month', 'stats-table-level', 'stats-table-district']) {
    const cells = totalRow(table).locator('td')
    await expect(cells.nth(1), `${table} 发现`).toHaveText(String(before.found + 3))
    await expect(cells.nth(2), `${table} 已销号`).toHaveText(String(before.closed + 2))
    await expect(cells.nth(5), `${table} 即查即改`).toHaveText(String(before.on_spot + 1))
  }
})

test('scope: 美兰区商务局 opening a 秀英 hazard’s page gets “not found”', async ({ userPage, api }) => {
  const suffix = uniqueSuffix()
  const qiye = await api('qiye1')
  const hazard = await reportViaApi(qiye, { category_id: await categoryId(qiye, CATEGORY_EXITS), description: `仓库灭火器过期（e2e 范围 ${suffix}）` }, 41)

  const meilanApi = await api('meilan')
  expect((await meilanApi.get(`/api/hazards/${hazard.id}`)).status()).toBe(404)

  const page = await userPage('meilan')
  await page.goto(`/hazards/${hazard.id}`)
  const notFound = page.getByTestId('error-404')
  await expect(notFound).toBeVisible()
  await expect(notFound).toContainText('隐患不存在')
  await expect(page.getByTestId('hazard-head')).toHaveCount(0)
  await expect(page.getByTestId('hazard-code')).toHaveCount(0)
  // nor does its ledger list it
  await page.goto(`/hazards?q=${encodeURIComponent(suffix)}`)
  await tableSettled(page, 'hazard-table')
  await expect(page.getByTestId('hazard-table')).toContainText('暂无数据')
  await expect(page.getByTestId('hazard-row')).toHaveCount(0)
})
