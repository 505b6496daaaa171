// Small rules of 成熟度评估 (docs/api-accountability.md, "Maturity assessment"): state and level
// labels, how complete each dimension is, the dimension levels (average of the answered
// questions) for the radar chart of the self-assessment against the review, the answers the
// PUT sends, the submit errors (`answers.<question_key>`) by question, the summary charts.
import type { Answer, DimensionLevel, MaturityDimension, MaturitySummaryRow, Questionnaire } from '@/api/credit'

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const STATE_LABELS: Record<string, string> = {
  draft: '填报中',
  submitted: '待审核',
  returned: '已退回',
  reviewed: '已审核',
}

export const STATES = Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label }))

const STATE_TAGS: Record<string, TagType> = { draft: 'info', submitted: 'warning', returned: 'danger', reviewed: 'success' }

export function stateTag(state: string | null | undefined): TagType {
  return (state && STATE_TAGS[state]) || 'info'
}

/** 1 起步级 … 5 卓越级 (the questionnaire's `levels` win when they come). */
export const LEVEL_LABELS: Record<number, string> = { 1: '起步级', 2: '发展级', 3: '规范级', 4: '优良级', 5: '卓越级' }

export function levelLabels(q: Pick<Questionnaire, 'levels'> | null | undefined): Record<number, string> {
  const out = { ...LEVEL_LABELS }
  for (const l of q?.levels ?? []) out[l.level] = l.label
  return out
}

/** 3.4 → "3.4"; a whole level with its name: 3 → "3（规范级）" when `named`. */
export function formatLevel(v: number | null | undefined, named = false): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-'
  const r = Math.round(v * 10) / 10
  if (named && Number.isInteger(r) && LEVEL_LABELS[r]) return `${r}（${LEVEL_LABELS[r]}）`
  return String(r)
}

/** Whether a question has a level chosen. */
export function isAnswered(a: Answer | null | undefined): boolean {
  return typeof a?.level === 'number' && a.level >= 1 && a.level <= 5
}

export interface Completeness {
  key: string
  label: string
  answered: number
  total: number
  done: boolean
}

/** How many questions of each dimension have a level. */
export function completeness(dims: readonly MaturityDimension[], answers: Record<string, Answer>): Completeness[] {
  return dims.map((d) => {
    const answered = d.questions.filter((q) => isAnswered(answers[q.key])).length
    return { key: d.key, label: d.label, answered, total: d.questions.length, done: answered === d.questions.length }
  })
}

export function totalCompleteness(dims: readonly MaturityDimension[], answers: Record<string, Answer>): { answered: number; total: number } {
  return completeness(dims, answers).reduce((s, c) => ({ answered: s.answered + c.answered, total: s.total + c.total }), { answered: 0, total: 0 })
}

/** The keys of the questions without a level, in questionnaire order. */
export function unanswered(dims: readonly MaturityDimension[], answers: Record<string, Answer>): string[] {
  return dims.flatMap((d) => d.questions.filter((q) => !isAnswered(answers[q.key])).map((q) => q.key))
}

const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10 : null)

/**
 * The level of each dimension: the average of its answered questions (one decimal), self from
 * the answers, reviewed from the reviewer's levels (a question the reviewer left keeps the
 * enterprise's level), null when nothing is answered.
 */
export function dimensionLevels(
  dims: readonly MaturityDimension[],
  answers: Record<string, Answer>,
  review?: Record<string, number | null | undefined> | null,
): DimensionLevel[] {
  return dims.map((d) => {
    const self = d.questions.map((q) => answers[q.key]?.level).filter((l): l is number => typeof l === 'number')
    const reviewed = review
      ? d.questions
          .map((q) => (typeof review[q.key] === 'number' ? (review[q.key] as number) : answers[q.key]?.level))
          .filter((l): l is number => typeof l === 'number')
      : []
    return { key: d.key, label: d.label, self: avg(self), reviewed: review ? avg(reviewed) : null }
  })
}

