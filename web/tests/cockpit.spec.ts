// 领导驾驶舱 and 月报, the pure parts: where each figure links (exact URLs, district included),
// which links the user may open, the chart options, percent and month labels, and the
// monthly report's tables, file names and default month.
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import type { Cockpit } from '@/api/cockpit'
import {
  campaignLink,
  campaignOverdueLink,
  campaignOverdueUnitLink,
  creditLink,
  hazardLink,
  hazardsClosedLink,
  hazardsFoundInMonthLink,
  hazardsOpenLink,
  hazardsOverdueLink,
  inspectionsLink,
  majorOpenLink,
  monthBounds,
  referralsLink,
  riskLink,
  selfChecksLink,
  trainingCoverageLink,
  weatherLink,
  withQuery,
} from '@/views/cockpit/cockpitLinks'
import {
  ackText,
  clickedIndex,
  clickedKey,
  completionOption,
  creditBars,
  creditOption,
  formatPercent,
  hazardsByMonthOption,
  kpiTiles,
  monthLabels,
  monthTitle,
  overdueByUnitOption,
  overdueByUnitRows,
  previousMonth,
  ratio,
  riskPieOption,
  riskSlices,
  trainingGaugeOption,
  unitName,
} from '@/views/cockpit/cockpitCharts'
import { canOpen } from '@/views/cockpit/linkGuard'
import { ledgerFromQuery } from '@/views/hazards/hazardFilter'
import { cellText, isFutureMonth, reportDownloadUrl, reportFileName, reportQuery, reportTables } from '@/views/reports/monthlyReport'

const CITY = { district_id: null }
const XY = { district_id: 'd-xy' }

const COCKPIT: Cockpit = {
  scope_label: '全市',
  generated_at: '2026-11-28T02:03:04Z',
  today: '2026-11-28',
  campaign: {
    id: 'c1',
    title: '2026年商贸行业安全生产专项整治',
    tasks: 24,
    assignments: 120,
    accepted: 80,
    overdue: 6,
    completion_rate: 66.66,
    series: [
      { month: '2026-03', accepted: 10, rate: 8.33 },
      { month: '2026-04', accepted: 20, rate: 25 },
    ],
  },
  overdue_by_unit: [
    { org_id: 'd-lh', org_name: '龙华区商务局', overdue: 1 },
    { org_id: 'd-xy', org_name: '秀英区商务局', overdue: 3 },
    { org_id: 's-zf', org_name: '政策法规科', overdue: 0 },
  ],
  hazards_by_month: [
    { month: '2026-01', found: 30, closed: 25 },
    { month: '2026-02', found: 0, closed: 0 },
  ],
  hazards: { open: 40, overdue: 5, major_open: 2, closed_rate: 82.5 },
  major_open: [{ id: 'h1', code: 'YH2026001', enterprise_name: '海口某超市', deadline: '2026-11-01', overdue: true }],
  risk: { major: 1, large: 5, general: 20, low: 60, unassessed: 14 },
  weather: [],
  inspections: { year_done: 12, month_done: 3, open: 2 },
  training: { year: 2026, people: 300, trained: 250, rate: 83.3 },
  credit: { a: 10, b: 40, c: 5, d: 1, unscored: 44 },
  referrals: { open: 2, concluded: 3 },
  self_checks: { period_label: '2026年11月', due: 100, done: 70 },
}

