// Pure logic of 教育培训: labels and rates, the person / session / certificate forms and their
// bodies, the evaluation's live total and grade, the roster import rules, the coverage card
// and the menu entries.
import { describe, expect, it } from 'vitest'
import type { Certificate, Coverage, CoverageSummary, Employee, EvalItem, Training } from '@/api/training'
import { flattenMenu, visibleMenu } from '@/menu'
import { coverageParts, summaryRows } from '@/views/training/coverage'
import {
  certificateFormFrom,
  certificateInput,
  checkCertificateForm,
  checkEmployeeForm,
  checkScores,
  checkSessionForm,
  creditedHours,
  emptyCertificateForm,
  emptyEmployeeForm,
  emptySessionForm,
  employeeFormFrom,
  employeeInput,
  errorsFrom,
  evaluationInput,
  fileIds,
  isDate,
  isPhone,
  liveEvaluation,
  oneDecimal,
  scoreRows,
  scoreTotal,
  sessionFormFrom,
  sessionInput,
  syncAttendance,
  type SessionForm,
} from '@/views/training/forms'
import {
  categoryLabel,
  categoryTag,
  chinaYear,
  daysLeftTag,
  evaluationGrade,
  formatHours,
  formatRate,
  isEnterpriseSide,
  rateColour,
  rateOf,
  ratePercent,
  recentYears,
  trainingKindLabel,
} from '@/views/training/labels'
import { ROSTER_COLUMNS, rosterBlocker, rosterPlan, rosterProblemsFromErrors, rosterResult, sortRosterProblems } from '@/views/training/rosterImport'

const TODAY = '2026-11-28'

const EMPLOYEE: Employee = {
  id: 'p1',
  enterprise_id: 'e1',
  enterprise_name: '海口秀英椰城购物广场有限公司',
  name: '林海',
  post: '收银员',
  category: 'worker',
  category_label: '从业人员',
  hired_on: '2019-03-01',
  phone_masked: '138****1111',
  active: true,
  year_hours: 4.5,
  required_hours: 8,
  trained: false,
}

describe('training labels', () => {
  it('names categories and kinds, with a fallback for unknown codes', () => {
    expect(categoryLabel('principal')).toBe('主要负责人')
    expect(categoryLabel('special_worker')).toBe('特种作业人员')
    expect(categoryLabel('x')).toBe('x')
    expect(categoryLabel(null)).toBe('-')
    expect(categoryTag('principal')).toBe('danger')
    expect(categoryTag('nope')).toBe('info')
    expect(trainingKindLabel('pre_job')).toBe('岗前培训')
    expect(trainingKindLabel('annual')).toBe('年度再培训')
  })

  it('formats hours and rates', () => {
    expect(formatHours(8)).toBe('8')
    expect(formatHours(14.5)).toBe('14.5')
    expect(formatHours(8.25)).toBe('8.3')
    expect(formatHours(null)).toBe('-')
    expect(ratePercent(2 / 3)).toBe(67)
    expect(ratePercent(0.005)).toBe(1)
    expect(ratePercent(1.2)).toBe(100)
    expect(ratePercent(-1)).toBe(0)
    expect(ratePercent(Number.NaN)).toBe(0)
    expect(formatRate(0.775)).toBe('78%')
    expect(formatRate(undefined)).toBe('0%')
    expect(rateOf(2, 3)).toBeCloseTo(0.6667, 3)
    expect(rateOf(0, 0)).toBe(0)
    expect(rateColour(0.9)).toBe('#67c23a')
    expect(rateColour(0.6)).toBe('#e6a23c')
    expect(rateColour(0.59)).toBe('#f56c6c')
  })

  it('paints certificates red when expired or within 30 days', () => {
    expect(daysLeftTag(-3)).toEqual({ type: 'danger', text: '已过期 3 天', urgent: true })
    expect(daysLeftTag(0)).toEqual({ type: 'danger', text: '今日到期', urgent: true })
    expect(daysLeftTag(30)).toEqual({ type: 'danger', text: '剩余 30 天', urgent: true })
    expect(daysLeftTag(31)).toEqual({ type: 'warning', text: '剩余 31 天', urgent: false })
    expect(daysLeftTag(91).type).toBe('success')
    expect(daysLeftTag(null).text).toBe('-')
  })

  it('grades an evaluation in tenths: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60', () => {
    expect(evaluationGrade(100)).toBe('excellent')
    expect(evaluationGrade(90)).toBe('excellent')
    expect(evaluationGrade(89.95)).toBe('excellent')
    expect(evaluationGrade(89.9)).toBe('good')
    expect(evaluationGrade(80)).toBe('good')
    expect(evaluationGrade(79.9)).toBe('pass')
    expect(evaluationGrade(60)).toBe('pass')
    expect(evaluationGrade(59.9)).toBe('fail')
    expect(evaluationGrade(0)).toBe('fail')
  })

  it('knows years and who is on the enterprise side', () => {
    expect(chinaYear('2026-11-28')).toBe(2026)
    expect(recentYears(2026, 3)).toEqual([2026, 2025, 2024])
    expect(isEnterpriseSide('enterprise_user', [])).toBe(true)
    expect(isEnterpriseSide('district_staff', ['training.write'])).toBe(false)
    expect(isEnterpriseSide('section_staff', ['training.read', 'training.evaluate'])).toBe(false)
  })
})

