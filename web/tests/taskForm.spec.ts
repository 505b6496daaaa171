import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import type { Assignment, TaskDetail } from '@/api/types'
import { formatSize, isImage, uploadErrorMessage } from '@/utils/files'
import { mappedEntry } from '@/views/campaigns/importDraft'
import {
  checkTaskForm,
  distinctSections,
  emptyTaskForm,
  groupEntry,
  hasErrors,
  placeTaskErrors,
  remapEntry,
  taskFormFromTask,
  taskInputBody,
} from '@/views/campaigns/taskForm'

const DEADLINE = { text: '每月', kind: 'recurring', start: '2021-03-01', end: '2021-12-31', period: 'monthly' }

function assignment(over: Partial<Assignment>): Assignment {
  return {
    id: 'a1',
    task_id: 't1',
    task_number: '3',
    task_text: '每月报送隐患排查情况。',
    section: '强化重点领域安全监管',
    campaign_id: 'c1',
    campaign_title: '2021年推进工作方案',
    org_id: 'd-xy',
    org_name: '秀英区商务局',
    state: 'not_started',
    state_label: '未开始',
    percent: 0,
    latest_report: null,
    deadline: DEADLINE,
    overdue: false,
    updated_at: '2021-03-01T02:00:00Z',
    can_report: false,
    can_review: false,
    ...over,
  }
}

const TASK: TaskDetail = {
  id: 't1',
  campaign_id: 'c1',
  campaign_title: '2021年推进工作方案',
  seq: 3,
  section: '强化重点领域安全监管',
  section_number: '四',
  number: '3',
  text: '每月报送隐患排查情况。',
  deadline: DEADLINE,
  lead_units: [{ id: 's-policy', name: '政策法规科', kind: 'section' }],
  lead_phrases: ['局政策法规科'],
  responsible_phrases: ['各区商务局'],
  status: 'not_started',
  status_label: '未开始',
  overdue: false,
  assignment_count: 4,
  completed_count: 0,
  // a recurring task: one assignment per unit and period
  assignments: [
    assignment({ id: 'a1', period_label: '2021年3月' }),
    assignment({ id: 'a2', org_id: 'd-lh', org_name: '龙华区商务局', period_label: '2021年3月' }),
    assignment({ id: 'a3', period_label: '2021年4月' }),
    assignment({ id: 'a4', org_id: 'd-lh', org_name: '龙华区商务局', period_label: '2021年4月' }),
  ],
  timeline: [],
}

