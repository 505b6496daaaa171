// 督查考核 (docs/api-accountability.md): the pure rules of the referral, meeting, bulletin,
// interview and assessment pages, and their menu entries.
import { describe, expect, it } from 'vitest'
import type { AssessmentRow, BulletinSection, ReferralEvent } from '@/api/accountability'
import { flattenMenu, visibleMenu } from '@/menu'
import { routes } from '@/router'
import { buildMatrix, cellErrors, checkScore, gradeOf, isAdjusted, rowScoresWith, weakItems, weakPointText, weightSum } from '@/views/assessments/matrix'
import { addParagraph, checkPeriod, cleanSections, factGroups, lastMonth, moveParagraph, namedUnits, removeParagraph, sameSections } from '@/views/bulletins/sections'
import { checkInterviewForm, emptyInterviewForm, followUpStatus, interviewFormToInput } from '@/views/interviews/labels'
import { checkDecisionForm, checkMeetingForm, emptyMeetingForm, meetingFormToInput, preferredCampaign } from '@/views/meetings/labels'
import {
  allowedSteps,
  applyPrefill,
  checkReferralForm,
  emptyReferralForm,
  keptFileIds,
  placeFieldErrors,
  referralFormToInput,
  replyByText,
  stepLabel,
  timelineItems,
} from '@/views/referrals/labels'

const steps = (state: string, write: boolean, handle: boolean) => allowedSteps(state, { write, handle }).map((a) => (a.onBehalf ? `${a.step}*` : a.step))

describe('referrals: the steps a state allows', () => {
  it('gives the referring unit draft, send, follow-up and withdraw', () => {
    expect(steps('draft', true, false)).toEqual(['edit', 'send', 'withdraw', 'delete'])
    expect(steps('sent', true, false)).toEqual(['receive*', 'follow_up', 'withdraw'])
    expect(steps('received', true, false)).toEqual(['action*', 'result*', 'follow_up'])
    expect(steps('acting', true, false)).toEqual(['action*', 'result*', 'follow_up'])
    expect(steps('concluded', true, false)).toEqual([])
    expect(steps('withdrawn', true, false)).toEqual([])
  })

  it('gives the agency receive, action and result, never the referring steps', () => {
    expect(steps('draft', false, true)).toEqual([])
    expect(steps('sent', false, true)).toEqual(['receive'])
    expect(steps('received', false, true)).toEqual(['action', 'result'])
    expect(steps('acting', false, true)).toEqual(['action', 'result'])
    expect(steps('concluded', false, true)).toEqual([])
  })

  it('gives a reader nothing', () => {
    for (const s of ['draft', 'sent', 'received', 'acting', 'concluded']) expect(steps(s, false, false)).toEqual([])
  })

  it('labels steps recorded on the agency’s behalf', () => {
    expect(stepLabel({ step: 'receive', onBehalf: true })).toBe('代为登记接收')
    expect(stepLabel({ step: 'result', onBehalf: false })).toBe('反馈结果')
  })
})