describe('cockpit links', () => {
  it('hazard figures open the ledger with the same filters, district included', () => {
    expect(hazardsOpenLink(CITY)).toBe('/hazards?state=open')
    expect(hazardsOpenLink(XY)).toBe('/hazards?district_id=d-xy&state=open')
    expect(hazardsOverdueLink(CITY)).toBe('/hazards?overdue=true')
    expect(hazardsOverdueLink(XY)).toBe('/hazards?district_id=d-xy&overdue=true')
    expect(majorOpenLink(CITY)).toBe('/hazards?state=open&level=major')
    expect(majorOpenLink(XY)).toBe('/hazards?district_id=d-xy&state=open&level=major')
    expect(hazardsClosedLink(XY)).toBe('/hazards?district_id=d-xy&state=closed')
    expect(hazardLink('h/1')).toBe('/hazards/h%2F1')
  })

  it('a month of the hazard chart opens the ledger found in that month', () => {
    expect(hazardsFoundInMonthLink(XY, '2026-02')).toBe('/hazards?district_id=d-xy&found_from=2026-02-01&found_to=2026-02-28')
    expect(hazardsFoundInMonthLink(CITY, '2024-02')).toBe('/hazards?found_from=2024-02-01&found_to=2024-02-29')
    expect(hazardsFoundInMonthLink(CITY, '2026-12')).toBe('/hazards?found_from=2026-12-01&found_to=2026-12-31')
    expect(hazardsFoundInMonthLink(CITY, 'bad')).toBe('/hazards')
    expect(monthBounds('2026-13')).toBeNull()
  })

  it('the ledger reads the filters these links carry', () => {
    const q = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams)
    const overdue = ledgerFromQuery(q(hazardsOverdueLink(XY))).filter
    expect(overdue.district_id).toBe('d-xy')
    expect(overdue.overdue).toBe(true)
    const major = ledgerFromQuery(q(majorOpenLink(XY))).filter
    expect(major.level).toBe('major')
    expect(major.district_id).toBe('d-xy')
    const month = ledgerFromQuery(q(hazardsFoundInMonthLink(XY, '2026-01'))).filter
    expect(month.found).toEqual(['2026-01-01', '2026-01-31'])
    expect(ledgerFromQuery(q(hazardsClosedLink(CITY))).filter.state).toBe('closed')
  })

  it('risk colours open the risk points of that grade; 未评估 the distribution', () => {
    expect(riskLink(CITY, 'major')).toBe('/risk-points?grade=major')
    expect(riskLink(XY, 'large')).toBe('/risk-points?district_id=d-xy&grade=large')
    expect(riskLink(XY, 'general')).toBe('/risk-points?district_id=d-xy&grade=general')
    expect(riskLink(XY, 'low')).toBe('/risk-points?district_id=d-xy&grade=low')
    expect(riskLink(XY, 'unassessed')).toBe('/risk/distribution')
  })

  it('credit grades open /credit?grade=X; 未评分 has no list', () => {
    expect(creditLink(CITY, 'a')).toBe('/credit?grade=A')
    expect(creditLink(XY, 'b')).toBe('/credit?district_id=d-xy&grade=B')
    expect(creditLink(XY, 'c')).toBe('/credit?district_id=d-xy&grade=C')
    expect(creditLink(CITY, 'd')).toBe('/credit?grade=D')
    expect(creditLink(CITY, 'unscored')).toBeNull()
  })

  it('a bar of 逾期任务（按单位） opens the board; a district’s enterprises open it on 企业', () => {
    // 「秀英区辖区企业」 carries the district's org_id (d-xy), not an enterprise's
    const rows = overdueByUnitRows([
      { org_id: 'd-xy', org_name: '秀英区商务局', overdue: 1 },
      { org_id: 'd-xy', org_name: '秀英区辖区企业', overdue: 12 },
      { org_id: 's-zf', org_name: '政策法规科', overdue: 2 },
    ])
    expect(rows.map((r) => r.org_name)).toEqual(['秀英区辖区企业', '政策法规科', '秀英区商务局'])
    // the bar keeps its full name (only a bureau is shortened)
    expect(overdueByUnitOption(rows).yAxis.data).toEqual(['秀英区辖区企业', '政策法规科', '秀英区'])
    expect(campaignOverdueUnitLink('c1', rows[0])).toBe('/campaigns/c1?tab=board&unit_kind=enterprise')
    expect(campaignOverdueUnitLink('c1', rows[1])).toBe('/campaigns/c1?tab=board')
    expect(campaignOverdueUnitLink('c1', rows[2])).toBe('/campaigns/c1?tab=board')
    expect(campaignOverdueUnitLink('c1', null)).toBe('/campaigns/c1?tab=board')
  })

  it('campaign, weather, inspections, training, referrals, self-checks', () => {
    expect(campaignOverdueLink('c1')).toBe('/campaigns/c1?tab=board')
    expect(campaignLink('c1')).toBe('/campaigns/c1')
    expect(weatherLink('w1')).toBe('/weather/w1')
    expect(weatherLink()).toBe('/weather')
    expect(inspectionsLink('done')).toBe('/inspections?state=completed&mine=false')
    expect(inspectionsLink('open')).toBe('/inspections?state=in_progress&mine=false')
    expect(trainingCoverageLink()).toBe('/training/coverage')
    expect(referralsLink(XY, 'concluded')).toBe('/referrals?district_id=d-xy&state=concluded')
    expect(referralsLink(CITY, 'open')).toBe('/referrals')
    expect(selfChecksLink(XY, 'done')).toBe('/self-checks?district_id=d-xy')
    expect(selfChecksLink(CITY, 'due')).toBe('/self-checks/status')
  })

  it('withQuery leaves out blanks and false, keeps the order', () => {
    expect(withQuery('/x', [['a', ''], ['b', null], ['c', undefined], ['d', false], ['e', 0], ['f', 'g h']])).toBe('/x?e=0&f=g+h')
  })
})

