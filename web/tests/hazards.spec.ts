// Pure logic of 隐患排查治理: the default deadline, the report and edit forms, the ledger's
// URL, labels, the timeline, the self-check form and the statistics tables.
import { describe, expect, it } from 'vitest'
import { asPage, flags, type HazardEventView, type HazardStats, type StatsRow } from '@/api/hazards'
import type { FileBrief } from '@/api/types'
import { flattenMenu, visibleMenu } from '@/menu'
import { eventFacts, sortEvents, stateChange } from '@/views/hazards/events'
import {
  addDays,
  checkEditForm,
  checkHazardForm,
  defaultDeadline,
  editFormFrom,
  editFormToInput,
  emptyHazardForm,
  hazardErrorsFrom,
  hazardFormToInput,
  isDate,
  parseAmount,
  syncHazardForm,
} from '@/views/hazards/hazardForm'
import { filterToApi, ledgerFromQuery, ledgerToQuery, sameQuery, tableSort } from '@/views/hazards/hazardFilter'
import {
  formatDays,
  formatRate,
  levelTag,
  orderedActions,
  overdueText,
  selfCheckPeriodLabel,
  sourceLabel,
  stateLabel,
  userLevel,
} from '@/views/hazards/labels'
import {
  checkSelfCheckForm,
  emptySelfCheckForm,
  foundHazard,
  hasErrors,
  selfCheckErrorsFrom,
  selfCheckResult,
  selfCheckToInput,
  syncFoundHazards,
} from '@/views/hazards/selfCheckForm'
import {
  barOption,
  defaultMonthRange,
  ledgerQueryFor,
  monthEnd,
  monthsBetween,
  pieOption,
  statsTable,
  summaryCards,
  trendOption,
  trendRows,
} from '@/views/hazards/stats'

const photo = (id: string): FileBrief => ({
  id,
  name: `${id}.jpg`,
  kind: 'jpeg',
  content_type: 'image/jpeg',
  size: 2048,
  uploaded_at: '2026-11-28T01:00:00Z',
  has_thumb: true,
  taken_at: '2026-11-28T00:58:00Z',
})

const TODAY = '2026-11-28'

describe('default deadline', () => {
  it('adds calendar days across months, years and leap days', () => {
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02')
    expect(addDays('2026-12-20', 15)).toBe('2027-01-04')
    expect(addDays('2028-02-14', 15)).toBe('2028-02-29')
    expect(addDays('bad', 3)).toBe('')
  })

  it('is found + 30 days, 重大隐患 15', () => {
    expect(defaultDeadline('2026-11-28', 'general')).toBe('2026-12-28')
    expect(defaultDeadline('2026-11-28', 'major')).toBe('2026-12-13')
    expect(defaultDeadline('', 'general')).toBe('')
  })

  it('follows 发现日期 and 等级 until picked by hand; 重大 switches 即查即改 off', () => {
    const f = emptyHazardForm(TODAY)
    expect(f.deadline).toBe('2026-12-28')
    f.level = 'major'
    f.fixed_on_spot = true
    syncHazardForm(f)
    expect(f.deadline).toBe('2026-12-13')
    expect(f.fixed_on_spot).toBe(false)
    f.found_on = '2026-11-20'
    syncHazardForm(f)
    expect(f.deadline).toBe('2026-12-05')
    f.deadline = '2026-12-31'
    f.deadline_touched = true
    f.level = 'general'
    syncHazardForm(f)
    expect(f.deadline).toBe('2026-12-31')
  })

  it('validates dates and amounts', () => {
    expect(isDate('2026-02-29')).toBe(false)
    expect(isDate('2028-02-29')).toBe(true)
    expect(parseAmount('')).toBeNull()
    expect(parseAmount('1,200.5')).toBe(1200.5)
    expect(parseAmount(' 3000 ')).toBe(3000)
    expect(parseAmount('-1')).toBeNaN()
    expect(parseAmount('1.234')).toBeNaN()
    expect(parseAmount('abc')).toBeNaN()
  })
})

