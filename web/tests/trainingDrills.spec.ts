// Pure logic of 应急管理 and 宣传教育: the plan and drill forms, the spot check (criteria by group,
// live total and result, problems becoming hazards, server errors on the form), the drill status
// words, and the publicity activity form, its body and the 参与情况 report.
import { describe, expect, it } from 'vitest'
import type { Activity, Criterion, Drill, SpotCheck } from '@/api/training'
import {
  checkDrillForm,
  checkPlanForm,
  checkSpotForm,
  createdHazards,
  defaultReviewDue,
  drillFormFrom,
  drillInput,
  emptyDrillForm,
  emptyPlanForm,
  emptySpotForm,
  groupCriteria,
  planInput,
  problemRow,
  sentProblems,
  spotCheckInput,
  spotErrorsFrom,
  spotTotal,
} from '@/views/drills/forms'
import { dueText, planKindLabel, spotResult, spotResultTag } from '@/views/drills/labels'
import {
  activityErrorsFrom,
  activityFormFrom,
  activityInput,
  activityKindLabel,
  checkActivityForm,
  emptyActivityForm,
  participantKinds,
  participantRow,
  participantTotals,
  reportRows,
  sentParticipants,
  taskLabel,
} from '@/views/publicity/activityForm'

const TODAY = '2026-11-28'

const CRITERIA: Criterion[] = [
  { key: 'plan_basis', group: '预案可操作性', label: '编制依据充分', max: 30 },
  { key: 'plan_measures', group: '预案可操作性', label: '处置措施可操作', max: 20 },
  { key: 'drill_staff', group: '演练效果', label: '参演人员到位', max: 25 },
  { key: 'drill_review', group: '演练效果', label: '评估总结全面', max: 25 },
]

describe('spot check', () => {
  it('results: 优秀 ≥ 90, 合格 ≥ 60, 不合格 below, in tenths', () => {
    expect(spotResult(100)).toBe('excellent')
    expect(spotResult(90)).toBe('excellent')
    expect(spotResult(89.95)).toBe('excellent')
    expect(spotResult(89.9)).toBe('qualified')
    expect(spotResult(60)).toBe('qualified')
    expect(spotResult(59.9)).toBe('unqualified')
    expect(spotResultTag('excellent')).toBe('success')
    expect(spotResultTag('unqualified')).toBe('danger')
    expect(spotResultTag('x')).toBe('info')
  })

  it('groups the criteria in the order they come, with each group’s maximum', () => {
    const g = groupCriteria(CRITERIA)
    expect(g.map((x) => [x.group, x.max, x.items.length])).toEqual([
      ['预案可操作性', 50, 2],
      ['演练效果', 50, 2],
    ])
  })

  it('totals live by group; the result once every criterion is scored', () => {
    const f = emptySpotForm(CRITERIA)
    expect(f.scores).toEqual({ plan_basis: null, plan_measures: null, drill_staff: null, drill_review: null })
    f.scores.plan_basis = 30
    f.scores.drill_staff = 20.5
    let t = spotTotal(CRITERIA, f.scores)
    expect(t).toMatchObject({ total: 50.5, max: 100, complete: false, result: null })
    expect(t.groups).toEqual([
      { group: '预案可操作性', total: 30, max: 50 },
      { group: '演练效果', total: 20.5, max: 50 },
    ])
    f.scores.plan_measures = 20
    f.scores.drill_review = 19.5
    t = spotTotal(CRITERIA, f.scores)
    expect(t).toMatchObject({ total: 90, complete: true, result: 'excellent' })
    f.scores.drill_review = 0
    expect(spotTotal(CRITERIA, f.scores).result).toBe('qualified')
    f.scores.plan_basis = 0
    expect(spotTotal(CRITERIA, f.scores)).toMatchObject({ total: 40.5, result: 'unqualified' })
    expect(spotTotal([], {}).result).toBeNull()
  })

  it('checks the enterprise, every score and the problems becoming hazards', () => {
    const f = emptySpotForm(CRITERIA)
    const p = problemRow('应急物资过期')
    p.to_hazard = true
    f.problems = [p, problemRow('')]
    f.scores.plan_basis = 31
    const e = checkSpotForm(f, CRITERIA)
    expect(e.enterprise_id).toBe('请选择企业')
    expect(e['score.plan_basis']).toBe('得分应在0到30之间')
    expect(e['score.drill_staff']).toBe('请评分')
    expect(e.scores).toContain('请为每一项评分')
    expect(e[`problem.${p.key}.category_id`]).toBe('转为隐患须选择隐患类别')
    // the blank problem row is not sent nor checked
    expect(sentProblems(f.problems)).toEqual([p])
  })

  it('builds the body: scores in criteria order, hazard fields only for problems becoming hazards', () => {
    const f = emptySpotForm(CRITERIA)
    f.enterprise_id = 'e1'
    f.drill_id = 'd1'
    for (const c of CRITERIA) f.scores[c.key] = c.max
    const a = problemRow(' 应急物资过期 ')
    a.to_hazard = true
    a.category_id = 'cat1'
    a.level = 'major'
    const b = problemRow('预案未备案')
    b.category_id = 'ignored'
    f.problems = [a, problemRow(), b]
    f.comment = ' '
    expect(spotCheckInput(f, CRITERIA)).toEqual({
      enterprise_id: 'e1',
      plan_id: null,
      drill_id: 'd1',
      scores: [
        { key: 'plan_basis', score: 30 },
        { key: 'plan_measures', score: 20 },
        { key: 'drill_staff', score: 25 },
        { key: 'drill_review', score: 25 },
      ],
      problems: [
        { text: '应急物资过期', to_hazard: true, category_id: 'cat1', level: 'major' },
        { text: '预案未备案', to_hazard: false, category_id: null, level: null },
      ],
      comment: null,
    })
  })

  it('places server errors on the criterion and the problem sent', () => {
    const a = problemRow('x')
    const b = problemRow('y')
    expect(
      spotErrorsFrom(
        [
          { field: 'scores.2.score', message: '“参演人员到位”的得分应在0到25之间' },
          { field: 'problems.1.category_id', message: '第2个问题转为隐患，须选择隐患类别' },
          { field: 'problems[0].text', message: '第1个问题的描述不能为空' },
          { field: 'enterprise_id', message: '企业不存在' },
        ],
        CRITERIA,
        [a, b],
      ),
    ).toEqual({
      'score.drill_staff': '“参演人员到位”的得分应在0到25之间',
      [`problem.${b.key}.category_id`]: '第2个问题转为隐患，须选择隐患类别',
      [`problem.${a.key}.text`]: '第1个问题的描述不能为空',
      enterprise_id: '企业不存在',
    })
  })

  it('reads the created hazards from the problems, or the short answer', () => {
    const c = {
      problems: [
        { text: 'a', to_hazard: true, hazard_id: 'h1', hazard_code: 'YH2026000001' },
        { text: 'b', to_hazard: false, hazard_id: null, hazard_code: null },
      ],
    } as Pick<SpotCheck, 'problems' | 'hazards'>
    expect(createdHazards(c)).toEqual([{ id: 'h1', code: 'YH2026000001' }])
    expect(createdHazards({ problems: [], hazards: [{ id: 'h2', code: 'YH2' }] })).toEqual([{ id: 'h2', code: 'YH2' }])
    expect(createdHazards({ problems: [] })).toEqual([])
  })
})

