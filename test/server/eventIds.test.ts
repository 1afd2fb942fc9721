import { describe, expect, it } from 'vitest'
import { compareEventIds, isEventId } from '../../src/server'
import { compareIds } from '../../src/server/order'

describe('compareEventIds', () => {
  it('orders integer ids and Redis stream ids numerically, part by part', () => {
    expect(compareEventIds('9', '10')).toBeLessThan(0)
    expect(compareEventIds('1700000000000-10', '1700000000000-9')).toBeGreaterThan(0)
    expect(compareEventIds('1700000000001-0', '1700000000000-99')).toBeGreaterThan(0)
    expect(compareEventIds('5', '5-0')).toBe(0)
    expect(compareEventIds('18446744073709551615-1', '18446744073709551615-0')).toBeGreaterThan(0)
  })

  it('refuses what is not an event id', () => {
    expect(isEventId('12-3')).toBe(true)
    for (const bad of ['', 'abc', '1-2-3', '-1', '1.5']) expect(isEventId(bad), bad).toBe(false)
    expect(() => compareEventIds('x', '1')).toThrow(TypeError)
  })
})

describe('compareIds (the list tie-break)', () => {
  it('compares integer strings as integers and others by code units', () => {
    expect(compareIds('10', '9')).toBeGreaterThan(0)
    expect(compareIds('n10', 'n9')).toBeLessThan(0)
    expect(compareIds('b', 'a')).toBeGreaterThan(0)
    expect(compareIds('12345678901234567890', '12345678901234567891')).toBeLessThan(0)
  })
})
