import { describe, expect, it } from 'vitest'
import type { SortKey } from '../../src/inbox/order'
import { coverPage, forgetBelow, invalidateFrom, type Segment } from '../../src/inbox/segments'

const at = (created: number): SortKey => ({ created, id: `n${created}` })
const older = (high: number | null, cursor: string | null): Segment => ({
  kind: 'older',
  low: null,
  high: high === null ? null : at(high),
  cursor,
})
const unverified = (low: number | null, high: number | null, cursor: string | null): Segment => ({
  kind: 'unverified',
  low: low === null ? null : at(low),
  high: high === null ? null : at(high),
  cursor,
})

describe('segments: what the store owes', () => {
  it('the first page leaves the rest of the list owed, continuing at its cursor', () => {
    const start = older(null, null)
    expect(coverPage([start], start, at(80), 'c80')).toEqual([older(80, 'c80')])
  })

  it('the last page leaves nothing owed below it', () => {
    const rest = older(80, 'c80')
    expect(coverPage([rest], rest, at(1), null)).toEqual([])
  })

  it('a page that reaches below an unverified stretch closes it and eats into the next one', () => {
    const gap = unverified(50, null, null)
    const below = unverified(20, 40, 'c40')
    // The page holds 100..30: the gap is closed, and 40..30 of the lower stretch is known now.
    expect(coverPage([gap, below], gap, at(30), 'c30')).toEqual([unverified(20, 30, 'c30')])
  })

  it('a page that stops above the low end of its stretch leaves the rest, at the new cursor', () => {
    const gap = unverified(50, null, null)
    expect(coverPage([gap], gap, at(70), 'c70')).toEqual([unverified(50, 70, 'c70')])
  })

  it('keeps several gaps apart and never forgets one', () => {
    const top = unverified(80, null, null)
    const middle = unverified(40, 60, 'c60')
    const end = older(10, 'c10')
    expect(coverPage([top, middle, end], top, at(85), 'c85')).toEqual([unverified(80, 85, 'c85'), middle, end])
  })

  it('an empty page that points further knows nothing new but moves the cursor', () => {
    const gap = unverified(50, null, null)
    expect(coverPage([gap], gap, null, 'next')).toEqual([{ ...gap, cursor: 'next' }])
  })

  it('invalidating absorbs the unverified stretches it overlaps and starts above the older one', () => {
    const segments = [unverified(40, 60, 'c60'), older(10, 'c10')]
    expect(invalidateFrom(segments, null)).toEqual([unverified(10, null, null), older(10, 'c10')])
  })

  it('invalidating a complete list owes all of it', () => {
    expect(invalidateFrom([], null)).toEqual([unverified(null, null, null)])
  })

  it('before anything was loaded there is nothing to invalidate', () => {
    const start = older(null, null)
    expect(invalidateFrom([start], null)).toEqual([start])
  })

  it('dropping the oldest items forgets what was owed below the oldest kept one', () => {
    const segments = [unverified(40, 60, 'c60'), older(30, 'c30')]
    expect(forgetBelow(segments, at(50))).toEqual([unverified(50, 60, 'c60')])
  })
})
