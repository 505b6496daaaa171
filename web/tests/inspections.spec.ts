// Pure logic of 督导检查: the queue that keeps unsent answers on the phone (offline, 5xx, reload,
// merge by key), the checklist's progress and the one-answer payload, the 422 of 完成检查, plan
// progress bars, the template editor and the plan form, the menu.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import type { AnswerInput, ChecklistItem, FileBrief, SaveAnswersResult, Template } from '@/api/inspections'
import { flattenMenu, visibleMenu } from '@/menu'
import { AnswerQueue, isRetryable, readStored, storageKey, type SaveStatus, type StorageLike } from '@/views/inspections/answerQueue'
import {
  answerPayload,
  checklistProgress,
  isFail,
  saveMode,
  withNumber,
  confirmBody,
  draftFromAnswer,
  emptyDraft,
  isAnswered,
  itemAnchor,
  itemProblem,
  outOfRange,
  parseNumber,
  sectionProgress,
  unansweredFromProblem,
  withCompliance,
  type AnswerDraft,
} from '@/views/inspections/checklist'
import { cnNumber, rangeText } from '@/views/inspections/labels'
import { donePercent, normalizeProgress, progressParts, wholePercents } from '@/views/inspections/planProgress'
import { addTarget, assignInspector, checkCampaignForm, checkPlanForm, emptyPlanForm, planErrorsFrom, planFormToInput, removeTarget } from '@/views/inspections/planForm'
import {
  addItem,
  answerOfKind,
  cloneTemplate,
  emptyTemplate,
  itemCount,
  move,
  newItemKey,
  newSection,
  normalizeTemplate,
  templateErrorsFrom,
  validateTemplate,
} from '@/views/inspections/templateEditor'

const photo = (id: string): FileBrief => ({ id, name: `${id}.jpg`, kind: 'jpeg', content_type: 'image/jpeg', size: 100, uploaded_at: '2026-11-28T01:00:00Z', has_thumb: true })

const item = (key: string, over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  key,
  text: `检查项 ${key}`,
  basis: '《消防法》',
  answer: { kind: 'compliance' },
  hazard: { category: '消防安全', level: 'general' },
  photo_required_on_fail: false,
  ...over,
})

const TEMPLATE: Template = {
  name: '超市安全检查表',
  scope_label: '超市',
  sections: [
    {
      title: '消防安全',
      items: [item('exits', { photo_required_on_fail: true }), item('extinguishers'), item('alarm_count', { answer: { kind: 'number', unit: '个', min: 2, max: 10 }, hazard: null })],
    },
    { title: '用电安全', items: [item('wiring'), item('remark', { answer: { kind: 'text' }, hazard: null }), item('panel_photo', { answer: { kind: 'photo' }, hazard: null })] },
  ],
}

const draft = (key: string, value: AnswerDraft['value'], note = '', photos: FileBrief[] = []): AnswerDraft => ({ key, value, note, photos })

/** A Storage in memory (what localStorage is to the queue). */
class MemoryStorage implements StorageLike {
  data = new Map<string, string>()
  getItem(k: string) {
    return this.data.get(k) ?? null
  }
  setItem(k: string, v: string) {
    this.data.set(k, v)
  }
  removeItem(k: string) {
    this.data.delete(k)
  }
}

const offline = () => new ApiError(0, 'network_error', '无法连接服务器，请检查网络')
const ok = (): SaveAnswersResult => ({ version: 2, summary: { checked: 1, passed: 1, failed: 0, not_applicable: 0, unanswered: 5 } })

function harness(storage: StorageLike = new MemoryStorage(), id = 'i1') {
  const sent: AnswerInput[] = []
  const statuses: [string, SaveStatus, string | undefined][] = []
  let online = true
  let fail: ((a: AnswerInput) => unknown) | null = null
  const events = new EventTarget()
  const queue = new AnswerQueue({
    inspectionId: id,
    storage,
    events: events as unknown as Window,
    isOnline: () => online,
    send: async (a) => {
      sent.push(a)
      const e = fail?.(a)
      if (e) throw e
      return ok()
    },
    onStatus: (key, s, detail) => statuses.push([key, s, detail]),
  })
  return {
    queue,
    sent,
    statuses,
    storage,
    events,
    last: (key: string) => [...statuses].reverse().find((s) => s[0] === key)?.[1],
    setOnline: (v: boolean) => (online = v),
    failWith: (f: ((a: AnswerInput) => unknown) | null) => (fail = f),
  }
}