describe('task form', () => {
  it('prefills an existing task: one responsible entry per distinct unit, lead entries from lead_units', () => {
    const f = taskFormFromTask(TASK)
    expect(f.section).toBe('强化重点领域安全监管')
    expect(f.section_number).toBe('四')
    expect(f.number).toBe('3')
    expect(f.text).toBe('每月报送隐患排查情况。')
    expect(f.deadline).toEqual({ text: '每月', kind: 'recurring', start: '2021-03-01', end: '2021-12-31', period: 'monthly' })
    expect(f.responsible.map((e) => [e.phrase, e.units.map((u) => u.id)])).toEqual([
      ['秀英区商务局', ['d-xy']],
      ['龙华区商务局', ['d-lh']],
    ])
    expect(f.lead.map((e) => [e.phrase, e.units.map((u) => u.id)])).toEqual([['政策法规科', ['s-policy']]])

    // and sends them back as unit entries
    const body = taskInputBody(f)
    expect(body.responsible).toEqual([
      { phrase: '秀英区商务局', unit_ids: ['d-xy'] },
      { phrase: '龙华区商务局', unit_ids: ['d-lh'] },
    ])
    expect(body.lead).toEqual([{ phrase: '政策法规科', unit_ids: ['s-policy'] }])
    expect(body.deadline).toEqual({ text: '每月', kind: 'recurring', start: '2021-03-01', end: '2021-12-31', period: 'monthly' })
  })

  it('drops an unknown kind or period and missing fields instead of sending them', () => {
    const f = taskFormFromTask({
      ...TASK,
      section_number: undefined,
      deadline: { text: '', kind: 'someday', start: null, end: null, period: 'fortnightly' },
      assignments: [],
      lead_units: [],
    })
    expect(f.section_number).toBe('')
    expect(f.deadline.kind).toBe('')
    expect(f.deadline.period).toBe('')
    expect(f.responsible).toEqual([])
    expect(taskInputBody(f).deadline).toEqual({ text: '', kind: null, start: null, end: null, period: null })
  })

  it('sends only the dates and the period the kind of deadline has, trimmed text, and groups by id', () => {
    const f = emptyTaskForm()
    f.text = '  开展燃气安全检查  '
    f.number = ' 5 '
    f.deadline = { text: ' 9月底前 ', kind: 'by', start: '2021-01-01', end: '2021-09-30', period: 'monthly' }
    f.responsible = [groupEntry({ id: 'g-d', name: '各区商务局', rule: 'districts', members: [{ id: 'd-xy', name: '秀英区商务局', kind: 'district' }] })]
    const body = taskInputBody(f)
    expect(body.text).toBe('开展燃气安全检查')
    expect(body.number).toBe('5')
    expect(body.deadline).toEqual({ text: '9月底前', kind: 'by', start: null, end: '2021-09-30', period: null })
    expect(body.responsible).toEqual([{ phrase: '各区商务局', group_id: 'g-d' }])

    f.deadline.kind = 'unknown'
    expect(taskInputBody(f).deadline).toMatchObject({ start: null, end: null, period: null })
    f.deadline.kind = 'window'
    expect(taskInputBody(f).deadline).toMatchObject({ start: '2021-01-01', end: '2021-09-30', period: null })
  })

  it('checks the form as the server does', () => {
    const f = emptyTaskForm()
    let e = checkTaskForm(f)
    expect(e.text).toBe('请填写工作任务')
    expect(e.responsible).toBe('请至少添加一个责任单位')
    expect(e.deadlineDates).toBe('请选择截止日期')

    f.text = '开展燃气安全检查'
    f.responsible = [mappedEntry('秀英区商务局', [{ id: 'd-xy', name: '秀英区商务局', kind: 'district' }])]
    f.deadline = { text: '', kind: 'window', start: '2021-10-01', end: '2021-09-30', period: '' }
    e = checkTaskForm(f)
    expect(e.deadlineDates).toBe('结束日期早于开始日期')
    expect(hasErrors(e)).toBe(true)

    f.deadline = { text: '每季度', kind: 'recurring', start: null, end: null, period: '' }
    expect(checkTaskForm(f).period).toBe('周期性任务请选择报送周期')
    f.deadline.period = 'quarterly'
    expect(hasErrors(checkTaskForm(f))).toBe(false)
  })

  it('places the server’s field errors on the form items and outlines the named entry', () => {
    const xy = mappedEntry('秀英区商务局', [{ id: 'd-xy', name: '秀英区商务局', kind: 'district' }])
    const lh = mappedEntry('龙华区商务局', [{ id: 'd-lh', name: '龙华区商务局', kind: 'district' }])
    const placed = placeTaskErrors(
      [
        { field: 'text', code: 'required', message: '任务的内容不能为空' },
        { field: 'deadline.end', code: 'invalid', message: '任务的完成时限结束日期早于开始日期' },
        { field: 'deadline.period', code: 'required', message: '任务是周期性任务，请选择报送周期' },
        { field: 'responsible[1]', code: 'not_found', message: '“龙华区商务局”对应的单位不存在' },
        { field: 'lead.0.unit_ids', code: 'not_found', message: '单位不存在' },
        { field: 'campaign_id', code: 'invalid', message: '方案不存在' },
      ],
      { lead: [xy], responsible: [xy, lh] },
    )
    expect(placed.items.text).toBe('任务的内容不能为空')
    expect(placed.items.deadlineDates).toBe('任务的完成时限结束日期早于开始日期')
    expect(placed.items.period).toBe('任务是周期性任务，请选择报送周期')
    expect(placed.items.responsible).toBe('第 2 项（龙华区商务局）：“龙华区商务局”对应的单位不存在')
    expect(placed.items.lead).toBe('第 1 项（秀英区商务局）：单位不存在')
    expect([...placed.entryUids].sort()).toEqual([xy.uid, lh.uid].sort())
    expect(placed.other).toEqual(['方案不存在'])

    const plain = placeTaskErrors([{ field: 'responsible', code: 'required', message: '任务没有责任单位' }], { lead: [], responsible: [] })
    expect(plain.items.responsible).toBe('任务没有责任单位')
    expect(plain.entryUids.size).toBe(0)
  })

  it('re-mapping an entry: a phrase naming the old units follows the new ones, a typed phrase stays', () => {
    const xy = { id: 'd-xy', name: '秀英区商务局', kind: 'district' as const }
    const lh = { id: 'd-lh', name: '龙华区商务局', kind: 'district' as const }
    expect(remapEntry(mappedEntry('秀英区商务局', [xy]), [lh]).phrase).toBe('龙华区商务局')
    expect(remapEntry(mappedEntry('辖区商务部门', [xy]), [xy, lh]).phrase).toBe('辖区商务部门')
    const group = groupEntry({ id: 'g', name: '各区商务局', rule: 'districts', members: [xy, lh] })
    const next = remapEntry(group, [xy])
    expect(next.phrase).toBe('秀英区商务局')
    expect(next.group).toBeNull()
    expect(next.units).toEqual([xy])
  })

  it('offers each part of the campaign once, in task order', () => {
    expect(
      distinctSections([
        { section: '一、宣传', section_number: '一' },
        { section: '二、监管', section_number: '二' },
        { section: '一、宣传', section_number: '一' },
        { section: '  ' },
      ]),
    ).toEqual([
      { section: '一、宣传', section_number: '一' },
      { section: '二、监管', section_number: '二' },
    ])
  })
})

