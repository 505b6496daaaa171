// The campaign loop (docs/api-campaigns.md): plan import, campaigns, tasks, assignments,
// the battle map (挂图作战) and the reminder rules.
import { downloadExport, http, request } from './client'
import type {
  Assignment,
  AssignmentState,
  Board,
  BoardParams,
  CampaignCreateInput,
  CampaignSummary,
  ListParams,
  Page,
  Preview,
  OrgKind,
  ProgressInput,
  ReminderRules,
  TaskDetail,
  TaskInput,
  TaskStatus,
  TaskSummary,
} from './types'

const id = (v: string) => encodeURIComponent(v)

/** What the import wizard sends to the parser: a file, or pasted text. */
export type PlanSource = { file: File } | { text: string }

export interface CampaignFilter {
  year?: number | string | null
  q?: string
}

export interface TaskFilter {
  campaign_id?: string
  status?: TaskStatus | ''
  /** only `true` is sent: "only the overdue ones" */
  overdue?: boolean
  unit_id?: string | null
  q?: string
}

export interface AssignmentFilter {
  mine?: boolean
  state?: AssignmentState | ''
  campaign_id?: string
}

export const campaignApi = {
  /**
   * POST /api/campaigns/preview: a file goes as its raw bytes (application/octet-stream,
   * named by `file_name`), pasted text as `text/plain; charset=utf-8`. Errors are silent:
   * the wizard shows `plan_invalid` / `payload_too_large` itself.
   */
  preview: (source: PlanSource, year?: number | null) =>
    'file' in source
      ? request<Preview>('/api/campaigns/preview', {
          method: 'POST',
          query: { file_name: source.file.name, year: year ?? undefined },
          rawBody: source.file,
          contentType: 'application/octet-stream',
          silent: true,
        })
      : request<Preview>('/api/campaigns/preview', {
          method: 'POST',
          query: { year: year ?? undefined },
          rawBody: source.text,
          contentType: 'text/plain; charset=utf-8',
          silent: true,
        }),
  create: (body: CampaignCreateInput) => http.post<CampaignSummary>('/api/campaigns', body, { silent: true }),
  list: (f: CampaignFilter & ListParams) => http.get<Page<CampaignSummary>>('/api/campaigns', { ...f }),
  get: (campaignId: string) => http.get<CampaignSummary>(`/api/campaigns/${id(campaignId)}`),
  /** The original document (a plain link: the session cookie authorises the download). */
  sourceUrl: (campaignId: string) => `/api/campaigns/${id(campaignId)}/source`,
  /**
   * Adds a task by hand (only the section that imported the campaign). Silent: the task
   * form shows field errors and the detail itself.
   */
  createTask: (campaignId: string, body: TaskInput) =>
    http.post<TaskDetail>(`/api/campaigns/${id(campaignId)}/tasks`, body, { silent: true }),
  /**
   * 挂图作战; `unitKind` limits `units`, `cells`, the figures and the lists (empty: every kind);
   * `opts` chooses the page of enterprises (and filters them by name).
   */
  board: (campaignId: string, unitKind?: OrgKind | '', opts: BoardParams = {}) =>
    http.get<Board>(`/api/campaigns/${id(campaignId)}/board`, {
      unit_kind: unitKind || undefined,
      unit_q: opts.unit_q?.trim() || undefined,
      page: opts.page,
      page_size: opts.page_size,
    }),
  reminderRules: (campaignId: string) => http.get<ReminderRules>(`/api/campaigns/${id(campaignId)}/reminder-rules`),
  /** Silent: the rules dialog shows a 403 (not the owner section) and field errors itself. */
  saveReminderRules: (campaignId: string, body: ReminderRules) =>
    http.put<ReminderRules>(`/api/campaigns/${id(campaignId)}/reminder-rules`, body, { silent: true }),
}

function taskQuery(f: TaskFilter) {
  return { ...f, overdue: f.overdue ? true : undefined, unit_id: f.unit_id ?? undefined }
}

export const taskApi = {
  list: (f: TaskFilter & ListParams) => http.get<Page<TaskSummary>>('/api/tasks', taskQuery(f)),
  export: (f: TaskFilter & { sort?: string }) => downloadExport('/api/tasks/export', taskQuery(f), '工作任务.xlsx'),
  get: (taskId: string) => http.get<TaskDetail>(`/api/tasks/${id(taskId)}`),
  /** Silent: the task form shows field errors and a 409 (a unit that has reported) itself. */
  update: (taskId: string, body: TaskInput) => http.put<TaskDetail>(`/api/tasks/${id(taskId)}`, body, { silent: true }),
  /** 409 when a unit has reported on it (the detail is shown as a message). */
  remove: (taskId: string) => http.del(`/api/tasks/${id(taskId)}`),
}

export const assignmentApi = {
  list: (f: AssignmentFilter & ListParams) =>
    http.get<Page<Assignment>>('/api/assignments', { ...f, mine: f.mine ? true : undefined }),
  /** `key` (see `submissionKey`) is the same on each retry of one report. */
  progress: (assignmentId: string, body: ProgressInput, key?: string) =>
    http.post<Assignment>(`/api/assignments/${id(assignmentId)}/progress`, body, { silent: true, idempotencyKey: key }),
  accept: (assignmentId: string, comment: string) =>
    http.post<Assignment>(`/api/assignments/${id(assignmentId)}/accept`, { comment }, { silent: true }),
  return: (assignmentId: string, reason: string) =>
    http.post<Assignment>(`/api/assignments/${id(assignmentId)}/return`, { reason }, { silent: true }),
}
