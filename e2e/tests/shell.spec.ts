// The desktop shell as the system administrator (1366×768): menu, quick links, user menu,
// and a full-page screenshot for the record.
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { login, SCREENSHOT_DIR } from './helpers'

test('sysadmin home page at 1366×768', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await login(page, 'sysadmin')

  await expect(page.getByTestId('demo-banner')).toBeVisible()
  const welcome = page.getByTestId('welcome')
  await expect(welcome).toContainText('系统管理员（演示）')
  await expect(welcome).toContainText('海口市商务局')
  await expect(page.getByTestId('user-menu')).toContainText('系统管理员（演示）')
  await expect(page).toHaveTitle('首页 - 安治')

  // sysadmin: org.read/org.write/user.read/user.write/dictionary.write — no security, audit or business pages;
  // 数据字典 holds 行业类别 and 隐患类别 (both dictionary.write)
  await expect(page.getByTestId('side-menu').getByRole('menuitem')).toHaveText(['首页', '组织机构', '用户管理', /^数据字典/, '行业类别', '隐患类别'])
  await expect(page.getByTestId('quick-orgs')).toBeVisible()
  await expect(page.getByTestId('quick-users')).toBeVisible()
  await expect(page.getByTestId('nav-audit')).toHaveCount(0)

  // the user menu opens with 个人中心 / 退出登录
  await page.getByTestId('user-menu').click()
  await expect(page.getByTestId('profile')).toBeVisible()
  await expect(page.getByTestId('logout')).toBeVisible()
  // a click elsewhere closes it again
  await page.getByTestId('welcome').click()
  await expect(page.getByTestId('profile')).toBeHidden()

  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-home-sysadmin.png'), fullPage: true, animations: 'disabled' })

  // the sidebar collapses and expands again
  await page.getByTestId('menu-toggle').click()
  await expect(page.locator('.layout')).toHaveClass(/collapsed/)
  await page.getByTestId('menu-toggle').click()
  await expect(page.locator('.layout')).not.toHaveClass(/collapsed/)
})
