// 督导检查 (docs/api-inspections.md) on a phone (390 × 844):
// - 秀英区商务局 (xiuying) creates an inspection of qiye1's enterprise with the built-in 超市
//   checklist (key "supermarket") from 我的检查, starts it, answers every item (two 不符合 with a
//   note and a photo — 待补充 until the note is there —, the rest 符合 / 不适用 / a value in
//   range / a text / a photo), reloads the
//   page midway and finds the answers still there, finishes it with the 陪同人员, records the
//   representative's confirmation on site, sees two findings each linking to its hazard, downloads
//   the 检查意见书, and opens a hazard: source 区局检查, the note as its description;
// - the offline queue: with the connection cut an answer shows 未同步 and waits in localStorage;
//   back online it is sent and shows 已保存.
// Each test makes its own inspection (notes carry a suffix unique to the run).
import path from 'node:path'
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test'
import { apiResponse, DEMO_PASSWORD, login, photoPng, SCREENSHOT_DIR, selectOption, uniqueSuffix } from './helpers'

/** API sessions of their own (cookies and CSRF token), one per user, disposed after the test. */
const test = base.extend<{ api: (username: string) => Promise<Api> }>({
  api: async ({ playwright }, use, testInfo) => {
    const sessions: APIRequestContext[] = []
    await use(async (username) => {
      const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
      sessions.push(request)
      return apiAs(request, username)
    })
    for (const s of sessions) await s.dispose()
  },
})

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

// ---------------------------------------------------------------------------
// the answers read here (docs/api-inspections.md)

type AnswerSpec = { kind: 'compliance' } | { kind: 'number'; unit?: string | null; min?: number | null; max?: number | null } | { kind: 'text' } | { kind: 'photo' }
interface Item {
  key: string
  text: string
  basis: string
  answer: AnswerSpec
  hazard: { category: string; level: string } | null
  photo_required_on_fail: boolean
}
interface Template {
  name: string
  sections: { title: string; items: Item[] }[]
}
interface TemplateBrief {
  id: string
  key: string | null
  name: string
}
interface Inspection {
  id: string
  state: string
  answers: { key: string; value: unknown; note: string | null }[]
  hazards: { id: string; code: string; item_key: string }[]
}
interface Hazard {
  id: string
  source: string
  source_label: string
  description: string
  photos: { id: string }[]
}

interface Api {
  get: <T>(url: string) => Promise<T>
  post: <T>(url: string, data: unknown, status?: number) => Promise<T>
}

async function apiAs(request: APIRequestContext, username: string): Promise<Api> {
  const res = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } })
  expect(res.status(), `API login of ${username}`).toBe(200)
  const headers = { 'X-CSRF-Token': ((await res.json()) as { csrf_token: string }).csrf_token }
  return {
    get: async <T>(url: string) => {
      const r = await request.get(url, { headers })
      expect(r.status(), `GET ${url} → ${r.status()} (is the inspections API there yet?)`).toBe(200)
      return (await r.json()) as T
    },
    post: async <T>(url: string, data: unknown, status = 200) => {
      const r = await request.post(url, { headers, data })
      expect(r.status(), `POST ${url} → ${await r.text()}`).toBe(status)
      return (await r.json().catch(() => ({}))) as T
    },
  }
}

/** The built-in 超市 checklist: its id and content. */
async function supermarket(api: Api): Promise<{ id: string; name: string; content: Template }> {
  const list = await api.get<TemplateBrief[] | { items: TemplateBrief[] }>('/api/checklist-templates')
  const items = Array.isArray(list) ? list : list.items
  const t = items.find((x) => x.key === 'supermarket')
  expect(t, 'the built-in template with key "supermarket"').toBeTruthy()
  const detail = await api.get<{ content: Template }>(`/api/checklist-templates/${t!.id}`)
  return { id: t!.id, name: t!.name, content: detail.content }
}

// ---------------------------------------------------------------------------
// small steps

/** The document is not wider than the phone. */
async function fitsWidth(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }
  })
  expect(scrollWidth, 'page is not wider than the phone').toBeLessThanOrEqual(clientWidth + 1)
}