describe('the person form', () => {
  it('checks like the server', () => {
    expect(checkEmployeeForm(emptyEmployeeForm(), TODAY)).toEqual({
      name: '姓名不能为空',
      post: '岗位不能为空',
      category: '请选择人员类别',
      hired_on: '入职日期不能为空',
    })
    const f = { ...emptyEmployeeForm(), name: '林海', post: '收银员', category: 'worker' as const, hired_on: '2026-12-01', phone: '123' }
    const e = checkEmployeeForm(f, TODAY)
    expect(e.hired_on).toBe('入职日期不能晚于今天')
    expect(e.phone).toContain('联系电话格式不正确')
    expect(checkEmployeeForm({ ...f, hired_on: '2021-02-30' }, TODAY).hired_on).toBe('入职日期格式不正确')
    expect(checkEmployeeForm({ ...f, hired_on: '2021-03-01', phone: '0898-66668888' }, TODAY)).toEqual({})
  })

  it('sends `active` only when editing; a blank phone is null', () => {
    const f = { ...emptyEmployeeForm(), name: ' 林海 ', post: ' 收银员 ', category: 'worker' as const, hired_on: '2021-03-01' }
    expect(employeeInput(f, false)).toEqual({ name: '林海', post: '收银员', category: 'worker', hired_on: '2021-03-01', phone: null })
    const edit = employeeFormFrom(EMPLOYEE)
    expect(edit.phone).toBe('')
    expect(employeeInput({ ...edit, active: false, phone: '13900002222' }, true)).toEqual({
      name: '林海',
      post: '收银员',
      category: 'worker',
      hired_on: '2019-03-01',
      phone: '13900002222',
      active: false,
    })
  })

  it('validates dates, phones and decimals', () => {
    expect(isDate('2024-02-29')).toBe(true)
    expect(isDate('2023-02-29')).toBe(false)
    expect(isDate('')).toBe(false)
    expect(isPhone('13800001111')).toBe(true)
    expect(isPhone('0898-66668888')).toBe(true)
    expect(isPhone('12345')).toBe(false)
    expect(oneDecimal(8.5)).toBe(true)
    expect(oneDecimal(8.25)).toBe(false)
  })
})

