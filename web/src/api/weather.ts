// 极端天气预警 (docs/api-weather.md): warnings entered by hand or imported from a CAP 1.2 file,
// the default action checklist per kind and colour, the enterprises' acknowledgements and
// reports, and the reminders to those that have not acknowledged yet.
import { http, uploadFile, type UploadOptions } from './client'
import type { FileBrief, ListParams, Page, Timestamp } from './types'

const id = (v: string) => encodeURIComponent(v)

/** 台风 暴雨 雷雨大风 高温 */
export type WeatherKind = 'typhoon' | 'rainstorm' | 'thunderstorm_gale' | 'heat'
/** 蓝色 黄色 橙色 红色 */
export type WarningColour = 'blue' | 'yellow' | 'orange' | 'red'
/** 待确认 已确认 已报告 */
export type AckState = 'pending' | 'acknowledged' | 'reported'

export interface Ref {
  id: string
  name: string
}

export interface AckCounts {
  total: number
  pending: number
  acknowledged: number
  reported: number
}

/** One enterprise's acknowledgement of a warning (and its report back). */
export interface Ack {
  enterprise_id: string
  enterprise_name: string
  district_name: string | null
  state: AckState
  state_label: string
  acknowledged_at: Timestamp | null
  acknowledged_by_name: string | null
  reported_at: Timestamp | null
  /** indices into the warning's `actions` */
  done: number[]
  note: string | null
  photos: FileBrief[]
  reminders_sent: number
}

export interface Warning {
  id: string
  kind: WeatherKind
  kind_label: string
  colour: WarningColour
  colour_label: string
  title: string
  description: string | null
  valid_from: Timestamp
  valid_to: Timestamp
  active: boolean
  cancelled: boolean
  cancel_reason: string | null
  source: 'manual' | 'cap'
  cap_identifier: string | null
  districts: Ref[]
  categories: Ref[]
  actions: string[]
  counts: AckCounts
  created_at: Timestamp
  created_by_name: string | null
  /** the caller's enterprise's acknowledgement (enterprise users) */
  my_ack: Ack | null
}

/** The body of POST /api/weather-warnings. */
export interface WarningInput {
  kind: WeatherKind
  colour: WarningColour
  title?: string
  district_ids: string[]
  /** empty: every industry category */
  category_ids: string[]
  /** RFC 3339 */
  valid_from: string
  valid_to: string
  description?: string
  actions: string[]
}

/** What a CAP file would become (POST /api/weather-warnings/cap?preview=true). */
export interface CapPreview {
  kind: WeatherKind
  colour: WarningColour
  title: string
  description: string | null
  valid_from: Timestamp | null
  valid_to: Timestamp | null
  identifier: string
  sender: string
  /** Alert, Update, Cancel */
  msg_type: string
  districts: Ref[]
  unmatched_areas: string[]
  actions: string[]
}

export interface WarningFilter {
  /** only `true` is sent: 仅看生效中 */
  active?: boolean
}

export interface AckFilter {
  state?: AckState | ''
  district_id?: string
}

export interface ReportInput {
  done: number[]
  note: string
  photos: string[]
}

export const weatherApi = {
  /** The default required-action checklist of a kind and colour. */
  actions: (kind: WeatherKind, colour: WarningColour) =>
    http.get<{ actions: string[] }>('/api/weather/actions', { kind, colour }, { silent: true }),
  list: (f: WarningFilter & ListParams) => http.get<Page<Warning>>('/api/weather-warnings', { ...f, active: f.active ? true : undefined }),
  /** Silent: the page shows "not found" itself. */
  get: (warningId: string) => http.get<Warning>(`/api/weather-warnings/${id(warningId)}`, undefined, { silent: true }),
  /** Silent: the form shows field errors and the detail. */
  create: (body: WarningInput) => http.post<Warning>('/api/weather-warnings', body, { silent: true }),
  cancel: (warningId: string, reason: string) => http.post<Warning>(`/api/weather-warnings/${id(warningId)}/cancel`, { reason }),
  /** Parses a CAP 1.2 file without saving anything. Silent: the dialog shows why a file is refused. */
  capPreview: (file: File, opts: UploadOptions = {}) =>
    uploadFile<CapPreview>('/api/weather-warnings/cap?preview=true', file, file.name || 'warning.xml', { silent: true, ...opts }),
  /** Imports a CAP 1.2 file: 201 a new warning (Alert / Update), 200 a cancelled one (Cancel). */
  capImport: (file: File, opts: UploadOptions = {}) =>
    uploadFile<Warning>('/api/weather-warnings/cap', file, file.name || 'warning.xml', { silent: true, ...opts }),

  acks: (warningId: string, f: AckFilter & ListParams) => http.get<Page<Ack>>(`/api/weather-warnings/${id(warningId)}/acks`, { ...f }),
  /** Staff: notifies every enterprise still 待确认. */
  remind: (warningId: string) => http.post<{ reminded: number }>(`/api/weather-warnings/${id(warningId)}/remind`),
  /** Enterprise: 确认收到. */
  ack: (warningId: string) => http.post<Ack>(`/api/weather-warnings/${id(warningId)}/ack`, {}),
  /** Enterprise: 报告落实情况. Silent: the card shows field errors. */
  report: (warningId: string, body: ReportInput) => http.post<Ack>(`/api/weather-warnings/${id(warningId)}/report`, body, { silent: true }),
}
