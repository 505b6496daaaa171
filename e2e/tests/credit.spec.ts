// 诚信管理, 成熟度评估 and 典型做法 (docs/api-accountability.md) through the browser:
// - zhengfa (政策法规科, credit.manage) opens 诚信评价, 重新计算 (the answer's {scored, changed}
//   shown), finds qiye1's enterprise, opens its 明细: the score and grade as the API computes
//   them, 基础分 100 and every explanation item with its label, fact and signed points;
// - zhengfa nominates that enterprise as this year's 标杆企业 (remote enterprise search, a reason
//   unique to the run) and publishes it; the 标杆企业 cards show it with the reason;
// - qiye1 starts this year's 成熟度评估 (开始填报; when the enterprise already has one that year it
//   is opened instead), 提交 too early names the first unanswered question next to it, then it
//   answers every question of every dimension by clicking the level descriptor cards, 保存, 提交
//   → 待审核;
// - xiuying (秀英区, maturity.review) opens it, raises one question's reviewed level, 审核通过
//   → 已审核 with a reviewed level;
// - qiye1 submits a good practice (典型做法) with text (保存并提交 → 待审核 in 我的提交); zhengfa
//   publishes it from 待审核; xiuying reads it on the practices page (card → body paragraphs).
import { expect, test, type Page } from '@playwright/test'
import { apiLogin, apiResponse, chinaToday, login, logout, openNav, selectOption, tableSettled, uniqueSuffix } from './helpers'

interface Me {
  user: { org_id: string; org_name: string }
}
interface CreditItem {
  key: string
  label: string
  fact: string
  points: number
}
interface CreditDetail {
  score: number
  grade: string
  grade_label: string
  items: CreditItem[]
}
interface Questionnaire {
  dimensions: { key: string; label: string; questions: { key: string; text: string }[] }[]
}

/** "−10" / "+5" / "0" as the detail page shows points. */
const signed = (p: number) => (p > 0 ? `+${p}` : p < 0 ? `−${-p}` : '0')

/** Confirms the open Element Plus message box with the button named `name`. */
async function confirmBox(page: Page, name: string): Promise<void> {
  const box = page.locator('.el-message-box').filter({ visible: true })
  await expect(box).toBeVisible()
  await box.getByRole('button', { name }).click()
}