describe('referrals: timeline, form, files', () => {
  const ev = (at: string, action: string, label: string, note: string | null = null): ReferralEvent => ({ at, actor_name: '陈专干', org_name: '秀英区商务局', action, action_label: label, note })

  it('lists the events newest first in China time', () => {
    const items = timelineItems([ev('2026-11-01T02:00:00Z', 'send', '函送'), ev('2026-11-03T01:30:00Z', 'receive', '接收', ' 已转执法支队 '), ev('2026-11-02T00:00:00Z', 'follow_up', '')])
    expect(items.map((i) => i.action)).toEqual(['receive', 'follow_up', 'send'])
    expect(items[0]).toMatchObject({ title: '接收', time: '2026-11-03 09:30', who: '秀英区商务局 · 陈专干', note: '已转执法支队', type: 'primary' })
    expect(items[1].title).toBe('跟踪问效')
    expect(timelineItems(null)).toEqual([])
  })

  it('checks the form and sends a trimmed body with the hazard', () => {
    const f = emptyReferralForm()
    const e = checkReferralForm(f)
    expect(Object.keys(e).sort()).toEqual(['agency_id', 'contact_name', 'contact_phone', 'enterprise_id', 'legal_basis', 'violation'])
    const filled = { ...f, enterprise_id: 'e1', agency_id: 'a1', violation: ' 占用疏散通道 ', legal_basis: '安全生产法', contact_name: '陈', contact_phone: 'abc' }
    expect(checkReferralForm(filled)).toEqual({ contact_phone: '联系电话格式不正确' })
    const ok = applyPrefill({ ...filled, contact_phone: '0898-66666666', violation: '' }, { enterprise_id: 'e2', enterprise_name: 'X', source: 'hazard', violation: '消防通道堵塞', evidence: '照片2张', file_ids: ['f1'] }, { hazard_id: 'h1' })
    expect(ok).toMatchObject({ enterprise_id: 'e2', source: 'hazard', hazard_id: 'h1', violation: '消防通道堵塞', evidence: '照片2张' })
    const body = referralFormToInput(ok, ['f1'])
    expect(body).toMatchObject({ enterprise_id: 'e2', agency_id: 'a1', hazard_id: 'h1', reply_by: null, file_ids: ['f1'], contact_phone: '0898-66666666' })
    expect('inspection_id' in body).toBe(false)
  })

  it('keeps what the user typed over the prefill', () => {
    const f = { ...emptyReferralForm(), violation: '自己写的' }
    expect(applyPrefill(f, { enterprise_id: 'e', enterprise_name: '', source: 'inspection', violation: '建议', evidence: '', file_ids: [] }, { inspection_id: 'i1' }).violation).toBe('自己写的')
  })

  it('places server field errors and keeps the saved files not removed', () => {
    const placed = placeFieldErrors([{ field: 'agency_id', message: '请选择执法部门' }, { field: 'file_ids.0', message: '文件不存在' }, { field: 'x', message: '其他' }], ['agency_id', 'file_ids'] as const)
    expect(placed).toEqual({ fields: { agency_id: '请选择执法部门', file_ids: '文件不存在' }, other: ['其他'] })
    expect(keptFileIds([{ id: 'a' }, { id: 'b' }], ['a'], [{ id: 'c' }])).toEqual(['b', 'c'])
  })

  it('shows how late a reply is', () => {
    expect(replyByText('2026-11-10', '2026-11-12', 'sent')).toBe('2026-11-10（逾期 2 天）')
    expect(replyByText('2026-11-12', '2026-11-12', 'acting')).toBe('2026-11-12（今日到期）')
    expect(replyByText('2026-11-10', '2026-11-12', 'concluded')).toBe('2026-11-10')
    expect(replyByText(null, '2026-11-12')).toBe('-')
  })
})

describe('meetings', () => {
  it('checks meetings and decisions, sends enterprises for a symposium only', () => {
    const f = emptyMeetingForm('2026-11-20')
    expect(checkMeetingForm(f)).toEqual({ title: '请填写会议名称' })
    expect(checkMeetingForm({ ...f, title: '座谈', kind: 'symposium' })).toEqual({ enterprise_ids: '请选择参加座谈的企业' })
    expect(meetingFormToInput({ ...f, title: ' 专班会议 ', enterprise_ids: ['e1'] }, ['f1'])).toMatchObject({ kind: 'task_force', title: '专班会议', enterprise_ids: [], file_ids: ['f1'] })
    expect(meetingFormToInput({ ...f, kind: 'symposium', title: 'x', enterprise_ids: ['e1'] }, []).enterprise_ids).toEqual(['e1'])
    expect(checkDecisionForm({ content: '', lead_unit_ids: [], unit_ids: [], deadline: null })).toEqual({ content: '请填写决定事项', unit_ids: '请选择责任单位', deadline: '请选择完成时限' })
  })

  it('offers the own unit’s campaign first', () => {
    const cs = [
      { id: 'c1', owner_org_id: 'other', year: 2026 },
      { id: 'c2', owner_org_id: 'zf', year: 2026 },
    ]
    expect(preferredCampaign(cs, 'zf')).toBe('c2')
    expect(preferredCampaign(cs, 'nobody')).toBe('c1')
    expect(preferredCampaign([], 'zf')).toBeNull()
  })
})

