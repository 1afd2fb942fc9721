export interface BellPosition {
  /** Where the bell sits in the header. */
  at: 'left' | 'center' | 'right'
  /** The bell's `align` prop. */
  align: 'start' | 'end'
}

/** Reads `?at=left|center|right&align=start|end`; anything else falls back to the right and `end`. */
export function readBellPosition(search: string): BellPosition {
  const params = new URLSearchParams(search)
  const at = params.get('at')
  return {
    at: at === 'left' || at === 'center' ? at : 'right',
    align: params.get('align') === 'start' ? 'start' : 'end',
  }
}
