// Pure logic of 风险分级管控: grade colours and labels, control tiers, the suggested
// re-assessment date, the local grading, the form's checks and body, server errors on the
// form, the 四色分布 chart and table, the enterprise level card, and the menu entries.
import { describe, expect, it } from 'vitest'
import type { Distribution, RiskPoint } from '@/api/risk'
import { flattenMenu, visibleMenu } from '@/menu'
import { distributionOption, distributionTable, rowName, stacks } from '@/views/risk/distribution'
import {
  COLOUR_HEX,
  colourStyle,
  factorOptionLabel,
  formatScore,
  gradeColour,
  gradeLabel,
  isEnterpriseUser,
  tierCovers,
  tierRule,
} from '@/views/risk/labels'
import {
  addMonths,
  assessInput,
  assessKey,
  checkRiskForm,
  defaultReassessOn,
  emptyRiskForm,
  formFromPoint,
  gradeOf,
  hasErrors,
  isPhone,
  latestReassessOn,
  localAssess,
  measureRow,
  riskErrorsFrom,
  riskFormToInput,
  scoreOf,
  sentMeasures,
  switchMethod,
  syncReassess,
  tierHint,
  type RiskForm,
} from '@/views/risk/riskForm'
import { changeDirection, changeText, countTiles, raisedFrom, sortChanges, totalPoints } from '@/views/risk/riskLevel'

const TODAY = '2026-11-28'

function filled(over: Partial<RiskForm> = {}): RiskForm {
  return {
    ...emptyRiskForm('e1'),
    name: ' 地下一层燃气厨房 ',
    kind: 'place',
    location: '',
    hazard_factors: '燃气泄漏',
    accident_types: ['火灾', '其它爆炸'],
    method: 'lec',
    l: 3,
    e: 6,
    c: 15,
    measures: [measureRow('engineering', ' 安装燃气报警器 ')],
    control_tier: 'department',
    responsible: '张三',
    responsible_phone: '',
    reassess_on: '2027-05-28',
    ...over,
  }
}

function point(over: Partial<RiskPoint> = {}): RiskPoint {
  return {
    id: 'p1',
    enterprise_id: 'e1',
    enterprise_name: '海口秀英椰城购物广场有限公司',
    district_id: 'd1',
    district_name: '秀英区商务局',
    name: '地下一层燃气厨房',
    kind: 'place',
    kind_label: '场所/区域',
    location: 'B1',
    hazard_factors: '燃气泄漏',
    accident_types: ['火灾'],
    method: 'lec',
    l: 3,
    e: 6,
    c: 15,
    s: null,
    score: 270,
    grade: 'large',
    grade_label: '较大风险',
    colour: 'orange',
    method_line: 'LEC法：L=3，E=6，C=15，D=270',
    measures: [{ kind: 'engineering', kind_label: '工程技术措施', text: '安装燃气报警器' }],
    control_tier: 'department',
    control_tier_label: '部门级',
    responsible: '张三',
    responsible_phone: '13800000000',
    reassess_on: '2027-05-28',
    reassess_due: false,
    assessed_on: TODAY,
    assessed_by_name: '安全员',
    updated_at: '2026-11-28T01:00:00Z',
    ...over,
  }
}

describe('grade colours and labels', () => {
  it('maps the four grades to red, orange, yellow, blue (the server colour wins)', () => {
    expect(gradeColour('major')).toBe('red')
    expect(gradeColour('large')).toBe('orange')
    expect(gradeColour('general')).toBe('yellow')
    expect(gradeColour('low')).toBe('blue')
    expect(gradeColour(null)).toBeNull()
    expect(gradeColour('unknown')).toBeNull()
    expect(gradeColour('low', 'red')).toBe('red')
    expect(gradeLabel('major')).toBe('重大风险')
    expect(gradeLabel(null)).toBe('未评估')
  })

  it('puts dark text on yellow and white text on the other colours', () => {
    expect(colourStyle('yellow')).toEqual({ background: COLOUR_HEX.yellow, color: '#303133', borderColor: COLOUR_HEX.yellow })
    expect(colourStyle('red').color).toBe('#ffffff')
    expect(colourStyle('orange').color).toBe('#ffffff')
    expect(colourStyle('blue').color).toBe('#ffffff')
    expect(colourStyle(null).color).toBe('#909399')
  })

  it('shows a factor as "value — label" without float noise', () => {
    expect(factorOptionLabel({ value: 3, label: '可能，但不经常' })).toBe('3 — 可能，但不经常')
    expect(factorOptionLabel({ value: 0.5, label: '很不可能，可以设想' })).toBe('0.5 — 很不可能，可以设想')
    expect(formatScore(0.1 * 0.5 * 1)).toBe('0.05')
    expect(formatScore(null)).toBe('-')
  })

  it('knows an enterprise user by role or by risk.write', () => {
    expect(isEnterpriseUser('enterprise_user', [])).toBe(true)
    expect(isEnterpriseUser('section_staff', ['risk.read', 'risk.write'])).toBe(false)
    expect(isEnterpriseUser('leader', ['risk.read'])).toBe(false)
  })
})

