import { describe, expect, it } from 'vitest'
import { formatTime, isLocked, todayInChina } from '@/utils/time'
import { sortParam, splitPhrases } from '@/utils/labels'
import { useFieldErrors } from '@/composables/useFieldErrors'
import { ApiError } from '@/api/client'

describe('time', () => {
  it('shows UTC timestamps in China time as YYYY-MM-DD HH:mm:ss', () => {
    expect(formatTime('2026-01-01T16:00:00Z')).toBe('2026-01-02 00:00:00')
    expect(formatTime('2026-06-30T23:59:59.999Z')).toBe('2026-07-01 07:59:59')
    expect(formatTime('2026-03-05T08:09:10+08:00')).toBe('2026-03-05 08:09:10')
    expect(formatTime(null)).toBe('-')
    expect(formatTime('not a date')).toBe('-')
  })

  it('knows the date in China and whether a lock is still running', () => {
    expect(todayInChina(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28')
    const now = Date.parse('2026-11-28T00:00:00Z')
    expect(isLocked('2026-11-28T00:15:00Z', now)).toBe(true)
    expect(isLocked('2026-11-27T23:00:00Z', now)).toBe(false)
    expect(isLocked(null, now)).toBe(false)
  })
})

describe('helpers', () => {
  it('maps table sorting onto the contract’s sort parameter', () => {
    expect(sortParam('name', 'ascending')).toBe('name')
    expect(sortParam('updated_at', 'descending')).toBe('-updated_at')
    expect(sortParam('name', null)).toBeUndefined()
  })

  it('splits pasted unit phrases by line and 、', () => {
    expect(splitPhrases('局政策法规科、各区商务局\n\n 局各相关科室 \n各区商务局')).toEqual([
      '局政策法规科',
      '各区商务局',
      '局各相关科室',
    ])
  })

  it('puts indexed field errors on their base field', () => {
    const fe = useFieldErrors(['name', 'aliases'] as const)
    const matched = fe.apply(
      new ApiError(400, 'validation_failed', '有误', [
        { field: 'aliases[1]', code: 'too_long', message: '别名不能超过50个字' },
        { field: 'other', code: 'x', message: '不相关' },
      ]),
    )
    expect(matched).toBe(true)
    expect(fe.errors.aliases).toBe('别名不能超过50个字')
    expect(fe.errors.name).toBe('')
    fe.clear()
    expect(fe.errors.aliases).toBe('')
  })
})
