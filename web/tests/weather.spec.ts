// Pure logic of 极端天气预警: labels and colours, the status of a warning, the acknowledgement
// progress, the 发布预警 form (China time ↔ RFC 3339, checks, body, server errors, the default
// actions), the report body and the CAP import rules.
import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import type { CapPreview, Warning } from '@/api/weather'
import { COLOUR_HEX } from '@/views/risk/labels'
import { capBlocker, capErrorMessage, capFileProblem, isCancel, msgTypeLabel, MAX_CAP_BYTES } from '@/views/weather/cap'
import {
  ackProgress,
  ackStateLabel,
  ackStateTag,
  activeFirst,
  colourLabel,
  defaultTitle,
  kindLabel,
  validityText,
  warningColourStyle,
  warningStatus,
  warningTitle,
} from '@/views/weather/labels'
import {
  actionRow,
  actionsEdited,
  addHoursWall,
  chinaToRfc3339,
  checkWarningForm,
  emptyWarningForm,
  hasWarningErrors,
  reportBody,
  rowsFrom,
  sentActions,
  toChinaWall,
  warningErrorsFrom,
  warningFormToInput,
  type WarningForm,
} from '@/views/weather/warningForm'

describe('labels', () => {
  it('names kinds, colours and states', () => {
    expect(kindLabel('typhoon')).toBe('台风')
    expect(kindLabel('thunderstorm_gale')).toBe('雷雨大风')
    expect(colourLabel('orange')).toBe('橙色')
    expect(defaultTitle('typhoon', 'orange')).toBe('台风橙色预警')
    expect(defaultTitle(null, 'orange')).toBe('')
    expect(warningTitle({ title: '', kind: 'heat', colour: 'red' })).toBe('高温红色预警')
    expect(warningTitle({ title: '海口市气象台发布台风橙色预警信号', kind: 'typhoon', colour: 'orange' })).toBe('海口市气象台发布台风橙色预警信号')
    expect(ackStateLabel('reported')).toBe('已报告')
    expect(ackStateTag('pending')).toBe('danger')
    expect(ackStateTag('reported')).toBe('success')
  })

  it('paints the warning colours like the risk map, dark text on yellow', () => {
    expect(warningColourStyle('orange').background).toBe(COLOUR_HEX.orange)
    expect(warningColourStyle('yellow').color).toBe('#303133')
    expect(warningColourStyle('red').color).toBe('#ffffff')
  })

  it('tells 生效中 / 未生效 / 已结束 / 已取消', () => {
    const now = Date.parse('2026-11-28T04:00:00Z')
    expect(warningStatus({ active: true, cancelled: false, valid_from: '2026-11-28T00:00:00Z' }, now)).toBe('active')
    expect(warningStatus({ active: false, cancelled: true, valid_from: '2026-11-28T00:00:00Z' }, now)).toBe('cancelled')
    expect(warningStatus({ active: false, cancelled: false, valid_from: '2026-11-29T00:00:00Z' }, now)).toBe('upcoming')
    expect(warningStatus({ active: false, cancelled: false, valid_from: '2026-11-20T00:00:00Z' }, now)).toBe('ended')
  })

  it('lists warnings in force first, keeping the server order within each group', () => {
    const list: (Pick<Warning, 'active'> & { id: string })[] = [
      { id: 'a', active: false },
      { id: 'b', active: true },
      { id: 'c', active: false },
      { id: 'd', active: true },
    ]
    expect(activeFirst(list).map((w) => w.id)).toEqual(['b', 'd', 'a', 'c'])
  })

  it('shows the validity in China time', () => {
    expect(validityText('2021-10-12T01:30:00Z', '2021-10-14T01:30:00Z')).toBe('2021-10-12 09:30 至 10-14 09:30')
    expect(validityText('2021-12-31T01:30:00Z', '2022-01-01T01:30:00Z')).toBe('2021-12-31 09:30 至 2022-01-01 09:30')
    expect(validityText(null, null)).toBe('-')
  })
})

describe('acknowledgement progress', () => {
  it('reads 已确认 as total − pending, whether the server counts states apart or cumulatively', () => {
    // apart: 10 pending, 6 acknowledged, 4 reported
    expect(ackProgress({ total: 20, pending: 10, acknowledged: 6, reported: 4 })).toEqual({
      total: 20,
      pending: 10,
      confirmed: 10,
      acknowledgedOnly: 6,
      reported: 4,
      confirmedPct: 50,
      reportedPct: 20,
    })
    // cumulative: acknowledged includes the reported
    expect(ackProgress({ total: 20, pending: 10, acknowledged: 10, reported: 4 }).confirmed).toBe(10)
    expect(ackProgress(null)).toMatchObject({ total: 0, confirmed: 0, confirmedPct: 0 })
    expect(ackProgress({ total: 3, pending: 9, reported: 0 }).pending).toBe(3)
  })
})

