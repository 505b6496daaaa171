import { downloadExport, http } from './client'
import type {
  ListParams,
  Org,
  OrgContact,
  OrgGroup,
  OrgGroupInput,
  OrgInput,
  OrgKind,
  OrgTreeNode,
  Page,
  ResolveResult,
} from './types'

export interface OrgFilter {
  kind?: OrgKind | ''
  parent_id?: string | null
  q?: string
}

const id = (v: string) => encodeURIComponent(v)

export const orgApi = {
  list: (f: OrgFilter & ListParams) => http.get<Page<Org>>('/api/orgs', { ...f }),
  export: (f: OrgFilter & { sort?: string }) => downloadExport('/api/orgs/export', { ...f }, '组织机构.xlsx'),
  tree: () => http.get<OrgTreeNode[]>('/api/orgs/tree'),
  get: (orgId: string) => http.get<Org>(`/api/orgs/${id(orgId)}`),
  create: (body: OrgInput) => http.post<Org>('/api/orgs', body, { silent: true }),
  update: (orgId: string, body: OrgInput) => http.put<Org>(`/api/orgs/${id(orgId)}`, body, { silent: true }),
  remove: (orgId: string) => http.del(`/api/orgs/${id(orgId)}`),
  resolve: (phrases: string[]) => http.post<ResolveResult>('/api/orgs/resolve', { phrases }),
  /** Where the unit's reminders are also sent (e-mail, group robot); silent: the drawer handles failures. */
  contact: (orgId: string) => http.get<OrgContact>(`/api/orgs/${id(orgId)}/contact`, undefined, { silent: true }),
  saveContact: (orgId: string, body: OrgContact) =>
    http.put<OrgContact>(`/api/orgs/${id(orgId)}/contact`, body, { silent: true }),
}

export const groupApi = {
  list: () => http.get<OrgGroup[]>('/api/org-groups'),
  create: (body: OrgGroupInput) => http.post<OrgGroup>('/api/org-groups', body, { silent: true }),
  update: (groupId: string, body: OrgGroupInput) =>
    http.put<OrgGroup>(`/api/org-groups/${id(groupId)}`, body, { silent: true }),
  remove: (groupId: string) => http.del(`/api/org-groups/${id(groupId)}`),
}