describe('answer queue', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends each answer alone, keeping it on the phone until the server has it', async () => {
    const storage = new MemoryStorage()
    let seenInStorage: string | null = null
    const q = new AnswerQueue({
      inspectionId: 'i1',
      storage,
      events: null,
      isOnline: () => true,
      send: async () => {
        // written before the request went out
        seenInStorage = storage.getItem(storageKey('i1'))
        return ok()
      },
    })
    await q.put(draft('exits', 'non_compliant', ' 出口堵塞 ', [photo('p1')]))
    expect(seenInStorage).toContain('"exits"')
    expect(storage.getItem(storageKey('i1'))).toBeNull()
    expect(q.size).toBe(0)

    const h = harness()
    await h.queue.put(draft('exits', 'non_compliant', ' 出口堵塞 ', [photo('p1')]))
    await h.queue.put(draft('alarm_count', { number: 4 }))
    expect(h.sent).toEqual([
      { key: 'exits', value: 'non_compliant', note: '出口堵塞', photos: ['p1'] },
      { key: 'alarm_count', value: { number: 4 }, note: '', photos: [] },
    ])
    expect(h.statuses.filter((s) => s[0] === 'exits').map((s) => s[1])).toEqual(['saving', 'saving', 'saved'])
    expect(h.last('alarm_count')).toBe('saved')
  })

  it('offline: the answer stays in localStorage as 未同步 and goes when `online` fires', async () => {
    const h = harness()
    h.setOnline(false)
    await h.queue.put(draft('exits', 'compliant'))
    expect(h.sent).toHaveLength(0)
    expect(h.last('exits')).toBe('unsynced')
    expect(readStored(h.storage, 'i1').map((a) => a.draft)).toEqual([draft('exits', 'compliant')])

    h.queue.start()
    h.setOnline(true)
    h.events.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(h.last('exits')).toBe('saved'))
    expect(h.sent.map((a) => a.key)).toEqual(['exits'])
    expect(h.storage.getItem(storageKey('i1'))).toBeNull()
    h.queue.stop()
  })

  it('a lost connection or a 5xx keeps the answers and retries every 10 s; the rest wait behind', async () => {
    vi.useFakeTimers()
    const h = harness()
    h.failWith(() => offline())
    await h.queue.put(draft('exits', 'compliant'))
    await h.queue.put(draft('wiring', 'not_applicable'))
    expect(h.last('exits')).toBe('unsynced')
    expect(h.last('wiring')).toBe('unsynced')
    expect(h.queue.size).toBe(2)

    h.queue.start()
    h.failWith(() => new ApiError(503, 'internal', '服务暂不可用'))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(h.last('exits')).toBe('unsynced')
    expect(h.queue.size).toBe(2)

    h.failWith(null)
    await vi.advanceTimersByTimeAsync(9_000)
    expect(h.last('exits')).toBe('unsynced')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(h.last('exits')).toBe('saved')
    expect(h.last('wiring')).toBe('saved')
    expect(h.queue.size).toBe(0)
    // oldest first, each on its own
    expect(h.sent.slice(-2).map((a) => a.key)).toEqual(['exits', 'wiring'])
    h.queue.stop()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(h.sent).toHaveLength(5)
  })

  it('a reload restores the unsent answers (merged by key, the newest wins) and sends them', async () => {
    const storage = new MemoryStorage()
    const first = harness(storage)
    first.setOnline(false)
    await first.queue.put(draft('exits', 'compliant'))
    await first.queue.put(draft('wiring', 'compliant'))
    // answered again: one entry, the newer answer, at the back
    await first.queue.put(draft('exits', 'non_compliant', '出口堵塞', [photo('p1')]))
    expect(first.queue.pending()).toEqual([draft('wiring', 'compliant'), draft('exits', 'non_compliant', '出口堵塞', [photo('p1')])])

    // the page reloads: a new queue on the same storage
    const again = harness(storage)
    expect(again.queue.pending()).toEqual([draft('wiring', 'compliant'), draft('exits', 'non_compliant', '出口堵塞', [photo('p1')])])
    // another inspection's answers are not mixed in
    expect(harness(storage, 'i2').queue.pending()).toEqual([])

    await again.queue.flush()
    expect(again.sent).toEqual([
      { key: 'wiring', value: 'compliant', note: '', photos: [] },
      { key: 'exits', value: 'non_compliant', note: '出口堵塞', photos: ['p1'] },
    ])
    expect(storage.getItem(storageKey('i1'))).toBeNull()
    expect(harness(storage).queue.pending()).toEqual([])
  })

  it('an answer given again while the older one is on its way is sent after it, and only it is kept', async () => {
    const storage = new MemoryStorage()
    const sent: AnswerInput[] = []
    let release!: () => void
    const q = new AnswerQueue({
      inspectionId: 'i1',
      storage,
      events: null,
      isOnline: () => true,
      send: async (a) => {
        sent.push(a)
        if (sent.length === 1) await new Promise<void>((r) => (release = r))
        return ok()
      },
    })
    const round = q.put(draft('exits', 'compliant'))
    await Promise.resolve()
    void q.put(draft('exits', 'non_compliant', '堵塞'))
    // the first answer's success must not drop the newer one
    release()
    await round
    await q.flush()
    expect(sent.map((a) => a.value)).toEqual(['compliant', 'non_compliant'])
    expect(q.size).toBe(0)
    expect(storage.getItem(storageKey('i1'))).toBeNull()
  })

  it('an answer the server refuses (4xx) is dropped with the reason; sending it again would not help', async () => {
    const h = harness()
    h.failWith((a) => (a.key === 'exits' ? new ApiError(409, 'conflict', '检查已完成，不能再修改') : null))
    await h.queue.put(draft('exits', 'compliant'))
    await h.queue.put(draft('wiring', 'compliant'))
    expect(h.statuses.find((s) => s[0] === 'exits' && s[1] === 'error')?.[2]).toBe('检查已完成，不能再修改')
    expect(h.last('wiring')).toBe('saved')
    expect(h.queue.size).toBe(0)
  })

  it('tells what a retry may cure', () => {
    expect(isRetryable(offline())).toBe(true)
    expect(isRetryable(new ApiError(500, 'internal', 'x'))).toBe(true)
    expect(isRetryable(new ApiError(502, 'http_error', 'x'))).toBe(true)
    expect(isRetryable(new ApiError(401, 'unauthenticated', 'x'))).toBe(true)
    expect(isRetryable(new ApiError(429, 'too_many', 'x'))).toBe(true)
    expect(isRetryable(new TypeError('Failed to fetch'))).toBe(true)
    expect(isRetryable(new ApiError(400, 'validation_failed', 'x'))).toBe(false)
    expect(isRetryable(new ApiError(403, 'forbidden', 'x'))).toBe(false)
    expect(isRetryable(new ApiError(409, 'conflict', 'x'))).toBe(false)
  })

  it('ignores what it cannot read back, and a storage that refuses writes', async () => {
    const s = new MemoryStorage()
    s.setItem(storageKey('i1'), 'not json')
    expect(readStored(s, 'i1')).toEqual([])
    s.setItem(storageKey('i1'), JSON.stringify({ v: 1, answers: [{ draft: { key: '', value: 'compliant' } }, { draft: { key: 'a', value: null } }, { draft: { key: 'b', value: 'compliant' }, at: 3 }, null] }))
    expect(readStored(s, 'i1')).toEqual([{ draft: { key: 'b', value: 'compliant', note: '', photos: [] }, at: 3, held: false }])

    const full: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
      removeItem: () => {},
    }
    const h = harness(full)
    await h.queue.put(draft('exits', 'compliant'))
    expect(h.last('exits')).toBe('saved')
  })

  it('keeps an incomplete answer (待补充) without sending it, across a reload, until a complete one replaces it', async () => {
    const storage = new MemoryStorage()
    const h = harness(storage)
    await h.queue.put(draft('wiring', 'compliant'))
    await h.queue.put(draft('exits', 'non_compliant'), true)
    expect(h.sent.map((a) => a.key)).toEqual(['wiring'])
    expect(h.last('exits')).toBe('incomplete')
    expect(h.queue.size).toBe(1)
    expect(h.queue.unsent).toBe(0)
    expect(h.queue.isHeld('exits')).toBe(true)
    await h.queue.flush()
    expect(h.sent).toHaveLength(1)

    // after a reload it is still there, still held
    const again = harness(storage)
    expect(again.queue.pending()).toEqual([draft('exits', 'non_compliant')])
    expect(again.queue.isHeld('exits')).toBe(true)
    await again.queue.flush()
    expect(again.sent).toHaveLength(0)

    // completed: sent, and gone from the phone
    await again.queue.put(draft('exits', 'non_compliant', '堵塞'))
    expect(again.sent).toEqual([{ key: 'exits', value: 'non_compliant', note: '堵塞', photos: [] }])
    expect(again.last('exits')).toBe('saved')
    expect(storage.getItem(storageKey('i1'))).toBeNull()
  })

  it('does not queue an item without an answer', async () => {
    const h = harness()
    await h.queue.put(emptyDraft('exits'))
    expect(h.sent).toHaveLength(0)
    expect(h.queue.size).toBe(0)
  })
})

