// Hand-made tasks and progress attachments (专项整治): 政策法规科 adds a task to its imported
// plan for 秀英区商务局, 秀英区商务局 reports progress on it with a photo, 政策法规科 sees the
// photo in the timeline, corrects the task, cannot take 秀英区商务局 off it (it has reported),
// and deletes another fresh task.
import path from 'node:path'
import zlib from 'node:zlib'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { apiLogin, apiResponse, FIXTURE_DIR, importPlanViaApi, login, logout, openNav, tableRows, tableSettled, uniqueSuffix } from './helpers'

const SEED_FILE = path.join(FIXTURE_DIR, 'haikou-commerce-2021.txt')
const SEED_TITLE = '海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案'

/** A real 2 × 2 PNG (red, green / blue, white), built here so the test needs no fixture file. */
function tinyPng(): Buffer {
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
  ihdr.writeUInt32BE(2, 0) // width
  ihdr.writeUInt32BE(2, 4) // height
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type: RGB
  // each row: filter byte 0, then RGB pixels
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255])
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
const PNG = tinyPng()

interface TaskDetail {
  id: string
  text: string
  deadline: { text: string; kind: string | null; start: string | null; end: string | null }
  responsible_phrases: string[]
  assignments: { org_id: string; org_name: string }[]
  timeline: { attachments: { id: string; name: string; kind: string }[] }[]
}

/** The native input of an Element Plus input-like component carrying `testId`. */
function nativeInput(page: Page, testId: string): Locator {
  const el = page.getByTestId(testId)
  return el.locator('xpath=self::input | self::textarea').or(el.locator('input, textarea')).first()
}

/** Picks one unit in the unit picker (MapUnitsDialog) of the task form and confirms it. */
async function pickUnit(page: Page, role: 'lead' | 'responsible', name: string): Promise<void> {
  await page.getByTestId(`task-form-${role}`).getByRole('button', { name: '添加单位' }).click()
  const dialog = page.getByTestId('import-map-dialog')
  await expect(dialog).toBeVisible()
  const select = page.getByTestId('import-map-units')
  await select.click()
  const search = apiResponse(page, 'GET', /^\/api\/orgs$/)
  await select.locator('input').fill(name)
  await search
  await page
    .locator('.el-select-dropdown__item')
    .filter({ visible: true })
    .filter({ hasText: new RegExp(`^\\s*${name}`) })
    .first()
    .click()
  await expect(select).toContainText(name)
  // the multiple select's dropdown stays open over the buttons: the first Escape clears the
  // search text, the second closes the dropdown (not the dialog)
  const input = select.locator('input')
  await input.press('Escape')
  await input.press('Escape')
  await expect(page.locator('.el-select-dropdown__item').filter({ visible: true })).toHaveCount(0)
  await page.getByTestId('import-map-confirm').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId(`task-form-${role}`).getByTestId('import-entry').filter({ hasText: name })).toHaveCount(1)
}

/** Types a date into an el-date-picker and closes its panel. */
async function fillDate(page: Page, testId: string, date: string): Promise<void> {
  const input = nativeInput(page, testId)
  await input.fill(date)
  await input.press('Enter')
  await expect(input).toHaveValue(date)
}