/** Waits until every photo of the uploader `testId` is uploaded. */
async function photosDone(page: Page, testId: string, count: number): Promise<void> {
  const items = page.getByTestId(testId).getByTestId('photo-item')
  await expect(items).toHaveCount(count)
  for (let i = 0; i < count; i++) await expect(items.nth(i)).toHaveAttribute('data-status', 'done')
}

async function addPhoto(page: Page, key: string, seed: number): Promise<void> {
  await page.getByTestId(`answer-${key}-photos-input`).setInputFiles({ name: `现场${seed}.png`, mimeType: 'image/png', buffer: photoPng(64, 48, seed) })
  await photosDone(page, `answer-${key}-photos`, 1)
}

async function saved(page: Page, key: string): Promise<void> {
  await expect(page.getByTestId(`answer-${key}-status`)).toHaveAttribute('data-status', 'saved')
  await expect(page.getByTestId(`answer-${key}-status`)).toHaveText('已保存')
}

/** A number inside the item's range. */
function goodNumber(a: Extract<AnswerSpec, { kind: 'number' }>): number {
  if (typeof a.min === 'number' && typeof a.max === 'number') return a.min + (a.max - a.min) / 2
  if (typeof a.min === 'number') return a.min
  if (typeof a.max === 'number') return a.max
  return 1
}

interface Given {
  key: string
  kind: AnswerSpec['kind']
  value: string
  note?: string
}

/** Answers one item on the page as planned; answers what was given (for checking after a reload). */
async function answer(page: Page, item: Item, plan: { fail?: string; na?: boolean; seed: number }): Promise<Given> {
  const key = item.key
  const card = page.getByTestId(`item-${key}`)
  await expect(card).toBeVisible()
  switch (item.answer.kind) {
    case 'compliance': {
      if (plan.fail) {
        await page.getByTestId(`answer-${key}-non_compliant`).click()
        await expect(page.getByTestId(`answer-${key}-non_compliant`)).toHaveAttribute('aria-pressed', 'true')
        // without its 存在问题 the server would refuse it: it waits on the phone
        await expect(page.getByTestId(`answer-${key}-status`)).toHaveText('待补充')
        await expect(page.getByTestId(`answer-${key}-problem`)).toHaveText('请填写存在问题')
        await page.getByTestId(`answer-${key}-note`).fill(plan.fail)
        await page.getByTestId(`answer-${key}-note`).blur()
        await addPhoto(page, key, plan.seed)
        await expect(page.getByTestId(`answer-${key}-problem`)).toHaveCount(0)
        await saved(page, key)
        return { key, kind: 'compliance', value: 'non_compliant', note: plan.fail }
      }
      const v = plan.na ? 'not_applicable' : 'compliant'
      await page.getByTestId(`answer-${key}-${v}`).click()
      await expect(page.getByTestId(`answer-${key}-${v}`)).toHaveAttribute('aria-pressed', 'true')
      await saved(page, key)
      return { key, kind: 'compliance', value: v }
    }
    case 'number': {
      const n = String(goodNumber(item.answer))
      const input = page.getByTestId(`answer-${key}-number`)
      await input.fill(n)
      await input.blur()
      await expect(page.getByTestId(`answer-${key}-outside`)).toHaveCount(0)
      await saved(page, key)
      return { key, kind: 'number', value: n }
    }
    case 'text': {
      const t = `现场记录：${item.text.slice(0, 20)}（e2e）`
      await page.getByTestId(`answer-${key}-text`).fill(t)
      await page.getByTestId(`answer-${key}-text`).blur()
      await saved(page, key)
      return { key, kind: 'text', value: t }
    }
    case 'photo': {
      await addPhoto(page, key, plan.seed)
      await saved(page, key)
      return { key, kind: 'photo', value: 'photo' }
    }
  }
}