describe('checklist', () => {
  it('counts an item answered by its kind', () => {
    const [exits, , count] = TEMPLATE.sections[0].items
    const [, remark, panel] = TEMPLATE.sections[1].items
    expect(isAnswered(exits, null)).toBe(false)
    expect(isAnswered(exits, draft('exits', 'not_applicable'))).toBe(true)
    expect(isAnswered(exits, draft('exits', { number: 3 }))).toBe(false)
    expect(isAnswered(count, draft('alarm_count', { number: 0 }))).toBe(true)
    expect(isAnswered(count, draft('alarm_count', { number: Number.NaN }))).toBe(false)
    expect(isAnswered(remark, draft('remark', { text: '  ' }))).toBe(false)
    expect(isAnswered(remark, draft('remark', { text: '已查看值班记录' }))).toBe(true)
    expect(isAnswered(panel, draft('panel_photo', 'photo'))).toBe(false)
    expect(isAnswered(panel, draft('panel_photo', 'photo', '', [photo('p')]))).toBe(true)
  })

  it('a 不符合 needs its note, and a photo when the item asks for one', () => {
    const [exits, extinguishers] = TEMPLATE.sections[0].items
    expect(itemProblem(exits, null)).toBe('未作答')
    expect(itemProblem(exits, draft('exits', 'non_compliant'))).toBe('请填写存在问题')
    expect(itemProblem(exits, draft('exits', 'non_compliant', '堵塞'))).toBe('请拍照留证')
    expect(itemProblem(exits, draft('exits', 'non_compliant', '堵塞', [photo('p')]))).toBe('')
    expect(itemProblem(extinguishers, draft('extinguishers', 'non_compliant', '过期'))).toBe('')
    expect(itemProblem(extinguishers, draft('extinguishers', 'compliant'))).toBe('')
  })

  it('a number out of range is 不符合; what is sent, held or only shown', () => {
    const count = TEMPLATE.sections[0].items[2]
    const strict = { ...count, photo_required_on_fail: true }
    const [exits, extinguishers] = TEMPLATE.sections[0].items
    const [, remark, panel] = TEMPLATE.sections[1].items
    expect(isFail(count, draft('alarm_count', { number: 1 }))).toBe(true)
    expect(isFail(count, draft('alarm_count', { number: 2 }))).toBe(false)
    expect(isFail(exits, draft('exits', 'non_compliant'))).toBe(true)
    expect(isFail(exits, null)).toBe(false)
    expect(itemProblem(strict, draft('alarm_count', { number: 1 }))).toBe('请拍照留证')
    expect(itemProblem(count, draft('alarm_count', { number: 1 }))).toBe('')

    expect(saveMode(exits, draft('exits', 'compliant'))).toBe('send')
    expect(saveMode(exits, draft('exits', 'non_compliant'))).toBe('hold')
    expect(saveMode(exits, draft('exits', 'non_compliant', '堵塞'))).toBe('hold')
    expect(saveMode(exits, draft('exits', 'non_compliant', '堵塞', [photo('p')]))).toBe('send')
    expect(saveMode(extinguishers, draft('extinguishers', 'non_compliant', '过期'))).toBe('send')
    expect(saveMode(strict, draft('alarm_count', { number: 20 }))).toBe('hold')
    expect(saveMode(count, draft('alarm_count', { number: 20 }))).toBe('send')
    expect(saveMode(remark, draft('remark', { text: ' ' }))).toBe('none')
    expect(saveMode(panel, draft('panel_photo', 'photo'))).toBe('none')
    // 不适用 answers any item
    expect(saveMode(remark, draft('remark', 'not_applicable'))).toBe('send')
    expect(isAnswered(panel, draft('panel_photo', 'not_applicable'))).toBe(true)

    // back in range: the note and photos of the failing value go
    const failing = draft('alarm_count', { number: 1 }, '只有1个', [photo('p')])
    expect(withNumber(count, failing, 0)).toEqual(draft('alarm_count', { number: 0 }, '只有1个', [photo('p')]))
    expect(withNumber(count, failing, 5)).toEqual(draft('alarm_count', { number: 5 }))
  })

  it('computes the progress of the bottom bar and of each section', () => {
    const drafts = {
      exits: draft('exits', 'non_compliant'),
      extinguishers: draft('extinguishers', 'non_compliant', '过期'),
      alarm_count: draft('alarm_count', { number: 4 }),
      wiring: draft('wiring', 'compliant'),
      remark: draft('remark', { text: '' }),
    }
    expect(checklistProgress(TEMPLATE, drafts)).toEqual({
      total: 6,
      answered: 4,
      failed: 2,
      unanswered: ['remark', 'panel_photo'],
      incomplete: ['exits', 'remark', 'panel_photo'],
    })
    expect(checklistProgress(null, {})).toEqual({ total: 0, answered: 0, failed: 0, unanswered: [], incomplete: [] })
    expect(sectionProgress(TEMPLATE.sections[0].items, drafts)).toEqual({ answered: 3, total: 3 })
    expect(sectionProgress(TEMPLATE.sections[1].items, drafts)).toEqual({ answered: 1, total: 3 })
  })

  it('builds the one-answer payload: photos by id, note trimmed', () => {
    expect(answerPayload(draft('exits', 'non_compliant', '  出口堵塞\n', [photo('p1'), photo('p2')]))).toEqual({ key: 'exits', value: 'non_compliant', note: '出口堵塞', photos: ['p1', 'p2'] })
    expect(answerPayload(draft('alarm_count', { number: 2.5 }))).toEqual({ key: 'alarm_count', value: { number: 2.5 }, note: '', photos: [] })
    expect(answerPayload(draft('panel_photo', 'photo', '', [photo('p3')]))).toEqual({ key: 'panel_photo', value: 'photo', note: '', photos: ['p3'] })
    expect(answerPayload(emptyDraft('x'))).toBeNull()
  })

  it('leaving 不符合 drops its note and photos', () => {
    const d = draft('exits', 'non_compliant', '堵塞', [photo('p1')])
    expect(withCompliance(d, 'compliant')).toEqual(draft('exits', 'compliant'))
    expect(withCompliance(draft('exits', 'compliant'), 'non_compliant')).toEqual(draft('exits', 'non_compliant'))
  })

  it('reads the server’s answers as drafts', () => {
    expect(draftFromAnswer({ key: 'a', value: { text: 'x' }, note: null, photos: [] })).toEqual(draft('a', { text: 'x' }))
    expect(draftFromAnswer({ key: 'a', value: 'non_compliant', note: '堵', photos: [photo('p')] })).toEqual(draft('a', 'non_compliant', '堵', [photo('p')]))
  })

  it('parses typed numbers and flags those out of range', () => {
    expect(parseNumber('12.5')).toBe(12.5)
    expect(parseNumber(' 3 ')).toBe(3)
    expect(parseNumber('1，5')).toBe(1.5)
    expect(parseNumber('-2')).toBe(-2)
    expect(parseNumber('')).toBeNull()
    expect(parseNumber('abc')).toBeNull()
    expect(parseNumber('1e3')).toBeNull()
    const count = TEMPLATE.sections[0].items[2]
    expect(outOfRange(count, draft('alarm_count', { number: 1 }))).toBe(true)
    expect(outOfRange(count, draft('alarm_count', { number: 11 }))).toBe(true)
    expect(outOfRange(count, draft('alarm_count', { number: 2 }))).toBe(false)
    expect(rangeText(2, 10, '个')).toBe('2 ~ 10 个')
    expect(rangeText(null, 30, '℃')).toBe('≤ 30 ℃')
    expect(rangeText(1, undefined)).toBe('≥ 1')
    expect(rangeText(null, null, 'm')).toBe('')
  })

  it('reads the unanswered items of a 422 in checklist order, whatever the field looks like', () => {
    const errors = [
      { field: 'answers.wiring', code: 'unanswered', message: '未作答' },
      { field: 'answers[exits]', code: 'unanswered', message: '未作答' },
      { field: '', code: 'unanswered', message: '“检查项 remark”未作答' },
      { field: 'unknown', code: 'x', message: '?' },
    ]
    expect(unansweredFromProblem(TEMPLATE, errors)).toEqual(['exits', 'wiring', 'remark'])
    expect(unansweredFromProblem(TEMPLATE, [{ field: 'extinguishers', code: 'required', message: '' }])).toEqual(['extinguishers'])
    expect(unansweredFromProblem(TEMPLATE, [], ['panel_photo'])).toEqual(['panel_photo'])
  })

  it('builds the confirm body: on site with the representative’s name, empty parts left out', () => {
    expect(confirmBody('onsite', { name: ' 王经理 ', comment: '', objection: ' ' })).toEqual({ name: '王经理' })
    expect(confirmBody('onsite', { name: '王经理', comment: '无异议', objection: '' })).toEqual({ name: '王经理', comment: '无异议' })
    expect(confirmBody('enterprise', { name: 'ignored', comment: '', objection: '第3项已整改' })).toEqual({ objection: '第3项已整改' })
    expect(confirmBody('enterprise', { name: '', comment: '', objection: '' })).toEqual({})
  })

  it('numbers sections and gives items DOM-safe anchors', () => {
    expect([1, 2, 9, 10, 11, 20, 23, 99].map(cnNumber)).toEqual(['一', '二', '九', '十', '十一', '二十', '二十三', '九十九'])
    expect(itemAnchor('fire.exit 1')).toBe('item-fire_2eexit_201')
    expect(itemAnchor('a_b-c')).toBe('item-a_b-c')
  })
})

