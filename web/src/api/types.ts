// Types of the foundation API contract (docs/api-contract.md) and of the campaign loop
// (docs/api-campaigns.md).

/** RFC 3339 timestamp in UTC, e.g. "2026-11-28T02:03:04Z". */
export type Timestamp = string
/** Calendar date YYYY-MM-DD. */
export type DateString = string

export type RoleCode =
  | 'system_admin'
  | 'security_admin'
  | 'audit_admin'
  | 'leader'
  | 'section_staff'
  | 'district_staff'
  | 'enterprise_user'
  | 'agency_user'

export type Permission =
  | 'org.read'
  | 'org.write'
  | 'user.read'
  | 'user.write'
  | 'user.role_admin'
  | 'security.policy'
  | 'security.sessions'
  | 'audit.read'
  | 'campaign.read'
  | 'campaign.write'

export type Pending = null | 'password_change' | 'totp_setup'

export interface User {
  id: string
  username: string
  display_name: string
  role: RoleCode | string
  role_label: string
  org_id: string | null
  org_name: string | null
  /** masked, e.g. 138****1234 */
  phone: string | null
  status: 'active' | 'disabled'
  locked_until: Timestamp | null
  must_change_password: boolean
  totp_enabled: boolean
  last_login_at: Timestamp | null
  /** The login before the latest one (上次登录). */
  previous_login_at: Timestamp | null
  created_at: Timestamp
}

export interface Me {
  user: User
  csrf_token: string
  pending: Pending
  demo: boolean
  permissions: string[]
}

export interface Meta {
  name: string
  version: string
  demo: boolean
}

export interface Health {
  status: string
  database: 'sqlite' | 'postgres' | string
  version: string
}

export interface Role {
  code: RoleCode | string
  label: string
  org_kinds: OrgKind[]
  admin: boolean
}

export type OrgKind = 'bureau' | 'section' | 'district' | 'enterprise' | 'agency'

export interface Org {
  id: string
  name: string
  kind: OrgKind
  kind_label: string
  parent_id: string | null
  parent_name: string | null
  code: string | null
  aliases: string[]
  sort_order: number
  created_at: Timestamp
  updated_at: Timestamp
}

export interface OrgTreeNode {
  id: string
  name: string
  kind: OrgKind
  children: OrgTreeNode[]
}

export interface OrgRef {
  id: string
  name: string
  kind: OrgKind
}

export interface OrgInput {
  name: string
  kind?: OrgKind
  parent_id: string | null
  code?: string | null
  aliases: string[]
  sort_order?: number
}

export type OrgGroupRule = 'districts' | 'sections' | 'enterprises' | 'explicit'

export interface OrgGroup {
  id: string
  name: string
  aliases: string[]
  rule: OrgGroupRule
  rule_label: string
  member_ids: string[]
  members: OrgRef[]
  created_at: Timestamp
  updated_at: Timestamp
}

export interface OrgGroupInput {
  name: string
  aliases: string[]
  rule: OrgGroupRule
  member_ids: string[]
}

export interface ResolveResult {
  resolved: { phrase: string; units: OrgRef[] }[]
  unresolved: string[]
}

export interface UserCreateInput {
  username: string
  display_name: string
  role: string
  org_id: string | null
  phone?: string
  password?: string
}

export interface UserUpdateInput {
  display_name: string
  role: string
  org_id: string | null
  phone?: string
}

export interface UserCreated {
  user: User
  initial_password: string
}

/** One of the caller's own sessions (GET /api/auth/sessions). */
export interface OwnSession {
  id: string
  created_at: Timestamp
  last_seen_at: Timestamp
  ip: string | null
  user_agent: string | null
  current: boolean
}

/** Any user's session (GET /api/security/sessions). */
export interface Session {
  id: string
  user_id: string
  username: string
  display_name: string
  role: string
  created_at: Timestamp
  last_seen_at: Timestamp
  ip: string | null
  user_agent: string | null
}

export interface Policy {
  min_length: number
  min_classes: number
  expiry_days: number
  max_failures: number
  lockout_minutes: number
  idle_timeout_minutes: number
  require_totp_for_admins: boolean
}