describe('bulletins', () => {
  const secs: BulletinSection[] = [
    { heading: '一、总体情况', paragraphs: ['甲', '乙', '丙'] },
    { heading: '二、存在的问题', paragraphs: ['丁'] },
  ]

  it('defaults to last month', () => {
    expect(lastMonth('2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(lastMonth('2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(lastMonth('2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(checkPeriod('2026-02-10', '2026-02-01')).toEqual({ period_to: '截止日期不能早于起始日期' })
    expect(checkPeriod(null, null)).toEqual({ period_from: '请选择起始日期', period_to: '请选择截止日期' })
  })

  it('adds, removes and moves paragraphs without touching the input', () => {
    expect(addParagraph(secs, 0, 0)[0].paragraphs).toEqual(['甲', '', '乙', '丙'])
    expect(addParagraph(secs, 1)[1].paragraphs).toEqual(['丁', ''])
    expect(removeParagraph(secs, 0, 1)[0].paragraphs).toEqual(['甲', '丙'])
    expect(moveParagraph(secs, 0, 2, -1)[0].paragraphs).toEqual(['甲', '丙', '乙'])
    expect(moveParagraph(secs, 0, 0, -1)[0].paragraphs).toEqual(['甲', '乙', '丙'])
    expect(moveParagraph(secs, 0, 2, 1)[0].paragraphs).toEqual(['甲', '乙', '丙'])
    expect(secs[0].paragraphs).toEqual(['甲', '乙', '丙'])
  })

  it('saves trimmed sections without blanks', () => {
    const dirty = [{ heading: ' 一、总体情况 ', paragraphs: [' 甲 ', '  ', '乙'] }, { heading: '', paragraphs: [''] }]
    expect(cleanSections(dirty)).toEqual([{ heading: '一、总体情况', paragraphs: ['甲', '乙'] }])
    expect(sameSections(dirty, [{ heading: '一、总体情况', paragraphs: ['甲', '乙'] }])).toBe(true)
  })

  it('shows the facts the draft is based on', () => {
    const facts = {
      overdue_units: [{ org_id: 'o1', name: '琼山区商务局', overdue: 2, tasks: ['任务A', '任务B'] }],
      returned_units: [],
      low_rate_districts: [{ org_id: 'd1', name: '美兰区商务局', found: 10, closed: 4, rate: 40 }],
      major_overdue_enterprises: [{ org_id: 'e1', name: '某超市', district_name: '秀英区', count: 1 }],
    }
    const g = factGroups(facts)
    expect(g.map((x) => x.lines.length)).toEqual([1, 0, 1, 1])
    expect(g[0].lines[0]).toBe('琼山区商务局：逾期 2 项（任务A；任务B）')
    expect(g[2].lines[0]).toBe('美兰区商务局：发现 10 条，销号 4 条，整改率 40%')
    expect(g[3].lines[0]).toBe('某超市（秀英区）：1 条')
    expect(namedUnits(facts)).toEqual(['琼山区商务局', '美兰区商务局', '某超市'])
    expect(factGroups(null).every((x) => x.lines.length === 0)).toBe(true)
  })
})

describe('interviews', () => {
  it('requires a follow-up date for an interview and a channel for exposure', () => {
    const i = emptyInterviewForm('interview', '2026-11-20')
    expect(checkInterviewForm(i)).toEqual({ org_id: '请选择被约谈企业', reason: '请填写约谈事由', follow_up_on: '请选择回访日期' })
    const x = emptyInterviewForm('exposure', '2026-11-20')
    expect(checkInterviewForm({ ...x, org_id: 'e', reason: 'r' })).toEqual({ channel: '请填写曝光渠道' })
    expect(checkInterviewForm({ ...i, org_id: 'e', reason: 'r', follow_up_on: '2026-11-01' })).toEqual({ follow_up_on: '回访日期不能早于约谈日期' })
    expect(interviewFormToInput({ ...i, org_id: 'e', reason: ' r ', channel: '海口日报', follow_up_on: '2026-12-01' })).toMatchObject({ kind: 'interview', reason: 'r', channel: '', follow_up_on: '2026-12-01' })
  })

  it('tells the follow-up status', () => {
    expect(followUpStatus({ follow_up_on: '2026-11-20', follow_up_done_at: null }, '2026-11-20')).toBe('due')
    expect(followUpStatus({ follow_up_on: '2026-11-21', follow_up_done_at: null }, '2026-11-20')).toBe('pending')
    expect(followUpStatus({ follow_up_on: '2026-11-01', follow_up_done_at: '2026-11-02T01:00:00Z' }, '2026-11-20')).toBe('done')
    expect(followUpStatus({ follow_up_on: null, follow_up_done_at: null }, '2026-11-20')).toBe('none')
  })
})

describe('assessments', () => {
  // as the server sends them: a manual indicator has auto_score 0 and an empty value_label
  const row = (id: string, name: string, rank: number, items: Partial<AssessmentRow['items'][number]>[], weak: string[] = []): AssessmentRow => ({
    id,
    org_id: `o-${id}`,
    org_name: name,
    total: items.reduce((s, i) => s + (i.score ?? 0), 0),
    grade: '合格',
    rank,
    weak_points: weak,
    task_id: null,
    items: items.map((i) => ({ key: 'k', label: 'L', weight: 10, value: null, value_label: '', auto_score: 0, score: 0, reason: null, ...i })),
  })
  const indicators = [
    { key: 'task_completion', label: '重点任务完成率', weight: 40, source: 'task_completion' },
    { key: 'manual', label: '工作创新', weight: 60, source: 'manual' },
  ]
  const a = row('a', '秀英区商务局', 2, [
    { key: 'task_completion', label: '重点任务完成率', weight: 40, value: 0.5, value_label: '10/20', auto_score: 20, score: 20 },
    { key: 'manual', label: '工作创新', weight: 60, score: 55, reason: null },
  ])
  const b = row('b', '龙华区商务局', 1, [
    { key: 'task_completion', label: '重点任务完成率', weight: 40, value: 0.9, value_label: '18/20', auto_score: 36, score: 38, reason: '补报材料' },
    { key: 'manual', label: '工作创新', weight: 60, score: 58 },
  ])

  it('builds the matrix by rank with adjusted cells', () => {
    const m = buildMatrix({ indicators, rows: [a, b] })
    expect(m.columns.map((c) => c.key)).toEqual(['task_completion', 'manual'])
    expect(m.rows.map((r) => r.row.org_name)).toEqual(['龙华区商务局', '秀英区商务局'])
    expect(m.rows[0].cells[0]).toMatchObject({ valueLabel: '18/20', auto: 36, score: 38, adjusted: true, reason: '补报材料' })
    expect(m.rows[1].cells[0].adjusted).toBe(false)
    expect(m.rows[1].cells[1]).toMatchObject({ valueLabel: '-', auto: null, adjusted: false })
    expect(buildMatrix({ indicators: [], rows: [a] }).columns.map((c) => c.key)).toEqual(['task_completion', 'manual'])
    expect(isAdjusted({ auto_score: 20, score: 20.0000001 })).toBe(false)
    // the server's tolerance is 0.05; a manual indicator is never adjusted
    expect(isAdjusted({ auto_score: 20, score: 20.04 })).toBe(false)
    expect(isAdjusted({ auto_score: 20, score: 20.1 })).toBe(true)
    expect(isAdjusted({ auto_score: 0, score: 55 }, true)).toBe(false)
  })

  it('checks the score (the reason is the server’s to require) and reads the server’s cell errors', () => {
    const item = { weight: 40, auto_score: 20 }
    expect(checkScore(30, '', item)).toEqual({})
    expect(checkScore(20, '', item)).toEqual({})
    expect(checkScore(41, 'x', item)).toEqual({ score: '得分应在 0 至 40 之间' })
    expect(checkScore(null, '', item)).toEqual({ score: '请填写得分' })
    expect(checkScore(-1, '', { weight: 60, auto_score: 0 })).toEqual({ score: '得分应在 0 至 60 之间' })
    expect(cellErrors([{ field: 'items.task_completion.reason', message: '请填写调整理由' }, { field: 'items.manual.score', message: 'x' }], 'task_completion')).toEqual({
      reason: '请填写调整理由',
      other: ['x'],
    })
    expect(cellErrors([{ field: 'items[task_completion].score', message: '超出分值' }], 'task_completion').score).toBe('超出分值')
    expect(rowScoresWith(a, 'task_completion', 25, ' 数据补录 ')).toEqual([
      { key: 'task_completion', score: 25, reason: '数据补录' },
      { key: 'manual', score: 55, reason: null },
    ])
  })

  it('names the weak points in the 整改 text', () => {
    expect(weakItems(a).map((i) => i.key)).toEqual(['task_completion'])
    const text = weakPointText(a, '2026年上半年考核')
    expect(text).toContain('根据《2026年上半年考核》结果，秀英区商务局得分 75 分（合格）')
    expect(text).toContain('重点任务完成率（10/20）得 20/40 分')
    expect(weakPointText(b, 'T')).toContain('巩固提升')
    // the server's weak points, when it names them, are the text's
    const c = { ...a, weak_points: ['重点任务完成率得分 20.0/40（低于60%）'] }
    expect(weakPointText(c, 'T')).toContain('其中重点任务完成率得分 20.0/40（低于60%）。')
    expect(gradeOf(90)).toBe('优秀')
    expect(gradeOf(59.9)).toBe('不合格')
    expect(weightSum(indicators)).toBe(100)
  })
})

describe('督查考核 menu and routes', () => {
  const names = (perms: string[]) => flattenMenu(visibleMenu(perms)).map((m) => m.name)

  it('shows an agency only 函送执法 and staff every page', () => {
    expect(names(['referral.read', 'referral.handle'])).toEqual(['home', 'referrals'])
    expect(names(['referral.read', 'referral.write', 'accountability.read', 'accountability.write', 'interview.write'])).toEqual([
      'home',
      'referrals',
      'meetings',
      'bulletins',
      'interviews',
      'assessments',
    ])
    expect(visibleMenu(['accountability.read']).find((m) => m.name === 'accountability-group')?.title).toBe('督查考核')
    expect(flattenMenu(visibleMenu(['accountability.read']).filter((m) => m.name === 'accountability-group')).map((m) => m.title)).toEqual([
      '专班会议',
      '通报',
      '约谈曝光',
      '考核评估',
    ])
  })

  it('has a route for every entry, with the permission', () => {
    const all = routes.flatMap((r) => r.children ?? []).flatMap((r) => [r, ...(r.children ?? []).map((c) => ({ ...c, meta: { ...r.meta, ...c.meta } }))])
    const byName = new Map(all.filter((r) => r.name).map((r) => [String(r.name), r]))
    for (const [name, perm] of [
      ['referrals', 'referral.read'],
      ['referral-new', 'referral.write'],
      ['referral', 'referral.read'],
      ['meetings', 'accountability.read'],
      ['meeting', 'accountability.read'],
      ['bulletin', 'accountability.read'],
      ['interviews', 'accountability.read'],
      ['assessments', 'accountability.read'],
      ['assessment', 'accountability.read'],
    ]) {
      expect(byName.get(name)?.meta?.permission, name).toBe(perm)
    }
  })
})