describe('report form', () => {
  const staff = { staff: true, today: TODAY }
  const enterprise = { staff: false, today: TODAY }

  it('asks staff for the enterprise and the source; everyone for category, description and a photo', () => {
    const f = emptyHazardForm(TODAY)
    expect(checkHazardForm(f, staff)).toEqual({
      enterprise_id: '请选择企业',
      source: '请选择隐患来源',
      category_id: '请选择隐患类别',
      description: '请填写隐患描述',
      photos: '请至少上传 1 张隐患照片',
    })
    expect(Object.keys(checkHazardForm(f, enterprise))).toEqual(['category_id', 'description', 'photos'])
  })

  it('checks dates, funds and at most 9 photos', () => {
    const f = emptyHazardForm(TODAY)
    Object.assign(f, { category_id: 'c1', description: '安全出口堵塞', photos: Array.from({ length: 10 }, (_, i) => photo(`p${i}`)) })
    f.found_on = '2026-11-29'
    f.deadline = '2026-11-01'
    f.deadline_touched = true
    f.funds = '12元'
    expect(checkHazardForm(f, enterprise)).toEqual({
      found_on: '发现日期不能晚于今天',
      deadline: '整改期限不能早于发现日期',
      funds: '请输入金额（元），如 1200 或 1200.50',
      photos: '隐患照片最多 9 张',
    })
  })

  it('即查即改 needs after photos and what was done', () => {
    const f = emptyHazardForm(TODAY)
    Object.assign(f, { category_id: 'c1', description: '灭火器过期', photos: [photo('p1')], fixed_on_spot: true })
    expect(checkHazardForm(f, enterprise)).toEqual({ after_photos: '请上传整改后照片', fix_note: '请填写现场整改情况' })
    f.after_photos = [photo('a1')]
    f.fix_note = '已更换灭火器'
    expect(checkHazardForm(f, enterprise)).toEqual({})
  })

  it('sends what an enterprise user reports, without enterprise or source', () => {
    const f = emptyHazardForm(TODAY, 'ent-1')
    Object.assign(f, {
      category_id: 'c1',
      description: ' 二楼安全出口被货物堵塞 ',
      location: ' ',
      found_by: '王五',
      funds: '1,500',
      photos: [photo('p1'), photo('p2')],
    })
    expect(hazardFormToInput(f, enterprise)).toEqual({
      description: '二楼安全出口被货物堵塞',
      photos: ['p1', 'p2'],
      category_id: 'c1',
      level: 'general',
      found_on: TODAY,
      found_by: '王五',
      deadline: '2026-12-28',
      funds: 1500,
    })
  })

  it('sends the enterprise and source for staff, and 即查即改 with its evidence', () => {
    const f = emptyHazardForm(TODAY)
    Object.assign(f, {
      enterprise_id: 'ent-2',
      source: 'district_check',
      category_id: 'c2',
      description: '灭火器压力不足',
      photos: [photo('p1')],
      fixed_on_spot: true,
      after_photos: [photo('a1')],
      fix_note: ' 已当场更换 ',
    })
    const body = hazardFormToInput(f, staff)
    expect(body).toMatchObject({
      enterprise_id: 'ent-2',
      source: 'district_check',
      fixed_on_spot: true,
      after_photos: ['a1'],
      fix_note: '已当场更换',
    })
    // a 重大隐患 is never sent as fixed on the spot
    f.level = 'major'
    const major = hazardFormToInput(f, staff)
    expect(major.fixed_on_spot).toBeUndefined()
    expect(major.after_photos).toBeUndefined()
  })

  it('places server errors like photos[0] on their fields', () => {
    expect(
      hazardErrorsFrom([
        { field: 'photos[0]', message: '照片不存在或不属于您' },
        { field: 'deadline', message: '整改期限不能早于发现日期' },
        { field: 'unknown', message: 'x' },
      ]),
    ).toEqual({ photos: '照片不存在或不属于您', deadline: '整改期限不能早于发现日期' })
  })
})