describe('plan progress', () => {
  it('splits the bar in whole percents that add up to 100', () => {
    expect(wholePercents([1, 1, 1], 3)).toEqual([34, 33, 33])
    expect(wholePercents([2, 1, 0], 3)).toEqual([67, 33, 0])
    expect(wholePercents([0, 0, 0], 0)).toEqual([0, 0, 0])
    expect(wholePercents([1, 0, 0], 8)).toEqual([13, 0, 0])
    const parts = progressParts({ total: 7, done: 3, in_progress: 2, not_started: 2, overdue: 1 })
    expect(parts.map((p) => [p.key, p.count, p.percent])).toEqual([
      ['done', 3, 43],
      ['in_progress', 2, 29],
      ['not_started', 2, 28],
    ])
    expect(parts.reduce((n, p) => n + p.percent, 0)).toBe(100)
  })

  it('copes with missing or odd counts', () => {
    expect(normalizeProgress(undefined)).toEqual({ total: 0, done: 0, in_progress: 0, not_started: 0, overdue: 0 })
    expect(normalizeProgress({ done: 2, in_progress: 1 })).toEqual({ total: 3, done: 2, in_progress: 1, not_started: 0, overdue: 0 })
    expect(donePercent({ total: 3, done: 2 })).toBe(67)
    expect(donePercent({ total: 0, done: 0 })).toBe(0)
  })
})

