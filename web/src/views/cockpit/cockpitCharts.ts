// The 领导驾驶舱's figures as the page shows them: percent and month labels, the KPI tiles and
// the ECharts options of each panel (light, or dark on the wall display). Pure functions.
import type { Cockpit, CockpitCampaign, CockpitCredit, CockpitHazardMonth, CockpitOverdueUnit, CockpitRisk, CockpitTraining } from '@/api/cockpit'
import { GRADE_COLOURS as CREDIT_GRADE_COLOURS, UNSCORED_COLOUR } from '@/views/credit/labels'
import { districtShortName } from '@/views/enterprises/lookups'
import { COLOUR_HEX, GRADE_COLOURS, GRADE_SHORT, NONE_HEX } from '@/views/risk/labels'

// ----- formatting --------------------------------------------------------------------

/** A count as shown; a missing one is 0. */
export function num(v: number | null | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

/** 66.66 → "66.7%", 100 → "100%"; "-" for a missing value. */
export function formatPercent(v: number | null | undefined): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-'
  return `${Math.round(v * 10) / 10}%`
}

/** part ÷ whole as a percent with one decimal; null when the whole is 0. */
export function ratio(part: number | null | undefined, whole: number | null | undefined): number | null {
  const w = num(whole)
  if (w <= 0) return null
  return Math.round((num(part) / w) * 1000) / 10
}

/**
 * Month keys "2026-03" as labels: "3月" when all lie in one year, otherwise "2025年12月";
 * a key that is not a month is shown as it is.
 */
export function monthLabels(months: readonly string[]): string[] {
  const years = new Set(months.map((m) => m.slice(0, 4)))
  return months.map((m) => {
    const x = /^(\d{4})-(\d{2})$/.exec(m)
    if (!x) return m
    const mon = `${Number(x[2])}月`
    return years.size > 1 ? `${x[1]}年${mon}` : mon
  })
}

/** "2026-11" → "2026年11月". */
export function monthTitle(month: string): string {
  const x = /^(\d{4})-(\d{2})$/.exec(month)
  return x ? `${x[1]}年${Number(x[2])}月` : month
}

/** The month before the one of `today` (YYYY-MM-DD) as "YYYY-MM": the monthly report's default. */
export function previousMonth(today: string): string {
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))
  if (!y || !m) return ''
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

// ----- KPI tiles ---------------------------------------------------------------------

export type TileKey = 'completion' | 'campaign_overdue' | 'hazards_open' | 'major_open' | 'closed_rate'

export interface KpiTile {
  key: TileKey
  label: string
  value: string
  /** red when it is not good news */
  alert: boolean
}

export function kpiTiles(c: Cockpit | null | undefined): KpiTile[] {
  const camp = c?.campaign ?? null
  return [
    { key: 'completion', label: '任务完成率', value: camp ? formatPercent(camp.completion_rate) : '-', alert: false },
    { key: 'campaign_overdue', label: '逾期任务', value: camp ? String(num(camp.overdue)) : '-', alert: num(camp?.overdue) > 0 },
    { key: 'hazards_open', label: '未销号隐患', value: String(num(c?.hazards?.open)), alert: false },
    { key: 'major_open', label: '重大隐患', value: String(num(c?.hazards?.major_open)), alert: num(c?.hazards?.major_open) > 0 },
    { key: 'closed_rate', label: '整改率', value: formatPercent(c?.hazards?.closed_rate), alert: false },
  ]
}

// ----- theme -------------------------------------------------------------------------

const TEXT = { light: '#606266', dark: '#d7e3f4' }
const LINE = { light: '#e4e7ed', dark: 'rgba(215, 227, 244, 0.18)' }

export const COLORS = {
  primary: '#409eff',
  success: '#67c23a',
  warning: '#e6a23c',
  danger: '#f56c6c',
  grey: NONE_HEX,
}

/** The parts of an option that differ on the dark wall display. */
function theme(dark: boolean, fontSize = 12) {
  const text = dark ? TEXT.dark : TEXT.light
  return {
    backgroundColor: 'transparent',
    textStyle: { color: text, fontSize },
    legend: { textStyle: { color: text, fontSize } },
    axis: {
      axisLabel: { color: text, fontSize },
      nameTextStyle: { color: text, fontSize },
      axisLine: { lineStyle: { color: dark ? TEXT.dark : '#909399' } },
      splitLine: { lineStyle: { color: dark ? LINE.dark : LINE.light } },
    },
  }
}

