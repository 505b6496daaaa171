// The org directory as the system administrator: the tree, name resolution of plan phrases,
// and the form refusing a unit without a name.
import { expect, test, type Request } from '@playwright/test'
import { login, openNav, pagerTotal, selectOption, tableRows, tableSettled } from './helpers'

const SECTIONS = ['办公室', '政策法规科', '流通业发展科', '展览科', '网点办']
const DISTRICTS = ['秀英区商务局', '龙华区商务局', '琼山区商务局', '美兰区商务局']

test.beforeEach(async ({ page }) => {
  await login(page, 'sysadmin')
  await openNav(page, 'orgs', /\/orgs/)
  await expect(page.getByTestId('org-tree')).toBeVisible()
})

test('the tree shows 海口市商务局 with its five sections and four district bureaus', async ({ page }) => {
  const tree = page.getByTestId('org-tree')
  const bureau = tree
    .getByRole('treeitem')
    .filter({ has: page.locator(':scope > .el-tree-node__content', { hasText: /^海口市商务局$/ }) })
  await expect(bureau).toHaveCount(1)
  await expect(bureau).toHaveAttribute('aria-expanded', 'true')

  const children = bureau.locator(':scope > .el-tree-node__children > .el-tree-node > .el-tree-node__content')
  await expect(children).toHaveText([...SECTIONS, ...DISTRICTS])
  for (const name of [...SECTIONS, ...DISTRICTS]) {
    await expect(tree.getByRole('treeitem', { name, exact: true })).toBeVisible()
  }

  // clicking a district shows its units in the table (its enterprises)
  await tree.locator('.el-tree-node__content', { hasText: /^秀英区商务局$/ }).click()
  await expect(page.getByText('· 下级：秀英区商务局')).toBeVisible()
  await tableSettled(page, 'org-table')
  const rows = tableRows(page, 'org-table')
  await expect(rows.first()).toContainText('秀英')
  for (const parent of await rows.locator('td:nth-child(4)').allInnerTexts()) expect(parent.trim()).toBe('秀英区商务局')
})

test('名称解析 maps plan phrases to units and flags the unknown one', async ({ page }) => {
  await page.getByRole('tab', { name: '名称解析' }).click()
  await expect(page).toHaveURL(/tab=resolve/)
  await page.getByTestId('resolve-input').fill('局政策法规科、各区商务局、局各相关科室、不存在的单位')
  await expect(page.getByTestId('resolve-submit')).toContainText('4 项')
  await page.getByTestId('resolve-submit').click()

  const rows = tableRows(page, 'resolve-table')
  await expect(rows).toHaveCount(3)
  const unitsOf = async (phrase: string) => {
    const row = rows.filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${phrase}$`) }) })
    await expect(row).toHaveCount(1)
    return (await row.locator('.el-tag').allInnerTexts()).map((t) => t.trim())
  }
  expect(await unitsOf('局政策法规科')).toEqual(['政策法规科'])
  expect((await unitsOf('各区商务局')).sort()).toEqual([...DISTRICTS].sort())
  expect((await unitsOf('局各相关科室')).sort()).toEqual([...SECTIONS].sort())
  await expect(page.getByTestId('resolve-table')).not.toContainText('不存在的单位')

  const unresolved = page.getByTestId('resolve-unresolved')
  await expect(unresolved).toBeVisible()
  await expect(unresolved).toContainText('未识别')
  await expect(unresolved.locator('.el-tag')).toHaveText(['不存在的单位'])
  await expect(page.getByText('1 项未能识别')).toBeVisible()
})

test('a unit without a name is refused with a Chinese field error and nothing is created', async ({ page }) => {
  await tableSettled(page, 'org-table')
  const totalBefore = await pagerTotal(page.locator('.pager'))
  const writes: Request[] = []
  page.on('request', (r) => {
    if (r.method() !== 'GET' && /\/api\/orgs(\?|$)/.test(r.url())) writes.push(r)
  })

  await page.getByTestId('org-create').click()
  const drawer = page.getByRole('dialog', { name: '新增单位' })
  await expect(drawer).toBeVisible()
  await selectOption(page, 'org-form-kind', '局科室')
  await page.getByTestId('org-form-submit').click()

  const nameItem = drawer.locator('.el-form-item').filter({ has: page.getByTestId('org-form-name') })
  await expect(nameItem.locator('.el-form-item__error')).toHaveText('请输入单位名称')
  await expect(drawer).toBeVisible()
  expect(writes).toHaveLength(0)

  // a name of blanks passes the form but not the server: its field error lands on the same item
  await page.getByTestId('org-form-name').fill('   ')
  const answered = page.waitForResponse((r) => /\/api\/orgs$/.test(r.url()) && r.request().method() === 'POST')
  await page.getByTestId('org-form-submit').click()
  const res = await answered
  expect(res.status()).toBe(400)
  await expect(nameItem.locator('.el-form-item__error')).toHaveText('单位名称不能为空')
  await expect(drawer).toBeVisible()

  // close the drawer: the directory holds as many units as before
  await drawer.getByRole('button', { name: '取消' }).click()
  await expect(drawer).toBeHidden()
  await page.getByRole('button', { name: '重置' }).click()
  await tableSettled(page, 'org-table')
  expect(await pagerTotal(page.locator('.pager'))).toBe(totalBefore)
})