describe('发布预警 form', () => {
  it('converts China wall time to RFC 3339 with +08:00 and back', () => {
    expect(chinaToRfc3339('2026-11-28 09:30:00')).toBe('2026-11-28T09:30:00+08:00')
    expect(chinaToRfc3339('2026-11-28 09:30')).toBe('2026-11-28T09:30:00+08:00')
    expect(chinaToRfc3339('bad')).toBe('')
    expect(toChinaWall('2026-11-28T01:30:00Z')).toBe('2026-11-28 09:30:00')
    expect(addHoursWall('2026-11-28 20:00:00', 24)).toBe('2026-11-29 20:00:00')
  })

  it('starts now (to the minute) for 24 hours, with the given districts', () => {
    const f = emptyWarningForm(new Date('2026-11-28T01:30:45Z'), ['d1'])
    expect(f.valid_from).toBe('2026-11-28 09:30:00')
    expect(f.valid_to).toBe('2026-11-29 09:30:00')
    expect(f.district_ids).toEqual(['d1'])
    expect(f.actions).toEqual([])
  })

  const complete = (): WarningForm => ({
    ...emptyWarningForm(new Date('2026-11-28T01:30:00Z'), ['d1', 'd2']),
    kind: 'typhoon',
    colour: 'orange',
    description: ' 台风“圆规”… ',
    actions: [actionRow(' 加固户外广告牌 '), actionRow(''), actionRow('停止户外作业')],
  })

  it('checks what the server would refuse', () => {
    expect(hasWarningErrors(checkWarningForm(complete()))).toBe(false)
    const e = checkWarningForm({ ...emptyWarningForm(new Date('2026-11-28T01:30:00Z')), valid_to: '2026-11-28 09:00:00' })
    expect(Object.keys(e.fields).sort()).toEqual(['actions', 'colour', 'district_ids', 'kind', 'valid_to'])
    expect(e.fields.valid_to).toBe('结束时间应晚于生效时间')
  })

  it('sends RFC 3339 times, the non-blank actions, and leaves blank optional texts out', () => {
    const body = warningFormToInput(complete())
    expect(body).toEqual({
      kind: 'typhoon',
      colour: 'orange',
      district_ids: ['d1', 'd2'],
      category_ids: [],
      valid_from: '2026-11-28T09:30:00+08:00',
      valid_to: '2026-11-29T09:30:00+08:00',
      description: '台风“圆规”…',
      actions: ['加固户外广告牌', '停止户外作业'],
    })
    expect('title' in body).toBe(false)
  })

  it('places server errors on the fields and the action rows sent', () => {
    const f = complete()
    const sent = sentActions(f)
    const out = warningErrorsFrom(
      [
        { field: 'district_ids.0', message: '无权向龙华区发布预警' },
        { field: 'actions[1]', message: '措施过长' },
        { field: 'valid_to', message: '结束时间应晚于生效时间' },
        { field: 'x', message: '其它' },
      ],
      sent,
    )
    expect(out.fields).toEqual({ district_ids: '无权向龙华区发布预警', valid_to: '结束时间应晚于生效时间' })
    expect(out.actions).toEqual({ [f.actions[2].key]: '措施过长' })
    expect(out.other).toEqual(['其它'])
  })

  it('knows when the actions were changed by hand', () => {
    const defaults = ['加固户外广告牌', '停止户外作业']
    expect(actionsEdited(rowsFrom(defaults), defaults)).toBe(false)
    expect(actionsEdited([...rowsFrom(defaults), actionRow('  ')], defaults)).toBe(false)
    expect(actionsEdited(rowsFrom(['加固户外广告牌']), defaults)).toBe(true)
    expect(actionsEdited(rowsFrom(['加固户外广告牌', '停止户外作业！']), defaults)).toBe(true)
  })
})

describe('report body', () => {
  it('sends the ticked actions as sorted unique indices in range', () => {
    expect(reportBody([2, 0, 2, 7, -1], 3, ' 已加固 ', ['f1'])).toEqual({ done: [0, 2], note: '已加固', photos: ['f1'] })
    expect(reportBody([], 0, '', [])).toEqual({ done: [], note: '', photos: [] })
  })
})

describe('CAP import', () => {
  const preview = (over: Partial<CapPreview> = {}): CapPreview => ({
    kind: 'typhoon',
    colour: 'orange',
    title: '海口市气象台发布台风橙色预警信号',
    description: null,
    valid_from: null,
    valid_to: null,
    identifier: 'x',
    sender: 's',
    msg_type: 'Alert',
    districts: [{ id: 'd1', name: '秀英区商务局' }],
    unmatched_areas: [],
    actions: [],
    ...over,
  })

  it('accepts only a non-empty .xml up to 1 MB', () => {
    expect(capFileProblem({ name: 'typhoon-haikou.xml', size: 2048 })).toBe('')
    expect(capFileProblem({ name: 'A.XML', size: 10 })).toBe('')
    expect(capFileProblem({ name: 'warning.txt', size: 10 })).toContain('.xml')
    expect(capFileProblem({ name: 'a.xml', size: 0 })).toContain('空文件')
    expect(capFileProblem({ name: 'a.xml', size: MAX_CAP_BYTES + 1 })).toContain('1 MB')
  })

  it('blocks 确认发布 when no district matched (not for a Cancel)', () => {
    expect(capBlocker(null)).toBe('请先选择 CAP 文件')
    expect(capBlocker(preview())).toBe('')
    expect(capBlocker(preview({ districts: [] }))).toContain('不匹配')
    expect(capBlocker(preview({ districts: [], msg_type: 'Cancel' }))).toBe('')
    expect(isCancel(preview({ msg_type: 'Cancel' }))).toBe(true)
    expect(msgTypeLabel('Update')).toContain('更新')
  })

  it("shows the server's message (422), and says a 409 is the same warning again", () => {
    expect(capErrorMessage(new ApiError(422, 'invalid_cap', '<expires> 时间格式不正确：2021-10-14T09:30:00Z（CAP 1.2 不允许使用 Z）'))).toBe(
      '<expires> 时间格式不正确：2021-10-14T09:30:00Z（CAP 1.2 不允许使用 Z）',
    )
    expect(capErrorMessage(new ApiError(409, 'conflict', '预警标识 46010041600000_20211012093000 已导入'))).toBe('该预警已导入过：预警标识 46010041600000_20211012093000 已导入')
    expect(capErrorMessage(new ApiError(422, 'validation_failed', '文件有误', [{ field: 'file', code: 'invalid', message: '缺少 <identifier>' }]))).toBe('文件有误；缺少 <identifier>')
  })
})