export interface ChartStyle {
  dark?: boolean
  /** larger on the wall display */
  fontSize?: number
}

// ----- panels ------------------------------------------------------------------------

/** 任务完成情况: the completion rate by month (line) and the assignments accepted (bars). */
export function completionOption(campaign: CockpitCampaign | null | undefined, st: ChartStyle = {}) {
  const t = theme(!!st.dark, st.fontSize)
  const series = campaign?.series ?? []
  return {
    backgroundColor: t.backgroundColor,
    textStyle: t.textStyle,
    color: [COLORS.primary, COLORS.success],
    tooltip: { trigger: 'axis' },
    legend: { data: ['当月验收', '完成率'], top: 0, ...t.legend },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: monthLabels(series.map((s) => s.month)), ...t.axis },
    yAxis: [
      { type: 'value', name: '个', minInterval: 1, ...t.axis },
      { type: 'value', name: '完成率', min: 0, max: 100, ...t.axis, axisLabel: { ...t.axis.axisLabel, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: '当月验收', type: 'bar', barMaxWidth: 28, data: series.map((s) => num(s.accepted)) },
      {
        name: '完成率',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: series.map((s) => (typeof s.rate === 'number' ? Math.round(s.rate * 10) / 10 : null)),
        tooltip: { valueFormatter: (v: number | null) => formatPercent(v) },
      },
    ],
  }
}

/** A unit's name as people read it: district bureaus by their short name (秀英区). */
export function unitName(name: string): string {
  return name.endsWith('区商务局') ? districtShortName(name) : name
}

/** 逾期任务 by unit: horizontal bars, the most overdue on top (units without any left out). */
export function overdueByUnitRows(units: readonly CockpitOverdueUnit[] | null | undefined): CockpitOverdueUnit[] {
  return [...(units ?? [])].filter((u) => num(u.overdue) > 0).sort((a, b) => num(b.overdue) - num(a.overdue) || a.org_name.localeCompare(b.org_name, 'zh-CN'))
}

