// Pure logic of 成熟度评估 and 典型做法: state and level labels, completeness per dimension, the
// dimension levels and the radar (self against reviewed), the PUT body, the submit errors by
// question, the reviewer's levels, the summary chart; the practice form, paragraphs and cover.
import { describe, expect, it } from 'vitest'
import type { Answer, MaturityDimension, PracticeDetail } from '@/api/credit'
import {
  answersBody,
  answersFingerprint,
  completeness,
  dimensionLevels,
  firstDimensionWith,
  formatLevel,
  initialReviewLevels,
  levelLabels,
  questionErrorsFrom,
  radarOption,
  reviewLevelsBody,
  stateTag,
  summaryOption,
  totalCompleteness,
  unanswered,
} from '@/views/maturity/questionnaire'
import {
  checkPracticeForm,
  emptyPracticeForm,
  isEditable,
  paragraphs,
  photoUrl,
  practiceDate,
  practiceFormFrom,
  practiceInput,
  stateTag as practiceStateTag,
} from '@/views/practices/practice'

const levels = [1, 2, 3, 4, 5].map((level) => ({ level, descriptor: `描述${level}` }))
const DIMS: MaturityDimension[] = [
  { key: 'leadership', label: '领导作用', questions: [{ key: 'l1', text: '主要负责人', levels }, { key: 'l2', text: '安全投入', levels }] },
  { key: 'risk', label: '风险管控', questions: [{ key: 'r1', text: '风险辨识', levels }] },
]

describe('maturity labels', () => {
  it('tags the states and names the levels', () => {
    expect(['draft', 'submitted', 'returned', 'reviewed', 'x'].map(stateTag)).toEqual(['info', 'warning', 'danger', 'success', 'info'])
    expect(formatLevel(3.44)).toBe('3.4')
    expect(formatLevel(3, true)).toBe('3（规范级）')
    expect(formatLevel(null)).toBe('-')
    expect(levelLabels({ levels: [{ level: 5, label: '卓越' }] })[5]).toBe('卓越')
    expect(levelLabels(null)[1]).toBe('起步级')
  })
})

describe('completeness', () => {
  const answers: Record<string, Answer> = { l1: { level: 3 }, l2: { level: null, note: '只有说明' }, r1: { level: 4 } }

  it('counts the answered questions per dimension and in all', () => {
    expect(completeness(DIMS, answers)).toEqual([
      { key: 'leadership', label: '领导作用', answered: 1, total: 2, done: false },
      { key: 'risk', label: '风险管控', answered: 1, total: 1, done: true },
    ])
    expect(totalCompleteness(DIMS, answers)).toEqual({ answered: 2, total: 3 })
    expect(unanswered(DIMS, answers)).toEqual(['l2'])
    expect(unanswered(DIMS, {})).toEqual(['l1', 'l2', 'r1'])
  })

  it('finds the dimension of a question', () => {
    expect(firstDimensionWith(DIMS, ['r1'])).toBe('risk')
    expect(firstDimensionWith(DIMS, ['zz'])).toBeNull()
  })
})

describe('dimension levels and radar', () => {
  const answers: Record<string, Answer> = { l1: { level: 3 }, l2: { level: 4 }, r1: { level: 2 } }

  it('averages the answered questions (one decimal); null when none', () => {
    expect(dimensionLevels(DIMS, answers)).toEqual([
      { key: 'leadership', label: '领导作用', self: 3.5, reviewed: null },
      { key: 'risk', label: '风险管控', self: 2, reviewed: null },
    ])
    expect(dimensionLevels(DIMS, {})[0].self).toBeNull()
  })

  it('reviews keep the enterprise level where the reviewer left it', () => {
    const d = dimensionLevels(DIMS, answers, { l1: 2, l2: null })
    expect(d[0].reviewed).toBe(3)
    expect(d[1].reviewed).toBe(2)
  })

  it('draws self, and reviewed only when there is a review', () => {
    const self = radarOption(dimensionLevels(DIMS, answers))
    expect(self.radar.indicator).toEqual([
      { name: '领导作用', max: 5, min: 0 },
      { name: '风险管控', max: 5, min: 0 },
    ])
    expect(self.series[0].data.map((s) => s.name)).toEqual(['企业自评'])
    expect(self.series[0].data[0].value).toEqual([3.5, 2])
    const both = radarOption(dimensionLevels(DIMS, answers, { l1: 5 }))
    expect(both.series[0].data.map((s) => s.name)).toEqual(['企业自评', '审核结果'])
    expect(both.series[0].data[1].value).toEqual([4.5, 2])
  })
})