describe('canOpen', () => {
  // the permissions of the lists as the app's router has them (a copy: the router file is
  // edited by several people at once)
  const Page = { template: '<div />' }
  const routes: RouteRecordRaw[] = [
    { path: '/cockpit', name: 'cockpit', component: Page, meta: { permission: 'cockpit.read' } },
    {
      path: '/hazards',
      meta: { permission: 'hazard.read' },
      children: [
        { path: '', name: 'hazards', component: Page },
        { path: ':id', name: 'hazard', component: Page },
      ],
    },
    { path: '/self-checks/status', name: 'self-check-status', component: Page, meta: { permission: 'hazard.verify' } },
    { path: '/risk-points', name: 'risk-points', component: Page, meta: { permission: 'risk.read' } },
    { path: '/campaigns/:id', name: 'campaign', component: Page, meta: { permission: 'campaign.read' } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: Page },
  ]
  const router = createRouter({ history: createMemoryHistory(), routes })
  const perms = (list: string[]) => (p: string) => list.includes(p)

  it('opens pages the user may open, not unknown ones or forbidden ones', () => {
    const leader = perms(['hazard.read', 'risk.read', 'campaign.read', 'cockpit.read'])
    expect(canOpen(router, leader, '/hazards?state=open')).toBe(true)
    expect(canOpen(router, leader, '/hazards/h1')).toBe(true)
    expect(canOpen(router, leader, '/risk-points?grade=major')).toBe(true)
    expect(canOpen(router, leader, '/campaigns/c1?tab=board')).toBe(true)
    // 自查情况 needs hazard.verify, which a leader lacks
    expect(canOpen(router, leader, '/self-checks/status')).toBe(false)
    expect(canOpen(router, perms([]), '/hazards')).toBe(false)
    expect(canOpen(router, leader, '/no-such-page')).toBe(false)
    expect(canOpen(router, leader, null)).toBe(false)
    expect(canOpen(router, leader, '/cockpit')).toBe(true)
  })
})

