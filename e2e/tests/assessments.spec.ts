// 考核评估 (docs/api-accountability.md) through the browser:
// - zhengfa (政策法规科, accountability.write) creates this year's 上半年 assessment of the
//   区商务局 (a title unique to the run): the score matrix has exactly the four district bureaus,
//   every indicator scored by the data (score = auto score) as the API has them;
// - zhengfa changes one automatic score of 秀英区商务局 without a reason: the server refuses it
//   (400, `items.<key>.reason`) and its message shows under 调整理由; with a reason it is saved,
//   the cell is marked 调 with the reason; 定稿 → 已定稿, no more editing;
// - xiuying (秀英区商务局) finds the finalized assessment and sees only its own row.
import { expect, test, type Page } from '@playwright/test'
import { DISTRICTS, apiLogin, apiResponse, chinaToday, login, logout, openNav, tableSettled, uniqueSuffix } from './helpers'

interface Item {
  key: string
  weight: number
  auto_score: number
  score: number
  reason: string | null
}
interface Row {
  id: string
  org_name: string
  items: Item[]
  total: number
}
interface Detail {
  id: string
  state: string
  indicators: { key: string; label: string; weight: number; source: string }[]
  rows: Row[]
}
interface Problem {
  errors?: { field: string; message: string }[]
}

/** A score as the matrix shows it (at most two decimals). */
const shown = (n: number) => String(Math.round(n * 100) / 100)

async function confirmBox(page: Page, name: string): Promise<void> {
  const box = page.locator('.el-message-box').filter({ visible: true })
  await expect(box).toBeVisible()
  await box.getByRole('button', { name }).click()
}