describe('answers body and errors', () => {
  it('sends the answered questions with trimmed notes', () => {
    const a: Record<string, Answer> = { l1: { level: 3, note: '  有制度 ' }, l2: { level: null, note: 'x' }, r1: { level: 4, note: '' } }
    expect(answersBody(a)).toEqual({ l1: { level: 3, note: '有制度' }, r1: { level: 4, note: null } })
    expect(answersFingerprint(a)).toBe(answersFingerprint({ r1: { level: 4 }, l1: { level: 3, note: '有制度' } }))
    expect(answersFingerprint(a)).not.toBe(answersFingerprint({ l1: { level: 2 } }))
  })

  it('maps answers.<key> (and answers[key]) to the question', () => {
    const r = questionErrorsFrom([
      { field: 'answers.l2', message: '请选择等级' },
      { field: 'answers[r1].level', message: '等级无效' },
      { field: 'year', message: '年度不正确' },
    ])
    expect(r.byQuestion).toEqual({ l2: '请选择等级', r1: '等级无效' })
    expect(r.rest).toEqual(['年度不正确'])
  })

  it('starts the review from the given review, else the enterprise levels', () => {
    const init = initialReviewLevels(DIMS, { l1: { level: 3 }, r1: { level: 4 } }, { r1: { level: 2 } })
    expect(init).toEqual({ l1: 3, l2: null, r1: 2 })
    expect(reviewLevelsBody(init)).toEqual({ l1: 3, r1: 2 })
  })
})

describe('maturity summary chart', () => {
  it('stacks the five level counts and lines the average', () => {
    const o = summaryOption([
      { key: 'd1', label: '秀英区', total: 4, reviewed: 3, avg_level: 3.333, levels: [0, 1, 1, 1, 0] },
      { key: 'd2', label: '龙华区', total: 1, reviewed: 0, avg_level: null, levels: [0, 0, 0, 0, 0] },
    ])
    expect(o.xAxis.data).toEqual(['秀英区', '龙华区'])
    expect(o.series).toHaveLength(6)
    expect(o.series[1].data).toEqual([1, 0])
    expect(o.series[5].name).toBe('平均等级')
    expect(o.series[5].data).toEqual([3.3, null])
  })
})

describe('practices', () => {
  const DETAIL: PracticeDetail = {
    id: 'p1',
    title: '“三查三改”',
    category: '隐患排查治理',
    summary: '摘要',
    org_name: '海口秀英椰城购物广场有限公司',
    state: 'returned',
    state_label: '已退回',
    submitted_at: '2026-11-27T02:00:00Z',
    published_at: null,
    cover: null,
    body: '第一段\n\n  第二段  \r\n第三段',
    photos: [{ id: 'f1', name: 'a.jpg', kind: 'photo', content_type: 'image/jpeg', size: 1, uploaded_at: '2026-11-27T02:00:00Z', has_thumb: true }],
    review_note: '请补充成效',
  }

  it('tags the states and allows edits of drafts and returned ones', () => {
    expect(['draft', 'submitted', 'published', 'returned'].map(practiceStateTag)).toEqual(['info', 'warning', 'success', 'danger'])
    expect(isEditable('draft')).toBe(true)
    expect(isEditable('returned')).toBe(true)
    expect(isEditable('submitted')).toBe(false)
    expect(isEditable('published')).toBe(false)
  })

  it('builds the body with photo ids and trimmed text', () => {
    const f = practiceFormFrom(DETAIL)
    f.title = '  标题 '
    expect(practiceInput(f)).toEqual({ title: '标题', category: '隐患排查治理', summary: '摘要', body: DETAIL.body.trim(), photo_ids: ['f1'] })
  })

  it('asks for title, category, summary and body', () => {
    expect(checkPracticeForm(emptyPracticeForm())).toEqual({ title: '请填写标题', category: '请选择或填写类别', summary: '请填写内容摘要', body: '请填写正文' })
    expect(checkPracticeForm(practiceFormFrom(DETAIL))).toEqual({})
  })

  it('reads the body as paragraphs', () => {
    expect(paragraphs(DETAIL.body)).toEqual(['第一段', '第二段', '第三段'])
    expect(paragraphs(null)).toEqual([])
  })

  it('uses the thumbnail for cards and the date of publication or submission', () => {
    expect(photoUrl(DETAIL.photos[0])).toBe('/api/files/f1?thumb=true')
    expect(photoUrl(DETAIL.photos[0], false)).toBe('/api/files/f1?inline=true')
    expect(photoUrl(null)).toBe('')
    expect(practiceDate(DETAIL, (t) => t.replace('T', ' '))).toBe('2026-11-27')
    expect(practiceDate({ published_at: null, submitted_at: null }, (t) => t)).toBe('')
  })
})