describe('template editor', () => {
  it('gives new items keys that never collide and moves things in place', () => {
    expect(newItemKey(new Set())).toBe('item_1')
    expect(newItemKey(new Set(['exits', 'item_3']))).toBe('item_4')
    expect(newItemKey(new Set(['item_2', 'item_3']))).toBe('item_4')
    const t = cloneTemplate(TEMPLATE)
    const added = addItem(t, 1)
    expect(added.key).toBe('item_7')
    expect(t.sections[1].items.map((i) => i.key)).toEqual(['wiring', 'remark', 'panel_photo', 'item_7'])
    t.sections.push(newSection(t))
    expect(t.sections[2].items[0].key).toBe('item_8')
    move(t.sections[1].items, 3, 0)
    expect(t.sections[1].items[0].key).toBe('item_7')
    move(t.sections, 2, 0)
    expect(t.sections.map((s) => s.title)).toEqual(['', '消防安全', '用电安全'])
    move(t.sections, 0, 9)
    expect(t.sections).toHaveLength(3)
    expect(itemCount(t)).toBe(8)
    // the original is untouched
    expect(itemCount(TEMPLATE)).toBe(6)
  })

  it('keeps a number’s unit and range when its kind changes back and forth', () => {
    expect(answerOfKind('number', { kind: 'number', unit: 'm', min: 1, max: 2 })).toEqual({ kind: 'number', unit: 'm', min: 1, max: 2 })
    expect(answerOfKind('number', { kind: 'text' })).toEqual({ kind: 'number', unit: '', min: null, max: null })
    expect(answerOfKind('photo')).toEqual({ kind: 'photo' })
  })

  it('checks the content before saving', () => {
    const t = emptyTemplate()
    expect(validateTemplate(t)).toEqual({ name: '请填写检查表名称', 'sections.0.title': '请填写部分标题', 'sections.0.items.0.text': '请填写检查内容' })
    const good = cloneTemplate(TEMPLATE)
    expect(validateTemplate(good)).toEqual({})
    good.sections[0].items[2].answer = { kind: 'number', unit: '个', min: 5, max: 1 }
    good.sections[1].items[0].key = 'exits'
    good.sections[0].items[1].hazard = { category: ' ', level: 'major' }
    good.sections[1].items = []
    expect(validateTemplate(good)).toEqual({
      'sections.0.items.2.answer': '下限不能大于上限',
      'sections.0.items.1.hazard': '请选择隐患类别',
      'sections.1.items': '该部分还没有检查项',
    })
    const dup = cloneTemplate(TEMPLATE)
    dup.sections[1].items[0].key = 'exits'
    expect(validateTemplate(dup)).toEqual({ 'sections.1.items.0.key': '编号 exits 与其他检查项重复' })
  })

  it('sends only what each kind has, trimmed', () => {
    const t = cloneTemplate(TEMPLATE)
    t.name = ' 超市检查表 '
    t.sections[1].items[1] = { ...t.sections[1].items[1], text: ' 备注 ', hazard: { category: '消防安全', level: 'general' }, photo_required_on_fail: true }
    t.sections[0].items[2].answer = { kind: 'number', unit: ' ', min: 2, max: null }
    const n = normalizeTemplate(t)
    expect(n.name).toBe('超市检查表')
    expect(n.sections[1].items[1]).toEqual({ key: 'remark', text: '备注', basis: '《消防法》', answer: { kind: 'text' }, hazard: null, photo_required_on_fail: false })
    expect(n.sections[0].items[2].answer).toEqual({ kind: 'number', unit: null, min: 2, max: null })
    expect(n.sections[0].items[0].photo_required_on_fail).toBe(true)
  })

  it('puts the server’s field errors on the editor’s paths', () => {
    expect(
      templateErrorsFrom([
        { field: 'content.sections[0].items[2].text', code: 'required', message: '请填写检查内容' },
        { field: 'content.sections[1].items[0].answer.min', code: 'range', message: '下限不能大于上限' },
        { field: 'content.sections[1].items[0].hazard.category', code: 'unknown', message: '隐患类别不存在' },
        { field: 'content.name', code: 'required', message: '请填写名称' },
      ]),
    ).toEqual({
      'sections.0.items.2.text': '请填写检查内容',
      'sections.1.items.0.answer': '下限不能大于上限',
      'sections.1.items.0.hazard': '隐患类别不存在',
      name: '请填写名称',
    })
  })
})

