// Types of the foundation API contract (docs/api-contract.md).

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
