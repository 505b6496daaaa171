// Shared steps of the browser tests: log in/out through the UI, pick Element Plus options,
// read tables, and a tiny API client for setting up data a scenario is not about.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { expect, type APIRequestContext, type Locator, type Page, type Response } from '@playwright/test'

/** Password of every demo account (`anzhi serve --demo`). */
export const DEMO_PASSWORD = 'Anzhi@2026'

/** Where the screenshots of the shell go (e2e/screenshots/). */
export const SCREENSHOT_DIR = path.join(__dirname, '..', 'screenshots')

/** Files the tests upload (e2e/fixtures/). */
export const FIXTURE_DIR = path.join(__dirname, '..', 'fixtures')

/** The four district bureaus of the demo directory (the group 各区商务局). */
export const DISTRICTS = ['秀英区商务局', '龙华区商务局', '琼山区商务局', '美兰区商务局']

/** A short string that differs between runs and between tests of one run. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36).padStart(3, '0')}`
}

/** Fills the login page and submits; does not wait for where it leads. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  if (!/\/login/.test(page.url())) await page.goto('/login')
  await expect(page.getByTestId('login-submit')).toBeVisible()
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/** Logs in through the login page and waits for the shell's 首页. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await submitLogin(page, username, password)
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByTestId('welcome')).toBeVisible()
}

/** Logs out through the user menu (or the link on a forced page) and waits for the login page. */
export async function logout(page: Page): Promise<void> {
  // A click that lands while the dropdown is still opening (or already closing) is lost
  // now and then: open the menu and click again until the login page shows.
  await expect(async () => {
    if (!/\/login/.test(page.url())) {
      const userMenu = page.getByTestId('user-menu')
      const item = page.getByTestId('logout').filter({ visible: true })
      if (!(await item.isVisible()) && (await userMenu.isVisible())) {
        await userMenu.click()
      }
      await item.click({ timeout: 3_000 })
    }
    await expect(page).toHaveURL(/\/login/, { timeout: 3_000 })
  }).toPass({ timeout: 20_000 })
  await expect(page.getByTestId('login-submit')).toBeVisible()
}

/** Opens a sidebar entry (desktop layout). */
export async function openNav(page: Page, name: string, url: RegExp): Promise<void> {
  await page.getByTestId(`nav-${name}`).click()
  await expect(page).toHaveURL(url)
}

/**
 * Chooses an option of an `el-select` whose wrapper carries `testId`: click the select,
 * then the option (teleported into a `.el-select-dropdown`) whose text starts with `text`.
 */
export async function selectOption(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click()
  const option = page
    .locator('.el-select-dropdown__item')
    .filter({ visible: true })
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}`) })
    .first()
  await option.click()
  // the chosen label shows in the select
  await expect(page.getByTestId(testId)).toContainText(text)
}

/** Body rows of an `el-table` (root div carries the test id). */
export function tableRows(page: Page, testId: string): Locator {
  return page.getByTestId(testId).locator('.el-table__body-wrapper tbody tr.el-table__row')
}

/** Waits until the table is not loading any more (v-loading mask gone). */
export async function tableSettled(page: Page, testId: string): Promise<void> {
  await expect(page.getByTestId(testId).locator('.el-loading-mask')).toHaveCount(0)
}

/** The "共 N 条" total of the pager under a list. */
export async function pagerTotal(scope: Locator): Promise<number> {
  const text = await scope.locator('.el-pagination__total').innerText()
  const m = /(\d+)/.exec(text)
  if (!m) throw new Error(`no total in "${text}"`)
  return Number(m[1])
}

/**
 * Starts waiting for the answer to `method` on an API path matching `path` (tested against the
 * URL's pathname). Call it before the click that sends the request, await it after.
 */
export function apiResponse(page: Page, method: string, path: RegExp): Promise<Response> {
  return page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname))
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A small API client (cookie session + CSRF) for setting up data outside the scenario under test. */
export async function apiLogin(request: APIRequestContext, username: string, password = DEMO_PASSWORD) {
  const res = await request.post('/api/auth/login', { data: { username, password } })
  expect(res.status(), `API login of ${username}`).toBe(200)
  const me = (await res.json()) as { csrf_token: string }
  const headers = { 'X-CSRF-Token': me.csrf_token }
  return {
    get: (url: string) => request.get(url, { headers }),
    post: (url: string, data: unknown) => request.post(url, { headers, data }),
  }
}

interface PreviewEntry {
  phrase: string
  group: { id: string } | null
  units: { id: string }[]
}
interface PreviewTask {
  section: string
  section_number: string
  number: string
  text: string
  deadline: { text: string; kind: string | null; start: string | null; end: string | null; period: string | null }
  lead: PreviewEntry[]
  responsible: PreviewEntry[]
}

/**
 * Imports a plan file through the API as `username` (parse, then confirm every task as the
 * server resolved it) under `title`; answers the new campaign's id. For scenarios that
 * start from an imported plan but are not about the import wizard (campaign.spec.ts is).
 */
export async function importPlanViaApi(
  request: APIRequestContext,
  file: string,
  title: string,
  username = 'zhengfa',
): Promise<{ id: string; task_count: number }> {
  const res = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } })
  expect(res.status(), `API login of ${username}`).toBe(200)
  const { csrf_token } = (await res.json()) as { csrf_token: string }
  const bytes = await fs.readFile(file)
  const preview = await request.post(`/api/campaigns/preview?file_name=${encodeURIComponent(path.basename(file))}`, {
    headers: { 'X-CSRF-Token': csrf_token, 'Content-Type': 'application/octet-stream' },
    data: bytes,
  })
  expect(preview.status(), 'plan preview').toBe(200)
  const p = (await preview.json()) as { draft_id: string; year: number | null; tasks: PreviewTask[] }
  const entry = (e: PreviewEntry) =>
    e.group ? { phrase: e.phrase, group_id: e.group.id } : { phrase: e.phrase, unit_ids: e.units.map((u) => u.id) }
  const created = await request.post('/api/campaigns', {
    headers: { 'X-CSRF-Token': csrf_token },
    data: {
      draft_id: p.draft_id,
      title,
      year: p.year ?? 2021,
      tasks: p.tasks.map((t) => ({
        section: t.section,
        section_number: t.section_number,
        number: t.number,
        text: t.text,
        deadline: t.deadline,
        lead: t.lead.map(entry),
        responsible: t.responsible.map(entry),
      })),
    },
  })
  expect(created.status(), 'plan import').toBe(201)
  return (await created.json()) as { id: string; task_count: number }
}

/**
 * A real PNG of `width` × `height` pixels (a colour gradient that differs by `seed`), built here
 * so that tests need no image fixture. Large enough for the server to decode, re-encode as JPEG
 * and thumbnail (`POST /api/photos`); a 1×1 placeholder is not.
 */
export function photoPng(width = 64, height = 48, seed = 0): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc32 = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type: RGB
  // each row: filter byte 0, then RGB pixels
  const raw = Buffer.alloc(height * (1 + width * 3))
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3)
    for (let x = 0; x < width; x++) {
      const i = row + 1 + x * 3
      raw[i] = (x * 255) / Math.max(1, width - 1)
      raw[i + 1] = (y * 255) / Math.max(1, height - 1)
      raw[i + 2] = (seed * 67) % 256
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Today in China (Asia/Shanghai, no daylight saving), YYYY-MM-DD: the server's "today". */
export function chinaToday(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10)
}
