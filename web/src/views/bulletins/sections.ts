// 通报 (docs/api-accountability.md): the default period (last month), the section editor's
// operations (add, remove, move paragraphs; each answers a new list, the input is not changed),
// the body sent on 保存 and the facts the draft is based on, as lines. Pure functions.
import type { BulletinFacts, BulletinSection } from '@/api/accountability'

/** The calendar month before `today` (YYYY-MM-DD): its first and last day. */
export function lastMonth(today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number)
  const year = m === 1 ? y - 1 : y
  const month = m === 1 ? 12 : m - 1
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const mm = String(month).padStart(2, '0')
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(days).padStart(2, '0')}` }
}

export function checkPeriod(from: string | null, to: string | null): { period_from?: string; period_to?: string } {
  const e: { period_from?: string; period_to?: string } = {}
  if (!from) e.period_from = '请选择起始日期'
  if (!to) e.period_to = '请选择截止日期'
  else if (from && to < from) e.period_to = '截止日期不能早于起始日期'
  return e
}

export function cloneSections(sections: readonly BulletinSection[] | null | undefined): BulletinSection[] {
  return (sections ?? []).map((s) => ({ heading: s.heading, paragraphs: [...s.paragraphs] }))
}

function edit(sections: readonly BulletinSection[], si: number, f: (p: string[]) => string[]): BulletinSection[] {
  return sections.map((s, i) => (i === si ? { heading: s.heading, paragraphs: f([...s.paragraphs]) } : { heading: s.heading, paragraphs: [...s.paragraphs] }))
}

/** A blank paragraph after `after` (at the end when absent). */
export function addParagraph(sections: readonly BulletinSection[], si: number, after?: number): BulletinSection[] {
  return edit(sections, si, (p) => {
    const at = after === undefined ? p.length : Math.min(Math.max(after + 1, 0), p.length)
    p.splice(at, 0, '')
    return p
  })
}

export function removeParagraph(sections: readonly BulletinSection[], si: number, pi: number): BulletinSection[] {
  return edit(sections, si, (p) => p.filter((_, i) => i !== pi))
}

/** Moves a paragraph up (-1) or down (+1) within its section; out of range leaves it. */
export function moveParagraph(sections: readonly BulletinSection[], si: number, pi: number, dir: -1 | 1): BulletinSection[] {
  return edit(sections, si, (p) => {
    const to = pi + dir
    if (pi < 0 || pi >= p.length || to < 0 || to >= p.length) return p
    ;[p[pi], p[to]] = [p[to], p[pi]]
    return p
  })
}

export function setParagraph(sections: readonly BulletinSection[], si: number, pi: number, text: string): BulletinSection[] {
  return edit(sections, si, (p) => {
    if (pi >= 0 && pi < p.length) p[pi] = text
    return p
  })
}

export function addSection(sections: readonly BulletinSection[], heading = ''): BulletinSection[] {
  return [...cloneSections(sections), { heading, paragraphs: [''] }]
}

export function removeSection(sections: readonly BulletinSection[], si: number): BulletinSection[] {
  return cloneSections(sections).filter((_, i) => i !== si)
}

/** What is saved: trimmed, blank paragraphs and wholly empty sections left out. */
export function cleanSections(sections: readonly BulletinSection[]): BulletinSection[] {
  return sections
    .map((s) => ({ heading: s.heading.trim(), paragraphs: s.paragraphs.map((p) => p.trim()).filter(Boolean) }))
    .filter((s) => s.heading || s.paragraphs.length)
}

export function sameSections(a: readonly BulletinSection[], b: readonly BulletinSection[]): boolean {
  return JSON.stringify(cleanSections(a)) === JSON.stringify(cleanSections(b))
}

export interface FactGroup {
  key: keyof BulletinFacts
  title: string
  lines: string[]
}

const pct = (n: number) => `${Math.round(n * 10) / 10}%`

/** The facts behind the draft, as the editor shows them aside. */
export function factGroups(facts: BulletinFacts | null | undefined): FactGroup[] {
  const f = facts ?? { overdue_units: [], returned_units: [], low_rate_districts: [], major_overdue_enterprises: [] }
  return [
    {
      key: 'overdue_units',
      title: '任务逾期单位',
      lines: (f.overdue_units ?? []).map((u) => `${u.name}：逾期 ${u.overdue} 项${u.tasks?.length ? `（${u.tasks.join('；')}）` : ''}`),
    },
    {
      key: 'returned_units',
      title: '任务被退回单位',
      lines: (f.returned_units ?? []).map((u) => `${u.name}：退回 ${u.returned} 次`),
    },
    {
      key: 'low_rate_districts',
      title: '隐患整改率低于60%的区',
      lines: (f.low_rate_districts ?? []).map((d) => `${d.name}：发现 ${d.found} 条，销号 ${d.closed} 条，整改率 ${pct(d.rate)}`),
    },
    {
      key: 'major_overdue_enterprises',
      title: '重大隐患逾期未整改企业',
      lines: (f.major_overdue_enterprises ?? []).map((e) => `${e.name}${e.district_name ? `（${e.district_name}）` : ''}：${e.count} 条`),
    },
  ]
}

/** The unit names the facts mention (for the "named units" hint). */
export function namedUnits(facts: BulletinFacts | null | undefined): string[] {
  if (!facts) return []
  const names = [
    ...(facts.overdue_units ?? []).map((u) => u.name),
    ...(facts.returned_units ?? []).map((u) => u.name),
    ...(facts.low_rate_districts ?? []).map((u) => u.name),
    ...(facts.major_overdue_enterprises ?? []).map((u) => u.name),
  ]
  return [...new Set(names)]
}