describe('edit form', () => {
  const original = {
    category_id: 'c1',
    description: '安全出口堵塞',
    location: null,
    measures: '清理堵塞物',
    responsible: '张三',
    deadline: '2026-12-28',
    funds: null,
    found_on: '2026-11-28',
  }

  it('requires a 修改说明 when the deadline moves', () => {
    const f = editFormFrom(original)
    expect(checkEditForm(f, original)).toEqual({})
    f.deadline = '2027-01-10'
    expect(checkEditForm(f, original)).toEqual({ comment: '修改整改期限须填写修改说明' })
    f.comment = '需采购防火门，供货周期长'
    expect(checkEditForm(f, original)).toEqual({})
    f.deadline = '2026-11-01'
    expect(checkEditForm(f, original).deadline).toBe('整改期限不能早于发现日期')
  })

  it('sends blanks as null (cleared) and the comment only when given', () => {
    const f = editFormFrom(original)
    f.measures = ' '
    f.funds = '800'
    expect(editFormToInput(f)).toEqual({
      category_id: 'c1',
      description: '安全出口堵塞',
      location: null,
      measures: null,
      responsible: '张三',
      deadline: '2026-12-28',
      funds: 800,
    })
  })
})

describe('ledger URL', () => {
  it('reads filters, page and sort from the query and writes back only what differs from the defaults', () => {
    const s = ledgerFromQuery({ state: 'pending', level: 'major', overdue: 'true', found_from: '2026-01-01', found_to: '2026-06-30', page: '3', sort: 'deadline', bogus: 'x' })
    expect(s.filter).toMatchObject({ state: 'pending', level: 'major', overdue: true, supervised: false, found: ['2026-01-01', '2026-06-30'] })
    expect(s.page).toBe(3)
    expect(s.sort).toBe('deadline')
    expect(ledgerToQuery(s)).toEqual({
      state: 'pending',
      level: 'major',
      overdue: 'true',
      found_from: '2026-01-01',
      found_to: '2026-06-30',
      page: '3',
      sort: 'deadline',
    })
    expect(ledgerToQuery(ledgerFromQuery({}))).toEqual({})
  })

  it('ignores values it does not know', () => {
    const s = ledgerFromQuery({ state: 'done', sort: 'enterprise', page: '-1', page_size: '7', found_from: '2026-01-01' })
    expect(s.filter.state).toBe('')
    expect(s.sort).toBe('-found_on')
    expect(s.page).toBe(1)
    expect(s.page_size).toBe(20)
    expect(s.filter.found).toBeNull()
  })

  it('sends the flags only when on and trims the keyword', () => {
    const s = ledgerFromQuery({ q: '  YH2026 ', supervised: 'true' })
    expect(filterToApi(s.filter)).toEqual({ supervised: true, q: 'YH2026' })
    expect(flags({ overdue: false, supervised: true, q: 'x' })).toEqual({ overdue: undefined, supervised: true, q: 'x' })
  })

  it('compares queries by meaning', () => {
    expect(sameQuery({ page: '1', state: 'pending' }, { state: 'pending' })).toBe(true)
    expect(sameQuery({ state: 'pending' }, { state: 'closed' })).toBe(false)
    expect(tableSort('-found_on')).toEqual({ prop: 'found_on', order: 'descending' })
    expect(tableSort('code')).toEqual({ prop: 'code', order: 'ascending' })
  })
})

describe('labels', () => {
  it('names sources, states, levels and periods', () => {
    expect(sourceLabel('public_report')).toBe('群众举报')
    expect(stateLabel('verifying')).toBe('待验收')
    expect(levelTag('major')).toBe('danger')
    expect(selfCheckPeriodLabel('quarterly')).toBe('每季度')
    expect(selfCheckPeriodLabel(undefined)).toBe('每月')
    expect(selfCheckPeriodLabel('none')).toBe('不要求')
  })

  it('says how late a hazard is', () => {
    expect(overdueText({ overdue: true, overdue_days: 12 })).toBe('逾期12天')
    expect(overdueText({ overdue: true, overdue_days: 0 })).toBe('已逾期')
    expect(overdueText({ overdue: false, overdue_days: 0 })).toBe('')
  })

  it('offers the server’s steps in page order and drops unknown ones', () => {
    expect(orderedActions(['edit', 'accept', 'return', 'fly'])).toEqual(['accept', 'return', 'edit'])
    expect(orderedActions(null)).toEqual([])
  })

  it('tells enterprise, district and bureau users apart', () => {
    expect(userLevel('enterprise_user', [])).toBe('enterprise')
    expect(userLevel('x', ['hazard.read', 'hazard.rectify'])).toBe('enterprise')
    expect(userLevel('district_staff', ['hazard.verify'])).toBe('district')
    expect(userLevel('section_staff', ['hazard.verify'])).toBe('bureau')
    expect(userLevel('leader', ['hazard.read'])).toBe('bureau')
  })

  it('formats rates and days', () => {
    expect(formatRate(85.714)).toBe('85.7%')
    expect(formatRate(100)).toBe('100%')
    expect(formatRate(0, 0)).toBe('-')
    expect(formatDays(null)).toBe('-')
    expect(formatDays(6.25)).toBe('6.3')
  })
})