describe('plans and drills', () => {
  it('checks and builds the plan; the review defaults to three years after approval', () => {
    expect(Object.keys(checkPlanForm(emptyPlanForm(), TODAY))).toEqual(['kind', 'title', 'version', 'approved_on'])
    const f = { ...emptyPlanForm(), kind: 'onsite' as const, title: ' 配电房触电现场处置方案 ', version: 'V1', approved_on: '2024-02-29', filed_on: '2024-01-01' }
    expect(checkPlanForm(f, TODAY)).toEqual({ filed_on: '备案日期不能早于批准发布日期' })
    expect(planInput({ ...f, filed_on: '' }, ['f1'])).toEqual({
      kind: 'onsite',
      title: '配电房触电现场处置方案',
      version: 'V1',
      approved_on: '2024-02-29',
      filed_on: null,
      review_due: null,
      attachments: ['f1'],
    })
    expect(defaultReviewDue('2024-02-29')).toBe('2027-02-28')
    expect(defaultReviewDue('2022-01-10')).toBe('2025-01-10')
    expect(defaultReviewDue('')).toBe('')
    expect(planKindLabel('special')).toBe('专项应急预案')
  })

  it('checks and builds the drill with its photo ids', () => {
    expect(Object.keys(checkDrillForm(emptyDrillForm(), TODAY))).toEqual(['kind', 'mode', 'held_on', 'scenario', 'participants'])
    const d: Drill = {
      id: 'd1',
      enterprise_id: 'e1',
      enterprise_name: 'x',
      kind: 'special',
      kind_label: '专项演练',
      mode: 'live',
      mode_label: '实战演练',
      held_on: '2026-11-01',
      scenario: '火灾疏散',
      participants: 30,
      plan_id: null,
      photos: [{ id: 'ph1', name: 'a.jpg', kind: 'jpeg', content_type: 'image/jpeg', size: 1, uploaded_at: '2026-11-01T00:00:00Z' }],
      assessment: null,
      improvements: '加强',
    }
    const f = drillFormFrom(d)
    expect(checkDrillForm(f, TODAY)).toEqual({})
    expect(checkDrillForm({ ...f, participants: 0, held_on: '2026-12-01' }, TODAY)).toEqual({ participants: '参演人数应为正整数', held_on: '演练日期不能晚于今天' })
    expect(drillInput(f)).toEqual({
      kind: 'special',
      mode: 'live',
      held_on: '2026-11-01',
      scenario: '火灾疏散',
      participants: 30,
      plan_id: null,
      photos: ['ph1'],
      assessment: null,
      improvements: '加强',
    })
  })

  it('says 逾期 for a due drill', () => {
    expect(dueText(null, true)).toEqual({ text: '逾期（未开展）', overdue: true })
    expect(dueText('2025-01-01', true)).toEqual({ text: '逾期（上次 2025-01-01）', overdue: true })
    expect(dueText('2026-11-01', false)).toEqual({ text: '2026-11-01', overdue: false })
    expect(dueText(null, false).text).toBe('-')
  })
})

