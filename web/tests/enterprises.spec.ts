// 企业管理: the pure rules — credit codes, the enterprise form ↔ EnterpriseInput, the import
// report (problems by row, when 导入 may be pressed), profile item forms ↔ data and their
// field errors, completeness totals, and who sees which menu entry.
import { describe, expect, it } from 'vitest'
import type { EnterpriseView, ImportReport } from '@/api/types'
import { flattenMenu, visibleMenu } from '@/menu'
import { completenessTotals } from '@/views/enterprises/completeness'
import { emptyEnterpriseForm, enterpriseToForm, formToInput, isPhone } from '@/views/enterprises/enterpriseForm'
import {
  fileProblem,
  importBlocker,
  importPlan,
  problemRowCount,
  problemsFromErrors,
  resultSummary,
  rowSpans,
  sortProblems,
} from '@/views/enterprises/importReport'
import { clampScore, creditCodeCheckChar, isCreditCode, noticePeriodLabel } from '@/views/enterprises/labels'
import { districtShortName } from '@/views/enterprises/lookups'
import { errorPath, placeErrors, toData, toForm, yearInChina } from '@/views/enterprises/profileForms'

const CODE = '91460100MA5T5XAL80'

describe('统一社会信用代码', () => {
  it('computes the GB 32100 check character', () => {
    expect(creditCodeCheckChar(CODE.slice(0, 17))).toBe('0')
    expect(isCreditCode(CODE)).toBe(true)
    expect(isCreditCode('91460100MA5T5XAL8X')).toBe(false)
    expect(isCreditCode(CODE.slice(0, 17))).toBe(false)
    // I, O, S, V, Z are not in the character set
    expect(creditCodeCheckChar('91460100MA5T5XAIO')).toBeNull()
  })
})

describe('enterprise form', () => {
  const filled = () => ({
    ...emptyEnterpriseForm('d-xy'),
    name: '  海口秀英椰城超市有限公司 ',
    credit_code: ' 91460100ma5t5xal80 ',
    category_id: 'k-market',
    is_key: true,
    address: '  ',
    longitude: '110.33',
    latitude: '20.03',
    principal: ' 张三 ',
    principal_phone: '138 0000 1234',
    safety_manager_phone: '0898-66668888',
    employees: '1,200',
    floor_area: '3500.5',
  })

  it('turns the form into the EnterpriseInput: trimmed, upper-case code, blanks as null, numbers parsed', () => {
    const { input, errors } = formToInput(filled())
    expect(errors).toEqual({})
    expect(input).toEqual({
      name: '海口秀英椰城超市有限公司',
      credit_code: CODE,
      district_id: 'd-xy',
      category_id: 'k-market',
      is_key: true,
      address: null,
      longitude: 110.33,
      latitude: 20.03,
      legal_rep: null,
      principal: '张三',
      principal_phone: '13800001234',
      safety_manager: null,
      safety_manager_phone: '0898-66668888',
      employees: 1200,
      floor_area: 3500.5,
      status: 'operating',
    })
  })

  it('names every field the server would refuse', () => {
    const { errors } = formToInput({
      ...emptyEnterpriseForm(),
      name: ' ',
      credit_code: '91460100MA5T5XAL8X',
      longitude: '200',
      employees: '3.5',
      floor_area: 'abc',
      principal_phone: '12345',
    })
    expect(Object.keys(errors).sort()).toEqual(
      ['category_id', 'credit_code', 'district_id', 'employees', 'floor_area', 'longitude', 'name', 'principal_phone'].sort(),
    )
    expect(errors.credit_code).toContain('GB 32100')
    expect(formToInput({ ...filled(), latitude: '' }).errors).toEqual({ latitude: '经度和纬度须同时填写' })
  })

  it('accepts the phones the server accepts', () => {
    expect(isPhone('13800001234')).toBe(true)
    expect(isPhone('0898-66668888')).toBe(true)
    expect(isPhone('089866668888')).toBe(true)
    expect(isPhone('138****1234')).toBe(false)
    expect(isPhone('23800001234')).toBe(false)
    expect(isPhone('0898-6666')).toBe(false)
  })

  it('fills the form from a record and back without loss', () => {
    const view: EnterpriseView = {
      id: 'e1',
      name: '海口美兰南海餐饮管理有限公司',
      credit_code: CODE,
      district_id: 'd-ml',
      district_name: '美兰区商务局',
      category_id: 'k-food',
      category_name: '餐饮',
      is_key: false,
      address: '海口市美兰区海府路1号',
      longitude: null,
      latitude: null,
      legal_rep: '李四',
      principal: '王五',
      principal_phone: '13900001111',
      safety_manager: null,
      safety_manager_phone: null,
      employees: 35,
      floor_area: null,
      status: 'suspended',
      status_label: '停业',
      profile_score: 33,
      registered: true,
      updated_at: '2026-11-28T01:00:00Z',
    }
    const form = enterpriseToForm(view)
    expect(form.employees).toBe('35')
    expect(form.longitude).toBe('')
    const { input, errors } = formToInput(form)
    expect(errors).toEqual({})
    expect(input).toMatchObject({ name: view.name, status: 'suspended', employees: 35, floor_area: null, address: view.address })
  })
})