describe('timeline', () => {
  const ev = (over: Partial<HazardEventView>): HazardEventView => ({
    id: 'e',
    action: 'report',
    action_label: '上报隐患',
    from_state: null,
    to_state: 'pending',
    to_state_label: '待整改',
    comment: null,
    data: null,
    actor_name: '王五',
    actor_org_name: '某商场',
    at: '2026-11-28T01:00:00Z',
    attachments: [],
    ...over,
  })

  it('reads oldest first and keeps the server order for the same instant', () => {
    const list = [ev({ id: 'b', at: '2026-11-29T01:00:00Z' }), ev({ id: 'a' }), ev({ id: 'a2' })]
    expect(sortEvents(list).map((e) => e.id)).toEqual(['a', 'a2', 'b'])
  })

  it('says the state change', () => {
    expect(stateChange(ev({}))).toBe('待整改')
    expect(stateChange(ev({ from_state: 'verifying', to_state: 'rectifying', to_state_label: '整改中' }))).toBe('待验收 → 整改中')
    expect(stateChange(ev({ from_state: 'rectifying', to_state: 'rectifying', to_state_label: '整改中' }))).toBe('整改中')
  })

  it('shows the facts an event carries', () => {
    expect(eventFacts(ev({ action: 'supervise', data: { kind: 'bureau', deadline: '2026-12-15' } }))).toEqual(['督办级别：市级挂牌督办', '督办期限：2026-12-15'])
    expect(eventFacts(ev({ action: 'change_level', data: { from_level: 'general', to_level: 'major' } }))).toEqual(['原等级：一般隐患', '新等级：重大隐患'])
    expect(eventFacts(ev({ action: 'submit', data: { funds_spent: 12000, other: 1 } }))).toEqual(['实际资金：12,000 元'])
    expect(eventFacts(ev({ data: null }))).toEqual([])
  })
})