describe('plan form', () => {
  it('adds each enterprise once, with the default inspector, and builds the body', () => {
    const f = emptyPlanForm('2026-11-28', 'c1')
    expect(addTarget(f, { enterprise_id: 'e1', enterprise_name: '椰城超市', district_name: '秀英区商务局' }, 'u1')).toBe(true)
    expect(addTarget(f, { enterprise_id: 'e1', enterprise_name: '椰城超市', district_name: '秀英区商务局' }, 'u2')).toBe(false)
    addTarget(f, { enterprise_id: 'e2', enterprise_name: '南海商场', district_name: '秀英区商务局' }, null)
    expect(checkPlanForm(f)).toEqual({ title: '请填写计划名称', template_id: '请选择检查表', due_on: '请选择完成期限', targets: '请为 南海商场 指定检查人员' })
    assignInspector(f, 'u2')
    expect(f.targets.map((t) => t.inspector_id)).toEqual(['u1', 'u2'])
    assignInspector(f, 'u3', true)
    expect(f.targets.map((t) => t.inspector_id)).toEqual(['u3', 'u3'])
    f.title = ' 第四季度超市检查 '
    f.template_id = 't1'
    f.due_on = '2026-11-01'
    expect(checkPlanForm(f).due_on).toBe('完成期限不能早于开始日期')
    f.due_on = '2026-12-31'
    expect(checkPlanForm(f)).toEqual({})
    expect(planFormToInput(f)).toEqual({
      title: '第四季度超市检查',
      campaign_id: 'c1',
      template_id: 't1',
      starts_on: '2026-11-28',
      due_on: '2026-12-31',
      targets: [
        { enterprise_id: 'e1', inspector_id: 'u3' },
        { enterprise_id: 'e2', inspector_id: 'u3' },
      ],
    })
    removeTarget(f, 'e1')
    expect(f.targets.map((t) => t.enterprise_id)).toEqual(['e2'])
    f.campaign_id = null
    f.note = ' 重点查消防 '
    expect(planFormToInput(f)).toMatchObject({ note: '重点查消防' })
    expect('campaign_id' in planFormToInput(f)).toBe(false)
    removeTarget(f, 'e2')
    expect(checkPlanForm(f).targets).toBe('请添加被检查企业')
    expect(planErrorsFrom([{ field: 'targets[1].inspector_id', code: 'scope', message: '检查人员不在本区' }])).toEqual({ targets: '检查人员不在本区' })
  })

  it('checks a special campaign', () => {
    expect(checkCampaignForm({ name: '', starts_on: '2026-11-28', ends_on: '2026-11-01', description: '' })).toEqual({ name: '请填写专项检查名称', ends_on: '结束日期不能早于开始日期' })
    expect(checkCampaignForm({ name: '节前检查', starts_on: '2026-11-28', ends_on: '2026-12-31', description: '' })).toEqual({})
  })
})