describe('control tiers', () => {
  it('requires 单位级 for 重大, 部门级 or above for 较大, and so on', () => {
    expect(tierCovers('unit', 'major')).toBe(true)
    expect(tierCovers('department', 'major')).toBe(false)
    expect(tierCovers('department', 'large')).toBe(true)
    expect(tierCovers('team', 'large')).toBe(false)
    expect(tierCovers('team', 'general')).toBe(true)
    expect(tierCovers('post', 'general')).toBe(false)
    expect(tierCovers('post', 'low')).toBe(true)
    expect(tierRule('major')).toBe('重大风险应由单位级管控')
    expect(tierRule('large')).toBe('较大风险应由部门级或以上管控')
  })

  it('hints what the grade needs and flags a tier too low', () => {
    expect(tierHint(null, 'post')).toEqual({ text: '', tooLow: false })
    expect(tierHint('major', 'department')).toEqual({ text: '重大风险应由单位级管控', tooLow: true })
    expect(tierHint('major', 'unit').tooLow).toBe(false)
    expect(tierHint('large', null)).toEqual({ text: '较大风险应由部门级或以上管控', tooLow: false })
  })
})

describe('re-assessment date', () => {
  it('adds months clamping the day to the month end', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28')
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29')
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28')
    expect(addMonths('2026-01-15', 12)).toBe('2027-01-15')
    expect(addMonths('2026-12-01', 1)).toBe('2027-01-01')
    expect(addMonths('bad', 3)).toBe('')
  })

  it('suggests 重大 3 months, 较大 6, 一般 and 低 12 from today', () => {
    expect(defaultReassessOn('major', TODAY)).toBe('2027-02-28')
    expect(defaultReassessOn('large', TODAY)).toBe('2027-05-28')
    expect(defaultReassessOn('general', TODAY)).toBe('2027-11-28')
    expect(defaultReassessOn('low', TODAY)).toBe('2027-11-28')
    expect(defaultReassessOn(null, TODAY)).toBe('')
    expect(latestReassessOn(TODAY)).toBe('2027-11-28')
  })

  it('follows the grade until picked by hand', () => {
    const f = emptyRiskForm()
    syncReassess(f, 'large', TODAY)
    expect(f.reassess_on).toBe('2027-05-28')
    syncReassess(f, 'major', TODAY)
    expect(f.reassess_on).toBe('2027-02-28')
    f.reassess_on = '2027-01-10'
    f.reassess_touched = true
    syncReassess(f, 'low', TODAY)
    expect(f.reassess_on).toBe('2027-01-10')
    syncReassess(f, null, TODAY)
    expect(f.reassess_on).toBe('2027-01-10')
  })

  it('an edited point keeps a date ahead, a due one gets the suggestion', () => {
    expect(formFromPoint(point(), TODAY).reassess_on).toBe('2027-05-28')
    expect(formFromPoint(point({ reassess_on: '2026-11-01', reassess_due: true }), TODAY).reassess_on).toBe('2027-05-28')
    expect(formFromPoint(point({ reassess_on: TODAY }), TODAY).reassess_on).toBe('2027-05-28')
  })
})

