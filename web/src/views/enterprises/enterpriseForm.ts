// The 新增/编辑企业 form: its model (text inputs), the record it is filled from, and the
// EnterpriseInput it sends, with the client checks that mirror the server's.
import type { BusinessStatus, EnterpriseInput, EnterpriseView } from '@/api/types'
import { isCreditCode } from './labels'

/** Every field of EnterpriseInput, in form order (also where server errors land). */
export const ENTERPRISE_FIELDS = [
  'name',
  'credit_code',
  'district_id',
  'category_id',
  'is_key',
  'status',
  'address',
  'longitude',
  'latitude',
  'legal_rep',
  'principal',
  'principal_phone',
  'safety_manager',
  'safety_manager_phone',
  'employees',
  'floor_area',
] as const

export type EnterpriseField = (typeof ENTERPRISE_FIELDS)[number]

/** The form model: numbers are typed as text so an empty box means "not given". */
export interface EnterpriseForm {
  name: string
  credit_code: string
  district_id: string | null
  category_id: string | null
  is_key: boolean
  status: BusinessStatus
  address: string
  longitude: string
  latitude: string
  legal_rep: string
  principal: string
  principal_phone: string
  safety_manager: string
  safety_manager_phone: string
  employees: string
  floor_area: string
}

export function emptyEnterpriseForm(districtId: string | null = null): EnterpriseForm {
  return {
    name: '',
    credit_code: '',
    district_id: districtId,
    category_id: null,
    is_key: false,
    status: 'operating',
    address: '',
    longitude: '',
    latitude: '',
    legal_rep: '',
    principal: '',
    principal_phone: '',
    safety_manager: '',
    safety_manager_phone: '',
    employees: '',
    floor_area: '',
  }
}

const text = (v: string | null | undefined) => v ?? ''
const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '')

/** The form filled from a record (GET one: full phone numbers for staff). */
export function enterpriseToForm(e: EnterpriseView): EnterpriseForm {
  const status = (['operating', 'suspended', 'cancelled'] as const).find((s) => s === e.status) ?? 'operating'
  return {
    name: e.name,
    credit_code: text(e.credit_code),
    district_id: e.district_id,
    category_id: e.category_id,
    is_key: !!e.is_key,
    status,
    address: text(e.address),
    longitude: num(e.longitude),
    latitude: num(e.latitude),
    legal_rep: text(e.legal_rep),
    principal: text(e.principal),
    principal_phone: text(e.principal_phone),
    safety_manager: text(e.safety_manager),
    safety_manager_phone: text(e.safety_manager_phone),
    employees: num(e.employees),
    floor_area: num(e.floor_area),
  }
}

/** The server's rule: a mobile number (11 digits, 1…), or a landline 0… of 10–12 digits with at most two '-'. */
export function isPhone(p: string): boolean {
  if (/^1\d{10}$/.test(p)) return true
  const digits = p.replace(/-/g, '')
  return p.startsWith('0') && /^\d{10,12}$/.test(digits) && (p.match(/-/g)?.length ?? 0) <= 2
}

export interface FormResult {
  input: EnterpriseInput
  /** client-side problems by field (the form is not sent while there are any) */
  errors: Partial<Record<EnterpriseField, string>>
}

/**
 * The EnterpriseInput of a form: trimmed texts (blank → null), the credit code in upper
 * case without blanks, numbers parsed (blank → null), phones without blanks. `errors` lists
 * what the server would refuse anyway, in its words, so it can be shown before sending.
 */
export function formToInput(f: EnterpriseForm): FormResult {
  const errors: Partial<Record<EnterpriseField, string>> = {}
  const opt = (v: string) => {
    const t = v.trim()
    return t ? t : null
  }
  const number = (field: EnterpriseField, label: string, v: string, integer = false): number | null => {
    const t = v.trim().replace(/[,，]/g, '')
    if (!t) return null
    const n = Number(t)
    if (!Number.isFinite(n)) {
      errors[field] = `${label}应为数字`
      return null
    }
    if (integer && !Number.isInteger(n)) {
      errors[field] = `${label}应为整数`
      return null
    }
    return n
  }
  const phone = (field: EnterpriseField, label: string, v: string): string | null => {
    const p = v.replace(/\s+/g, '')
    if (!p) return null
    if (!isPhone(p)) errors[field] = `${label}格式不正确（手机号11位，或区号-号码如0898-66668888）`
    return p
  }

  const name = f.name.trim()
  if (!name) errors.name = '请输入企业名称'
  else if ([...name].length < 2) errors.name = '企业名称至少2个字'
  const credit = f.credit_code.replace(/\s+/g, '').toUpperCase()
  if (!credit) errors.credit_code = '请输入统一社会信用代码'
  else if (!isCreditCode(credit)) errors.credit_code = '统一社会信用代码无效（应为18位，校验位须符合GB 32100-2015）'
  if (!f.district_id) errors.district_id = '请选择所属区'
  if (!f.category_id) errors.category_id = '请选择行业类别'

  const longitude = number('longitude', '经度', f.longitude)
  const latitude = number('latitude', '纬度', f.latitude)
  if (longitude !== null && (longitude < 73 || longitude > 136)) errors.longitude = '经度应在73到136之间（中国境内）'
  if (latitude !== null && (latitude < 3 || latitude > 54)) errors.latitude = '纬度应在3到54之间（中国境内）'
  if ((longitude === null) !== (latitude === null) && !errors.longitude && !errors.latitude) {
    errors[longitude === null ? 'longitude' : 'latitude'] = '经度和纬度须同时填写'
  }
  const employees = number('employees', '从业人员数', f.employees, true)
  if (employees !== null && employees < 0) errors.employees = '从业人员数不能为负数'
  const floorArea = number('floor_area', '营业面积', f.floor_area)
  if (floorArea !== null && floorArea < 0) errors.floor_area = '营业面积不能为负数'

  const input: EnterpriseInput = {
    name,
    credit_code: credit,
    district_id: f.district_id,
    category_id: f.category_id,
    is_key: f.is_key,
    address: opt(f.address),
    longitude,
    latitude,
    legal_rep: opt(f.legal_rep),
    principal: opt(f.principal),
    principal_phone: phone('principal_phone', '主要负责人电话', f.principal_phone),
    safety_manager: opt(f.safety_manager),
    safety_manager_phone: phone('safety_manager_phone', '安全管理人员电话', f.safety_manager_phone),
    employees,
    floor_area: floorArea,
    status: f.status,
  }
  return { input, errors }
}