describe('self-check form', () => {
  it('starts with the common check items and needs a result: none found, or hazards', () => {
    const f = emptySelfCheckForm(TODAY)
    expect(f.items.map((i) => i.item)).toContain('疏散通道和安全出口畅通')
    const e = checkSelfCheckForm(f, TODAY)
    expect(e.form).toEqual({
      scope: '请填写检查范围',
      inspectors: '请填写检查人员',
      hazards: '请添加发现的隐患，或勾选“本次检查未发现隐患”',
    })
    f.scope = '营业场所全部区域'
    f.inspectors = '张三、李四'
    f.no_hazards = true
    expect(hasErrors(checkSelfCheckForm(f, TODAY))).toBe(false)
  })

  it('checks each hazard found and dates them by the check', () => {
    const f = emptySelfCheckForm(TODAY)
    Object.assign(f, { scope: '仓库', inspectors: '张三' })
    f.hazards.push(foundHazard(f))
    f.checked_on = '2026-11-20'
    syncFoundHazards(f)
    expect(f.hazards[0].form.found_on).toBe('2026-11-20')
    expect(f.hazards[0].form.found_by).toBe('张三')
    expect(f.hazards[0].form.deadline).toBe('2026-12-20')
    const e = checkSelfCheckForm(f, TODAY)
    expect(e.hazards[0]).toEqual({ category_id: '请选择隐患类别', description: '请填写隐患描述', photos: '请至少上传 1 张隐患照片' })
  })

  it('sends the record with its hazards (自改 = 即查即改), blank check rows left out', () => {
    const f = emptySelfCheckForm(TODAY)
    Object.assign(f, { scope: '仓库', inspectors: '张三', note: '' })
    f.items[1].result = '不符合'
    f.items[1].note = '后门堆放纸箱'
    f.items[2].item = ' '
    f.hazards.push(foundHazard(f))
    Object.assign(f.hazards[0].form, { category_id: 'c1', description: '后门堆放纸箱', photos: [photo('p1')], fixed_on_spot: true, after_photos: [photo('a1')], fix_note: '已清理' })
    f.attachments = [photo('doc1')]
    const body = selfCheckToInput(f, TODAY)
    expect(body.items).toHaveLength(4)
    expect(body.items[1]).toEqual({ item: '疏散通道和安全出口畅通', result: '不符合', note: '后门堆放纸箱' })
    expect(body.no_hazards).toBe(false)
    expect(body.attachments).toEqual(['doc1'])
    expect(body.hazards[0]).toMatchObject({ description: '后门堆放纸箱', photos: ['p1'], fixed_on_spot: true, after_photos: ['a1'], found_on: TODAY, found_by: '张三' })
    expect(body.hazards[0].enterprise_id).toBeUndefined()
    expect(body.hazards[0].source).toBeUndefined()
    expect(body.note).toBeUndefined()
    // "nothing found" sends no hazards
    f.no_hazards = true
    expect(selfCheckToInput(f, TODAY).hazards).toEqual([])
  })

  it('places server errors on the record, a check row (counted among the rows sent) or a hazard', () => {
    const f = emptySelfCheckForm(TODAY)
    f.items[0].item = '' // not sent: items[1] of the body is row 2
    const e = selfCheckErrorsFrom(
      [
        { field: 'scope', message: '请填写检查范围' },
        { field: 'items[1].result', message: '检查结果无效' },
        { field: 'hazards[1].photos[0]', message: '照片不存在' },
        { field: 'hazards.0.description', message: '请填写隐患描述' },
        { field: 'hazards[2]', message: '重大隐患不能即查即改' },
      ],
      f.items,
    )
    expect(e.form).toEqual({ scope: '请填写检查范围' })
    expect(e.items).toEqual({ 2: '检查结果无效' })
    expect(e.hazards).toEqual({ 0: { description: '请填写隐患描述' }, 1: { photos: '照片不存在' }, 2: { description: '重大隐患不能即查即改' } })
  })

  it('says the result of a record', () => {
    expect(selfCheckResult({ no_hazards: true, hazards_found: 0, fixed_on_spot: 0 })).toBe('未发现隐患')
    expect(selfCheckResult({ no_hazards: false, hazards_found: 3, fixed_on_spot: 2 })).toBe('发现3条（自改2条）')
  })
})