const report = (over: Partial<ImportReport>): ImportReport => ({
  draft_id: 'draft-1',
  rows: 3,
  valid: 3,
  new: 3,
  existing: 0,
  problems: [],
  created: 0,
  updated: 0,
  skipped: 0,
  ...over,
})

describe('import report', () => {
  const problems = [
    { row: 4, column: '统一社会信用代码', field: 'credit_code', message: '统一社会信用代码无效' },
    { row: 2, column: '行业类别', field: 'category_id', message: '行业类别“花店”不存在' },
    { row: 2, column: '企业名称', field: 'name', message: '企业名称不能为空' },
  ]

  it('lists problems by row, then in template column order, with one 行 cell per row', () => {
    const sorted = sortProblems(problems)
    expect(sorted.map((p) => `${p.row}:${p.column}`)).toEqual(['2:企业名称', '2:行业类别', '4:统一社会信用代码'])
    expect(rowSpans(sorted)).toEqual([2, 0, 1])
    expect(problemRowCount(problems)).toBe(2)
  })

  it('lets 导入 through only with a clean file, or with 仅导入有效行 ticked', () => {
    expect(importBlocker(null, false)).toBe('请先上传文件')
    expect(importBlocker(report({}), false)).toBeNull()
    const dirty = report({ valid: 1, new: 1, problems })
    expect(importBlocker(dirty, false)).toContain('仅导入有效行')
    expect(importBlocker(dirty, true)).toBeNull()
    expect(importBlocker(report({ valid: 0, new: 0, problems }), true)).toContain('没有可导入的有效行')
    expect(importBlocker(report({ draft_id: null }), true)).toContain('重新上传')
    expect(importBlocker(report({ rows: 0, valid: 0, new: 0 }), true)).toBe('文件中没有数据行')
  })

  it('says what the import will do and what it did', () => {
    expect(importPlan(report({ valid: 3, new: 2, existing: 1 }), 'update')).toBe('将新增 2 家，更新 1 家')
    expect(importPlan(report({ valid: 1, new: 1, existing: 0, problems }), 'skip')).toBe('将新增 1 家，忽略问题行 2 行')
    expect(importPlan(report({ valid: 2, new: 1, existing: 1 }), 'skip')).toBe('将新增 1 家，跳过已登记 1 家')
    expect(resultSummary({ created: 2, updated: 0, skipped: 1 })).toBe('新增 2 家，更新 0 家，跳过 1 家')
  })

  it('reads the problems of a refused confirmation back into rows', () => {
    expect(
      problemsFromErrors([
        { field: 'rows[4].credit_code', code: 'invalid', message: '第4行“统一社会信用代码”：该统一社会信用代码已由其他单位登记' },
        { field: 'rows.7.name', code: 'invalid', message: '企业名称不能为空' },
        { field: 'file', code: 'empty', message: '没有可导入的有效行' },
      ]),
    ).toEqual([
      { row: 4, field: 'credit_code', column: '统一社会信用代码', message: '该统一社会信用代码已由其他单位登记' },
      { row: 7, field: 'name', column: '', message: '企业名称不能为空' },
    ])
  })

  it('refuses other files than .xlsx up to 5 MB before sending', () => {
    expect(fileProblem({ name: '企业.XLSX', size: 1000 })).toBeNull()
    expect(fileProblem({ name: '企业.xls', size: 1000 })).toContain('另存为 .xlsx')
    expect(fileProblem({ name: '企业.csv', size: 1000 })).toContain('仅支持 .xlsx')
    expect(fileProblem({ name: '企业.xlsx', size: 5 * 1024 * 1024 + 1 })).toContain('5 MB')
    expect(fileProblem({ name: '企业.xlsx', size: 0 })).toBe('文件是空的')
  })
})

