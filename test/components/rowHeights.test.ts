import { describe, expect, it } from 'vitest'
import { RowHeights } from '../../src/components/rowHeights'

describe('RowHeights', () => {
  it('estimates unmeasured rows with the initial estimate, then with the mean of the measured ones', () => {
    const heights = new RowHeights(50)
    expect(heights.offsetOf(4)).toBe(200)
    expect(heights.set(0, 40)).toBe(true)
    expect(heights.set(1, 80)).toBe(true)
    expect(heights.estimate).toBe(60)
    expect(heights.offsetOf(4)).toBe(40 + 80 + 60 + 60)
    expect(heights.set(1, 80)).toBe(false)
    expect(heights.set(1, 20)).toBe(true)
    expect(heights.estimate).toBe(30)
  })

  it('gives the rows meeting a band, widened by the overscan, and the space of the others', () => {
    const heights = new RowHeights(100)
    // Rows 0-9 at 0, 100, ... 900; the band 250-450 meets rows 2-4.
    expect(heights.range(10, 250, 200, 0)).toEqual({ start: 2, end: 5, before: 200, after: 500 })
    expect(heights.range(10, 250, 200, 100)).toEqual({ start: 1, end: 6, before: 100, after: 400 })
    // Past the end: the last row; an empty list: nothing.
    expect(heights.range(10, 5000, 200, 0)).toEqual({ start: 9, end: 10, before: 900, after: 0 })
    expect(heights.range(0, 0, 200, 0)).toEqual({ start: 0, end: 0, before: 0, after: 0 })
  })

  it('estimates at least 1 px and ignores unusable measurements', () => {
    expect(new RowHeights(0).estimate).toBe(1)
    const heights = new RowHeights(10)
    expect(heights.set(0, Number.NaN)).toBe(false)
    expect(heights.set(0, -1)).toBe(false)
    expect(heights.heightOf(0)).toBe(10)
  })
})
