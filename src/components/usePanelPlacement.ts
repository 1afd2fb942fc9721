import { toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { tryOnScopeDispose } from '../utils/tryOnScopeDispose'

export interface UsePanelPlacementOptions {
  /** The element the panel is placed against (the bell button). */
  anchor: Readonly<Ref<HTMLElement | null>>
  /** The panel; placement runs while it is rendered. */
  panel: MaybeRefOrGetter<HTMLElement | null | undefined>
  /** Side of the anchor the popover lines up with. @default 'end' */
  align?: MaybeRefOrGetter<'start' | 'end'>
  /**
   * Viewport width (CSS px) below which the panel is a full-width sheet and
   * carries `data-sheet`; `0` for never. @default 480
   */
  sheetBreakpoint?: MaybeRefOrGetter<number>
  /** Space between anchor and panel, in px. @default 8 */
  gap?: number
  /** Least space between the popover and the viewport's edges, in px. @default 8 */
  margin?: number
}

export interface UsePanelPlacementReturn {
  /** Starts loading the positioning code, so that the first opening does not wait for it. */
  preload: () => void
}

type PlacementModule = typeof import('./placePanel')

/** The positioning code (Floating UI) is loaded once, on demand: a page whose bell never opens does not fetch it. */
let placementModule: Promise<PlacementModule> | undefined

function loadPlacement(): Promise<PlacementModule> {
  placementModule ??= import('./placePanel').catch((error: unknown) => {
    // Let a later opening try again (the chunk may have failed on a flaky network).
    placementModule = undefined
    throw error
  })
  return placementModule
}

/**
 * Places the panel against the anchor with Floating UI while both are
 * rendered: inside the viewport, re-placed on scroll and resize. Without a
 * window (server rendering) it does nothing.
 */
export function usePanelPlacement(options: UsePanelPlacementOptions): UsePanelPlacementReturn {
  const { anchor, gap = 8, margin = 8 } = options
  const hasWindow = typeof window !== 'undefined'
  let stopPlacing: (() => void) | undefined
  const stop = (): void => {
    stopPlacing?.()
    stopPlacing = undefined
  }

  watch(
    () => [anchor.value, toValue(options.panel), toValue(options.align) ?? 'end', toValue(options.sheetBreakpoint) ?? 480] as const,
    ([anchorElement, panelElement, align, sheetBreakpoint], _previous, onCleanup) => {
      stop()
      if (!hasWindow || !anchorElement || !panelElement) return
      let current = true
      onCleanup(() => {
        current = false
      })
      loadPlacement().then(
        ({ placePanel }) => {
          if (current) stopPlacing = placePanel(anchorElement, panelElement, { align, sheetBreakpoint, gap, margin })
        },
        (error: unknown) => {
          // Shown where the stylesheet puts an unplaced panel: at the viewport's top left.
          if (current) panelElement.setAttribute('data-placed', '')
          console.error('[vue-sse-notifications] Could not load the panel positioning code.', error)
        },
      )
    },
    { flush: 'post', immediate: true },
  )

  tryOnScopeDispose(stop)

  return {
    preload: () => {
      if (hasWindow) loadPlacement().catch(() => {})
    },
  }
}