export interface TotpSetup {
  secret: string
  otpauth_url: string
  /** data:image/png;base64,… */
  qr_png: string
}

export type AuditResult = 'success' | 'failure' | 'denied'

export interface AuditRecord {
  id: string
  seq: number
  at: Timestamp
  actor_id: string | null
  actor_name: string | null
  role: string | null
  ip: string | null
  action: string
  action_label: string
  object_type: string | null
  object_id: string | null
  result: AuditResult
  detail: string | null
  before: unknown
  after: unknown
  hash: string
}

export interface AuditAction {
  code: string
  label: string
}

export interface AuditVerifyResult {
  ok: boolean
  checked: number
  first_broken: null | { seq: number; id: string; reason: string }
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

/** Common list parameters: page, page_size, sort (`field` or `-field`). */
export interface ListParams {
  page?: number
  page_size?: number
  sort?: string
}

export interface FieldError {
  field: string
  code: string
  message: string
}

export interface Problem {
  type?: string
  title?: string
  status: number
  code: string
  detail?: string
  errors?: FieldError[]
}

// ---------------------------------------------------------------------------
// Campaign loop (docs/api-campaigns.md): import, campaigns, tasks, assignments.

/** deadline `kind`: window 时间段, by 截止, ongoing 长期, recurring 周期, unknown 未识别 */
export type DeadlineKind = 'window' | 'by' | 'ongoing' | 'recurring' | 'unknown'

export interface Deadline {
  text: string
  kind?: DeadlineKind | string | null
  start: DateString | null
  end: DateString | null
  period?: string | null
}

export interface PlanGroupRef {
  id: string
  name: string
  rule: OrgGroupRule | string
}

/** A unit phrase of the plan (牵头单位 / 责任单位) as the server resolved it. */
export interface PlanEntry {
  phrase: string
  resolved: boolean
  group: PlanGroupRef | null
  /** empty for the enterprise group (see unit_count) and for unresolved phrases */
  units: OrgRef[]
  unit_count: number
}

export interface PreviewTask {
  key: number
  section: string
  section_number: string
  number: string
  text: string
  deadline: Deadline
  lead: PlanEntry[]
  responsible: PlanEntry[]
  warnings: string[]
}

export interface Preview {
  draft_id: string
  title: string
  year: number | null
  source_name: string | null
  warnings: string[]
  tasks: PreviewTask[]
  unresolved: string[]
}

/** An entry of the confirmed plan: a group, or the units the phrase stands for. */
export type CampaignEntryInput = { phrase: string; group_id: string } | { phrase: string; unit_ids: string[] }

export interface CampaignTaskInput {
  section: string
  number: string
  text: string
  deadline: { text: string; start: DateString | null; end: DateString | null }
  lead: CampaignEntryInput[]
  responsible: CampaignEntryInput[]
}

export interface CampaignCreateInput {
  draft_id: string
  title: string
  year: number | null
  tasks: CampaignTaskInput[]
}

export interface CampaignSummary {
  id: string
  title: string
  year: number
  owner_org_id: string | null
  owner_org_name: string | null
  source_name: string | null
  task_count: number
  assignment_count: number
  completed_count: number
  overdue_count: number
  created_at: Timestamp
  created_by_name: string | null
}

export type TaskStatus = 'not_started' | 'in_progress' | 'completed'

export interface TaskSummary {
  id: string
  campaign_id: string
  campaign_title: string
  seq: number
  section: string
  number: string
  text: string
  deadline: Deadline
  /** the part's own number (二 of （二）); empty when the plan has none */
  section_number?: string
  lead_units: OrgRef[]
  /** the lead unit phrases as written (or as entered by hand) */
  lead_phrases?: string[]
  responsible_phrases: string[]
  status: TaskStatus | string
  status_label: string
  overdue: boolean
  assignment_count: number
  completed_count: number
}

export type AssignmentState = 'not_started' | 'in_progress' | 'submitted' | 'completed' | 'returned'

export interface Assignment {
  id: string
  task_id: string
  task_number: string
  task_text: string
  section: string
  campaign_id: string
  campaign_title: string
  org_id: string
  org_name: string
  state: AssignmentState | string
  state_label: string
  percent: number
  latest_report: string | null
  /** the reporting period of a recurring task (2021年3月), else null */
  period_label?: string | null
  /** this assignment's own deadline: the period's end, or the task's end */
  due?: string | null
  deadline: Deadline
  overdue: boolean
  updated_at: Timestamp
  can_report: boolean
  can_review: boolean
}

/** One step of an assignment's history (the contract's `Event`). */
export interface TaskEvent {
  id: string
  assignment_id: string
  org_name: string
  action: 'report' | 'submit' | 'accept' | 'return' | string
  action_label: string
  actor_name: string
  at: Timestamp
  text: string | null
  percent: number | null
  reason: string | null
  /** files attached to a progress report */
  attachments?: FileBrief[]
}

export interface TaskDetail extends TaskSummary {
  assignments: Assignment[]
  timeline: TaskEvent[]
}

export interface ProgressInput {
  text: string
  percent: number
  submit: boolean
  /** ids of the caller's fresh uploads (POST /api/files), at most 20; sent only when there are some */
  attachments?: string[]
}

/** deadline `period` of a recurring task */
export type DeadlinePeriod = 'weekly' | 'monthly' | 'quarterly' | 'half_yearly' | 'yearly'

/**
 * A unit entry of a task as sent to the server (POST /api/campaigns/{id}/tasks, PUT
 * /api/tasks/{id}): a group, or the units the phrase stands for (as the import confirm).
 */
export type UnitEntryInput = CampaignEntryInput

/** The body of a hand-made or edited task. */
export interface TaskInput {
  section: string
  section_number: string
  number: string
  text: string
  deadline: {
    text: string
    kind: DeadlineKind | null
    start: DateString | null
    end: DateString | null
    period: DeadlinePeriod | null
  }
  lead: UnitEntryInput[]
  responsible: UnitEntryInput[]
}

// ---------------------------------------------------------------------------
// Files (POST /api/files, GET /api/files/{id}).

/** `kind` of an uploaded file, judged by its content on the server. */
export type FileKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'ole' | 'ofd' | 'zip' | 'text'

/** A file as lists and timelines show it. */
export interface FileBrief {
  id: string
  name: string
  kind: FileKind | string
  content_type: string
  size: number
  uploaded_at: Timestamp
  /** a thumbnail is served at `?thumb=true` (photos from POST /api/photos) */
  has_thumb?: boolean
  /** the camera's capture time (photos), when the picture carried one */
  taken_at?: Timestamp | null
}

// ---------------------------------------------------------------------------
// Battle map (挂图作战), reminders and notifications (docs/api-campaigns.md).

/** `band` of a board task: done 已完成, on_time 正常, at_risk 临期, overdue 逾期, open 长期 */
export type Band = 'done' | 'on_time' | 'at_risk' | 'overdue' | 'open'

export interface BoardTask {
  id: string
  seq: number
  section: string
  section_number: string
  number: string
  text: string
  deadline: Deadline
  status: TaskStatus | string
  band: Band | string
  assignment_count: number
  completed_count: number
}

export interface BoardUnit {
  id: string
  name: string
  kind: OrgKind | string
  assignments: number
  completed: number
  overdue: number
  /** completed / assignments, 0–1 */
  rate: number
}

export interface BoardCell {
  unit_id: string
  task_id: string
  assignment_id: string
  /** the reporting period of a recurring task (`2021年3月`) */
  period_label?: string | null
  state: AssignmentState | string
  overdue: boolean
}

export interface BoardItem {
  assignment_id: string
  task_id: string
  task_number: string
  task_text: string
  org_id: string
  org_name: string
  state: AssignmentState | string
  deadline_end: DateString | null
  /** days past the deadline (0 when not overdue) */
  days_overdue: number
}

/** Counts of every assignment a board covers (its scope and unit kind, not only the page). */
export interface BoardSummary {
  assignments: number
  completed: number
  overdue: number
  returned: number
  /** completed / assignments, 0–1 */
  rate: number
}

/** The enterprises' assignments summed per district (辖区企业). */
export interface BoardGroup {
  /** the district; null for enterprises outside any district (未划分辖区) */
  district_id: string | null
  name: string
  assignments: number
  completed: number
  overdue: number
  returned: number
  /** completed / assignments, 0–1 */
  rate: number
}

/** Which page of the enterprises a board carries. */
export interface BoardUnitPage {
  /** enterprises with assignments in the campaign that match `unit_q` */
  total: number
  /** 1-based */
  page: number
  page_size: number
}

/**
 * GET /api/campaigns/{id}/board. `units`/`cells`: the bureau's units of the chosen kind (all
 * of them), then one page of enterprises (most unfinished first) when the kind includes them.
 */
export interface Board {
  campaign: CampaignSummary
  /** today in China, the day the bands are computed for */
  today: DateString
  tasks: BoardTask[]
  summary: BoardSummary
  units: BoardUnit[]
  cells: BoardCell[]
  /** the enterprise page when the kind includes enterprises, else null */
  enterprises: BoardUnitPage | null
  /** enterprise completion per district when the kind includes enterprises (else empty) */
  groups: BoardGroup[]
  /** the most overdue first, at most 100 (`overdue_total` counts them all) */
  overdue: BoardItem[]
  overdue_total: number
  /** at most 100 (`returned_total` counts them all) */
  returned: BoardItem[]
  returned_total: number
}

/** Query of GET /api/campaigns/{id}/board besides `unit_kind`. */
export interface BoardParams {
  /** part of an enterprise's name */
  unit_q?: string
  /** 1-based page of enterprises */
  page?: number
  /** enterprises per page (server default 50, at most 200; 0 = none, only the figures) */
  page_size?: number
}

export interface ReminderRules {
  /** remind the responsible unit this many days before the deadline */
  before_days: number[]
  /** while overdue, remind again every this many days (0 = never) */
  overdue_every_days: number
  /** a daily digest to the lead unit */
  lead_digest: boolean
}

export type NotificationKind = 'deadline_soon' | 'deadline_today' | 'overdue' | 'lead_digest'

export interface AppNotification {
  id: string
  kind: NotificationKind | string
  title: string
  body: string
  /** an app route such as /my-tasks */
  link: string | null
  created_at: Timestamp
  read: boolean
}

export type WebhookKind = 'wecom' | 'dingtalk'

/** Where a unit's reminders are also sent (GET/PUT /api/orgs/{id}/contact). */
export interface OrgContact {
  email: string | null
  webhook_url: string | null
  webhook_kind: WebhookKind | null
}

// ===========================================================================
// Enterprises (企业管理): registry, import, accounts, 安全生产管理体系 (profile),
// 承诺公告 (commitment notices), completeness statistics, 行业类别 dictionary.
// (Own block, kept at the end of the file.)

export type NoticePeriod = 'daily' | 'weekly' | 'monthly'

/** how often an enterprise of a category records a self-check (自查周期) */
export type SelfCheckPeriod = 'none' | 'weekly' | 'monthly' | 'quarterly'

/** 行业类别 (GET /api/industry-categories). */
export interface IndustryCategory {
  id: string
  name: string
  /** how often its enterprises post a commitment notice; null: never */
  notice_period: NoticePeriod | null
  /** 自查周期 (default monthly; older servers may leave it out) */
  self_check_period?: SelfCheckPeriod
  sort_order: number
  enterprise_count: number
}

export interface IndustryCategoryInput {
  name: string
  notice_period: NoticePeriod | null
  self_check_period: SelfCheckPeriod
  sort_order: number
}

/** 经营状态: 在营 / 停业 / 注销 */
export type BusinessStatus = 'operating' | 'suspended' | 'cancelled'

export interface EnterpriseView {
  id: string
  name: string
  credit_code: string | null
  district_id: string | null
  district_name: string
  category_id: string | null
  category_name: string | null
  is_key: boolean
  address: string | null
  longitude: number | null
  latitude: number | null
  legal_rep: string | null
  principal: string | null
  /** masked in lists (138****1234) */
  principal_phone: string | null
  safety_manager: string | null
  safety_manager_phone: string | null
  employees: number | null
  floor_area: number | null
  status: BusinessStatus | string
  status_label: string
  /** completeness of the profile, 0–100 */
  profile_score: number
  /** false for units created only in the org directory (no registry fields yet) */
  registered: boolean
  updated_at: Timestamp
}

export interface EnterpriseInput {
  name: string
  credit_code: string
  district_id: string | null
  category_id: string | null
  is_key: boolean
  address: string | null
  longitude: number | null
  latitude: number | null
  legal_rep: string | null
  principal: string | null
  principal_phone: string | null
  safety_manager: string | null
  safety_manager_phone: string | null
  employees: number | null
  floor_area: number | null
  status: BusinessStatus
}

/** One problem of an import file, by its Excel row and column. */
export interface ImportProblem {
  row: number
  column: string
  field: string
  message: string
}

export interface ImportReport {
  draft_id: string | null
  /** data rows read (the header excluded) */
  rows: number
  /** rows without problems */
  valid: number
  /** of the valid rows: new enterprises, already registered ones */
  new: number
  existing: number
  problems: ImportProblem[]
  /** after an import */
  created: number
  updated: number
  skipped: number
}

export interface ImportConfirmInput {
  draft_id: string
  valid_only: boolean
  existing: 'update' | 'skip'
}

/** An enterprise account (GET /api/enterprises/{id}/accounts): a User. */
export type EnterpriseAccount = User

export interface EnterpriseAccountInput {
  username: string
  display_name: string
  phone?: string
}

export interface EnterpriseAccountCreated {
  user: User
  /** the one-time initial password */
  password: string
}

export type ProfileItemCode = 'responsibility' | 'rules' | 'team' | 'standardization' | 'risk_reporting' | 'commitment'

export type ProfileState = 'missing' | 'draft' | 'submitted' | 'approved' | 'returned'

export interface ProfileAttachment {
  id: string
  name: string
  size: number
  content_type: string
}

export interface ProfileItemView {
  item: ProfileItemCode
  label: string
  state: ProfileState | string
  state_label: string
  data: Record<string, unknown> | null
  attachments: ProfileAttachment[]
  updated_by_name: string | null
  updated_at: Timestamp | null
  submitted_at: Timestamp | null
  reviewed_by_name: string | null
  reviewed_at: Timestamp | null
  review_comment: string | null
  /** 安全生产标准化: the certificate's expiry */
  expires_on?: DateString | null
  can_edit: boolean
  can_submit: boolean
  can_review: boolean
  /** why 提交审核 is not possible yet (null: it is) */
  submit_blocker: string | null
}

export interface ProfileCompleteness {
  score: number
  filled: number
  approved: number
  total: number
  /** items not approved yet (codes) */
  missing: ProfileItemCode[]
}

export interface EnterpriseProfile {
  enterprise_id: string
  enterprise_name: string
  completeness: ProfileCompleteness
  items: ProfileItemView[]
}

export interface ProfileItemInput {
  data: Record<string, unknown>
  /** ids of fresh uploads (POST /api/files) to attach */
  attachments: string[]
  /** ids of attachments to remove */
  remove_attachments: string[]
}

export interface NoticeItem {
  id: string
  period_label: string
  content: string
  posted_by_name: string | null
  posted_at: Timestamp
}

export interface NoticeList {
  period: NoticePeriod | null
  period_label: string | null
  /** the current period's notice is posted */
  posted: boolean
  /** the caller may post (the enterprise's own user) */
  can_post?: boolean
  default_content: string
  items: NoticeItem[]
}

export interface CompletenessRow {
  /** the district or category (null: enterprises without a category) */
  id: string | null
  name: string
  enterprises: number
  average_score: number
  /** enterprises whose every item is approved */
  complete: number
  approved_by_item: Partial<Record<ProfileItemCode, number>>
}