describe('profile item forms', () => {
  it('fills each form from saved data and turns it back into the data the server takes', () => {
    const resp = toForm('responsibility', { approved_on: '2021-03-01', posts_covered: 12, posts_total: 15, note: null })
    expect(resp).toEqual({ approved_on: '2021-03-01', posts_covered: 12, posts_total: 15, note: '' })
    expect(toData('responsibility', { ...resp, note: '  ' })).toEqual({ approved_on: '2021-03-01', posts_covered: 12, posts_total: 15, note: null })
    expect(toData('responsibility', toForm('responsibility', null))).toEqual({ approved_on: null, posts_covered: null, posts_total: null, note: null })

    const team = toForm('team', null)
    expect(team).toEqual({ institution: '', members: [] })
    team.members.push({ name: ' 陈安全 ', post: '专职安全员', certificate: '', phone: '138 0000 1234' })
    expect(toData('team', team)).toEqual({
      institution: null,
      members: [{ name: '陈安全', post: '专职安全员', certificate: null, phone: '13800001234' }],
    })

    expect(toData('rules', toForm('rules', { rules: [{ name: '消防安全管理制度', issued_on: '2021-01-05' }, 'junk'] }))).toEqual({
      rules: [{ name: '消防安全管理制度', issued_on: '2021-01-05' }],
    })

    // grade, certificate and expiry only go with 已达标
    const std = toForm('standardization', { status: 'in_progress', grade: '三级', certificate_no: 'X', expires_on: '2024-01-01' })
    expect(toData('standardization', std)).toEqual({ status: 'in_progress', grade: null, certificate_no: null, expires_on: null })
    std.status = 'certified'
    expect(toData('standardization', std)).toEqual({ status: 'certified', grade: '三级', certificate_no: 'X', expires_on: '2024-01-01' })

    expect(toData('risk_reporting', toForm('risk_reporting', { present: true }))).toEqual({ present: true, note: null })

    const now = new Date('2021-12-31T17:00:00Z') // already 2022 in China
    expect(yearInChina(now)).toBe(2022)
    const c = toForm('commitment', null, now)
    expect(c).toMatchObject({ year: 2022, mode: 'upload', text: '', confirmed_by: null })
    const confirmed = toForm('commitment', { year: 2021, mode: 'in_app', text: '承诺', confirmed_by: '张三', confirmed_at: '2021-03-01T00:00:00Z' })
    // who confirmed is shown, never sent back
    expect(toData('commitment', confirmed)).toEqual({ year: 2021, mode: 'in_app', text: '承诺' })
  })

  it('places the server’s field errors on the form', () => {
    expect(errorPath('data.members[0].name')).toBe('members[0].name')
    expect(errorPath('data.members.1.phone')).toBe('members[1].phone')
    expect(errorPath('data.approved_on')).toBe('approved_on')
    const placed = placeErrors('team', [
      { field: 'data.members[0].name', code: 'required', message: '第1位人员姓名不能为空' },
      { field: 'data.members.1.phone', code: 'invalid', message: '第2位人员的联系电话格式不正确' },
      { field: 'attachments[0]', code: 'invalid', message: '附件不存在或不是您上传的' },
      { field: 'data', code: 'invalid', message: '填写内容格式不正确' },
    ])
    expect(placed.fields).toEqual({
      'members[0].name': '第1位人员姓名不能为空',
      'members[1].phone': '第2位人员的联系电话格式不正确',
      attachments: '附件不存在或不是您上传的',
    })
    expect(placed.other).toEqual(['填写内容格式不正确'])
  })
})

describe('small helpers', () => {
  it('weights the average completeness by enterprises', () => {
    expect(
      completenessTotals([
        { id: 'a', name: '秀英区商务局', enterprises: 3, average_score: 50, complete: 1, approved_by_item: {} },
        { id: 'b', name: '美兰区商务局', enterprises: 1, average_score: 10, complete: 0, approved_by_item: {} },
      ]),
    ).toEqual({ enterprises: 4, average: 40, complete: 1 })
    expect(completenessTotals([])).toEqual({ enterprises: 0, average: 0, complete: 0 })
  })

  it('shortens district names and labels periods and scores', () => {
    expect(districtShortName('秀英区商务局')).toBe('秀英区')
    expect(districtShortName('海口市商务局')).toBe('海口市商务局')
    expect(noticePeriodLabel('weekly')).toBe('每周')
    expect(noticePeriodLabel(null)).toBe('无')
    expect(clampScore(33.4)).toBe(33)
    expect(clampScore(140)).toBe(100)
    expect(clampScore(undefined)).toBe(0)
  })
})

describe('enterprise menu', () => {
  const names = (perms: string[]) => flattenMenu(visibleMenu(perms)).map((m) => m.name)

  it('gives staff and leaders the registry and the statistics, an enterprise user only 本企业', () => {
    expect(names(['org.read', 'campaign.read', 'enterprise.read'])).toEqual([
      'home',
      'campaigns',
      'my-tasks',
      'enterprises',
      'enterprise-completeness',
      'orgs',
    ])
    expect(names(['org.read', 'campaign.read', 'enterprise.read', 'profile.write'])).toEqual([
      'home',
      'campaigns',
      'my-tasks',
      'my-enterprise',
      'orgs',
    ])
    expect(names(['org.read', 'org.write', 'user.read', 'user.write', 'dictionary.write'])).toEqual([
      'home',
      'orgs',
      'users',
      'industry-categories',
      'hazard-categories',
    ])
  })
})
