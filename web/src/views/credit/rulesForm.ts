// The 评分规则 form (GET / PUT /api/credit/rules). The contract names the rules (keys and default
// points, some with a cap) and the grade thresholds but not the exact JSON, so the form is built
// from whatever comes back: every number (or switch) in the answer becomes a field, grouped by
// the object that holds it (one group per rule), labelled in Chinese where the key is known;
// saving writes the edited values back into a copy of the same shape. Server field errors
// (`rules.overdue_hazards.cap`, `overdue_hazards.cap`, `rules[3].points` …) land on the field.

export type Segment = string | number

export interface RuleField {
  /** where the value sits in the rules object */
  path: Segment[]
  /** `path` joined with dots: the form's key */
  key: string
  /** other names the server may use for it (array indexes replaced by the element's `key`) */
  aliases: string[]
  name: string
  label: string
  kind: 'number' | 'boolean'
  value: number | boolean | null
}

export interface RuleGroup {
  key: string
  aliases: string[]
  label: string
  /** the default of a known rule, e.g. 默认 −5/条，最多 −20 */
  hint: string
  /** thresholds are not points */
  thresholds: boolean
  fields: RuleField[]
}

/** The contract's rules: label and default. */
export const RULE_LABELS: Record<string, { label: string; hint: string }> = {
  commitment_missing: { label: '未签订年度安全承诺', hint: '默认 −10' },
  notices_missing: { label: '未按期发布承诺公告', hint: '默认每次 −2，最多 −10' },
  self_check_missed: { label: '上期未按时自查', hint: '默认 −5' },
  overdue_hazards: { label: '逾期未整改隐患', hint: '默认每条 −5，最多 −20' },
  major_open: { label: '未销号重大隐患', hint: '默认每条 −10，最多 −20' },
  major_overdue: { label: '逾期重大隐患', hint: '默认每条 −15，最多 −30' },
  training_low: { label: '全员轮训率偏低', hint: '默认低于 60% −10，低于 90% −5' },
  referrals: { label: '被函送执法', hint: '默认每次 −10，最多 −30（近 12 个月）' },
  interviews: { label: '被约谈', hint: '默认每次 −5，最多 −15（近 12 个月）' },
  exposures: { label: '被曝光', hint: '默认每次 −10，最多 −20（近 12 个月）' },
  hazards_closed_on_time: { label: '按期整改销号', hint: '默认每条 +1，最多 +5' },
  benchmark: { label: '标杆企业', hint: '默认 +5' },
}

const GROUP_LABELS: Record<string, string> = {
  thresholds: '等级分数线',
  grades: '等级分数线',
  grade_thresholds: '等级分数线',
  base: '基础分',
  base_score: '基础分',
}

const FIELD_LABELS: Record<string, string> = {
  points: '分值',
  point: '分值',
  each: '每项分值',
  per_item: '每项分值',
  per: '每项分值',
  // the server's cap is an absolute value (20 for “最多 −20”)
  cap: '累计上限',
  max: '累计上限',
  max_points: '累计上限',
  limit: '累计上限',
  below_60: '低于 60% 扣分',
  below_90: '低于 90% 扣分',
  low: '较低阈值（%）',
  low_points: '低于较低阈值扣分',
  high: '较高阈值（%）',
  high_points: '低于较高阈值扣分',
  medium: '低于 90% 扣分',
  threshold: '阈值',
  months: '统计月数',
  window_months: '统计月数',
  enabled: '启用',
  min: '不低于',
  score: '分数',
  a: 'A级（诚信）不低于',
  b: 'B级（基本诚信）不低于',
  c: 'C级（失信警示）不低于',
  d: 'D级（严重失信）不低于',
  base: '基础分',
  base_score: '基础分',
}

const THRESHOLD_KEYS = new Set(['thresholds', 'grades', 'grade_thresholds'])

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function fieldLabel(name: string): string {
  return FIELD_LABELS[name] ?? FIELD_LABELS[name.toLowerCase()] ?? name
}

function segmentName(node: unknown, seg: Segment): string {
  // an array element with a `key` is named by it
  if (typeof seg === 'number' && isObject(node) && typeof node.key === 'string') return node.key
  return String(seg)
}

