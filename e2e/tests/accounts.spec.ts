// The required path: an administrator creates a district user, the user logs in with
// the initial password and is forced to change it, and the audit administrator finds the
// 新增用户 record and verifies the hash chain.
import { expect, test } from '@playwright/test'
import { apiLogin, login, logout, openNav, selectOption, submitLogin, tableRows, tableSettled, uniqueSuffix } from './helpers'

test('sysadmin creates a district user who must change the initial password; auditadmin sees it in the audit log', async ({ page }) => {
  const suffix = uniqueSuffix()
  const username = `e2e${suffix}`
  const displayName = `测试专干${suffix.slice(-4)}`
  // ≥ 8 characters, all four classes, does not contain the username
  const newPassword = `Hk#2026_${suffix.slice(-5)}Q`

  let initialPassword = ''

  await test.step('sysadmin logs in and opens 用户管理', async () => {
    await login(page, 'sysadmin')
    await expect(page.getByTestId('welcome')).toContainText('系统管理员')
    await openNav(page, 'users', /\/users$/)
    await expect(page.getByTestId('user-table')).toBeVisible()
    await tableSettled(page, 'user-table')
  })

  await test.step('creates the user through the drawer', async () => {
    await page.getByTestId('users-create').click()
    const drawer = page.getByRole('dialog', { name: '新增用户' })
    await expect(drawer).toBeVisible()
    await page.getByTestId('user-form-username').fill(username)
    await page.getByTestId('user-form-display-name').fill(displayName)
    await selectOption(page, 'user-form-role', '区商务局人员')
    await selectOption(page, 'user-form-org', '龙华区商务局')
    await page.getByTestId('user-form-submit').click()

    const dialog = page.getByTestId('initial-password-dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('用户已创建')
    await expect(dialog).toContainText(username)
    initialPassword = (await page.getByTestId('initial-password').innerText()).trim()
    expect(initialPassword.length).toBeGreaterThanOrEqual(8)
    await page.getByTestId('initial-password-close').click()
    await expect(dialog).toBeHidden()

    // the new user is in the list
    const row = tableRows(page, 'user-table').filter({ hasText: username })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText(displayName)
    await expect(row).toContainText('区商务局人员')
    await expect(row).toContainText('龙华区商务局')
  })

  await test.step('sysadmin logs out', async () => {
    await logout(page)
  })

  await test.step('the new user logs in and is forced to change the initial password', async () => {
    await submitLogin(page, username, initialPassword)
    await expect(page).toHaveURL(/\/force\/password$/)
    await expect(page.getByRole('heading', { name: '修改初始密码' })).toBeVisible()
    // the shell's menu is not reachable from the forced page
    await expect(page.getByTestId('nav-home')).toHaveCount(0)

    await page.getByTestId('pwd-old').fill(initialPassword)
    await page.getByTestId('pwd-new').fill(newPassword)
    await page.getByTestId('pwd-confirm').fill(newPassword)
    await page.getByTestId('pwd-submit').click()
    await expect(page.getByText('密码已修改')).toBeVisible()
  })

  await test.step('lands on 首页 with the name and role', async () => {
    await expect(page).toHaveURL(/\/$/)
    const welcome = page.getByTestId('welcome')
    await expect(welcome).toBeVisible()
    await expect(welcome).toContainText(displayName)
    await expect(welcome).toContainText('区商务局人员')
    await expect(welcome).toContainText('龙华区商务局')
    await expect(page.getByTestId('user-menu')).toContainText(displayName)
    // a district user has no 用户管理 menu
    await expect(page.getByTestId('nav-users')).toHaveCount(0)
    await logout(page)
  })

  await test.step('the changed password is the one that works now', async () => {
    await submitLogin(page, username, initialPassword)
    await expect(page.getByTestId('login-alert')).toContainText('用户名或密码错误')
    await page.getByTestId('login-password').fill(newPassword)
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('welcome')).toContainText(displayName)
    await logout(page)
  })

  await test.step('auditadmin finds the 新增用户 record of the new user', async () => {
    await login(page, 'auditadmin')
    await openNav(page, 'audit', /\/audit$/)
    await expect(page.getByTestId('audit-table')).toBeVisible()
    await tableSettled(page, 'audit-table')

    await selectOption(page, 'audit-filter-action', '新增用户')
    await page.getByTestId('audit-filter-q').fill(username)
    await page.getByTestId('audit-filter-q').press('Enter')
    await tableSettled(page, 'audit-table')

    const rows = tableRows(page, 'audit-table')
    await expect(rows).toHaveCount(1)
    const row = rows.first()
    await expect(row).toContainText('新增用户')
    await expect(row).toContainText('sysadmin')
    await expect(row).toContainText('成功')

    // expand the row: the after-JSON names the user
    await row.locator('.el-table__expand-icon').click()
    const expanded = page.getByTestId('audit-table').locator('.el-table__expanded-cell')
    await expect(expanded).toBeVisible()
    await expect(expanded).toContainText('变更后')
    await expect(expanded).toContainText(`"username": "${username}"`)
    await expect(expanded).toContainText(`"display_name": "${displayName}"`)
  })

  await test.step('校验完整性 reports an intact hash chain', async () => {
    await page.getByTestId('audit-verify').click()
    const result = page.getByTestId('audit-verify-result')
    await expect(result).toBeVisible()
    await expect(result).toContainText('完整性校验通过')
    await expect(result).toContainText('未发现篡改')
  })
})

test('用户管理 keyword search finds a username that contains "_"', async ({ page, request }) => {
  // Keyword search matches "_" literally (it is escaped in the LIKE pattern, not a wildcard).
  const username = `kw_${uniqueSuffix()}`
  const sys = await apiLogin(request, 'sysadmin')
  const orgs = await (await sys.get('/api/orgs?kind=district')).json()
  const created = await sys.post('/api/users', {
    username,
    display_name: '关键词测试',
    role: 'district_staff',
    org_id: orgs.items[0].id,
  })
  expect(created.status()).toBe(201)

  await login(page, 'sysadmin')
  await openNav(page, 'users', /\/users$/)
  await tableSettled(page, 'user-table')
  await page.getByTestId('user-filter-q').fill(username)
  const listed = page.waitForResponse((r) => r.url().includes('/api/users?') && r.url().includes('q=kw_'))
  await page.getByTestId('user-filter-q').press('Enter')
  await listed
  await tableSettled(page, 'user-table')
  await expect(tableRows(page, 'user-table').filter({ hasText: username })).toHaveCount(1, { timeout: 3_000 })
})
