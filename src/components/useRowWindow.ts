import { computed, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue'
import { tryOnScopeDispose } from '../utils/tryOnScopeDispose'
import { RowHeights, type RowRange } from './rowHeights'

/** How far (in rows) from the window a kept row may be. */
const KEEP_WITHIN = 100

export interface UseRowWindowOptions {
  /** Rows in the list. */
  count: MaybeRefOrGetter<number>
  /** The scrolling element; the rows inside it carry `data-index`. */
  scroller: Readonly<Ref<HTMLElement | null>>
  /** Height of a row before any is measured, in px. @default 72 */
  estimate?: number
  /** Extra px rendered above and below the visible band. @default 320 */
  overscan?: number
  /**
   * Height (px) the window assumes before the scroller is first measured: the
   * first render (on the server too, so that hydration matches) holds the rows
   * that fit in it, not every row. @default 480
   */
  initialHeight?: number
  /**
   * A row to keep rendered although it is out of view (the focused one, so
   * that scrolling away does not take focus out of the document), as long as
   * it is at most 100 rows from the window. @default null
   */
  keep?: MaybeRefOrGetter<number | null>
}

export interface UseRowWindowReturn {
  /** Rows to render and the padding that stands in for the others. */
  range: ComputedRef<RowRange>
  /** Measures the rendered rows and the scroller now (forcing a layout). */
  measure: () => void
  /**
   * Measures once before the next frame is painted, however often it is
   * called: after a render, so that a stream of renders forces no layout each.
   * At once while the scroller has no height (nothing is painted to wait for).
   */
  measureSoon: () => void
  /** Scrolls the least needed to bring row `index` into view. */
  reveal: (index: number) => void
}

/**
 * Windowing for a vertical list: only the rows in (or near) the scroller's
 * visible band are rendered, and padding of the element holding them (not
 * the scroller itself, whose padding would keep it from shrinking) stands in
 * for the others. Until the scroller is measured (the first render, server
 * rendering) the band is `initialHeight` px from the top; once measured
 * without a height (a hidden panel, a DOM without layout) every row is rendered.
 */
export function useRowWindow(options: UseRowWindowOptions): UseRowWindowReturn {
  const { scroller, overscan = 320, initialHeight = 480 } = options
  const heights = new RowHeights(options.estimate ?? 72)
  const scrollTop = shallowRef(0)
  /** The scroller's height; `null` until it is first measured. */
  const viewport = shallowRef<number | null>(null)
  /** Bumped when a measured height changes, since `heights` is not reactive. */
  const measured = shallowRef(0)

  const range = computed<RowRange>(() => {
    const count = toValue(options.count)
    measured.value // eslint-disable-line @typescript-eslint/no-unused-expressions -- dependency
    if (viewport.value === null) return heights.range(count, 0, initialHeight, overscan)
    if (viewport.value <= 0) return { start: 0, end: count, before: 0, after: 0 }
    const inView = heights.range(count, scrollTop.value, viewport.value, overscan)
    const keep = toValue(options.keep) ?? -1
    // Widen the window to the kept row: the rows between are rendered too, the padding shrinks.
    const start = Math.min(inView.start, keep)
    const end = Math.max(inView.end, keep + 1)
    if (keep < 0 || keep >= count || end - start > inView.end - inView.start + KEEP_WITHIN) return inView
    return { start, end, before: heights.offsetOf(start), after: heights.offsetOf(count) - heights.offsetOf(end) }
  })

  function measure(): void {
    const element = scroller.value
    if (!element) return
    viewport.value = element.clientHeight
    const viewTop = element.getBoundingClientRect().top
    let changed = false
    /** Growth of rows above the visible band: the visible rows moved down by it. */
    let shiftAbove = 0
    for (const row of element.querySelectorAll<HTMLElement>('[data-index]')) {
      const index = Number(row.dataset.index)
      const rect = row.getBoundingClientRect()
      const known = heights.heightOf(index)
      if (rect.height > 0 && heights.set(index, rect.height)) {
        changed = true
        if (rect.bottom <= viewTop) shiftAbove += rect.height - known
      }
    }
    // Keep what is on screen in place (the list turns off the browser's own scroll anchoring).
    if (shiftAbove !== 0) element.scrollTop += shiftAbove
    scrollTop.value = element.scrollTop
    if (changed) measured.value += 1
  }

  let frame: number | undefined
  function measureSoon(): void {
    if (!viewport.value || typeof requestAnimationFrame !== 'function') {
      measure()
      return
    }
    frame ??= requestAnimationFrame(() => {
      frame = undefined
      measure()
    })
  }

  function reveal(index: number): void {
    const element = scroller.value
    if (!element || !viewport.value) return
    const top = heights.offsetOf(index)
    const bottom = top + heights.heightOf(index)
    if (top < element.scrollTop) element.scrollTop = top
    else if (bottom > element.scrollTop + element.clientHeight) element.scrollTop = bottom - element.clientHeight
    scrollTop.value = element.scrollTop
  }

  const onScroll = (): void => {
    if (scroller.value) scrollTop.value = scroller.value.scrollTop
  }

  let resizeObserver: ResizeObserver | undefined
  watch(
    scroller,
    (element, previous) => {
      previous?.removeEventListener('scroll', onScroll)
      resizeObserver?.disconnect()
      if (!element) return
      element.addEventListener('scroll', onScroll, { passive: true })
      // A new width re-wraps the rows' text, a new height shows more or fewer of them.
      if (typeof ResizeObserver !== 'undefined') {
        resizeObserver ??= new ResizeObserver(measure)
        resizeObserver.observe(element)
      }
    },
    { immediate: true },
  )

  tryOnScopeDispose(() => {
    scroller.value?.removeEventListener('scroll', onScroll)
    resizeObserver?.disconnect()
    if (frame !== undefined) cancelAnimationFrame(frame)
  })

  return { range, measure, measureSoon, reveal }
}