describe('the session form', () => {
  const session = (over: Partial<SessionForm> = {}): SessionForm => ({
    ...emptySessionForm(),
    topic: ' 年度再培训 ',
    kind: 'annual',
    held_on: '2026-11-20',
    hours: 8,
    trainer: ' ',
    attendance: syncAttendance([], [EMPLOYEE, { ...EMPLOYEE, id: 'p2', name: '周平' }]),
    ...over,
  })

  it('keeps rows of people still picked, adds the new ones in pick order', () => {
    const rows = session().attendance
    rows[0].score = 90
    const next = syncAttendance(rows, [{ ...EMPLOYEE, id: 'p3', name: '吴敏', category_label: '从业人员' }, EMPLOYEE])
    expect(next.map((r) => r.employee_id)).toEqual(['p3', 'p1'])
    expect(next[1].score).toBe(90)
    expect(next[0]).toEqual({ employee_id: 'p3', name: '吴敏', category_label: '从业人员', hours: null, score: null })
    expect(creditedHours({ hours: null }, 8)).toBe(8)
    expect(creditedHours({ hours: 4 }, 8)).toBe(4)
  })

  it('checks topic, kind, date, hours, attendance and each row', () => {
    const e = checkSessionForm({ ...emptySessionForm(), held_on: '2026-12-01', hours: 0.2 }, TODAY)
    expect(e).toMatchObject({ topic: '培训主题不能为空', kind: '请选择培训类型', held_on: '培训日期不能晚于今天', hours: '培训学时应在0.5到200之间', attendance: '请选择参训人员' })
    const f = session()
    f.attendance[1].hours = 300
    f.attendance[0].score = 101
    const rows = checkSessionForm(f, TODAY)
    expect(rows['attendance.1.hours']).toContain('周平')
    expect(rows['attendance.0.score']).toContain('0到100')
    expect(checkSessionForm(session(), TODAY)).toEqual({})
  })

  it('builds the body: own hours only when they differ, scores when given', () => {
    const f = session()
    f.attendance[0].score = 92
    f.attendance[1].hours = 8
    expect(sessionInput(f, ['f1'])).toEqual({
      topic: '年度再培训',
      kind: 'annual',
      held_on: '2026-11-20',
      hours: 8,
      trainer: null,
      materials: ['f1'],
      attendance: [{ employee_id: 'p1', score: 92 }, { employee_id: 'p2' }],
    })
    f.attendance[1].hours = 4
    expect(sessionInput(f, []).attendance[1]).toEqual({ employee_id: 'p2', hours: 4 })
  })

  it('reads a saved session back (a person’s hours equal to the session’s become “same”)', () => {
    const t: Training = {
      id: 't1',
      enterprise_id: 'e1',
      enterprise_name: 'x',
      topic: '岗前培训',
      kind: 'pre_job',
      kind_label: '岗前培训',
      held_on: '2026-03-01',
      hours: 24,
      trainer: null,
      attendees: 2,
      materials: [],
      attendance: [
        { employee_id: 'p1', name: '林海', category_label: '从业人员', hours: 24, score: null },
        { employee_id: 'p2', name: '周平', category_label: '从业人员', hours: 12, score: 80 },
      ],
    }
    const f = sessionFormFrom(t)
    expect(f.trainer).toBe('')
    expect(f.attendance.map((a) => [a.hours, a.score])).toEqual([
      [null, null],
      [12, 80],
    ])
  })

  it('lists the files kept and added, once each', () => {
    expect(fileIds([{ id: 'a' }, { id: 'b' }], ['a'], [{ id: 'c' }, { id: 'b' }])).toEqual(['b', 'c'])
    expect(fileIds([], [], [])).toEqual([])
  })

  it('keys server errors by field, rows kept apart', () => {
    expect(
      errorsFrom([
        { field: 'topic', message: '培训主题不能为空' },
        { field: 'attendance.0.employee_id', message: '第1名参训人员未选择' },
        { field: 'attendance[1].hours', message: '学时不对' },
        { field: 'topic', message: 'second' },
      ]),
    ).toEqual({ topic: '培训主题不能为空', 'attendance.0.employee_id': '第1名参训人员未选择', 'attendance.1.hours': '学时不对' })
  })
})

describe('the certificate form', () => {
  it('checks and builds the body with the scan’s id', () => {
    expect(Object.keys(checkCertificateForm(emptyCertificateForm(), TODAY))).toEqual(['employee_id', 'kind', 'number', 'issued_on', 'expires_on'])
    const f = { ...emptyCertificateForm(), employee_id: 'p1', kind: ' 特种作业操作证（电工作业） ', number: 'T1', issued_on: '2022-01-01', expires_on: '2021-12-31' }
    expect(checkCertificateForm(f, TODAY)).toEqual({ expires_on: '有效期至应晚于发证日期' })
    const c: Certificate = {
      id: 'c1',
      employee_id: 'p1',
      employee_name: '林海',
      enterprise_id: 'e1',
      enterprise_name: 'x',
      kind: '特种设备作业人员证',
      number: 'N1',
      issued_on: '2022-01-01',
      expires_on: '2026-12-20',
      days_left: 22,
      file: { id: 'f9', name: 'scan.pdf', kind: 'pdf', content_type: 'application/pdf', size: 10, uploaded_at: '2026-01-01T00:00:00Z' },
    }
    expect(certificateInput(certificateFormFrom(c))).toEqual({ employee_id: 'p1', kind: '特种设备作业人员证', number: 'N1', issued_on: '2022-01-01', expires_on: '2026-12-20', file: 'f9' })
    expect(certificateInput({ ...f, expires_on: '2027-01-01' })).toMatchObject({ kind: '特种作业操作证（电工作业）', file: null })
  })
})