/** The ECharts option of the radar: 自评 against 审核 (when there is a review). */
export function radarOption(levels: readonly DimensionLevel[]) {
  const hasReview = levels.some((l) => typeof l.reviewed === 'number')
  const series = [
    { value: levels.map((l) => l.self ?? 0), name: '企业自评', itemStyle: { color: '#409eff' }, areaStyle: { opacity: 0.15 } },
  ]
  if (hasReview) series.push({ value: levels.map((l) => l.reviewed ?? 0), name: '审核结果', itemStyle: { color: '#67c23a' }, areaStyle: { opacity: 0.15 } })
  return {
    tooltip: {},
    legend: { bottom: 0, data: series.map((s) => s.name) },
    radar: {
      indicator: levels.map((l) => ({ name: l.label, max: 5, min: 0 })),
      radius: '62%',
      splitNumber: 5,
      axisName: { color: '#606266' },
    },
    series: [{ type: 'radar', data: series }],
  }
}

/** The body of PUT /api/maturity/{id}: the answered questions (level, note). */
export function answersBody(answers: Record<string, Answer>): Record<string, Answer> {
  const out: Record<string, Answer> = {}
  for (const [k, a] of Object.entries(answers)) {
    if (!isAnswered(a)) continue
    const note = (a.note ?? '').trim()
    out[k] = { level: a.level, note: note || null }
  }
  return out
}

/** A stable fingerprint of what the PUT would send (to know whether a save is needed). */
export function answersFingerprint(answers: Record<string, Answer>): string {
  const body = answersBody(answers)
  return JSON.stringify(Object.keys(body).sort().map((k) => [k, body[k].level, body[k].note]))
}

/** The submit errors by question key (`answers.<key>` or `answers[<key>]`); the others apart. */
export function questionErrorsFrom(errors: readonly { field: string; message: string }[]): { byQuestion: Record<string, string>; rest: string[] } {
  const byQuestion: Record<string, string> = {}
  const rest: string[] = []
  for (const e of errors) {
    const m = /^answers(?:\.|\[)([^.\]]+)/.exec(e.field || '')
    if (m) byQuestion[m[1]] ??= e.message
    else rest.push(e.message)
  }
  return { byQuestion, rest }
}

/** The first dimension holding one of these question keys. */
export function firstDimensionWith(dims: readonly MaturityDimension[], keys: readonly string[]): string | null {
  const set = new Set(keys)
  return dims.find((d) => d.questions.some((q) => set.has(q.key)))?.key ?? null
}

/** The reviewer's starting levels: the review already given, else the enterprise's own. */
export function initialReviewLevels(
  dims: readonly MaturityDimension[],
  answers: Record<string, Answer>,
  review: Record<string, Answer> | null | undefined,
): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const d of dims) {
    for (const q of d.questions) {
      const r = review?.[q.key]?.level
      out[q.key] = typeof r === 'number' ? r : (answers[q.key]?.level ?? null)
    }
  }
  return out
}

/** The `levels` of the review body: the questions whose level the reviewer set. */
export function reviewLevelsBody(levels: Record<string, number | null>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(levels)) if (typeof v === 'number') out[k] = v
  return out
}

// ---------------------------------------------------------------------------- summary

export const LEVEL_COLOURS = ['#f56c6c', '#e6a23c', '#409eff', '#36b37e', '#67c23a']

/** The ECharts option of the summary: average reviewed level (bars, left axis) and the level distribution (stacked, right axis). */
export function summaryOption(rows: readonly MaturitySummaryRow[]) {
  const labels = rows.map((r) => r.label)
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
    yAxis: [
      { type: 'value', name: '平均等级', min: 0, max: 5, interval: 1 },
      { type: 'value', name: '企业数', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      ...[1, 2, 3, 4, 5].map((l) => ({
        name: `${l}级 ${LEVEL_LABELS[l]}`,
        type: 'bar',
        stack: 'levels',
        yAxisIndex: 1,
        barMaxWidth: 26,
        itemStyle: { color: LEVEL_COLOURS[l - 1] },
        data: rows.map((r) => r.levels?.[l - 1] ?? 0),
      })),
      {
        name: '平均等级',
        type: 'line',
        yAxisIndex: 0,
        symbolSize: 8,
        itemStyle: { color: '#303133' },
        data: rows.map((r) => (typeof r.avg_level === 'number' ? Math.round(r.avg_level * 10) / 10 : null)),
      },
    ],
  }
}
