import { compareKeys, type SortKey } from './order'

/**
 * A stretch of the list the store cannot vouch for: items in it may be missing,
 * changed or deleted on the server without the store knowing. It holds the
 * sort keys from `low` (inclusive) up to `high` (exclusive); `null` is no
 * bound (`high: null` reaches the newest item there will ever be).
 *
 * - `unverified`: the store held or should hold these items, but lost track
 *   (a reconnect without replay, a malformed event, a refresh). Filled in the
 *   background and by `loadMore()`.
 * - `older`: below everything loaded so far; loaded only by `loadMore()`.
 */
export interface Segment {
  kind: 'unverified' | 'older'
  low: SortKey | null
  high: SortKey | null
  /** List cursor of the page that starts just below `high`; `null` (the first page) when `high` is `null`. */
  cursor: string | null
}

/** `high > low`, reading a `null` high as +infinity and a `null` low as -infinity. */
const above = (high: SortKey | null, low: SortKey | null): boolean =>
  high === null || low === null || compareKeys(high, low) > 0

/** `a < b` for two lows (`null` is -infinity). */
const lowerLow = (a: SortKey | null, b: SortKey | null): boolean => b !== null && (a === null || compareKeys(a, b) < 0)

/** `a > b` for two highs (`null` is +infinity). */
const higherHigh = (a: SortKey | null, b: SortKey | null): boolean =>
  a === null ? b !== null : b !== null && compareKeys(a, b) > 0

/** Newest first: the segment with the highest `high` comes first. */
function sorted(segments: Segment[]): Segment[] {
  return segments.sort((a, b) => (higherHigh(a.high, b.high) ? -1 : higherHigh(b.high, a.high) ? 1 : 0))
}

/**
 * What is left of `segments` once a page fetched for `walked` arrived: the page
 * holds every server item from `bottom` (the oldest key in it, inclusive) up
 * to `walked.high`; `bottom: null` means the page was the last one, so the
 * whole list below `walked.high` is known. Each segment loses the covered part;
 * what remains below the page continues at `nextCursor`.
 */
export function coverPage(
  segments: readonly Segment[],
  walked: Segment,
  bottom: SortKey | null,
  nextCursor: string | null,
): Segment[] {
  const last = nextCursor === null
  if (bottom === null && !last) {
    // An empty page that still points further: nothing is known, walk on.
    return segments.map((segment) => (segment === walked ? { ...segment, cursor: nextCursor } : segment))
  }
  const next: Segment[] = []
  for (const segment of segments) {
    const overlaps = above(segment.high, last ? null : bottom) && above(walked.high, segment.low)
    if (segment === walked && !overlaps) {
      // The page did not reach below the segment's top (a server that ignored the
      // cursor): nothing is known, but walk on from where the server points.
      if (!last) next.push({ ...segment, cursor: nextCursor })
    } else if (!overlaps) {
      next.push(segment)
    } else if (!last && lowerLow(segment.low, bottom)) {
      next.push({ ...segment, high: bottom, cursor: nextCursor })
    }
  }
  return sorted(next)
}

/**
 * Marks everything from `low` up to the newest item unverified, absorbing the
 * unverified segments it overlaps. `older` segments stay as they are; the new
 * segment starts above them. Before anything was loaded there is nothing to mark.
 */
export function invalidateFrom(segments: readonly Segment[], low: SortKey | null): Segment[] {
  if (segments.some((segment) => segment.kind === 'older' && segment.high === null)) return [...segments]
  let from = low
  const next: Segment[] = []
  for (const segment of sorted([...segments])) {
    if (!above(segment.high, from)) next.push(segment)
    else if (segment.kind === 'older') {
      from = segment.high
      next.push(segment)
    } else if (lowerLow(segment.low, from)) from = segment.low
  }
  next.push({ kind: 'unverified', low: from, high: null, cursor: null })
  return sorted(next)
}

/**
 * Forgets everything below `key` (which stays inside): used when the oldest
 * items are dropped on purpose, so nothing below the oldest kept item is owed.
 */
export function forgetBelow(segments: readonly Segment[], key: SortKey): Segment[] {
  const next: Segment[] = []
  for (const segment of segments) {
    if (!above(segment.high, key)) continue
    next.push(lowerLow(segment.low, key) ? { ...segment, low: key } : segment)
  }
  return sorted(next)
}