describe('the training evaluation', () => {
  const ITEMS: EvalItem[] = [
    { key: 'system_plan', label: '安全培训制度健全', max: 10, suggested: null },
    { key: 'coverage', label: '全员安全培训覆盖率', max: 30, suggested: 20 },
    { key: 'effect', label: '培训效果考核', max: 60, suggested: null, score: 50 },
  ]

  it('pre-fills the given score, else the suggestion', () => {
    const rows = scoreRows(ITEMS)
    expect(rows.map((r) => r.score)).toEqual([null, 20, 50])
    expect(rows[1].suggested).toBe(20)
  })

  it('sums live in tenths; the grade shows once every item is scored', () => {
    const rows = scoreRows(ITEMS)
    expect(scoreTotal(rows)).toEqual({ total: 70, max: 100, missing: ['安全培训制度健全'] })
    expect(liveEvaluation(rows)).toEqual({ total: 70, max: 100, complete: false, grade: null })
    rows[0].score = 9.9
    rows[2].score = 60
    expect(liveEvaluation(rows)).toEqual({ total: 89.9, max: 100, complete: true, grade: 'good' })
    rows[1].score = 20.1
    expect(liveEvaluation(rows).grade).toBe('excellent')
    // 0.1 + 0.2 stays 0.3 (no floating drift)
    expect(scoreTotal([{ label: 'a', max: 1, score: 0.1 }, { label: 'b', max: 1, score: 0.2 }]).total).toBe(0.3)
  })

  it('refuses scores over the maximum, negative, unscored or with two decimals', () => {
    const rows = scoreRows(ITEMS)
    rows[1].score = 31
    rows[2].score = 12.25
    expect(checkScores(rows)).toEqual({ system_plan: '请评分', coverage: '得分应在0到30之间', effect: '得分最多保留一位小数' })
  })

  it('builds the body in form order', () => {
    const rows = scoreRows(ITEMS)
    rows[0].score = 8
    expect(evaluationInput('e1', 2026, rows, '  ')).toEqual({
      enterprise_id: 'e1',
      year: 2026,
      items: [
        { key: 'system_plan', score: 8 },
        { key: 'coverage', score: 20 },
        { key: 'effect', score: 50 },
      ],
      comment: null,
    })
  })
})

describe('the roster import', () => {
  const preview = (over = {}) => ({ draft_id: 'd1', total: 3, valid: 2, problems: [{ row: 4, column: '人员类别', field: 'category', message: '无法识别' }], ...over })

  it('sorts problems by row, then template column', () => {
    expect(ROSTER_COLUMNS[0]).toBe('姓名')
    const sorted = sortRosterProblems([
      { row: 5, column: '姓名', field: 'name', message: 'a' },
      { row: 4, column: '联系电话', field: 'phone', message: 'b' },
      { row: 4, column: '入职日期*', field: 'hired_on', message: 'c' },
      { row: 4, column: '其他', field: 'x', message: 'd' },
    ])
    expect(sorted.map((p) => p.message)).toEqual(['c', 'b', 'd', 'a'])
  })

  it('says when 导入 may be pressed and what it does', () => {
    expect(rosterBlocker(null, false)).toBe('请先上传文件')
    expect(rosterBlocker(preview({ total: 0, valid: 0, problems: [] }), false)).toBe('文件中没有数据行')
    expect(rosterBlocker(preview({ valid: 0 }), true)).toContain('没有可导入的有效行')
    expect(rosterBlocker(preview(), false)).toContain('仅导入有效行')
    expect(rosterBlocker(preview(), true)).toBeNull()
    expect(rosterBlocker(preview({ problems: [] }), false)).toBeNull()
    expect(rosterPlan(preview())).toBe('将导入 2 人，忽略问题行 1 行（姓名和入职日期相同的人员将更新）')
    expect(rosterResult({ created: 2, updated: 1 })).toBe('新增 2 人，更新 1 人')
  })

  it('maps a refused confirmation back to rows and columns', () => {
    expect(
      rosterProblemsFromErrors([
        { field: 'rows.4.category', code: 'invalid', message: '第4行 人员类别：人员类别“临时工”无法识别' },
        { field: 'rows[5].phone', code: 'invalid', message: 'plain message' },
        { field: 'draft_id', code: 'gone', message: '导入草稿已失效' },
      ]),
    ).toEqual([
      { row: 4, field: 'category', column: '人员类别', message: '人员类别“临时工”无法识别' },
      { row: 5, field: 'phone', column: '', message: 'plain message' },
    ])
  })
})

