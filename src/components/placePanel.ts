import { autoUpdate, computePosition, flip, offset, shift, size } from '@floating-ui/dom'

export interface PlacePanelOptions {
  /** Side of the anchor the popover lines up with. */
  align: 'start' | 'end'
  /** Viewport width (CSS px) below which the panel is a full-width sheet; `0` for never. */
  sheetBreakpoint: number
  /** Space between the anchor and the panel, in px. */
  gap: number
  /** Least space between the popover and the viewport's edges, in px. */
  margin: number
}

/** Set on the panel while it is a sheet, for the stylesheet. */
export const SHEET_ATTRIBUTE = 'data-sheet'

/** Set on the panel once it has been placed: the stylesheet keeps it invisible until then. */
export const PLACED_ATTRIBUTE = 'data-placed'

/**
 * Keeps `panel` below `anchor` (above it when only that fits), fully inside
 * the viewport, as the page scrolls or resizes or either element changes
 * size, until the returned function is called. A popover lines up with one
 * side of the anchor, takes the other side when that fits better, and shifts
 * along the edge otherwise. In a viewport narrower than `sheetBreakpoint`
 * (measured like a `max-width` media query, scrollbar included) the panel is
 * a sheet as wide as the viewport. The panel must already have
 * `position: fixed` (the strategy used), or the first placement is measured
 * against its offset parent; it carries `data-placed` from its first placement on.
 */
export function placePanel(anchor: HTMLElement, panel: HTMLElement, options: PlacePanelOptions): () => void {
  const { margin } = options
  const update = (): void => {
    const sheet = window.innerWidth < options.sheetBreakpoint
    panel.toggleAttribute(SHEET_ATTRIBUTE, sheet)
    const edge = sheet ? 0 : margin
    void computePosition(anchor, panel, {
      strategy: 'fixed',
      placement: sheet ? 'bottom' : `bottom-${options.align}`,
      middleware: [
        offset(options.gap),
        // Cross-axis overflow only flips the alignment; shift() handles what remains.
        flip({ crossAxis: 'alignment', padding: margin }),
        shift({ padding: edge }),
        size({
          padding: { left: edge, right: edge, top: margin, bottom: margin },
          apply({ availableWidth, availableHeight, elements }) {
            const style = elements.floating.style
            style.setProperty('--_available-height', `${Math.max(0, Math.floor(availableHeight))}px`)
            // An aligned popover's available width stops at the anchor, but shift() may move it
            // past: the limit is the viewport (without scrollbars) less the margins.
            style.width = sheet ? `${availableWidth}px` : ''
            style.maxWidth = sheet ? '' : `${Math.max(0, document.documentElement.clientWidth - 2 * margin)}px`
          },
        }),
      ],
    }).then(({ x, y }) => {
      // `right`/`bottom` reset so that a stylesheet's logical insets cannot over-constrain the box in RTL.
      Object.assign(panel.style, { position: 'fixed', left: `${x}px`, top: `${y}px`, right: 'auto', bottom: 'auto' })
      panel.setAttribute(PLACED_ATTRIBUTE, '')
    })
  }
  const stop = autoUpdate(anchor, panel, update)
  return () => {
    stop()
    panel.removeAttribute(SHEET_ATTRIBUTE)
    panel.removeAttribute(PLACED_ATTRIBUTE)
    for (const property of ['position', 'left', 'top', 'right', 'bottom', 'width', 'max-width', '--_available-height']) {
      panel.style.removeProperty(property)
    }
  }
}
