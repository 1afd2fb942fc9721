import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { useRowWindow } from '../../src/components/useRowWindow'

/** A scroller of `viewport` px showing rows of `rowHeight` px; jsdom has no layout, so the sizes are set by hand. */
function fakeScroller(viewport: number, rowHeight: number, rendered: () => readonly number[]) {
  const element = document.createElement('div')
  Object.defineProperty(element, 'clientHeight', { get: () => viewport })
  element.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: 300, height: viewport })
  const sync = () => {
    element.replaceChildren(
      ...rendered().map((index) => {
        const row = document.createElement('div')
        row.dataset.index = String(index)
        const top = index * rowHeight - element.scrollTop
        row.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: top, width: 300, height: rowHeight })
        return row
      }),
    )
  }
  document.body.append(element)
  return { element, sync }
}

const scopes: ReturnType<typeof effectScope>[] = []
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.stop()
  document.body.innerHTML = ''
})

async function setUp(count: number, viewport: number, rowHeight: number) {
  const scroller = shallowRef<HTMLElement | null>(null)
  const scope = effectScope()
  scopes.push(scope)
  const window = scope.run(() => useRowWindow({ count, scroller, estimate: rowHeight, overscan: 0 }))!
  const indices = () => Array.from({ length: window.range.value.end - window.range.value.start }, (_, i) => window.range.value.start + i)
  const fake = fakeScroller(viewport, rowHeight, indices)
  scroller.value = fake.element
  // The scroll listener is attached by a watcher.
  await nextTick()
  return { window, fake }
}

describe('useRowWindow', () => {
  it('renders the rows that fit the initial height until measured, and every row once measured without a height', () => {
    const scroller = shallowRef<HTMLElement | null>(null)
    const scope = effectScope()
    scopes.push(scope)
    const { range, measure } = scope.run(() => useRowWindow({ count: 500, scroller, estimate: 50, overscan: 100, initialHeight: 400 }))!
    // 400 px plus 100 px of overscan below: 10 rows of 50 px; the other 490 stand in as padding.
    expect(range.value).toEqual({ start: 0, end: 10, before: 0, after: 490 * 50 })
    scroller.value = fakeScroller(0, 50, () => []).element
    measure()
    expect(range.value).toEqual({ start: 0, end: 500, before: 0, after: 0 })
  })

  it('renders the rows in view once measured and follows the scroll position', async () => {
    const { window, fake } = await setUp(1000, 200, 50)
    fake.sync()
    window.measure()
    expect(window.range.value).toEqual({ start: 0, end: 4, before: 0, after: 996 * 50 })
    fake.element.scrollTop = 1000
    fake.element.dispatchEvent(new Event('scroll'))
    await nextTick()
    expect(window.range.value).toMatchObject({ start: 20, end: 24, before: 1000 })
  })

  it('scrolls the least needed to reveal a row', async () => {
    const { window, fake } = await setUp(1000, 200, 50)
    fake.sync()
    window.measure()
    window.reveal(10)
    // Row 10 spans 500-550: its bottom meets the bottom of the 200 px viewport.
    expect(fake.element.scrollTop).toBe(350)
    expect(window.range.value.start).toBe(7)
    window.reveal(2)
    expect(fake.element.scrollTop).toBe(100)
  })

  it('keeps the visible rows in place when a row above them turns out taller than estimated', async () => {
    const { window, fake } = await setUp(1000, 200, 50)
    fake.element.scrollTop = 500
    fake.sync()
    // Row 9 (above the view, which starts at row 10) measures 80 px instead of 50.
    const rowAbove = fake.element.querySelector<HTMLElement>('[data-index="10"]')!
    const taller = document.createElement('div')
    taller.dataset.index = '9'
    taller.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: -80, width: 300, height: 80 })
    fake.element.insertBefore(taller, rowAbove)
    window.measure()
    expect(fake.element.scrollTop).toBe(530)
  })

  it('measureSoon() measures once in the next frame, however often it is called, once there is a height', async () => {
    const frames: FrameRequestCallback[] = []
    vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback))
    const { window, fake } = await setUp(1000, 200, 50)
    fake.sync()
    // Not measured yet: nothing to wait for.
    window.measureSoon()
    expect(frames).toHaveLength(0)
    expect(window.range.value).toMatchObject({ start: 0, end: 4 })
    fake.element.scrollTop = 1000
    window.measureSoon()
    window.measureSoon()
    expect(frames).toHaveLength(1)
    expect(window.range.value).toMatchObject({ start: 0, end: 4 })
    frames[0]!(0)
    expect(window.range.value).toMatchObject({ start: 20, end: 24 })
    window.measureSoon()
    expect(frames).toHaveLength(2)
    vi.restoreAllMocks()
  })
})

describe('useRowWindow keep', () => {
  it('keeps a row out of view rendered, widening the window to it, within 100 rows', async () => {
    const scroller = shallowRef<HTMLElement | null>(null)
    const keep = shallowRef<number | null>(2)
    const scope = effectScope()
    scopes.push(scope)
    const window = scope.run(() => useRowWindow({ count: 1000, scroller, estimate: 50, overscan: 0, keep }))!
    const fake = fakeScroller(200, 50, () => [])
    scroller.value = fake.element
    await nextTick()
    fake.element.scrollTop = 1000
    window.measure()
    // Rows 20-23 are in view; row 2 is kept, so 2-23 are rendered.
    expect(window.range.value).toEqual({ start: 2, end: 24, before: 100, after: 976 * 50 })
    keep.value = null
    expect(window.range.value).toMatchObject({ start: 20, end: 24, before: 1000 })
    // Too far away: not kept.
    fake.element.scrollTop = 10_000
    window.measure()
    keep.value = 2
    expect(window.range.value).toMatchObject({ start: 200, end: 204 })
  })
})