describe('coverage', () => {
  const COVERAGE: Coverage = {
    year: 2026,
    enterprise_id: 'e1',
    employees: 3,
    trained: 2,
    coverage: 2 / 3,
    by_category: [
      { category: 'principal', label: '主要负责人', employees: 0, trained: 0, rate: 0 },
      { category: 'special_worker', label: '特种作业人员', employees: 1, trained: 1, rate: 1 },
      { category: 'worker', label: '从业人员', employees: 2, trained: 1 },
    ],
    short: [
      { employee_id: 'a', name: '甲', category_label: '从业人员', hours: 4, required: 8, missing: 4 },
      { employee_id: 'b', name: '乙', category_label: '从业人员', hours: 0, required: 8, missing: 8 },
    ],
  }

  it('shows the big percentage, bars of the categories with people, the most missing first', () => {
    const p = coverageParts(COVERAGE)
    expect(p.percent).toBe(67)
    expect(p.rateText).toBe('67%')
    expect(p.colour).toBe('#e6a23c')
    expect(p.countText).toBe('已达标 2 人 / 共 3 人')
    expect(p.bars.map((b) => [b.label, b.percent, b.text])).toEqual([
      ['特种作业人员', 100, '1/1 人'],
      ['从业人员', 50, '1/2 人'],
    ])
    expect(p.short.map((s) => [s.name, s.hoursText])).toEqual([
      ['乙', '0 / 8'],
      ['甲', '4 / 8'],
    ])
    expect(p.empty).toBe(false)
  })

  it('copes with nothing', () => {
    const p = coverageParts(null)
    expect(p).toMatchObject({ percent: 0, rateText: '0%', countText: '已达标 0 人 / 共 0 人', bars: [], short: [], empty: true })
  })

  it('lists the districts then 合计', () => {
    const s: CoverageSummary = {
      year: 2026,
      rows: [{ district_id: 'd1', name: '秀英区商务局', enterprises: 2, employees: 10, trained: 9, coverage: 0.9 }],
      total: { district_id: null, name: '', enterprises: 2, employees: 10, trained: 9, coverage: 0.9 },
    }
    expect(summaryRows(s).map((r) => [r.name, r.rateText, r.total])).toEqual([
      ['秀英区商务局', '90%', false],
      ['合计', '90%', true],
    ])
    expect(summaryRows({ ...s, rows: [] })).toEqual([])
    expect(summaryRows(null)).toEqual([])
  })
})

describe('menu', () => {
  const names = (perms: string[]) => flattenMenu(visibleMenu(perms)).map((m) => m.name)

  it('教育培训 and 应急管理 for training.read; the evaluations and spot checks with training.evaluate', () => {
    expect(names(['training.read'])).toEqual([
      'home',
      'training-employees',
      'training-sessions',
      'training-certificates',
      'training-coverage',
      'emergency-plans',
      'drills',
      'publicity',
    ])
    const staff = names(['training.read', 'training.evaluate', 'publicity.write'])
    expect(staff).toContain('training-evaluations')
    expect(staff).toContain('drill-spot-checks')
    expect(names([])).toEqual(['home'])
    expect(visibleMenu(['training.read']).find((m) => m.name === 'training-group')?.title).toBe('教育培训')
    expect(visibleMenu(['training.read']).find((m) => m.name === 'emergency-group')?.title).toBe('应急管理')
  })
})