/** The answer shows on the page (after a reload). */
async function shows(page: Page, g: Given): Promise<void> {
  const card = page.getByTestId(`item-${g.key}`)
  await expect(card, `${g.key} still answered`).toHaveAttribute('data-answered', 'true')
  switch (g.kind) {
    case 'compliance':
      await expect(page.getByTestId(`answer-${g.key}-${g.value}`)).toHaveAttribute('aria-pressed', 'true')
      if (g.note) await expect(page.getByTestId(`answer-${g.key}-note`)).toHaveValue(g.note)
      break
    case 'number':
      await expect(page.getByTestId(`answer-${g.key}-number`)).toHaveValue(g.value)
      break
    case 'text':
      await expect(page.getByTestId(`answer-${g.key}-text`)).toHaveValue(g.value)
      break
    case 'photo':
      await photosDone(page, `answer-${g.key}-photos`, 1)
      break
  }
}

// ---------------------------------------------------------------------------

test('督导检查 on a phone: create, start, answer every item (reload midway), finish, confirm on site; findings become hazards', async ({ page, api }) => {
  test.setTimeout(300_000)
  const suffix = uniqueSuffix()
  const xiuying = await api('xiuying')
  const tpl = await supermarket(xiuying)
  const enterprise = (await (await api('qiye1')).get<{ user: { org_id: string; org_name: string } }>('/api/auth/me')).user
  const items = tpl.content.sections.flatMap((s) => s.items)
  expect(items.length, 'the 超市 checklist has items').toBeGreaterThan(2)

  // two 不符合: the first two judgements that become hazards
  const failing = items.filter((i) => i.answer.kind === 'compliance' && i.hazard).slice(0, 2)
  expect(failing, 'two compliance items with a hazard rule').toHaveLength(2)
  const notes = new Map(failing.map((i, n) => [i.key, `${i.text.slice(0, 16)}：现场发现不符合（e2e ${suffix} #${n + 1}）`]))
  const firstPass = items.find((i) => i.answer.kind === 'compliance' && !notes.has(i.key))

  await login(page, 'xiuying')
  let inspectionId = ''

  await test.step('我的检查 → 新建检查: qiye1’s enterprise with the 超市 checklist opens the inspection', async () => {
    await expect(page.locator('aside.sidebar')).toHaveCount(0)
    await page.getByTestId('menu-toggle').click()
    await page.getByTestId('nav-inspections').click()
    await expect(page).toHaveURL(/\/inspections(\?.*)?$/)
    await expect(page.getByTestId('inspection-filter-mine')).toBeVisible()
    await fitsWidth(page)

    await page.getByTestId('inspection-create').click()
    await expect(page.getByTestId('inspection-new-dialog')).toBeVisible()
    const select = page.getByTestId('inspection-new-enterprise')
    await select.click()
    const search = apiResponse(page, 'GET', /^\/api\/enterprises$/)
    await select.locator('input').fill(enterprise.org_name.slice(0, 6))
    await search
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: enterprise.org_name }).first().click()
    await expect(select).toContainText(enterprise.org_name)
    await selectOption(page, 'inspection-new-template', tpl.name)

    const created = apiResponse(page, 'POST', /^\/api\/inspections$/)
    await page.getByTestId('inspection-new-confirm').click()
    const res = await created
    expect(res.status(), await res.text()).toBe(201)
    expect(res.request().postDataJSON()).toEqual({ enterprise_id: enterprise.org_id, template_id: tpl.id })
    inspectionId = ((await res.json()) as { id: string }).id
    await expect(page).toHaveURL(new RegExp(`/inspections/${inspectionId}$`))
    await expect(page.getByTestId('inspection-enterprise')).toHaveText(enterprise.org_name)
    await expect(page.getByTestId('inspection-template')).toContainText(tpl.name)
    await expect(page.getByTestId('inspection-state')).toHaveText(/^(未开始|待检查)$/)
  })

  await test.step('开始检查: the checklist becomes answerable', async () => {
    await expect(page.getByTestId(`answer-${items[0].key}-compliant`)).toHaveCount(0)
    const started = apiResponse(page, 'POST', /^\/api\/inspections\/[^/]+\/start$/)
    await page.getByTestId('inspection-start').click()
    expect((await started).status()).toBe(200)
    await expect(page.getByTestId('inspection-state')).toHaveText('检查中')
    await expect(page.getByTestId('progress-answered')).toHaveText(`已答 0/${items.length}`)
    // each item shows its 依据 in small grey text
    const withBasis = items.find((i) => i.basis)
    if (withBasis) await expect(page.getByTestId(`answer-${withBasis.key}-basis`)).toContainText(withBasis.basis)
    await fitsWidth(page)
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-inspection.png'), animations: 'disabled' })
  })

  const given: Given[] = []
  const half = Math.ceil(items.length / 2)
  let seed = 1

  await test.step('answers the first half, each saved on its own (one answer per PUT)', async () => {
    const puts: unknown[] = []
    page.on('request', (r) => {
      if (r.method() === 'PUT' && /\/api\/inspections\/[^/]+\/answers$/.test(new URL(r.url()).pathname)) puts.push(r.postDataJSON())
    })
    for (const item of items.slice(0, half)) {
      given.push(await answer(page, item, { fail: notes.get(item.key), na: item === firstPass, seed: seed++ }))
    }
    for (const body of puts) expect((body as { answers: unknown[] }).answers).toHaveLength(1)
  })

  await test.step('reload midway: every answer is still there', async () => {
    await page.reload()
    await expect(page.getByTestId('inspection-state')).toHaveText('检查中')
    for (const g of given) await shows(page, g)
    await expect(page.getByTestId('progress-answered')).toHaveText(`已答 ${given.length}/${items.length}`)
  })

  await test.step('answers the rest; the bar shows 已答 N/N and 不符合 2', async () => {
    for (const item of items.slice(half)) {
      given.push(await answer(page, item, { fail: notes.get(item.key), na: item === firstPass, seed: seed++ }))
    }
    await expect(page.getByTestId('progress-answered')).toHaveText(`已答 ${items.length}/${items.length}`)
    await expect(page.getByTestId('progress-failed')).toHaveText('不符合 2')
    await expect(page.getByTestId('progress-unsynced')).toHaveCount(0)
  })

  await test.step('完成检查 with the 陪同人员: 待企业确认', async () => {
    await page.getByTestId('inspection-finish').click()
    await expect(page.getByTestId('finish-dialog')).toBeVisible()
    await expect(page.getByTestId('finish-summary')).toContainText('不符合 2 项')
    await page.getByTestId('finish-accompanied').fill(`王店长（e2e ${suffix}）`)
    const finished = apiResponse(page, 'POST', /^\/api\/inspections\/[^/]+\/finish$/)
    await page.getByTestId('finish-confirm').click()
    const res = await finished
    expect(res.status(), await res.text()).toBe(200)
    expect(res.request().postDataJSON()).toEqual({ accompanied_by: `王店长（e2e ${suffix}）` })
    await expect(page.getByTestId('inspection-state')).toHaveText(/待.*确认/)
    await expect(page.getByTestId('inspection-bar')).toHaveCount(0)
    await expect(page.getByTestId('inspection-result')).toContainText(`王店长（e2e ${suffix}）`)
  })

  await test.step('企业代表现场确认 with the representative’s name: 已完成', async () => {
    await page.getByTestId('inspection-confirm-onsite').click()
    await expect(page.getByTestId('confirm-dialog')).toBeVisible()
    await page.getByTestId('confirm-name').fill('王经理')
    const confirmed = apiResponse(page, 'POST', /^\/api\/inspections\/[^/]+\/confirm$/)
    await page.getByTestId('confirm-submit').click()
    const res = await confirmed
    expect(res.status(), await res.text()).toBe(200)
    expect(res.request().postDataJSON()).toEqual({ name: '王经理' })
    await expect(page.getByTestId('inspection-state')).toHaveText('已完成')
    await expect(page.getByTestId('inspection-confirmed-by')).toHaveText('王经理')
    await expect(page.getByTestId('summary-failed')).toHaveText('2')
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-inspection-completed.png'), animations: 'disabled' })
  })

  let hazardId = ''
  await test.step('two findings, each linking to its hazard; the 检查意见书 downloads', async () => {
    const findings = page.getByTestId('finding')
    await expect(findings).toHaveCount(2)
    for (const [key, note] of notes) {
      const f = page.locator(`[data-testid="finding"][data-key="${key}"]`)
      await expect(f).toContainText(note)
      await expect(f.getByTestId('finding-hazard')).toHaveAttribute('href', /^\/hazards\/[^/]+$/)
    }
    const detail = await xiuying.get<Inspection>(`/api/inspections/${inspectionId}`)
    expect(detail.state).toBe('completed')
    expect(detail.hazards.map((h) => h.item_key).sort()).toEqual([...notes.keys()].sort())

    const downloading = page.waitForEvent('download')
    await page.getByTestId('inspection-report').click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/\.docx$/)
    await fitsWidth(page)

    const first = page.locator(`[data-testid="finding"][data-key="${failing[0].key}"]`).getByTestId('finding-hazard')
    hazardId = ((await first.getAttribute('href')) ?? '').split('/').pop() ?? ''
    await first.click()
  })

  await test.step('the hazard: source 区局检查, the note as what was found, the photo before rectification', async () => {
    await expect(page).toHaveURL(new RegExp(`/hazards/${hazardId}$`))
    await expect(page.getByTestId('hazard-info')).toContainText('区局检查')
    await expect(page.getByTestId('hazard-head')).toContainText(notes.get(failing[0].key)!)
    const h = await xiuying.get<Hazard>(`/api/hazards/${hazardId}`)
    expect(h.source).toBe('district_check')
    expect(h.description).toContain(notes.get(failing[0].key)!)
    expect(h.photos.length).toBeGreaterThan(0)
  })
})