export function overdueByUnitOption(rows: readonly CockpitOverdueUnit[], st: ChartStyle = {}) {
  const t = theme(!!st.dark, st.fontSize)
  return {
    backgroundColor: t.backgroundColor,
    textStyle: t.textStyle,
    color: [COLORS.danger],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v} 项` },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...t.axis },
    // the first row (most overdue) at the top
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => unitName(r.org_name)), ...t.axis },
    series: [{ name: '逾期', type: 'bar', barMaxWidth: 22, label: { show: true, position: 'right', color: t.textStyle.color }, data: rows.map((r) => num(r.overdue)) }],
  }
}

/** 隐患发现/销号 by month: bars of found and closed, the line of closed ÷ found. */
export function hazardsByMonthOption(rows: readonly CockpitHazardMonth[] | null | undefined, st: ChartStyle = {}) {
  const t = theme(!!st.dark, st.fontSize)
  const list = rows ?? []
  return {
    backgroundColor: t.backgroundColor,
    textStyle: t.textStyle,
    color: [COLORS.warning, COLORS.success, COLORS.primary],
    tooltip: { trigger: 'axis' },
    legend: { data: ['发现', '销号', '销号率'], top: 0, ...t.legend },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: monthLabels(list.map((r) => r.month)), ...t.axis },
    yAxis: [
      { type: 'value', name: '条', minInterval: 1, ...t.axis },
      { type: 'value', name: '销号率', min: 0, max: 100, ...t.axis, axisLabel: { ...t.axis.axisLabel, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: '发现', type: 'bar', barMaxWidth: 24, data: list.map((r) => num(r.found)) },
      { name: '销号', type: 'bar', barMaxWidth: 24, data: list.map((r) => num(r.closed)) },
      {
        name: '销号率',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: list.map((r) => ratio(r.closed, r.found)),
        tooltip: { valueFormatter: (v: number | null) => formatPercent(v) },
      },
    ],
  }
}

export type RiskSlice = { key: keyof CockpitRisk; label: string; colour: string; value: number }

/** The four colours (重大 red … 低 blue) and 未评估 grey, in that order. */
export function riskSlices(r: CockpitRisk | null | undefined): RiskSlice[] {
  const grades = (['major', 'large', 'general', 'low'] as const).map((g) => ({
    key: g,
    label: GRADE_SHORT[g] + '风险',
    colour: COLOUR_HEX[GRADE_COLOURS[g]],
    value: num(r?.[g]),
  }))
  return [...grades, { key: 'unassessed', label: '未评估', colour: NONE_HEX, value: num(r?.unassessed) }]
}

export function riskPieOption(r: CockpitRisk | null | undefined, st: ChartStyle = {}) {
  const t = theme(!!st.dark, st.fontSize)
  const slices = riskSlices(r)
  return {
    backgroundColor: t.backgroundColor,
    textStyle: t.textStyle,
    color: slices.map((s) => s.colour),
    tooltip: { trigger: 'item', formatter: '{b}：{c} 家（{d}%）' },
    legend: { bottom: 0, type: 'scroll', ...t.legend },
    series: [
      {
        type: 'pie',
        radius: ['38%', '66%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}', color: t.textStyle.color },
        data: slices.map((s) => ({ key: s.key, name: s.label, value: s.value, itemStyle: { color: s.colour } })),
      },
    ],
  }
}

/** Credit grades in the 诚信 list's colours: A green, B blue, C orange, D red, 未评分 grey. */
export const CREDIT_COLOURS: Record<keyof CockpitCredit, string> = {
  a: CREDIT_GRADE_COLOURS.A,
  b: CREDIT_GRADE_COLOURS.B,
  c: CREDIT_GRADE_COLOURS.C,
  d: CREDIT_GRADE_COLOURS.D,
  unscored: UNSCORED_COLOUR,
}

export const CREDIT_LABELS: Record<keyof CockpitCredit, string> = {
  a: 'A级',
  b: 'B级',
  c: 'C级',
  d: 'D级',
  unscored: '未评分',
}

export type CreditBar = { key: keyof CockpitCredit; label: string; colour: string; value: number }

export function creditBars(c: CockpitCredit | null | undefined): CreditBar[] {
  return (['a', 'b', 'c', 'd', 'unscored'] as const).map((k) => ({ key: k, label: CREDIT_LABELS[k], colour: CREDIT_COLOURS[k], value: num(c?.[k]) }))
}

export function creditOption(c: CockpitCredit | null | undefined, st: ChartStyle = {}) {
  const t = theme(!!st.dark, st.fontSize)
  const bars = creditBars(c)
  return {
    backgroundColor: t.backgroundColor,
    textStyle: t.textStyle,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v} 家` },
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: bars.map((b) => b.label), ...t.axis },
    yAxis: { type: 'value', name: '家', minInterval: 1, ...t.axis },
    series: [
      {
        name: '企业',
        type: 'bar',
        barMaxWidth: 36,
        label: { show: true, position: 'top', color: t.textStyle.color },
        data: bars.map((b) => ({ key: b.key, value: b.value, itemStyle: { color: b.colour } })),
      },
    ],
  }
}

/** 全员轮训: the year's coverage as a gauge (red below 60%, orange below 90%). */
export function trainingGaugeOption(tr: CockpitTraining | null | undefined, st: ChartStyle = {}) {
  const t = theme(!!st.dark, st.fontSize)
  const rate = typeof tr?.rate === 'number' && Number.isFinite(tr.rate) ? Math.round(tr.rate * 10) / 10 : 0
  return {
    backgroundColor: t.backgroundColor,
    textStyle: t.textStyle,
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        radius: '92%',
        center: ['50%', '58%'],
        startAngle: 200,
        endAngle: -20,
        progress: { show: true, width: 12 },
        axisLine: {
          lineStyle: {
            width: 12,
            color: [
              [0.6, COLORS.danger],
              [0.9, COLORS.warning],
              [1, COLORS.success],
            ],
          },
        },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        title: { show: false },
        detail: { valueAnimation: true, offsetCenter: [0, '0%'], formatter: '{value}%', fontSize: (st.fontSize ?? 12) * 2, color: t.textStyle.color },
        data: [{ value: rate, name: '轮训率' }],
      },
    ],
  }
}

/** The data item of a chart click ({ key } or the index into the rows). */
export function clickedKey(params: unknown): string | null {
  const p = params as { data?: { key?: unknown } } | null
  const k = p?.data?.key
  return typeof k === 'string' ? k : null
}

export function clickedIndex(params: unknown): number | null {
  const p = params as { dataIndex?: unknown } | null
  return typeof p?.dataIndex === 'number' ? p.dataIndex : null
}

/** "已确认 30 / 40"; the share for a progress bar. */
export function ackText(acked: number, total: number): string {
  return `已确认 ${num(acked)} / ${num(total)}`
}

/** 自查 done ÷ due, as a percent (null without anyone due). */
export function selfCheckRate(done: number, due: number): number | null {
  return ratio(done, due)
}
