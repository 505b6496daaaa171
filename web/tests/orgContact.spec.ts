import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h, ref } from 'vue'
import { createMemoryHistory } from 'vue-router'
import { configureClient } from '@/api/client'
import type { Org } from '@/api/types'
import { createAppRouter } from '@/router'
import { installClient } from '@/setup'
import { useAuthStore } from '@/stores/auth'
import OrgFormDrawer from '@/views/orgs/OrgFormDrawer.vue'
import { json, makeMe, mockFetch, problem, settle, type Call } from './helpers'

const ORG: Org = {
  id: 'd1',
  name: '秀英区商务局',
  kind: 'district',
  kind_label: '区商务局',
  parent_id: 'o1',
  parent_name: '海口市商务局',
  code: '460105',
  aliases: ['秀英区'],
  sort_order: 1,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

function formItemOf(id: string): HTMLElement {
  const item = byTestId(id)?.closest<HTMLElement>('.el-form-item')
  if (!item) throw new Error(`no form item around ${id}`)
  return item
}

const errorOf = (id: string) => formItemOf(id).querySelector('.el-form-item__error')?.textContent?.trim()

async function typeInto(id: string, value: string) {
  const input = byTestId(id) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await settle(1)
}

async function choose(id: string, text: string) {
  ;(byTestId(id)!.querySelector('.el-select__wrapper') as HTMLElement).click()
  await settle()
  const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.includes(text))
  if (!option) throw new Error(`no option ${text}`)
  option.click()
  await settle()
}

function mountDrawer(org: Org | null, onSaved = vi.fn()): VueWrapper {
  const Host = defineComponent({
    setup() {
      const open = ref(true)
      return () =>
        h(OrgFormDrawer, {
          modelValue: open.value,
          'onUpdate:modelValue': (v: boolean) => (open.value = v),
          org,
          tree: [],
          onSaved,
        })
    },
  })
  const router = createAppRouter(createMemoryHistory())
  installClient(router)
  return mount(Host, { global: { plugins: [router] }, attachTo: document.body })
}

describe('unit notification settings (通知方式)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().setMe(makeMe(['org.read', 'org.write']))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('loads the contact, saves it with PUT and puts the server’s field errors on its fields', async () => {
    const orgPuts: Call[] = []
    const contactPuts: Call[] = []
    let contactAnswer: 'invalid' | 'ok' = 'invalid'
    mockFetch({
      'GET /api/orgs/d1/contact': json({ email: 'xy@example.gov.cn', webhook_url: null, webhook_kind: null }),
      'PUT /api/orgs/d1': (call) => {
        orgPuts.push(call)
        return json(ORG)
      },
      'PUT /api/orgs/d1/contact': (call) => {
        contactPuts.push(call)
        return contactAnswer === 'invalid'
          ? problem(400, 'validation_failed', '提交的内容有误', [
              { field: 'email', code: 'invalid', message: '通知邮箱格式不正确' },
              { field: 'webhook_url', code: 'invalid', message: '群机器人地址应以 http:// 或 https:// 开头' },
              { field: 'webhook_kind', code: 'invalid_enum', message: '群机器人类型应为 wecom（企业微信）或 dingtalk（钉钉）' },
            ])
          : json(call.body)
      },
    })
    const notify = vi.fn()
    const saved = vi.fn()
    const wrapper = mountDrawer(ORG, saved)
    configureClient({ notify })
    await settle(5)

    expect((byTestId('org-contact-email') as HTMLInputElement).value).toBe('xy@example.gov.cn')
    expect((byTestId('org-contact-webhook-url') as HTMLInputElement).value).toBe('')

    await typeInto('org-contact-email', 'aqk@example.gov.cn')
    await choose('org-contact-webhook-kind', '钉钉')
    await typeInto('org-contact-webhook-url', 'https://oapi.dingtalk.com/robot/send?access_token=abc')
    byTestId('org-form-submit')!.click()
    await settle(5)

    // the unit first, then its contact
    expect(orgPuts).toHaveLength(1)
    expect(contactPuts).toHaveLength(1)
    expect(contactPuts[0].body).toEqual({
      email: 'aqk@example.gov.cn',
      webhook_url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
      webhook_kind: 'dingtalk',
    })
    expect(contactPuts[0].headers.get('X-CSRF-Token')).toBe('csrf-abc123')
    expect(saved).toHaveBeenCalledTimes(1)

    // each message appears with its own transition: wait for all three (slow under load)
    await vi.waitFor(
      () => {
        expect(errorOf('org-contact-email')).toBe('通知邮箱格式不正确')
        expect(errorOf('org-contact-webhook-url')).toBe('群机器人地址应以 http:// 或 https:// 开头')
        expect(errorOf('org-contact-webhook-kind')).toBe('群机器人类型应为 wecom（企业微信）或 dingtalk（钉钉）')
      },
      { timeout: 15000 },
    )
    expect(errorOf('org-form-name')).toBeUndefined()
    expect(notify).toHaveBeenCalledWith('提交的内容有误')

    // the retry sends only the contact (the unit is saved already)
    contactAnswer = 'ok'
    byTestId('org-form-submit')!.click()
    await settle(5)
    expect(orgPuts).toHaveLength(1)
    expect(contactPuts).toHaveLength(2)
    wrapper.unmount()
  })

  it('sends no contact PUT when it did not change, and clears the robot type with its address', async () => {
    const contactPuts: Call[] = []
    mockFetch({
      'GET /api/orgs/d1/contact': json({ email: null, webhook_url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', webhook_kind: 'wecom' }),
      'PUT /api/orgs/d1': json(ORG),
      'PUT /api/orgs/d1/contact': (call) => {
        contactPuts.push(call)
        return json(call.body)
      },
    })
    const wrapper = mountDrawer(ORG)
    configureClient({ notify: () => {} })
    await settle(5)
    expect(byTestId('org-contact-webhook-kind')!.textContent).toContain('企业微信')

    byTestId('org-form-submit')!.click()
    await settle(5)
    expect(contactPuts).toHaveLength(0)
    wrapper.unmount()

    // removing the address removes the robot
    mountDrawer(ORG)
    await settle(5)
    await typeInto('org-contact-webhook-url', '')
    byTestId('org-form-submit')!.click()
    await settle(5)
    expect(contactPuts).toHaveLength(1)
    expect(contactPuts[0].body).toEqual({ email: null, webhook_url: null, webhook_kind: null })
  })

  it('asks for the robot type before sending an address without one', async () => {
    const contactPuts: Call[] = []
    mockFetch({
      'GET /api/orgs/d1/contact': json({ email: null, webhook_url: null, webhook_kind: null }),
      'PUT /api/orgs/d1': json(ORG),
      'PUT /api/orgs/d1/contact': (call) => {
        contactPuts.push(call)
        return json(call.body)
      },
    })
    const wrapper = mountDrawer(ORG)
    configureClient({ notify: () => {} })
    await settle(5)
    await typeInto('org-contact-webhook-url', 'https://oapi.dingtalk.com/robot/send?access_token=abc')
    byTestId('org-form-submit')!.click()
    await settle(5)
    expect(contactPuts).toHaveLength(0)
    await vi.waitFor(() => expect(errorOf('org-contact-webhook-kind')).toBe('请选择群机器人类型（企业微信或钉钉）'), { timeout: 15000 })
    wrapper.unmount()
  })
})