describe('assessment', () => {
  it('asks only when every factor of the method is chosen', () => {
    const f = filled()
    expect(assessInput(f)).toEqual({ method: 'lec', l: 3, e: 6, c: 15 })
    expect(assessInput({ ...f, c: null })).toBeNull()
    expect(assessInput({ method: 'ls', l: 4, e: null, c: null, s: 5 })).toEqual({ method: 'ls', l: 4, s: 5 })
    expect(assessInput({ method: 'ls', l: 4, e: 6, c: 15, s: null })).toBeNull()
    expect(assessKey({ method: 'lec', l: 3, e: 6, c: 15 })).toBe('lec:3:6:15')
    expect(assessKey(null)).toBe('')
  })

  it('grades at the thresholds (LEC 320 / 160 / 70, LS 20 / 15 / 9)', () => {
    expect(localAssess({ method: 'lec', l: 3, e: 6, c: 15 })).toMatchObject({ score: 270, grade: 'large', colour: 'orange', grade_label: '较大风险' })
    expect(localAssess({ method: 'lec', l: 3, e: 6, c: 40 })).toMatchObject({ score: 720, grade: 'major', colour: 'red' })
    expect(localAssess({ method: 'lec', l: 1, e: 6, c: 15 })).toMatchObject({ score: 90, grade: 'general', colour: 'yellow' })
    expect(localAssess({ method: 'lec', l: 1, e: 6, c: 7 }).grade).toBe('low')
    expect(localAssess({ method: 'lec', l: 1, e: 6, c: 15 }).method_line).toBe('LEC法：L=1，E=6，C=15，D=90')
    expect(localAssess({ method: 'ls', l: 4, s: 5 })).toMatchObject({ score: 20, grade: 'major', method_line: 'LS法：L=4，S=5，R=20' })
    expect(localAssess({ method: 'ls', l: 3, s: 5 }).grade).toBe('large')
    expect(localAssess({ method: 'ls', l: 3, s: 3 }).grade).toBe('general')
    expect(localAssess({ method: 'ls', l: 2, s: 4 }).grade).toBe('low')
    expect(gradeOf(320, { major: 320, large: 160, general: 70 })).toBe('major')
    expect(gradeOf(319.99, { major: 320, large: 160, general: 70 })).toBe('large')
    expect(gradeOf(160, { major: 320, large: 160, general: 70 })).toBe('large')
    expect(gradeOf(69.99, { major: 320, large: 160, general: 70 })).toBe('low')
  })

  it('computes small LEC products exactly to two decimals', () => {
    expect(scoreOf({ method: 'lec', l: 0.5, e: 0.5, c: 1 })).toBe(0.25)
    expect(scoreOf({ method: 'lec', l: 0.1, e: 3, c: 7 })).toBe(2.1)
  })

  it('uses the thresholds the server sent', () => {
    const t = { lec: { major: 400, large: 200, general: 100 }, ls: { major: 20, large: 15, general: 9 } }
    expect(localAssess({ method: 'lec', l: 3, e: 6, c: 15 }, t).grade).toBe('large')
    expect(localAssess({ method: 'lec', l: 1, e: 6, c: 15 }, t).grade).toBe('low')
  })

  it('switching the method clears the factors', () => {
    const f = filled()
    switchMethod(f, 'ls')
    expect([f.method, f.l, f.e, f.c, f.s]).toEqual(['ls', null, null, null, null])
  })
})

