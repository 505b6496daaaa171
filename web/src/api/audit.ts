import { downloadExport, http } from './client'
import type { AuditAction, AuditRecord, AuditResult, AuditVerifyResult, DateString, ListParams, Page } from './types'

export interface AuditFilter {
  actor?: string
  action?: string
  object_type?: string
  result?: AuditResult | ''
  from?: DateString
  to?: DateString
  q?: string
}

export const auditApi = {
  list: (f: AuditFilter & ListParams) => http.get<Page<AuditRecord>>('/api/audit', { ...f }),
  export: (f: AuditFilter) => downloadExport('/api/audit/export', { ...f }, '审计日志.xlsx'),
  actions: () => http.get<AuditAction[]>('/api/audit/actions'),
  verify: () => http.post<AuditVerifyResult>('/api/audit/verify'),
}