describe('publicity activities', () => {
  it('checks the form like the server', () => {
    const e = checkActivityForm({ ...emptyActivityForm(), participants: [participantRow()] }, TODAY)
    expect(e).toMatchObject({ title: '活动名称不能为空', kind: '请选择活动形式', held_on: '活动日期不能为空', organiser: '组织单位不能为空', participants: '请至少添加一个参加单位' })
    const a = participantRow('o1', '甲企业', 20)
    const b = participantRow('o1', '甲企业', 5)
    const c = participantRow('o2', '乙企业', 0)
    const f = { ...emptyActivityForm('政策法规科'), title: 't', kind: 'viewing' as const, held_on: TODAY, participants: [a, b, c] }
    const e2 = checkActivityForm(f, TODAY)
    expect(e2[`participant.${a.key}`]).toBeUndefined()
    expect(e2[`participant.${b.key}`]).toBe('参加单位重复')
    expect(e2[`participant.${c.key}`]).toBe('参加人数应为正整数')
    expect(e2.participants).toBe('请检查参加单位和人数')
    expect(checkActivityForm({ ...f, held_on: '2026-12-01', participants: [a] }, TODAY)).toEqual({ held_on: '活动日期不能晚于今天' })
  })

  it('counts units and people; sends the rows with a unit', () => {
    const rows = [participantRow('o1', '甲', 20), participantRow(), participantRow('o2', '乙', 15)]
    expect(participantTotals(rows)).toEqual({ units: 2, headcount: 35 })
    expect(sentParticipants(rows).map((r) => r.org_id)).toEqual(['o1', 'o2'])
    const f = { ...emptyActivityForm('局政策法规科'), title: ' 观看专题片 ', kind: 'viewing' as const, held_on: TODAY, task_id: 't1', participants: rows, summary: ' ' }
    expect(activityInput(f, ['m1'])).toEqual({
      title: '观看专题片',
      kind: 'viewing',
      held_on: TODAY,
      organiser: '局政策法规科',
      task_id: 't1',
      participants: [
        { org_id: 'o1', headcount: 20 },
        { org_id: 'o2', headcount: 15 },
      ],
      materials: ['m1'],
      photos: [],
      summary: null,
    })
  })

  it('reads an activity back and places server errors on the rows sent', () => {
    const a: Activity = {
      id: 'a1',
      title: '观看',
      kind: 'viewing',
      kind_label: '集中观看',
      held_on: TODAY,
      organiser: '局政策法规科',
      task_id: 't1',
      task_text: '制定计划',
      participants: [{ org_id: 'o1', name: '甲', headcount: 20 }],
      units: 1,
      headcount: 20,
      materials: [],
      photos: [],
      summary: null,
      created_by_name: '李科长',
    }
    const f = activityFormFrom(a)
    expect(f.participants.map((p) => [p.org_id, p.name, p.headcount])).toEqual([['o1', '甲', 20]])
    expect(f.task_id).toBe('t1')
    const sent = sentParticipants(f.participants)
    expect(activityErrorsFrom([{ field: 'participants.0.org_id', message: '第1个参加单位不存在或不在本单位管辖范围' }, { field: 'title', message: 'x' }], sent)).toEqual({
      [`participant.${sent[0].key}`]: '第1个参加单位不存在或不在本单位管辖范围',
      title: 'x',
      participants: '请检查参加单位和人数',
    })
    expect(activityFormFrom({ ...a, participants: [] }).participants).toHaveLength(1)
  })

  it('labels tasks, kinds, the units a user may pick and the report', () => {
    expect(taskLabel({ section_number: '一', number: '1', text: '制定安全生产宣传与警示教育活动计划' })).toBe('一.1 制定安全生产宣传与警示教育活动计划')
    expect(taskLabel({ number: '', text: 'abcdef' }, 3)).toBe('abc…')
    expect(activityKindLabel('interview')).toBe('访谈评论')
    expect(participantKinds('district_staff')).toEqual(['district', 'enterprise'])
    expect(participantKinds('section_staff')).toEqual(['section', 'district', 'enterprise'])
    const r = reportRows([
      { org_id: 'a', name: '乙', activities: 1, headcount: 10 },
      { org_id: 'b', name: '甲', activities: 2, headcount: 5 },
      { org_id: 'c', name: '丙', activities: 1, headcount: 30 },
    ])
    expect(r.rows.map((x) => x.org_id)).toEqual(['b', 'c', 'a'])
    expect(r.participations).toBe(4)
    expect(r.headcount).toBe(45)
  })
})