describe('statistics', () => {
  const row = (key: string, label: string, found: number, closed: number, extra: Partial<StatsRow> = {}): StatsRow => ({
    key,
    label,
    found,
    closed,
    open: found - closed,
    overdue: 0,
    on_spot: 0,
    rate: found ? (closed / found) * 100 : 0,
    avg_days: closed ? 5 : null,
    ...extra,
  })
  const byDistrict: HazardStats = {
    by: 'district',
    rows: [row('d1', '秀英区商务局', 7, 6, { overdue: 1 }), row('d2', '美兰区商务局', 0, 0)],
    total: row('', '合计', 7, 6, { overdue: 1, avg_days: 4.55 }),
  }

  it('shapes a table: short district names, rates, days, then 合计', () => {
    const t = statsTable(byDistrict)
    expect(t.map((r) => r.label)).toEqual(['秀英区', '美兰区', '合计'])
    expect(t[0]).toMatchObject({ found: 7, closed: 6, open: 1, overdue: 1, rate: '85.7%', avg_days: '5', total: false })
    expect(t[1]).toMatchObject({ rate: '-', avg_days: '-' })
    expect(t[2]).toMatchObject({ total: true, avg_days: '4.6' })
    expect(statsTable({ ...byDistrict, rows: [] })).toEqual([])
    expect(statsTable(null)).toEqual([])
  })

  it('makes the five summary cards from the total', () => {
    const cards = summaryCards(byDistrict.total)
    expect(cards.map((c) => [c.key, c.value])).toEqual([
      ['found', '7'],
      ['closed', '6'],
      ['overdue', '1'],
      ['rate', '85.7%'],
      ['avg_days', '4.6'],
    ])
    expect(cards[2].tone).toBe('danger')
    expect(summaryCards(null).map((c) => c.value)).toEqual(['0', '0', '0', '-', '-'])
  })

  it('fills the months without hazards in the trend', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    const rows = trendRows([row('2026-03', '2026年3月', 2, 1), row('2026-01', '2026年1月', 4, 4)], '2026-01', '2026-04')
    expect(rows.map((r) => [r.key, r.label, r.found])).toEqual([
      ['2026-01', '2026年1月', 4],
      ['2026-02', '2026年2月', 0],
      ['2026-03', '2026年3月', 2],
      ['2026-04', '2026年4月', 0],
    ])
    // no range given: from the first to the last month the server sent
    expect(trendRows([row('2026-03', '3', 1, 0), row('2026-01', '1', 1, 0)]).map((r) => r.key)).toEqual(['2026-01', '2026-02', '2026-03'])
  })

  it('builds the chart options', () => {
    const trend = trendOption([row('2026-01', '2026年1月', 4, 3), row('2026-02', '2026年2月', 0, 0)])
    expect(trend.series.map((s) => s.name)).toEqual(['发现', '已销号', '整改率'])
    expect(trend.series[2].data).toEqual([75, null])
    const bar = barOption('district', byDistrict.rows)
    expect(bar.xAxis.data).toEqual(['秀英区', '美兰区'])
    expect(bar.series[0].data).toEqual([6, 0])
    expect(bar.series[1].data).toEqual([1, 0])
    const pie = pieOption('level', [row('general', '一般隐患', 5, 5), row('major', '重大隐患', 2, 1)])
    expect(pie.series[0].data).toEqual([
      { name: '一般隐患', value: 5, itemStyle: { color: '#e6a23c' } },
      { name: '重大隐患', value: 2, itemStyle: { color: '#f56c6c' } },
    ])
  })

  it('opens the ledger behind a row with the same months', () => {
    expect(defaultMonthRange('2026-03-15')).toEqual(['2025-04', '2026-03'])
    expect(defaultMonthRange('2026-12-01')).toEqual(['2026-01', '2026-12'])
    expect(monthEnd('2028-02')).toBe('2028-02-29')
    expect(ledgerQueryFor('category', 'c1', { from: '2026-01', to: '2026-06', district_id: 'd1' })).toEqual({
      district_id: 'd1',
      category_id: 'c1',
      found_from: '2026-01-01',
      found_to: '2026-06-30',
    })
    expect(ledgerQueryFor('month', '2026-02', { from: '2026-01', to: '2026-06' })).toEqual({ found_from: '2026-02-01', found_to: '2026-02-28' })
    expect(ledgerQueryFor('level', 'major', {})).toEqual({ level: 'major' })
  })
})

describe('lists and menu', () => {
  it('takes a bare array as a page (paged here when a size is given)', () => {
    expect(asPage([1, 2, 3])).toEqual({ items: [1, 2, 3], total: 3, page: 1, page_size: 3 })
    expect(asPage([1, 2, 3], 2, 2)).toEqual({ items: [3], total: 3, page: 2, page_size: 2 })
    expect(asPage({ items: [1], total: 9, page: 1, page_size: 1 })).toEqual({ items: [1], total: 9, page: 1, page_size: 1 })
    expect(asPage(null)).toEqual({ items: [], total: 0, page: 1, page_size: 0 })
  })

  it('shows 隐患排查治理 by permission: 自查情况 only to staff who verify', () => {
    const names = (perms: string[]) => flattenMenu(visibleMenu(perms)).map((m) => m.name)
    expect(names(['hazard.read', 'hazard.report', 'hazard.rectify'])).toEqual(['home', 'hazards', 'self-checks', 'hazard-stats'])
    expect(names(['hazard.read', 'hazard.report', 'hazard.verify'])).toEqual(['home', 'hazards', 'self-checks', 'self-check-status', 'hazard-stats'])
    expect(names(['hazard.verify'])).toEqual(['home'])
    expect(names(['dictionary.write'])).toEqual(['home', 'industry-categories', 'hazard-categories'])
  })
})
