/** Rows `start` (inclusive) to `end` (exclusive) and the space the rows outside them take. */
export interface RowRange {
  start: number
  end: number
  /** Height of the rows above `start`, in px. */
  before: number
  /** Height of the rows from `end` on, in px. */
  after: number
}

/**
 * Heights of the rows of a list, measured where a row has been rendered and
 * estimated (the mean of the measured ones) elsewhere. Rows are addressed by
 * index; a row whose content moves to another index is measured again when
 * it is rendered there.
 */
export class RowHeights {
  #heights: number[] = []
  #measuredSum = 0
  #measuredCount = 0
  readonly #initialEstimate: number

  /** @param initialEstimate height of a row before any is measured, in px (at least 1) */
  constructor(initialEstimate: number) {
    this.#initialEstimate = Math.max(1, initialEstimate)
  }

  /** Height assumed for a row never measured. */
  get estimate(): number {
    return this.#measuredCount > 0 ? this.#measuredSum / this.#measuredCount : this.#initialEstimate
  }

  heightOf(index: number): number {
    return this.#heights[index] ?? this.estimate
  }

  /** Records a measured height; returns whether it differs from what was known. */
  set(index: number, height: number): boolean {
    const known = this.#heights[index]
    if (known === height || !(height >= 0)) return false
    if (known === undefined) this.#measuredCount += 1
    this.#measuredSum += height - (known ?? 0)
    this.#heights[index] = height
    return true
  }

  /** Distance from the top of the list to the top of row `index`. */
  offsetOf(index: number): number {
    let offset = 0
    for (let row = 0; row < index; row++) offset += this.heightOf(row)
    return offset
  }

  /**
   * Rows of a list of `count` rows that intersect the band from `top` to
   * `top + height` (px from the top of the list), widened by `overscan` px
   * on each side so that a short scroll does not show empty space.
   */
  range(count: number, top: number, height: number, overscan: number): RowRange {
    const from = Math.max(0, top - overscan)
    const to = top + height + overscan
    let start = 0
    let offset = 0
    while (start < count - 1 && offset + this.heightOf(start) <= from) offset += this.heightOf(start++)
    const before = offset
    let end = start
    while (end < count && offset < to) offset += this.heightOf(end++)
    let after = 0
    for (let row = end; row < count; row++) after += this.heightOf(row)
    return { start, end: Math.max(end, Math.min(count, start + 1)), before, after }
  }
}
