// Phone width (375×812): no sidebar, the hamburger opens the menu drawer, pages fit the width.
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { login, SCREENSHOT_DIR, tableSettled } from './helpers'

test.use({ viewport: { width: 375, height: 812 } })

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }
  })
}

test('phone layout: hamburger menu drawer, 组织机构, no horizontal overflow', async ({ page }) => {
  await page.goto('/login')
  await expect(page.getByTestId('demo-banner')).toBeVisible()
  expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(376)

  await login(page, 'sysadmin')

  // no sidebar; the menu lives in a drawer that is closed
  await expect(page.locator('aside.sidebar')).toHaveCount(0)
  await expect(page.getByTestId('nav-orgs')).toBeHidden()
  const toggle = page.getByTestId('menu-toggle')
  await expect(toggle).toBeVisible()
  await expect(toggle).toHaveAttribute('aria-label', '打开菜单')
  expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(376)

  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-home-sysadmin.png'), fullPage: true, animations: 'disabled' })

  // the hamburger opens the menu drawer
  await toggle.click()
  const drawer = page.getByRole('dialog').filter({ has: page.getByTestId('side-menu') })
  await expect(drawer).toBeVisible()
  await expect(page.getByTestId('nav-orgs')).toBeVisible()
  await expect(page.getByTestId('nav-users')).toBeVisible()
  // the drawer slides in from the left: wait until it is fully open before the picture
  await expect(async () => {
    const box = await page.getByTestId('side-menu').boundingBox()
    expect(box?.x).toBe(0)
  }).toPass()
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-menu-drawer.png'), fullPage: true, animations: 'disabled' })

  // navigating closes the drawer and opens 组织机构
  await page.getByTestId('nav-orgs').click()
  await expect(page).toHaveURL(/\/orgs/)
  await expect(drawer).toBeHidden()
  await expect(page.getByTestId('org-tree')).toBeVisible()
  await expect(page.getByTestId('org-table')).toBeVisible()
  await tableSettled(page, 'org-table')
  await expect(page.getByTestId('org-tree')).toContainText('海口市商务局')
  await page.waitForLoadState('networkidle')

  const { scrollWidth } = await horizontalOverflow(page)
  expect(scrollWidth, 'document is not wider than the phone').toBeLessThanOrEqual(375 + 1)
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-orgs.png'), fullPage: true, animations: 'disabled' })
})