test('考核评估: four districts scored from the data, an adjustment needs a reason, 定稿, a district sees its own row', async ({ page, request }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const year = Number(chinaToday().slice(0, 4))
  const title = `${year}年上半年区商务局安全生产考核（e2e ${suffix}）`
  const reason = `补报了整改销号材料，经核实予以调整（e2e ${suffix}）`
  let assessmentId = ''
  let detail: Detail | null = null

  await login(page, 'zhengfa')

  await test.step('新建考核: 区商务局, 上半年 → the matrix', async () => {
    await openNav(page, 'assessments', /\/assessments$/)
    await page.getByTestId('assessment-new').click()
    const dialog = page.getByTestId('assessment-create-dialog')
    await expect(dialog).toBeVisible()
    await page.getByTestId('assessment-form-period').getByText('上半年').click()
    await page.getByTestId('assessment-form-target-kind').getByText('区商务局').click()
    // the default indicators are loaded before the form is sent
    await expect(page.getByTestId('assessment-form-indicators').locator('tbody tr')).not.toHaveCount(0)
    await page.getByTestId('assessment-form-title').fill(title)
    const created = apiResponse(page, 'POST', /^\/api\/assessments$/)
    await page.getByTestId('assessment-form-submit').click()
    const res = await created
    expect(res.status()).toBe(201)
    expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ title, year, period: 'h1', target_kind: 'district' })
    assessmentId = ((await res.json()) as Detail).id
    await expect(page).toHaveURL(new RegExp(`/assessments/${assessmentId}$`))
    await expect(page.getByTestId('assessment-title')).toHaveText(title)
    await expect(page.getByTestId('assessment-state')).toHaveText('评分中')
  })

  await test.step('four district rows, every score the automatic one', async () => {
    const api = await apiLogin(request, 'zhengfa')
    detail = (await (await api.get(`/api/assessments/${assessmentId}`)).json()) as Detail
    expect(detail.rows.map((r) => r.org_name).sort()).toEqual([...DISTRICTS].sort())
    await tableSettled(page, 'assessment-matrix')
    const rows = page.getByTestId('assessment-matrix-row')
    await expect(rows).toHaveCount(4)
    for (const r of detail.rows) {
      const line = rows.filter({ has: page.getByTestId('assessment-unit').filter({ hasText: r.org_name }) })
      await expect(line).toHaveCount(1)
      await expect(line.getByTestId('assessment-total')).toHaveText(shown(r.total))
      for (const ind of detail.indicators) {
        const item = r.items.find((i) => i.key === ind.key)!
        if (ind.source !== 'manual') expect(item.score, `${r.org_name} ${ind.key}`).toBe(item.auto_score)
        await expect(line.locator(`[data-testid="assessment-cell"][data-key="${ind.key}"]`).getByTestId('assessment-score')).toHaveText(shown(item.score))
      }
      await expect(line.locator('.adj')).toHaveCount(0)
    }
  })

  await test.step('秀英区商务局: an adjustment without a reason is refused by the server, with one it is kept', async () => {
    const d = detail!
    const ind = d.indicators.find((i) => i.source !== 'manual')!
    const row = d.rows.find((r) => r.org_name === '秀英区商务局')!
    const item = row.items.find((i) => i.key === ind.key)!
    const adjusted = Math.round((item.auto_score + (item.auto_score + 1 <= item.weight ? 1 : -1)) * 10) / 10

    const line = page.getByTestId('assessment-matrix-row').filter({ has: page.getByTestId('assessment-unit').filter({ hasText: '秀英区商务局' }) })
    const cell = line.locator(`[data-testid="assessment-cell"][data-key="${ind.key}"]`)
    await cell.click()
    const dialog = page.getByTestId('assessment-score-dialog')
    await expect(dialog).toBeVisible()
    const input = page.getByTestId('assessment-score-input').locator('input')
    await input.fill(String(adjusted))
    await input.blur()
    await expect(page.getByTestId('assessment-score-reason')).toHaveValue('')

    const refused = apiResponse(page, 'PUT', new RegExp(`^/api/assessment-rows/${row.id}$`))
    await page.getByTestId('assessment-score-save').click()
    const res = await refused
    expect(res.status()).toBe(400)
    const problem = (await res.json()) as Problem
    const error = problem.errors?.find((e) => e.field === `items.${ind.key}.reason`)
    expect(error, 'the server names the reason field').toBeTruthy()
    await expect(page.getByTestId('assessment-score-reason-field').locator('.el-form-item__error')).toHaveText(error!.message)
    await expect(dialog).toBeVisible()

    await page.getByTestId('assessment-score-reason').fill(reason)
    const saved = apiResponse(page, 'PUT', new RegExp(`^/api/assessment-rows/${row.id}$`))
    await page.getByTestId('assessment-score-save').click()
    const ok = await saved
    expect(ok.status()).toBe(200)
    const body = JSON.parse(ok.request().postData() ?? '{}') as { items: { key: string; score: number; reason: string | null }[] }
    expect(body.items.find((i) => i.key === ind.key)).toEqual({ key: ind.key, score: adjusted, reason })
    const after = (await ok.json()) as Detail
    const total = after.rows.find((r) => r.id === row.id)!.total
    await expect(dialog).toBeHidden()
    await expect(cell.getByTestId('assessment-score')).toHaveText(shown(adjusted))
    await expect(cell.locator('.adj')).toHaveText('调')
    await expect(cell.getByTestId('assessment-reason')).toHaveText(reason)
    await expect(line.getByTestId('assessment-total')).toHaveText(shown(total))
  })

  await test.step('定稿: no more editing', async () => {
    await page.getByTestId('assessment-finalize').click()
    const finalized = apiResponse(page, 'POST', new RegExp(`^/api/assessments/${assessmentId}/finalize$`))
    await confirmBox(page, '定稿')
    expect((await finalized).status()).toBe(200)
    await expect(page.getByTestId('assessment-state')).toHaveText('已定稿')
    await expect(page.getByTestId('assessment-finalize')).toHaveCount(0)
    await expect(page.getByTestId('assessment-refresh')).toHaveCount(0)
  })

  await logout(page)

  await test.step('xiuying sees the finalized assessment with only its own row', async () => {
    await login(page, 'xiuying')
    await openNav(page, 'assessments', /\/assessments$/)
    await tableSettled(page, 'assessment-table')
    const row = page.getByTestId('assessment-row').filter({ hasText: suffix })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('assessment-state')).toHaveText('已定稿')
    await row.getByTestId('assessment-open').click()
    await expect(page).toHaveURL(new RegExp(`/assessments/${assessmentId}$`))
    await tableSettled(page, 'assessment-matrix')
    const rows = page.getByTestId('assessment-matrix-row')
    await expect(rows).toHaveCount(1)
    await expect(rows.getByTestId('assessment-unit')).toHaveText('秀英区商务局')
    await expect(rows.locator('.adj')).toHaveCount(1)
    await expect(page.getByTestId('assessment-finalize')).toHaveCount(0)
  })
})
