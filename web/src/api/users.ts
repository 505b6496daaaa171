import { downloadExport, http } from './client'
import type { ListParams, Page, Role, User, UserCreated, UserCreateInput, UserUpdateInput } from './types'

export interface UserFilter {
  q?: string
  role?: string
  org_id?: string
  status?: '' | 'active' | 'disabled'
}

const id = (v: string) => encodeURIComponent(v)

export const userApi = {
  roles: () => http.get<Role[]>('/api/roles'),
  list: (f: UserFilter & ListParams) => http.get<Page<User>>('/api/users', { ...f }),
  export: (f: UserFilter & { sort?: string }) => downloadExport('/api/users/export', { ...f }, '用户.xlsx'),
  get: (userId: string) => http.get<User>(`/api/users/${id(userId)}`),
  create: (body: UserCreateInput) => http.post<UserCreated>('/api/users', body, { silent: true }),
  update: (userId: string, body: UserUpdateInput) => http.put<User>(`/api/users/${id(userId)}`, body, { silent: true }),
  disable: (userId: string) => http.post<User>(`/api/users/${id(userId)}/disable`),
  enable: (userId: string) => http.post<User>(`/api/users/${id(userId)}/enable`),
  unlock: (userId: string) => http.post<User>(`/api/users/${id(userId)}/unlock`),
  resetPassword: (userId: string) =>
    http.post<{ initial_password: string }>(`/api/users/${id(userId)}/reset-password`),
}