describe('file helpers', () => {
  it('formats sizes for people', () => {
    expect(formatSize(0)).toBe('0 B')
    expect(formatSize(512)).toBe('512 B')
    expect(formatSize(1024)).toBe('1 KB')
    expect(formatSize(1536)).toBe('1.5 KB')
    expect(formatSize(12 * 1024 + 300)).toBe('12 KB')
    expect(formatSize(1024 * 1024 - 1)).toBe('1 MB')
    expect(formatSize(3.46 * 1024 * 1024)).toBe('3.5 MB')
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MB')
    expect(formatSize(1.2 * 1024 * 1024 * 1024)).toBe('1.2 GB')
    expect(formatSize(-1)).toBe('-')
    expect(formatSize(Number.NaN)).toBe('-')
  })

  it('tells images from other files by the kind the server judged', () => {
    expect(isImage({ kind: 'png', content_type: 'image/png' })).toBe(true)
    expect(isImage({ kind: 'jpeg', content_type: '' })).toBe(true)
    expect(isImage({ kind: 'pdf', content_type: 'application/pdf' })).toBe(false)
    // an SVG is never shown inline
    expect(isImage({ kind: 'text', content_type: 'image/svg+xml' })).toBe(false)
  })

  it('words an upload failure with the server’s Chinese detail', () => {
    expect(uploadErrorMessage(new ApiError(415, 'unsupported_media_type', '不支持的文件类型：只接受图片'))).toBe('不支持的文件类型：只接受图片')
    expect(uploadErrorMessage(new ApiError(413, 'payload_too_large', '提交的内容过大'))).toBe('文件超过大小限制（最大 20 MB）')
    expect(uploadErrorMessage(new ApiError(413, 'payload_too_large', '文件超过大小限制（最大 50 MB）'))).toBe('文件超过大小限制（最大 50 MB）')
    expect(
      uploadErrorMessage(new ApiError(400, 'validation_failed', '提交的数据有误', [{ field: 'file', code: 'empty', message: '文件为空' }])),
    ).toBe('文件为空')
    expect(uploadErrorMessage(new Error('x'))).toBe('上传失败，请重试')
  })
})