describe('risk point form', () => {
  const mode = { staff: false, today: TODAY }

  it('passes a complete form', () => {
    expect(hasErrors(checkRiskForm(filled(), mode))).toBe(false)
  })

  it('names every missing field', () => {
    const f = emptyRiskForm()
    f.kind = null
    const e = checkRiskForm(f, { staff: true, today: TODAY })
    expect(Object.keys(e.fields).sort()).toEqual(
      ['accident_types', 'c', 'control_tier', 'e', 'enterprise_id', 'hazard_factors', 'kind', 'l', 'measures', 'name', 'reassess_on', 'responsible'].sort(),
    )
    const ls = checkRiskForm({ ...filled(), method: 'ls', l: 4, e: null, c: null, s: null }, mode)
    expect(ls.fields).toEqual({ s: '请选择S（事故后果的严重性）' })
  })

  it('checks measures row by row, the phone and the date window', () => {
    const a = measureRow('engineering', '')
    const b = measureRow(null, '培训')
    const e = checkRiskForm(filled({ measures: [a, measureRow(), b], responsible_phone: '12345', reassess_on: TODAY }), mode)
    expect(e.measures).toEqual({ [a.key]: '请填写第1项管控措施的内容', [b.key]: '请选择第2项管控措施的类别' })
    expect(e.fields.responsible_phone).toContain('格式不正确')
    expect(e.fields.reassess_on).toContain('晚于')
    expect(checkRiskForm(filled({ reassess_on: '2027-11-29' }), mode).fields.reassess_on).toContain('不能晚于2027-11-28')
    expect(checkRiskForm(filled({ reassess_on: '2027-11-28' }), mode).fields.reassess_on).toBeUndefined()
  })

  it('does not refuse a tier too low itself (the server names 管控层级)', () => {
    expect(hasErrors(checkRiskForm(filled({ c: 40, control_tier: 'post' }), mode))).toBe(false)
  })

  it('accepts the phones the server accepts', () => {
    expect(isPhone('13800000000')).toBe(true)
    expect(isPhone('0898-66668888')).toBe(true)
    expect(isPhone('089866668888')).toBe(true)
    expect(isPhone('23800000000')).toBe(false)
    expect(isPhone('0898-666')).toBe(false)
  })

  it('builds the flat body: LEC sends l, e, c; LS l, s; blank rows and texts left out', () => {
    const f = filled({ measures: [measureRow(), measureRow('engineering', ' 安装燃气报警器 ')] })
    const body = riskFormToInput(f, { staff: false })
    expect(body).toEqual({
      name: '地下一层燃气厨房',
      kind: 'place',
      location: null,
      hazard_factors: '燃气泄漏',
      accident_types: ['火灾', '其它爆炸'],
      method: 'lec',
      l: 3,
      e: 6,
      c: 15,
      measures: [{ kind: 'engineering', text: '安装燃气报警器' }],
      control_tier: 'department',
      responsible: '张三',
      responsible_phone: null,
      reassess_on: '2027-05-28',
    })
    expect('s' in body).toBe(false)
    expect('enterprise_id' in body).toBe(false)
    const ls = riskFormToInput({ ...f, method: 'ls', l: 4, e: null, c: null, s: 5 }, { staff: true })
    expect(ls).toMatchObject({ method: 'ls', l: 4, s: 5, enterprise_id: 'e1' })
    expect('e' in ls || 'c' in ls).toBe(false)
    expect(sentMeasures(f)).toHaveLength(1)
  })

  it('puts server errors on the fields, the measure rows sent and the rest aside', () => {
    const blank = measureRow()
    const a = measureRow('engineering', 'x')
    const b = measureRow('training', 'y')
    const sent = sentMeasures({ measures: [a, blank, b] })
    const out = riskErrorsFrom(
      [
        { field: 'control_tier', message: '管控层级过低：重大风险应由单位级管控，当前为部门级' },
        { field: 'assessment.c', message: 'C的取值应为表中的值' },
        { field: 'measures.1.text', message: '第2项管控措施的内容不能为空' },
        { field: 'measures[0].kind', message: '请选择第1项管控措施的类别' },
        { field: 'accident_types.0', message: '事故类型“雷击”不在GB 6441规定的20类事故类型之中' },
        { field: 'measures.7.text', message: '第8项' },
        { field: 'foo', message: '其它错误' },
      ],
      sent,
    )
    expect(out.fields.control_tier).toContain('管控层级')
    expect(out.fields.c).toBe('C的取值应为表中的值')
    expect(out.fields.accident_types).toContain('雷击')
    expect(out.measures).toEqual({ [b.key]: '第2项管控措施的内容不能为空', [a.key]: '请选择第1项管控措施的类别' })
    expect(out.fields.measures).toBe('第8项')
    expect(out.other).toEqual(['其它错误'])
  })

  it('prefills an edit from the point', () => {
    const f = formFromPoint(point({ method: 'ls', l: 4, e: null, c: null, s: 5 }), TODAY)
    expect([f.method, f.l, f.e, f.c, f.s]).toEqual(['ls', 4, null, null, 5])
    expect(f.measures.map((m) => [m.kind, m.text])).toEqual([['engineering', '安装燃气报警器']])
    expect(f.reassess_touched).toBe(false)
  })
})