test('credit explained, benchmark published, maturity filled and reviewed, a good practice published', async ({ page, request }) => {
  test.setTimeout(300_000)
  const suffix = uniqueSuffix()
  const year = Number(chinaToday().slice(0, 4))
  const qiye = await apiLogin(request, 'qiye1')
  const me = (await (await qiye.get('/api/auth/me')).json()) as Me
  const enterpriseId = me.user.org_id
  const enterprise = me.user.org_name
  const reason = `连续三年无逾期隐患，自查自改自报规范（e2e ${suffix}）`
  const practiceTitle = `“日巡周查月评”闭环管理做法 ${suffix}`

  await login(page, 'zhengfa')

  await test.step('诚信评价: 重新计算 shows how many were scored and changed', async () => {
    await openNav(page, 'credit', /\/credit$/)
    await tableSettled(page, 'credit-table')
    await expect(page.getByTestId('credit-summary')).toBeVisible()
    const recompute = apiResponse(page, 'POST', /^\/api\/credit\/recompute$/)
    await page.getByTestId('credit-recompute').click()
    const res = await recompute
    expect(res.status()).toBe(200)
    const r = (await res.json()) as { scored: number; changed: number }
    expect(r.scored).toBeGreaterThan(0)
    await expect(page.getByTestId('credit-recompute-result')).toContainText(`评分 ${r.scored} 家企业，其中 ${r.changed} 家`)
  })

  await test.step('qiye1’s enterprise: the score, the grade and every explanation item', async () => {
    await page.getByTestId('credit-filter-q').fill(enterprise)
    const listed = apiResponse(page, 'GET', /^\/api\/credit$/)
    await page.getByTestId('credit-search').click()
    expect((await listed).status()).toBe(200)
    await tableSettled(page, 'credit-table')
    const row = page.getByTestId('credit-row').filter({ hasText: enterprise })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('credit-grade')).toHaveText(/[ABCD]级/)

    const zhengfa = await apiLogin(request, 'zhengfa')
    const detail = (await (await zhengfa.get(`/api/credit/${enterpriseId}`)).json()) as CreditDetail
    await row.getByTestId('credit-enterprise').click()
    await expect(page).toHaveURL(new RegExp(`/credit/${enterpriseId}$`))
    await expect(page.getByTestId('credit-detail-name')).toHaveText(enterprise)
    await expect(page.getByTestId('credit-detail-score')).toHaveText(String(detail.score))
    await expect(page.getByTestId('credit-detail-grade')).toHaveText(detail.grade_label)
    const table = page.getByTestId('credit-items')
    await expect(table).toContainText('基础分')
    await expect(table).toContainText('100')
    await expect(page.getByTestId('credit-item-label')).toHaveCount(detail.items.length)
    for (const item of detail.items) {
      const line = table.locator('tr').filter({ has: page.getByTestId('credit-item-label').filter({ hasText: item.label }) }).first()
      await expect(line.getByTestId('credit-item-fact')).toHaveText(item.fact)
      await expect(line.getByTestId('credit-item-points')).toHaveText(signed(item.points))
    }
    // the formula row ends in the score (or says how it was clamped)
    await expect(page.getByTestId('credit-formula')).toContainText(/^100/)
    await expect(page.getByTestId('credit-history')).toBeVisible()
  })

  await test.step('标杆企业: nominate qiye1’s enterprise and publish it', async () => {
    await openNav(page, 'credit-benchmarks', /\/credit\/benchmarks$/)
    await page.getByRole('tab', { name: '提名与发布' }).click()
    await page.getByTestId('benchmark-new').click()
    const drawer = page.getByTestId('benchmark-form')
    await expect(drawer).toBeVisible()
    const select = page.getByTestId('benchmark-form-enterprise')
    await select.click()
    const search = apiResponse(page, 'GET', /^\/api\/enterprises$/)
    await select.locator('input').fill('椰城')
    await search
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: enterprise }).first().click()
    await expect(select).toContainText(enterprise)
    await selectOption(page, 'benchmark-form-year', `${year}年`)
    await page.getByTestId('benchmark-form-reason').fill(reason)
    const nominated = apiResponse(page, 'POST', /^\/api\/benchmarks$/)
    await page.getByTestId('benchmark-form-submit').click()
    const res = await nominated
    expect(res.status()).toBe(201)
    expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ enterprise_id: enterpriseId, year, reason })
    await expect(drawer).toBeHidden()

    await tableSettled(page, 'benchmark-table')
    const row = page.getByTestId('benchmark-row').filter({ hasText: suffix })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('benchmark-state')).toHaveText('已提名')
    await row.getByTestId('benchmark-publish').click()
    const published = apiResponse(page, 'POST', /^\/api\/benchmarks\/[^/]+\/publish$/)
    await confirmBox(page, '发布')
    expect((await published).status()).toBe(200)
    await expect(row.getByTestId('benchmark-state')).toHaveText('已发布')

    await page.getByRole('tab', { name: '标杆企业' }).click()
    const card = page.getByTestId('benchmark-card').filter({ hasText: suffix })
    await expect(card).toHaveCount(1)
    await expect(card.getByTestId('benchmark-card-name')).toHaveText(enterprise)
    await expect(card.getByTestId('benchmark-card-reason')).toHaveText(reason)
  })

  await logout(page)

  const questionnaire = (await (await qiye.get('/api/maturity/questionnaire')).json()) as Questionnaire
  expect(questionnaire.dimensions).toHaveLength(7)
  const firstQuestion = questionnaire.dimensions[0].questions[0].key
  let assessmentUrl = ''

  await test.step('qiye1 fills this year’s maturity questionnaire and submits it', async () => {
    await login(page, 'qiye1')
    await openNav(page, 'maturity', /\/maturity$/)
    await selectOption(page, 'maturity-start-year', `${year}年度`)
    await page.getByTestId('maturity-start').click()
    await expect(page).toHaveURL(/\/maturity\/[^/]+$/)
    assessmentUrl = new URL(page.url()).pathname
    await expect(page.getByTestId('maturity-detail')).toBeVisible()
    await expect(page.getByTestId('maturity-detail-state')).toHaveText(/填报中|已退回/)

    // too early: the unanswered question is named next to it, nothing is sent
    let submitted = false
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/maturity\/[^/]+\/submit$/.test(new URL(r.url()).pathname)) submitted = true
    })
    const firstLevel = page.getByTestId(`mq-level-${firstQuestion}-1`)
    const answeredAlready = (await firstLevel.getAttribute('aria-checked')) === 'true'
    if (!answeredAlready) {
      await page.getByTestId('maturity-submit').click()
      await expect(page.getByTestId(`mq-error-${firstQuestion}`)).toBeVisible()
      expect(submitted).toBe(false)
    }

    // every question of every dimension, chosen by its descriptor card (levels 3 and 4 alternating)
    let n = 0
    for (const d of questionnaire.dimensions) {
      await page.getByTestId(`mq-tab-${d.key}`).click()
      for (const q of d.questions) {
        const level = n++ % 2 === 0 ? 3 : 4
        const card = page.getByTestId(`mq-level-${q.key}-${level}`)
        await card.click()
        await expect(card).toHaveAttribute('aria-checked', 'true')
      }
      await expect(page.getByTestId(`mq-tab-${d.key}`)).toContainText(`${d.questions.length}/${d.questions.length}`)
    }
    await page.getByTestId(`mq-tab-${questionnaire.dimensions[0].key}`).click()
    await page.getByTestId(`mq-note-${firstQuestion}`).fill(`主要负责人每月带队检查（${suffix}）`)
    // the PUT with the note (an autosave of the clicks may still be on its way)
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PUT' && /^\/api\/maturity\/[^/]+$/.test(new URL(r.url()).pathname) && (r.request().postData() ?? '').includes(suffix),
    )
    await page.getByTestId('maturity-save').click()
    const put = await saved
    expect(put.status()).toBe(200)
    const body = JSON.parse(put.request().postData() ?? '{}') as { answers: Record<string, { level: number }> }
    expect(Object.keys(body.answers)).toHaveLength(questionnaire.dimensions.reduce((s, d) => s + d.questions.length, 0))
    await expect(page.getByTestId('maturity-save-state')).toContainText('已保存')

    await page.getByTestId('maturity-submit').click()
    const submit = apiResponse(page, 'POST', /^\/api\/maturity\/[^/]+\/submit$/)
    await confirmBox(page, '提交')
    expect((await submit).status()).toBe(200)
    await expect(page.getByTestId('maturity-detail-state')).toHaveText('待审核')
    await expect(page.getByTestId('maturity-submit')).toHaveCount(0)
    await expect(page.getByTestId('maturity-radar')).toBeVisible()
    await logout(page)
  })

  await test.step('xiuying reviews it: one level raised, 审核通过', async () => {
    await login(page, 'xiuying')
    await openNav(page, 'maturity', /\/maturity$/)
    await tableSettled(page, 'maturity-table')
    const row = page.getByTestId('maturity-row').filter({ hasText: enterprise }).filter({ hasText: '待审核' })
    await expect(row).toHaveCount(1)
    await row.getByTestId('maturity-open').click()
    await expect(page).toHaveURL(new RegExp(`${assessmentUrl}$`))
    await expect(page.getByTestId('maturity-review')).toBeVisible()
    // the enterprise's answer is shown; the reviewer raises the first question to 5
    await expect(page.getByTestId(`mq-level-${firstQuestion}-3`)).toHaveAttribute('aria-checked', 'true')
    await selectOption(page, `mq-review-${firstQuestion}`, '5级')
    await page.getByTestId('maturity-review-note').fill(`现场核实，领导作用突出（${suffix}）`)
    const reviewed = apiResponse(page, 'POST', /^\/api\/maturity\/[^/]+\/review$/)
    await page.getByTestId('maturity-approve').click()
    const res = await reviewed
    expect(res.status()).toBe(200)
    expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ approve: true, levels: { [firstQuestion]: 5 } })
    await expect(page.getByTestId('maturity-detail-state')).toHaveText('已审核')
    await expect(page.getByTestId('maturity-detail-reviewed')).not.toHaveText('-')
    await logout(page)
  })

  await test.step('qiye1 submits a good practice', async () => {
    await login(page, 'qiye1')
    await openNav(page, 'practices', /\/practices/)
    await page.getByTestId('practice-new').click()
    const drawer = page.getByTestId('practice-form')
    await expect(drawer).toBeVisible()
    await page.getByTestId('practice-form-title').fill(practiceTitle)
    await selectOption(page, 'practice-form-category', '隐患排查治理')
    await page.getByTestId('practice-form-summary').fill('班组每日巡查、部门每周检查、企业每月讲评，隐患当日登记、限期销号。')
    await page
      .getByTestId('practice-form-body')
      .fill('一、主要做法。建立日巡、周查、月评三级检查制度。\n二、取得成效。全年隐患按期整改率100%。')
    const created = apiResponse(page, 'POST', /^\/api\/practices$/)
    const submitted = apiResponse(page, 'POST', /^\/api\/practices\/[^/]+\/submit$/)
    await page.getByTestId('practice-form-submit').click()
    expect((await created).status()).toBe(201)
    expect((await submitted).status()).toBe(200)
    await expect(drawer).toBeHidden()
    await tableSettled(page, 'practice-mine-table')
    const row = page.getByTestId('practice-mine-row').filter({ hasText: suffix })
    await expect(row).toHaveCount(1)
    await expect(row.getByTestId('practice-state')).toHaveText('待审核')
    await logout(page)
  })

  await test.step('zhengfa publishes it from 待审核', async () => {
    await login(page, 'zhengfa')
    await openNav(page, 'practices', /\/practices/)
    await page.getByTestId('practice-tab-review').click()
    await tableSettled(page, 'practice-review-table')
    const row = page.getByTestId('practice-review-row').filter({ hasText: suffix })
    await expect(row).toHaveCount(1)
    await row.getByTestId('practice-publish').click()
    const reviewed = apiResponse(page, 'POST', /^\/api\/practices\/[^/]+\/review$/)
    await confirmBox(page, '发布')
    const res = await reviewed
    expect(res.status()).toBe(200)
    expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ approve: true })
    await expect(page.getByTestId('practice-review-row').filter({ hasText: suffix })).toHaveCount(0)
    await logout(page)
  })

  await test.step('xiuying reads it on the practices page', async () => {
    await login(page, 'xiuying')
    await openNav(page, 'practices', /\/practices/)
    await page.getByTestId('practice-q').fill(suffix)
    await page.getByTestId('practice-search').click()
    const card = page.getByTestId('practice-card').filter({ hasText: suffix })
    await expect(card).toHaveCount(1)
    await expect(card.getByTestId('practice-card-title')).toHaveText(practiceTitle)
    await card.click()
    await expect(page).toHaveURL(/\/practices\/[^/]+$/)
    await expect(page.getByTestId('practice-detail-title')).toHaveText(practiceTitle)
    await expect(page.getByTestId('practice-detail-org')).toHaveText(enterprise)
    const paragraphs = page.getByTestId('practice-detail-body').locator('p')
    await expect(paragraphs).toHaveCount(2)
    await expect(paragraphs.nth(1)).toContainText('全年隐患按期整改率100%')
    await expect(page.getByTestId('practice-detail-review')).toHaveCount(0)
  })
})
