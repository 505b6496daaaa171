// Data scope and denial: menus follow permissions, forbidden pages show 403, and the
// enterprise list only holds what the user's unit may see.
import { expect, test, type Page } from '@playwright/test'
import { login, openNav, pagerTotal, selectOption, tableRows, tableSettled } from './helpers'

/** Opens 组织机构 and filters the list on 类型 = 企业; returns the rows. */
async function listEnterprises(page: Page) {
  await openNav(page, 'orgs', /\/orgs/)
  await expect(page.getByTestId('org-table')).toBeVisible()
  await tableSettled(page, 'org-table')
  const listed = page.waitForResponse((r) => /\/api\/orgs\?.*kind=enterprise/.test(r.url()) && r.request().method() === 'GET')
  await selectOption(page, 'org-filter-kind', '企业')
  expect((await listed).status()).toBe(200)
  await tableSettled(page, 'org-table')
  return tableRows(page, 'org-table')
}

test('a district user has no 用户管理 menu and /users shows the 403 page', async ({ page }) => {
  await login(page, 'xiuying')
  await expect(page.getByTestId('welcome')).toContainText('区商务局人员')
  await expect(page.getByTestId('nav-home')).toBeVisible()
  await expect(page.getByTestId('nav-orgs')).toBeVisible()
  await expect(page.getByTestId('nav-users')).toHaveCount(0)
  await expect(page.getByTestId('nav-audit')).toHaveCount(0)
  await expect(page.getByTestId('nav-security-policy')).toHaveCount(0)
  await expect(page.getByTestId('quick-users')).toHaveCount(0)

  await page.goto('/users')
  await expect(page).toHaveURL(/\/403/)
  const denied = page.getByTestId('error-403')
  await expect(denied).toBeVisible()
  await expect(denied).toContainText('无权访问')
  await expect(page.getByTestId('user-table')).toHaveCount(0)

  // the 审计日志 page is just as closed
  await page.goto('/audit')
  await expect(page.getByTestId('error-403')).toBeVisible()

  // 返回首页 leads back into the shell
  await page.getByRole('button', { name: '返回首页' }).click()
  await expect(page.getByTestId('welcome')).toBeVisible()
})

test('an enterprise user sees exactly one enterprise: its own', async ({ page }) => {
  await login(page, 'qiye1')
  await expect(page.getByTestId('welcome')).toContainText('企业用户')
  await expect(page.getByTestId('nav-users')).toHaveCount(0)

  const rows = await listEnterprises(page)
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('海口秀英椰城购物广场有限公司')
  await expect(rows.first()).toContainText('企业')
  await expect(rows.first()).toContainText('秀英区商务局')
  expect(await pagerTotal(page.locator('.pager'))).toBe(1)
  // read-only: no 新增 button and no row actions
  await expect(page.getByTestId('org-create')).toHaveCount(0)
  await expect(rows.first().getByRole('button', { name: '删除' })).toHaveCount(0)
})

test('a district user sees only the enterprises of its district', async ({ page }) => {
  await login(page, 'xiuying')
  const rows = await listEnterprises(page)
  await expect(rows.first()).toBeVisible()
  const count = await rows.count()
  expect(count).toBeGreaterThanOrEqual(5) // the demo data has five in 秀英区
  expect(await pagerTotal(page.locator('.pager'))).toBe(count)

  const names = await rows.locator('td:nth-child(1)').allInnerTexts()
  const parents = await rows.locator('td:nth-child(4)').allInnerTexts()
  for (const name of names) expect(name).toContain('秀英')
  for (const parent of parents) expect(parent.trim()).toBe('秀英区商务局')
  const table = page.getByTestId('org-table')
  for (const other of ['龙华', '美兰', '琼山']) await expect(table).not.toContainText(other)
  await expect(page.getByTestId('org-create')).toHaveCount(0)
})