test('政策法规科 adds a task by hand, 秀英区商务局 reports with a photo, the task is edited and another deleted', async ({ page, request }) => {
  test.setTimeout(180_000)
  const suffix = uniqueSuffix()
  const title = `${SEED_TITLE}（e2e 手工任务 ${suffix}）`
  const taskText = `开展商贸企业燃气安全专项检查（e2e ${suffix}）`
  const editedText = `开展商贸企业燃气及用电安全专项检查（e2e ${suffix}）`
  const spareText = `临时任务，待删除（e2e ${suffix}）`
  const reportText = `已检查辖区燃气使用企业12家，现场照片见附件（e2e ${suffix}）`

  const campaign = await importPlanViaApi(request, SEED_FILE, title)
  expect(campaign.task_count).toBe(10)
  let taskId = ''

  await test.step('zhengfa adds a task for 秀英区商务局 with a deadline', async () => {
    await login(page, 'zhengfa')
    await page.goto(`/campaigns/${campaign.id}`)
    await expect(page.getByTestId('campaign-head')).toContainText(title)
    await tableSettled(page, 'task-table')
    await expect(page.getByTestId('task-row')).toHaveCount(10)

    await page.getByTestId('task-create').click()
    const form = page.getByTestId('task-form')
    await expect(form).toBeVisible()
    await expect(form).toContainText('新增任务')

    // nothing is sent while the form is incomplete
    await page.getByTestId('task-form-save').click()
    await expect(form.locator('.el-form-item__error')).toContainText(['请填写工作任务', '请至少添加一个责任单位'])

    await nativeInput(page, 'task-form-section-number').fill('四')
    await nativeInput(page, 'task-form-section').fill('强化重点领域安全监管')
    await nativeInput(page, 'task-form-number').fill('9')
    await page.getByTestId('task-form-text').fill(taskText)
    await pickUnit(page, 'lead', '政策法规科')
    await pickUnit(page, 'responsible', '秀英区商务局')
    // 完成时限: 截止日期 (the default kind) 2021-09-30
    await expect(page.getByTestId('task-form-deadline-kind')).toContainText('截止日期')
    await nativeInput(page, 'task-form-deadline-text').fill('9月底前')
    await fillDate(page, 'task-form-end', '2021-09-30')

    const created = apiResponse(page, 'POST', new RegExp(`^/api/campaigns/${campaign.id}/tasks$`))
    await page.getByTestId('task-form-save').click()
    const res = await created
    expect(res.status()).toBe(201)
    const body = res.request().postDataJSON() as {
      text: string
      section: string
      section_number: string
      number: string
      deadline: { text: string; kind: string; start: string | null; end: string | null; period: string | null }
      lead: { phrase: string; unit_ids: string[] }[]
      responsible: { phrase: string; unit_ids: string[] }[]
    }
    expect(body).toMatchObject({
      section: '强化重点领域安全监管',
      section_number: '四',
      number: '9',
      text: taskText,
      deadline: { text: '9月底前', kind: 'by', start: null, end: '2021-09-30', period: null },
    })
    expect(body.lead).toHaveLength(1)
    expect(body.lead[0].phrase).toBe('政策法规科')
    expect(body.responsible).toHaveLength(1)
    expect(body.responsible[0]).toMatchObject({ phrase: '秀英区商务局' })
    expect(body.responsible[0].unit_ids).toHaveLength(1)
    const task = (await res.json()) as TaskDetail
    taskId = task.id
    expect(task.assignments.map((a) => a.org_name)).toEqual(['秀英区商务局'])
    await expect(form).toBeHidden()

    await tableSettled(page, 'task-table')
    await expect(page.getByTestId('task-row')).toHaveCount(11)
    const row = page.getByTestId('task-row').filter({ hasText: taskText })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText('秀英区商务局')
    await expect(row).toContainText('9月底前')
    await expect(row).toContainText('2021-09-30')
    await expect(row.locator('td.ratio-col')).toHaveText('0/1')
    await expect(page.getByTestId('campaign-head').locator('.stat').filter({ hasText: '任务' }).first().locator('.num')).toHaveText('11')
  })

  await test.step('a second fresh task (to be deleted later) is added through the API', async () => {
    const api = await apiLogin(request, 'zhengfa')
    const orgs = await api.get(`/api/orgs?q=${encodeURIComponent('龙华区商务局')}&page_size=5`)
    const longhua = ((await orgs.json()) as { items: { id: string; name: string }[] }).items.find((o) => o.name === '龙华区商务局')
    expect(longhua).toBeTruthy()
    const res = await api.post(`/api/campaigns/${campaign.id}/tasks`, {
      section: '',
      section_number: '',
      number: '',
      text: spareText,
      deadline: { text: '长期坚持', kind: 'ongoing', start: null, end: null, period: null },
      lead: [],
      responsible: [{ phrase: '龙华区商务局', unit_ids: [longhua!.id] }],
    })
    expect(res.status()).toBe(201)
    await logout(page)
  })

  await test.step('xiuying reports progress on it with a PNG attachment', async () => {
    await login(page, 'xiuying')
    await openNav(page, 'my-tasks', /\/my-tasks$/)
    await tableSettled(page, 'my-task-table')
    const row = tableRows(page, 'my-task-table').filter({ hasText: taskText })
    await expect(row).toHaveCount(1)
    await row.getByTestId('assignment-report').click()
    const dialog = page.getByTestId('report-dialog')
    await expect(dialog).toBeVisible()
    await page.getByTestId('report-text').fill(reportText)

    const uploaded = apiResponse(page, 'POST', /^\/api\/files$/)
    await page.getByTestId('report-attachments').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG })
    const upRes = await uploaded
    expect(upRes.status()).toBe(201)
    const file = (await upRes.json()) as { id: string; name: string; kind: string; size: number }
    expect(file).toMatchObject({ name: '现场照片.png', kind: 'png', size: PNG.length })
    expect(upRes.request().headers()['x-csrf-token']).toBeTruthy()
    const item = page.getByTestId('report-attachment-item')
    await expect(item).toHaveCount(1)
    await expect(item).toHaveAttribute('data-status', 'done')
    await expect(item).toContainText('现场照片.png')

    // a file the server refuses is shown with its reason; the photo stays
    const refused = apiResponse(page, 'POST', /^\/api\/files$/)
    await page.getByTestId('report-attachments').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0]) })
    expect((await refused).status()).toBe(415)
    await expect(item).toHaveCount(2)
    const bad = item.filter({ hasText: 'page.html' })
    await expect(bad).toHaveAttribute('data-status', 'error')
    await expect(bad).toContainText('不支持的文件类型')
    await expect(item.filter({ hasText: '现场照片.png' })).toHaveAttribute('data-status', 'done')
    await expect(page.getByTestId('report-save')).toBeDisabled()
    await bad.getByRole('button', { name: '移除' }).click()
    await expect(item).toHaveCount(1)
    await expect(page.getByTestId('report-save')).toBeEnabled()

    const saved = apiResponse(page, 'POST', /^\/api\/assignments\/[^/]+\/progress$/)
    await page.getByTestId('report-save').click()
    const res = await saved
    expect(res.status()).toBe(200)
    expect(res.request().postDataJSON()).toEqual({ text: reportText, percent: 0, submit: false, attachments: [file.id] })
    await expect(dialog).toBeHidden()
    await expect(row).toContainText('进行中')
    await logout(page)
  })

  await test.step('zhengfa opens the task and sees the photo in the timeline', async () => {
    await login(page, 'zhengfa')
    await page.goto(`/campaigns/${campaign.id}`)
    await tableSettled(page, 'task-table')
    await page.getByTestId('task-row').filter({ hasText: taskText }).click()
    const drawer = page.getByTestId('task-drawer')
    await expect(drawer.getByTestId('task-text')).toContainText(taskText)
    const event = drawer.getByTestId('timeline-event').filter({ hasText: reportText })
    await expect(event).toHaveCount(1)
    const attachment = event.getByTestId('timeline-attachment')
    await expect(attachment).toHaveCount(1)
    await expect(attachment).toHaveAttribute('title', /现场照片\.png/)
    const img = attachment.locator('img')
    await expect(img).toHaveAttribute('src', /\/api\/files\/[^/?]+\?inline=true$/)
    // the thumbnail really loads (same-origin cookie auth)
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(2)
    await img.click()
    const viewer = page.locator('.el-image-viewer__wrapper')
    await expect(viewer).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(viewer).toBeHidden()
    await page.keyboard.press('Escape')
    await expect(drawer).toBeHidden()
  })

  await test.step('zhengfa edits the task text', async () => {
    const row = page.getByTestId('task-row').filter({ hasText: taskText })
    await row.getByTestId('task-edit').click()
    const form = page.getByTestId('task-form')
    await expect(form).toBeVisible()
    await expect(form).toContainText('编辑任务')
    await expect(page.getByTestId('task-form-text')).toHaveValue(taskText)
    await expect(page.getByTestId('task-form-responsible').getByTestId('import-entry')).toHaveText(['秀英区商务局'])
    await expect(page.getByTestId('task-form-lead').getByTestId('import-entry')).toHaveText(['政策法规科'])
    await expect(nativeInput(page, 'task-form-end')).toHaveValue('2021-09-30')
    await page.getByTestId('task-form-text').fill(editedText)
    const updated = apiResponse(page, 'PUT', new RegExp(`^/api/tasks/${taskId}$`))
    await page.getByTestId('task-form-save').click()
    const res = await updated
    expect(res.status()).toBe(200)
    expect(res.request().postDataJSON()).toMatchObject({ text: editedText, deadline: { end: '2021-09-30', kind: 'by' } })
    await expect(form).toBeHidden()
    await tableSettled(page, 'task-table')
    await expect(page.getByTestId('task-row').filter({ hasText: editedText })).toHaveCount(1)
    await expect(page.getByTestId('task-row').filter({ hasText: taskText })).toHaveCount(0)
  })

  await test.step('removing 秀英区商务局, which has reported, is refused (409)', async () => {
    const row = page.getByTestId('task-row').filter({ hasText: editedText })
    await row.getByTestId('task-edit').click()
    const form = page.getByTestId('task-form')
    await expect(form).toBeVisible()
    const responsible = page.getByTestId('task-form-responsible')
    await expect(responsible.getByTestId('import-entry')).toHaveText(['秀英区商务局'])
    await pickUnit(page, 'responsible', '龙华区商务局')
    await responsible.getByTestId('import-entry').filter({ hasText: '秀英区商务局' }).locator('.el-tag__close').click()
    await expect(responsible.getByTestId('import-entry')).toHaveText(['龙华区商务局'])
    const updated = apiResponse(page, 'PUT', new RegExp(`^/api/tasks/${taskId}$`))
    await page.getByTestId('task-form-save').click()
    expect((await updated).status()).toBe(409)
    const message = '秀英区商务局已报告进展，不能从责任单位中移出'
    await expect(page.getByTestId('task-form-error')).toContainText(message)
    await expect(page.locator('.el-message').filter({ hasText: message })).toBeVisible()
    await expect(form).toBeVisible()
    await form.getByRole('button', { name: '取消' }).click()
    await expect(form).toBeHidden()

    // nothing changed on the server
    const api = await apiLogin(request, 'zhengfa')
    const detail = (await (await api.get(`/api/tasks/${taskId}`)).json()) as TaskDetail
    expect(detail.assignments.map((a) => a.org_name)).toEqual(['秀英区商务局'])
    expect(detail.text).toBe(editedText)
    expect(detail.timeline.flatMap((e) => e.attachments.map((f) => f.name))).toEqual(['现场照片.png'])
  })

  await test.step('the task with a report cannot be deleted; the fresh one can', async () => {
    const reported = page.getByTestId('task-row').filter({ hasText: editedText })
    await reported.getByTestId('task-delete').click()
    let box = page.locator('.el-message-box')
    await expect(box).toBeVisible()
    const refused = apiResponse(page, 'DELETE', new RegExp(`^/api/tasks/${taskId}$`))
    await box.getByRole('button', { name: '删除' }).click()
    expect((await refused).status()).toBe(409)
    await expect(page.locator('.el-message').filter({ hasText: '已有责任单位报告进展，不能删除该任务' })).toBeVisible()
    await expect(reported).toHaveCount(1)

    const spare = page.getByTestId('task-row').filter({ hasText: spareText })
    await expect(spare).toHaveCount(1)
    await spare.getByTestId('task-delete').click()
    box = page.locator('.el-message-box')
    await expect(box).toBeVisible()
    await expect(box).toContainText(spareText)
    const deleted = apiResponse(page, 'DELETE', /^\/api\/tasks\/[^/]+$/)
    await box.getByRole('button', { name: '删除' }).click()
    expect((await deleted).status()).toBe(204)
    await tableSettled(page, 'task-table')
    await expect(spare).toHaveCount(0)
    await expect(page.getByTestId('task-row')).toHaveCount(11)
  })
})

test('a district bureau sees no task actions on a campaign it did not import', async ({ page, request }) => {
  const suffix = uniqueSuffix()
  const campaign = await importPlanViaApi(request, SEED_FILE, `${SEED_TITLE}（e2e 权限 ${suffix}）`)
  await login(page, 'xiuying')
  await page.goto(`/campaigns/${campaign.id}`)
  await tableSettled(page, 'task-table')
  await expect(page.getByTestId('task-row').first()).toBeVisible()
  await expect(page.getByTestId('task-create')).toHaveCount(0)
  await expect(page.getByTestId('task-edit')).toHaveCount(0)
  await expect(page.getByTestId('task-delete')).toHaveCount(0)
})
