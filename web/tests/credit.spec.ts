// Pure logic of 诚信管理: grade labels and colours, signed points, the explained score
// (100 + each item, clamped), the summary chart, the raw facts, the generic 评分规则 form
// (flatten → edit → unflatten, server field errors on the field) and the menu entries.
import { describe, expect, it } from 'vitest'
import type { CreditItem, CreditSummary } from '@/api/credit'
import { flattenMenu, visibleMenu } from '@/menu'
import { routes } from '@/router'
import {
  benchmarkStateTag,
  factLines,
  gradeColour,
  gradeLabel,
  gradeOf,
  gradeTag,
  isCreditGrade,
  pointsClass,
  scoreBreakdown,
  signedPoints,
  summaryOption,
} from '@/views/credit/labels'
import { checkRules, flattenRules, normaliseField, ruleErrorsFrom, unflattenRules } from '@/views/credit/rulesForm'

const item = (key: string, points: number, count = 1): CreditItem => ({ key, label: key, fact: `${key} ${count}`, count, points })

describe('grades', () => {
  it('colours A green, B blue, C orange, D red; anything else grey', () => {
    expect(['A', 'B', 'C', 'D'].map(gradeTag)).toEqual(['success', 'primary', 'warning', 'danger'])
    expect(gradeColour('A')).toBe('#67c23a')
    expect(gradeColour('D')).toBe('#f56c6c')
    expect(gradeTag('X')).toBe('info')
    expect(gradeColour(null)).toBe('#c0c4cc')
    expect(isCreditGrade('B')).toBe(true)
    expect(isCreditGrade('b')).toBe(false)
  })

  it('labels the grades with the plan terms', () => {
    expect(gradeLabel('A')).toBe('A级（诚信）')
    expect(gradeLabel('C')).toBe('C级（失信警示）')
    expect(gradeLabel(null)).toBe('未评分')
  })

  it('grades by the thresholds 90 / 75 / 60', () => {
    expect([100, 90, 89.9, 75, 74, 60, 59, 0].map(gradeOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D'])
  })

  it('names benchmark states by tag', () => {
    expect(benchmarkStateTag('published')).toBe('success')
    expect(benchmarkStateTag('nominated')).toBe('warning')
    expect(benchmarkStateTag('withdrawn')).toBe('info')
    expect(benchmarkStateTag(undefined)).toBe('info')
  })
})

describe('points', () => {
  it('shows the sign (a true minus) and the colour class', () => {
    expect(signedPoints(-10)).toBe('−10')
    expect(signedPoints(5)).toBe('+5')
    expect(signedPoints(0)).toBe('0')
    expect(signedPoints(null)).toBe('-')
    expect(pointsClass(-1)).toBe('minus')
    expect(pointsClass(1)).toBe('plus')
    expect(pointsClass(0)).toBe('zero')
  })
})

describe('scoreBreakdown', () => {
  it('explains 100 + each item, deductions largest first, then bonuses', () => {
    const b = scoreBreakdown([item('hazards_closed_on_time', 3, 3), item('notices_missing', -2), item('overdue_hazards', -10, 2)])
    expect(b.deductions.map((i) => i.key)).toEqual(['overdue_hazards', 'notices_missing'])
    expect(b.bonuses.map((i) => i.key)).toEqual(['hazards_closed_on_time'])
    expect(b.lost).toBe(-12)
    expect(b.gained).toBe(3)
    expect(b.raw).toBe(91)
    expect(b.expected).toBe(91)
    expect(b.clamped).toBe(false)
    expect(b.formula).toBe('100 − 10 − 2 + 3 = 91')
  })

  it('clamps to 0–100 and says so', () => {
    const up = scoreBreakdown([item('benchmark', 5)])
    expect(up.raw).toBe(105)
    expect(up.expected).toBe(100)
    expect(up.clamped).toBe(true)
    expect(up.formula).toContain('按 0–100 计为 100')
    const down = scoreBreakdown([item('a', -60), item('b', -50)])
    expect(down.expected).toBe(0)
  })

  it('keeps zero-point items apart and gives 100 for no items', () => {
    const b = scoreBreakdown([item('x', 0)])
    expect(b.neutral).toHaveLength(1)
    expect(scoreBreakdown([]).formula).toBe('100 = 100')
  })
})

describe('summaryOption', () => {
  const s: CreditSummary = {
    rows: [
      { district_id: 'd1', district_name: '秀英区', a: 3, b: 5, c: 1, d: 0, unscored: 2, total: 11 },
      { district_id: 'd2', district_name: '龙华区', a: 1, b: 0, c: 0, d: 1, unscored: 0, total: 2 },
    ],
    total: { a: 4, b: 5, c: 1, d: 1, unscored: 2, total: 13 },
  }

  it('stacks the five counts per district in the grade colours', () => {
    const o = summaryOption(s)
    expect(o.yAxis.data).toEqual(['秀英区', '龙华区'])
    expect(o.series.map((x) => x.name)).toEqual(['A级', 'B级', 'C级', 'D级', '未评分'])
    expect(o.series[0].data).toEqual([3, 1])
    expect(o.series[3].itemStyle.color).toBe('#f56c6c')
    expect(o.series.every((x) => x.stack === 'grade')).toBe(true)
  })

  it('is empty without data', () => {
    expect(summaryOption(null).yAxis.data).toEqual([])
  })
})

describe('factLines', () => {
  it('names known facts in Chinese and shows booleans as 是/否', () => {
    expect(factLines({ overdue_hazards: 2, commitment_signed: true, custom: 'x', nested: { a: 1 } })).toEqual([
      { key: 'overdue_hazards', label: '逾期未整改隐患', value: '2' },
      { key: 'commitment_signed', label: '已签订年度安全承诺', value: '是' },
      { key: 'custom', label: 'custom', value: 'x' },
    ])
    expect(factLines(null)).toEqual([])
  })
})

describe('rules form', () => {
  const RULES = {
    rules: {
      commitment_missing: { points: -10 },
      overdue_hazards: { points: -5, cap: -20 },
      training_low: { below_60: -10, below_90: -5 },
      benchmark: { points: 5, enabled: true },
    },
    thresholds: { a: 90, b: 75, c: 60 },
  }

  it('makes one group per rule with Chinese labels, and the thresholds apart', () => {
    const groups = flattenRules(RULES)
    expect(groups.map((g) => g.label)).toEqual(['未签订年度安全承诺', '逾期未整改隐患', '全员轮训率偏低', '标杆企业', '等级分数线'])
    const overdue = groups[1]
    expect(overdue.key).toBe('rules.overdue_hazards')
    expect(overdue.hint).toContain('最多 −20')
    expect(overdue.fields.map((f) => [f.key, f.label, f.value])).toEqual([
      ['rules.overdue_hazards.points', '分值', -5],
      ['rules.overdue_hazards.cap', '累计上限', -20],
    ])
    expect(groups[2].fields.map((f) => f.label)).toEqual(['低于 60% 扣分', '低于 90% 扣分'])
    expect(groups[3].fields[1].kind).toBe('boolean')
    expect(groups[4].thresholds).toBe(true)
    expect(groups[4].fields.map((f) => f.label)).toEqual(['A级（诚信）不低于', 'B级（基本诚信）不低于', 'C级（失信警示）不低于'])
    expect(groups.slice(0, 4).every((g) => !g.thresholds)).toBe(true)
  })

  it('writes the edited values back into the same shape, leaving the original alone', () => {
    const groups = flattenRules(RULES)
    groups[1].fields[1].value = -25
    groups[4].fields[0].value = 92
    const out = unflattenRules(RULES, groups)
    expect(out.rules.overdue_hazards).toEqual({ points: -5, cap: -25 })
    expect(out.thresholds.a).toBe(92)
    expect(RULES.rules.overdue_hazards.cap).toBe(-20)
  })

  it('takes rules given as bare numbers and as an array with keys', () => {
    const flat = flattenRules({ commitment_missing: -10, referrals: -10 })
    expect(flat.map((g) => [g.label, g.fields[0].label])).toEqual([
      ['未签订年度安全承诺', '分值'],
      ['被函送执法', '分值'],
    ])
    expect(unflattenRules({ commitment_missing: -10 }, [{ ...flat[0], fields: [{ ...flat[0].fields[0], value: -8 }] }])).toEqual({ commitment_missing: -8 })

    const arr = flattenRules({ rules: [{ key: 'interviews', label: '被约谈（自定义）', points: -5, max: -15 }] })
    expect(arr[0].label).toBe('被约谈（自定义）')
    expect(arr[0].fields.map((f) => f.key)).toEqual(['rules.0.points', 'rules.0.max'])
    expect(arr[0].fields[0].aliases).toContain('rules.interviews.points')
  })

  it('asks for cleared numbers', () => {
    const groups = flattenRules(RULES)
    groups[0].fields[0].value = null
    expect(checkRules(groups)).toEqual({ 'rules.commitment_missing.points': '请填写未签订年度安全承诺的分值' })
  })

  it('puts server errors on the field, the rule, or apart', () => {
    const groups = flattenRules(RULES)
    expect(normaliseField('rules[0].points')).toBe('rules.0.points')
    const e = ruleErrorsFrom(
      [
        { field: 'rules.overdue_hazards.cap', message: '上限应不大于 0' },
        { field: 'thresholds.b', message: 'B级分数线应低于A级' },
        { field: 'training_low', message: '规则不完整' },
        { field: 'other', message: '未知错误' },
      ],
      groups,
    )
    expect(e.fields).toEqual({ 'rules.overdue_hazards.cap': '上限应不大于 0', 'thresholds.b': 'B级分数线应低于A级' })
    expect(e.groups).toEqual({ 'rules.training_low': '规则不完整' })
    expect(e.rest).toEqual(['未知错误'])

    const arr = flattenRules({ rules: [{ key: 'interviews', points: -5 }] })
    expect(ruleErrorsFrom([{ field: 'rules.interviews.points', message: 'x' }], arr).fields).toEqual({ 'rules.0.points': 'x' })
  })
})

describe('menu', () => {
  const names = (perms: string[]) => flattenMenu(visibleMenu(perms)).map((m) => m.name)

  it('shows 典型做法 by practice.read', () => {
    expect(names(['credit.read', 'practice.read'])).toContain('practices')
    expect(names([])).not.toContain('practices')
  })

  it('shows 诚信管理 by credit.read, 评分规则 only with credit.manage', () => {
    expect(names(['credit.read'])).toEqual(['home', 'credit', 'credit-benchmarks', 'maturity', 'maturity-summary'])
    expect(names(['credit.read', 'credit.manage'])).toEqual(['home', 'credit', 'credit-benchmarks', 'credit-rules', 'maturity', 'maturity-summary'])
    const group = visibleMenu(['credit.read', 'credit.manage']).find((m) => m.name === 'credit-group')
    expect(group?.title).toBe('诚信管理')
    expect(group?.children?.map((c) => c.title)).toEqual(['诚信评价', '标杆企业', '评分规则', '成熟度评估', '评估结果'])
    expect(names(['maturity.fill'])).not.toContain('maturity')
    expect(names([])).not.toContain('credit')
  })

  it('puts 月报 right after 领导驾驶舱, by cockpit.read', () => {
    expect(names(['cockpit.read'])).toEqual(['home', 'cockpit', 'monthly-report'])
    expect(visibleMenu(['cockpit.read']).map((m) => m.title)).toEqual(['首页', '领导驾驶舱', '月报'])
    expect(names([])).not.toContain('monthly-report')
  })

  it('has a route for every entry, with the permission', () => {
    const all = routes.flatMap((r) => r.children ?? []).flatMap((r) => [r, ...(r.children ?? []).map((c) => ({ ...c, meta: { ...r.meta, ...c.meta } }))])
    const byName = new Map(all.filter((r) => r.name).map((r) => [String(r.name), r]))
    for (const [name, perm] of [
      ['credit', 'credit.read'],
      ['credit-detail', 'credit.read'],
      ['credit-benchmarks', 'credit.read'],
      ['credit-rules', 'credit.manage'],
      ['maturity', 'credit.read'],
      ['maturity-detail', 'credit.read'],
      ['maturity-summary', 'credit.read'],
      ['monthly-report', 'cockpit.read'],
    ]) {
      expect(byName.get(name)?.meta?.permission, name).toBe(perm)
    }
    // every menu entry opens a route of the same name at the same path
    const routed = new Map(all.filter((r) => r.name).map((r) => [String(r.name), r]))
    for (const item of flattenMenu(visibleMenu(['credit.read', 'credit.manage', 'cockpit.read', 'accountability.read']))) {
      expect(routed.has(item.name), item.name).toBe(true)
    }
  })
})