/** The rules as groups of fields, in the order the server sent them. */
export function flattenRules(rules: unknown): RuleGroup[] {
  const groups = new Map<string, RuleGroup>()

  function groupFor(path: Segment[], names: string[], container: unknown): RuleGroup {
    const key = path.join('.')
    let g = groups.get(key)
    if (!g) {
      const last = names[names.length - 1] ?? ''
      const own = isObject(container) && typeof container.label === 'string' ? container.label : ''
      const known = RULE_LABELS[last]
      const label = own || known?.label || GROUP_LABELS[last] || last || '评分规则'
      g = {
        key,
        aliases: [...new Set([key, names.join('.'), last])].filter(Boolean),
        label,
        hint: known?.hint ?? '',
        thresholds: names.some((n) => THRESHOLD_KEYS.has(n)),
        fields: [],
      }
      groups.set(key, g)
    }
    return g
  }

  function walk(node: unknown, path: Segment[], names: string[], parent: unknown) {
    if (typeof node === 'number' || typeof node === 'boolean') {
      const name = names[names.length - 1] ?? ''
      // a rule given as a bare number (`"commitment_missing": -10`) is its own group
      const ownGroup = name in RULE_LABELS
      const g = ownGroup ? groupFor(path, names, undefined) : groupFor(path.slice(0, -1), names.slice(0, -1), parent)
      g.fields.push({
        path,
        key: path.join('.'),
        aliases: [...new Set([path.join('.'), names.join('.')])],
        name,
        label: ownGroup ? '分值' : fieldLabel(name),
        kind: typeof node === 'number' ? 'number' : 'boolean',
        value: node,
      })
      return
    }
    if (Array.isArray(node)) {
      node.forEach((el, i) => walk(el, [...path, i], [...names, segmentName(el, i)], node))
      return
    }
    if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k], [...names, k], node)
    }
  }

  walk(rules, [], [], undefined)
  return [...groups.values()].filter((g) => g.fields.length > 0)
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}

/** A copy of the original rules with the edited values written back. */
export function unflattenRules<T>(original: T, groups: readonly RuleGroup[]): T {
  const out = clone(original) as unknown
  for (const g of groups) {
    for (const f of g.fields) {
      if (f.path.length === 0) continue
      let node = out as Record<string | number, unknown>
      for (const seg of f.path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>
      node[f.path[f.path.length - 1]] = f.value
    }
  }
  return out as T
}

/** Fields left empty (a number input cleared): key → message. */
export function checkRules(groups: readonly RuleGroup[]): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const g of groups) {
    for (const f of g.fields) {
      if (f.kind === 'number' && (typeof f.value !== 'number' || !Number.isFinite(f.value))) {
        errors[f.key] = `请填写${g.label}的${f.label}`
      }
    }
  }
  return errors
}

/** `rules[3].points` → `rules.3.points`. */
export function normaliseField(field: string): string {
  return field.replace(/\[(\w+)\]/g, '.$1').replace(/^\./, '')
}

export interface RuleErrors {
  /** by field key */
  fields: Record<string, string>
  /** by group key (an error naming the rule, not one of its numbers) */
  groups: Record<string, string>
  /** errors that name nothing on the form */
  rest: string[]
}

const matches = (names: readonly string[], f: string) => names.some((n) => n === f || n.endsWith(`.${f}`) || f.endsWith(`.${n}`))

/** Puts the server's `errors[{field, message}]` on the fields and groups of the form. */
export function ruleErrorsFrom(errors: readonly { field: string; message: string }[], groups: readonly RuleGroup[]): RuleErrors {
  const out: RuleErrors = { fields: {}, groups: {}, rest: [] }
  for (const e of errors) {
    const f = normaliseField(e.field || '')
    const field = f ? groups.flatMap((g) => g.fields).find((x) => matches(x.aliases, f)) : undefined
    if (field) {
      out.fields[field.key] ??= e.message
      continue
    }
    const group = f ? groups.find((g) => matches(g.aliases, f)) : undefined
    if (group) out.groups[group.key] ??= e.message
    else out.rest.push(e.message)
  }
  return out
}