describe('menu: 督导检查', () => {
  const names = (perms: string[]) => flattenMenu(visibleMenu(perms)).map((m) => m.name)

  it('shows the group by inspection.read, plans and campaigns only to inspection.write', () => {
    expect(names(['inspection.read'])).toEqual(['home', 'inspections', 'checklist-templates'])
    expect(names(['inspection.read', 'inspection.confirm'])).toEqual(['home', 'inspections', 'checklist-templates'])
    expect(names(['inspection.read', 'inspection.write', 'inspection.template'])).toEqual(['home', 'inspections', 'inspection-plans', 'inspection-campaigns', 'checklist-templates'])
    expect(names(['inspection.write'])).toEqual(['home'])
    expect(visibleMenu(['inspection.read']).find((m) => m.name === 'inspection-group')?.title).toBe('督导检查')
  })
})

describe('answer queue with the real localStorage', () => {
  beforeEach(() => localStorage.clear())
  afterEach(() => localStorage.clear())

  it('uses localStorage by default', async () => {
    const q = new AnswerQueue({ inspectionId: 'ls1', events: null, isOnline: () => false, send: async () => ok() })
    await q.put(draft('exits', 'compliant'))
    expect(JSON.parse(localStorage.getItem(storageKey('ls1'))!)).toMatchObject({ v: 1, answers: [{ draft: { key: 'exits', value: 'compliant' } }] })
    expect(new AnswerQueue({ inspectionId: 'ls1', events: null, send: async () => ok() }).pending()).toEqual([draft('exits', 'compliant')])
  })
})