describe('cockpit figures', () => {
  it('formats percents and ratios', () => {
    expect(formatPercent(66.66)).toBe('66.7%')
    expect(formatPercent(100)).toBe('100%')
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(null)).toBe('-')
    expect(formatPercent(Number.NaN)).toBe('-')
    expect(ratio(25, 30)).toBe(83.3)
    expect(ratio(1, 0)).toBeNull()
  })

  it('labels months', () => {
    expect(monthLabels(['2026-03', '2026-04'])).toEqual(['3月', '4月'])
    expect(monthLabels(['2025-12', '2026-01'])).toEqual(['2025年12月', '2026年1月'])
    expect(monthLabels(['x'])).toEqual(['x'])
    expect(monthTitle('2026-11')).toBe('2026年11月')
    expect(previousMonth('2026-11-28')).toBe('2026-10')
    expect(previousMonth('2027-01-05')).toBe('2026-12')
  })

  it('KPI tiles: the campaign may be missing', () => {
    expect(kpiTiles(COCKPIT).map((t) => [t.key, t.value, t.alert])).toEqual([
      ['completion', '66.7%', false],
      ['campaign_overdue', '6', true],
      ['hazards_open', '40', false],
      ['major_open', '2', true],
      ['closed_rate', '82.5%', false],
    ])
    const none = kpiTiles({ ...COCKPIT, campaign: null })
    expect(none[0].value).toBe('-')
    expect(none[1].value).toBe('-')
    expect(kpiTiles(null).map((t) => t.value)).toEqual(['-', '-', '0', '0', '-'])
  })

  it('the completion chart: bars of accepted, line of the rate', () => {
    const o = completionOption(COCKPIT.campaign)
    expect(o.xAxis.data).toEqual(['3月', '4月'])
    expect(o.series[0].data).toEqual([10, 20])
    expect(o.series[1].data).toEqual([8.3, 25])
    expect(completionOption(null).series[0].data).toEqual([])
  })

  it('overdue by unit: most first, none left out, districts by short name', () => {
    const rows = overdueByUnitRows(COCKPIT.overdue_by_unit)
    expect(rows.map((r) => r.org_id)).toEqual(['d-xy', 'd-lh'])
    const o = overdueByUnitOption(rows)
    expect(o.yAxis.data).toEqual(['秀英区', '龙华区'])
    expect(o.yAxis.inverse).toBe(true)
    expect(o.series[0].data).toEqual([3, 1])
    expect(unitName('政策法规科')).toBe('政策法规科')
    expect(overdueByUnitRows(undefined)).toEqual([])
  })

  it('hazards by month: found, closed and the closed share', () => {
    const o = hazardsByMonthOption(COCKPIT.hazards_by_month)
    expect(o.series[0].data).toEqual([30, 0])
    expect(o.series[1].data).toEqual([25, 0])
    expect(o.series[2].data).toEqual([83.3, null])
  })

  it('the risk pie in the four official colours, 未评估 grey', () => {
    const slices = riskSlices(COCKPIT.risk)
    expect(slices.map((s) => [s.key, s.label, s.colour, s.value])).toEqual([
      ['major', '重大风险', '#e8262d', 1],
      ['large', '较大风险', '#f28c18', 5],
      ['general', '一般风险', '#f7d51d', 20],
      ['low', '低风险', '#1f6fe5', 60],
      ['unassessed', '未评估', '#c0c4cc', 14],
    ])
    const o = riskPieOption(COCKPIT.risk)
    expect(o.series[0].data[0]).toMatchObject({ key: 'major', value: 1, itemStyle: { color: '#e8262d' } })
  })

  it('credit grades as bars with their keys', () => {
    expect(creditBars(COCKPIT.credit).map((b) => [b.key, b.label, b.value])).toEqual([
      ['a', 'A级', 10],
      ['b', 'B级', 40],
      ['c', 'C级', 5],
      ['d', 'D级', 1],
      ['unscored', '未评分', 44],
    ])
    expect(creditOption(null).series[0].data.map((d) => d.value)).toEqual([0, 0, 0, 0, 0])
  })

  it('the training gauge and the dark wall style', () => {
    const o = trainingGaugeOption(COCKPIT.training, { dark: true, fontSize: 16 })
    expect(o.series[0].data[0].value).toBe(83.3)
    expect(o.textStyle.color).toBe('#d7e3f4')
    expect(o.series[0].detail.fontSize).toBe(32)
    expect(trainingGaugeOption(null).series[0].data[0].value).toBe(0)
    expect(completionOption(null).textStyle.color).toBe('#606266')
  })

  it('reads chart clicks', () => {
    expect(clickedKey({ data: { key: 'major' } })).toBe('major')
    expect(clickedKey({ data: 3 })).toBeNull()
    expect(clickedIndex({ dataIndex: 1 })).toBe(1)
    expect(clickedIndex(null)).toBeNull()
    expect(ackText(30, 40)).toBe('已确认 30 / 40')
  })
})