describe('四色分布', () => {
  const dist: Distribution = {
    by: 'district',
    rows: [
      { key: 'd1', name: '秀英区商务局', points: { major: 1, large: 2, general: 3, low: 4 }, enterprises: { major: 1, large: 1, general: 0, low: 0, none: 3 } },
      { key: 'd2', name: '美兰区商务局', points: { major: 0, large: 1, general: 0, low: 0 }, enterprises: { major: 0, large: 1, general: 0, low: 0, none: 4 } },
    ],
    total: { points: { major: 1, large: 3, general: 3, low: 4 }, enterprises: { major: 1, large: 2, general: 0, low: 0, none: 7 } },
  }

  it('stacks the four grades in their colours (plus 未评估 for enterprises)', () => {
    const o = distributionOption(dist, 'points')
    expect(o.xAxis.data).toEqual(['秀英区', '美兰区'])
    expect(o.series.map((s) => s.name)).toEqual(['重大风险', '较大风险', '一般风险', '低风险'])
    expect(o.series.map((s) => s.itemStyle.color)).toEqual([COLOUR_HEX.red, COLOUR_HEX.orange, COLOUR_HEX.yellow, COLOUR_HEX.blue])
    expect(o.series.every((s) => s.stack === 'grade')).toBe(true)
    expect(o.series[1].data).toEqual([2, 1])
    const e = distributionOption(dist, 'enterprises')
    expect(e.series.map((s) => s.name)).toEqual(['重大风险', '较大风险', '一般风险', '低风险', '未评估'])
    expect(e.series[4].data).toEqual([3, 4])
    expect(stacks('points')).toHaveLength(4)
  })

  it('tables the rows and the 合计 (summed when the server sent none)', () => {
    const t = distributionTable(dist, 'points')
    expect(t.map((r) => [r.name, r.total])).toEqual([
      ['秀英区', 10],
      ['美兰区', 1],
      ['合计', 11],
    ])
    const noTotal = distributionTable({ ...dist, total: undefined as unknown as Distribution['total'] }, 'enterprises')
    expect(noTotal[2].counts).toEqual({ major: 1, large: 2, general: 0, low: 0, none: 7 })
    expect(distributionTable(null, 'points')).toEqual([])
    expect(rowName('category', { key: 'c1', name: '超市' })).toBe('超市')
  })
})

describe('enterprise level card', () => {
  it('tiles the counts 重大 first and sums them', () => {
    expect(countTiles({ major: 1, large: 2 }).map((t) => [t.grade, t.count])).toEqual([
      ['major', 1],
      ['large', 2],
      ['general', 0],
      ['low', 0],
    ])
    expect(totalPoints({ major: 1, large: 2, general: 5, low: 3 })).toBe(11)
  })

  it('shows the changes newest first with their direction', () => {
    const changes = [
      { from: null, from_label: null, to: 'large' as const, to_label: '较大风险', reasons: [], at: '2026-11-01T00:00:00Z' },
      { from: 'large' as const, from_label: '较大风险', to: 'major' as const, to_label: '重大风险', reasons: ['台风橙色预警生效中'], at: '2026-11-20T00:00:00Z' },
    ]
    const sorted = sortChanges(changes)
    expect(sorted[0].to).toBe('major')
    expect(changeText(sorted[0])).toBe('较大风险 → 重大风险')
    expect(changeText(sorted[1])).toBe('未评估 → 较大风险')
    expect(changeDirection(sorted[0])).toBe('up')
    expect(changeDirection({ from: 'major', to: 'low' })).toBe('down')
    expect(raisedFrom({ grade: 'major', base_grade: 'large' })).toBe('由较大风险上调')
    expect(raisedFrom({ grade: 'large', base_grade: 'large' })).toBe('')
  })
})

describe('menu', () => {
  const names = (perms: string[]) => flattenMenu(visibleMenu(perms)).map((i) => i.name)

  it('shows 风险点清单 and 四色分布 to staff, only 风险点清单 to enterprise users', () => {
    expect(names(['risk.read'])).toEqual(expect.arrayContaining(['risk-points', 'risk-distribution']))
    const ent = names(['risk.read', 'risk.write'])
    expect(ent).toContain('risk-points')
    expect(ent).not.toContain('risk-distribution')
    expect(names([])).not.toContain('risk-points')
  })

  it('shows 预警信息 with weather.read', () => {
    expect(names(['weather.read'])).toContain('weather')
    expect(names(['risk.read'])).not.toContain('weather')
  })
})
