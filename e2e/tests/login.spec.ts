// The login page: demo banner, wrong password, and the lockout message after too many failures.
import { expect, test } from '@playwright/test'
import { apiLogin, submitLogin, uniqueSuffix } from './helpers'

test('the login page shows the demo banner', async ({ page }) => {
  await page.goto('/login')
  const banner = page.getByTestId('demo-banner')
  await expect(banner).toBeVisible()
  await expect(banner).toHaveText('演示模式：演示数据与演示账号，请勿录入真实数据')
  await expect(page.getByRole('heading', { name: /安治/ })).toContainText('海口市商贸行业安全生产专项整治平台')
  await expect(page).toHaveTitle(/登录/)
})

test('a wrong password shows 用户名或密码错误 and keeps the user on the login page', async ({ page }) => {
  await submitLogin(page, 'leader', 'Wrong#Pass123')
  const alert = page.getByTestId('login-alert')
  await expect(alert).toBeVisible()
  await expect(alert).toContainText('用户名或密码错误')
  await expect(page).toHaveURL(/\/login/)
  // the password field is cleared for another try
  await expect(page.getByTestId('login-password')).toHaveValue('')

  // an unknown user gets the very same answer (no account enumeration)
  await page.getByTestId('login-username').fill(`nobody_${uniqueSuffix()}`)
  await page.getByTestId('login-password').fill('Wrong#Pass123')
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'))
  await page.getByTestId('login-submit').click()
  expect((await answered).status()).toBe(401)
  await expect(page.getByTestId('login-password')).toHaveValue('')
  await expect(alert).toContainText('用户名或密码错误')

  // and the right password still works
  await page.getByTestId('login-username').fill('leader')
  await page.getByTestId('login-password').fill('Anzhi@2026')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('welcome')).toContainText('局领导')
})

test('too many wrong passwords lock the account and the login page says so', async ({ page, request }) => {
  // a throwaway account, so no demo account gets locked
  const username = `lock_${uniqueSuffix()}`
  const sys = await apiLogin(request, 'sysadmin')
  const orgs = await (await sys.get('/api/orgs?kind=district&q=%E7%BE%8E%E5%85%B0')).json()
  const created = await sys.post('/api/users', {
    username,
    display_name: '锁定测试',
    role: 'district_staff',
    org_id: orgs.items[0].id,
  })
  expect(created.status()).toBe(201)
  const initialPassword = ((await created.json()) as { initial_password: string }).initial_password
  const sec = await apiLogin(request, 'secadmin')
  const policy = (await (await sec.get('/api/security/policy')).json()) as { max_failures: number }
  expect(policy.max_failures).toBeGreaterThan(0)

  await page.goto('/login')
  const alert = page.getByTestId('login-alert')
  for (let i = 1; i < policy.max_failures; i++) {
    await page.getByTestId('login-username').fill(username)
    await page.getByTestId('login-password').fill(`Wrong#Pass${i}`)
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'))
    await page.getByTestId('login-submit').click()
    expect((await answered).status()).toBe(401)
    await expect(page.getByTestId('login-password')).toHaveValue('')
    await expect(alert).toContainText('用户名或密码错误')
  }
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill('Wrong#PassLast')
  await page.getByTestId('login-submit').click()
  await expect(alert).toContainText(/账号已锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/)
  await expect(page).toHaveURL(/\/login/)

  // while locked, even the right password is refused with the lockout message
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(initialPassword)
  await page.getByTestId('login-submit').click()
  await expect(alert).toContainText('请稍后再试或联系安全管理员解锁')
  await expect(page).toHaveURL(/\/login/)
  await expect(page.getByTestId('welcome')).toHaveCount(0)
})