test('offline: an answer given without a connection shows 未同步, waits on the phone, and is saved when back online', async ({ page, context, api }) => {
  test.setTimeout(120_000)
  const xiuying = await api('xiuying')
  const tpl = await supermarket(xiuying)
  const enterprise = (await (await api('qiye1')).get<{ user: { org_id: string } }>('/api/auth/me')).user
  const created = await xiuying.post<{ id: string }>('/api/inspections', { enterprise_id: enterprise.org_id, template_id: tpl.id }, 201)
  await xiuying.post(`/api/inspections/${created.id}/start`, {})
  const item = tpl.content.sections.flatMap((s) => s.items).find((i) => i.answer.kind === 'compliance')!

  await login(page, 'xiuying')
  await page.goto(`/inspections/${created.id}`)
  await expect(page.getByTestId('inspection-state')).toHaveText('检查中')
  await expect(page.getByTestId(`answer-${item.key}-compliant`)).toBeVisible()

  await context.setOffline(true)
  await page.getByTestId(`answer-${item.key}-compliant`).click()
  const status = page.getByTestId(`answer-${item.key}-status`)
  await expect(status).toHaveAttribute('data-status', 'unsynced')
  await expect(status).toHaveText('未同步')
  await expect(page.getByTestId('inspection-offline')).toBeVisible()
  await expect(page.getByTestId('progress-unsynced')).toHaveText('未同步 1')
  const kept = await page.evaluate((id) => localStorage.getItem(`anzhi.inspection-answers.${id}`), created.id)
  expect(kept, 'the answer waits in localStorage').toContain(item.key)

  const sent = apiResponse(page, 'PUT', /^\/api\/inspections\/[^/]+\/answers$/)
  await context.setOffline(false)
  const res = await sent
  expect(res.status(), await res.text()).toBe(200)
  expect(res.request().postDataJSON()).toEqual({ answers: [{ key: item.key, value: 'compliant', note: '', photos: [] }] })
  await expect(status).toHaveAttribute('data-status', 'saved')
  await expect(status).toHaveText('已保存')
  await expect(page.getByTestId('inspection-offline')).toHaveCount(0)
  expect(await page.evaluate((id) => localStorage.getItem(`anzhi.inspection-answers.${id}`), created.id)).toBeNull()

  const detail = await xiuying.get<Inspection>(`/api/inspections/${created.id}`)
  expect(detail.answers.find((a) => a.key === item.key)?.value).toBe('compliant')
})