describe('monthly report', () => {
  it('turns the report into tables: 概况 first, objects as two columns, arrays by field', () => {
    const tables = reportTables({
      month: '2026-11',
      scope_label: '全市',
      district_id: null,
      hazards: { open: 40, closed_rate: 82.5 },
      referrals: [{ id: 'r1', number: '海商函〔2026〕3号', enterprise_name: '某超市', state: 'sent', state_label: '已函送' }],
      meetings: [],
      campaign: { title: '方案', series: [{ month: '2026-11', accepted: 3, rate: 10 }] },
    })
    expect(tables.map((t) => [t.key, t.title])).toEqual([
      ['summary', '概况'],
      ['hazards', '隐患排查治理'],
      ['referrals', '函送执法'],
      ['meetings', '专班会议'],
      ['campaign', '专项整治任务'],
      ['campaign.series', '专项整治任务 · series'],
    ])
    expect(tables[0].rows).toEqual([
      { item: '月份', value: '2026-11' },
      { item: '范围', value: '全市' },
    ])
    expect(tables[1].rows).toEqual([
      { item: '未办结', value: '40' },
      { item: '整改率', value: '82.5' },
    ])
    expect(tables[2].columns.map((c) => c.label)).toEqual(['文号', '企业', '状态'])
    expect(tables[2].rows).toEqual([{ number: '海商函〔2026〕3号', enterprise_name: '某超市', state_label: '已函送' }])
    expect(tables[3].rows).toEqual([])
    expect(tables[5].rows).toEqual([{ month: '2026-11', accepted: '3', rate: '10' }])
  })

  it('takes explicit {title, columns, rows} tables as they are', () => {
    const tables = reportTables({ tables: [{ title: '隐患情况', columns: ['区', '发现'], rows: [['秀英区', 3]] }] })
    expect(tables).toEqual([{ key: 'table-0', title: '隐患情况', columns: [{ key: '0', label: '区' }, { key: '1', label: '发现' }], rows: [{ 0: '秀英区', 1: '3' }] }])
    expect(reportTables(null)).toEqual([])
    // the server's {caption, head, rows}
    expect(reportTables({ tables: [{ caption: '表2 各区隐患', head: ['区', '发现'], rows: [['秀英区', '3']] }] })).toEqual([
      { key: 'table-0', title: '表2 各区隐患', columns: [{ key: '0', label: '区' }, { key: '1', label: '发现' }], rows: [{ 0: '秀英区', 1: '3' }] },
    ])
  })

  it('cells, file names, queries, months', () => {
    expect(cellText(true)).toBe('是')
    expect(cellText(null)).toBe('-')
    expect(cellText(['a', 'b'])).toBe('a、b')
    expect(reportFileName('2026-11', 'docx', '全市')).toBe('2026年11月安全生产专项整治工作月报.docx')
    expect(reportFileName('2026-11', 'xlsx', '秀英区')).toBe('秀英区2026年11月安全生产专项整治工作月报.xlsx')
    expect(reportQuery('2026-11', null)).toEqual({ month: '2026-11' })
    expect(reportQuery('2026-11', 'd-xy')).toEqual({ month: '2026-11', district_id: 'd-xy' })
    expect(reportDownloadUrl('docx', '2026-11', 'd-xy')).toBe('/api/reports/monthly/docx?month=2026-11&district_id=d-xy')
    expect(reportDownloadUrl('xlsx', '2026-11')).toBe('/api/reports/monthly/xlsx?month=2026-11')
    expect(isFutureMonth('2026-12', '2026-11-28')).toBe(true)
    expect(isFutureMonth('2026-11', '2026-11-28')).toBe(false)
  })
})
