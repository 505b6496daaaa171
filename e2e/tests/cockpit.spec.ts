// 领导驾驶舱 as `leader`: the 未销号隐患 and 重大隐患 figures lead to 隐患台账 lists that show the
// same totals, for the whole city and again for 秀英区 (the district carried into the links);
// 全屏 turns the page into the dark wall display and back.
//
// The figures are compared with the lists, never with absolute numbers: other tests add
// hazards to the shared server, but one worker runs them one after another.
import { expect, test, type Page } from '@playwright/test'
import { apiResponse, login, openNav, pagerTotal, selectOption, tableSettled } from './helpers'

/** Waits for the cockpit's answer and the tiles it fills. */
async function cockpitLoaded(page: Page): Promise<void> {
  await expect(page.getByTestId('cockpit')).toBeVisible()
  await expect(page.getByTestId('cockpit-kpi-hazards_open-value')).toHaveText(/^\d+$/)
  await expect(page.getByTestId('cockpit-kpi-major_open-value')).toHaveText(/^\d+$/)
}

async function figure(page: Page, key: 'hazards_open' | 'major_open'): Promise<number> {
  return Number(await page.getByTestId(`cockpit-kpi-${key}-value`).innerText())
}

/**
 * Clicks a KPI tile and checks that the hazard ledger it opens (with the URL's filters)
 * shows `expected` as its total; comes back to the cockpit.
 */
async function tileLeadsToLedger(page: Page, key: 'hazards_open' | 'major_open', expected: number, url: RegExp): Promise<void> {
  const listed = apiResponse(page, 'GET', /^\/api\/hazards$/)
  await page.getByTestId(`cockpit-kpi-${key}`).click()
  await expect(page).toHaveURL(url)
  expect((await listed).status()).toBe(200)
  await tableSettled(page, 'hazard-table')
  expect(await pagerTotal(page.locator('.pager')), `the ledger behind ${key}`).toBe(expected)
  await page.goBack()
  await expect(page).toHaveURL(/\/cockpit/)
  await cockpitLoaded(page)
}

test('领导驾驶舱: the hazard figures match the lists they open, city and 秀英区; 全屏 and back', async ({ page }) => {
  test.setTimeout(120_000)
  await login(page, 'leader')

  // ----- the whole city -----
  const first = apiResponse(page, 'GET', /^\/api\/cockpit$/)
  await openNav(page, 'cockpit', /\/cockpit/)
  expect((await first).status()).toBe(200)
  await cockpitLoaded(page)
  await expect(page.getByTestId('cockpit-scope')).toHaveText('全市')

  const open = await figure(page, 'hazards_open')
  await tileLeadsToLedger(page, 'hazards_open', open, /\/hazards\?(?!.*district_id)(?=.*state=open)/)
  const major = await figure(page, 'major_open')
  await tileLeadsToLedger(page, 'major_open', major, /\/hazards\?(?!.*district_id)(?=.*state=open)(?=.*level=major)/)

  // ----- 秀英区 -----
  const district = page.waitForResponse(
    (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/api/cockpit' && !!new URL(r.url()).searchParams.get('district_id'),
  )
  await selectOption(page, 'cockpit-district', '秀英区')
  const answer = await district
  expect(answer.status()).toBe(200)
  const districtId = new URL(answer.url()).searchParams.get('district_id')!
  await expect(page).toHaveURL(new RegExp(`district_id=${districtId}`))
  await expect(page.getByTestId('cockpit-scope')).toHaveText('秀英区')
  await cockpitLoaded(page)

  const xyOpen = await figure(page, 'hazards_open')
  expect(xyOpen).toBeLessThanOrEqual(open)
  await tileLeadsToLedger(page, 'hazards_open', xyOpen, new RegExp(`/hazards\\?(?=.*district_id=${districtId})(?=.*state=open)`))
  // the ledger came back with the district still chosen (the figure is 秀英区's)
  await expect(page.getByTestId('cockpit-scope')).toHaveText('秀英区')
  const xyMajor = await figure(page, 'major_open')
  expect(xyMajor).toBeLessThanOrEqual(major)
  await tileLeadsToLedger(page, 'major_open', xyMajor, new RegExp(`/hazards\\?(?=.*district_id=${districtId})(?=.*state=open)(?=.*level=major)`))

  // ----- 全屏: the dark wall display, and back -----
  const root = page.getByTestId('cockpit')
  await page.getByTestId('cockpit-fullscreen').click()
  await expect(root).toHaveClass(/\bwall\b/)
  await expect(page.getByTestId('cockpit-fullscreen')).toContainText('退出全屏')
  // the page itself fills the screen (the Fullscreen API), or covers the window where it is refused
  const mode = await page.evaluate(() => {
    const el = document.querySelector('[data-testid="cockpit"]')
    return document.fullscreenElement === el ? 'fullscreen' : el?.classList.contains('pseudo') ? 'pseudo' : 'none'
  })
  expect(['fullscreen', 'pseudo']).toContain(mode)
  await expect(page.getByTestId('cockpit-kpi-hazards_open-value')).toHaveText(String(xyOpen))

  await page.getByTestId('cockpit-fullscreen').click()
  await expect(root).not.toHaveClass(/\bwall\b/)
  await expect(page.getByTestId('cockpit-fullscreen')).not.toContainText('退出')
  expect(await page.evaluate(() => document.fullscreenElement === null)).toBe(true)
  await expect(page.getByTestId('nav-cockpit')).toBeVisible()
})
