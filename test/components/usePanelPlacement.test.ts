import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { usePanelPlacement } from '../../src/components/usePanelPlacement'

const scopes: ReturnType<typeof effectScope>[] = []
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.stop()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

/** An anchor and a panel in the document, placed with the given breakpoint. */
async function placeAt(viewportWidth: number, sheetBreakpoint = 480) {
  vi.stubGlobal('innerWidth', viewportWidth)
  const anchor = shallowRef<HTMLElement | null>(document.createElement('button'))
  const panel = document.createElement('div')
  document.body.append(anchor.value!, panel)
  const scope = effectScope()
  scopes.push(scope)
  const breakpoint = shallowRef(sheetBreakpoint)
  scope.run(() => usePanelPlacement({ anchor, panel: () => panel, sheetBreakpoint: breakpoint }))
  await vi.waitFor(() => expect(panel.style.position).toBe('fixed'))
  return { panel, scope, breakpoint }
}

describe('usePanelPlacement', () => {
  it('places a rendered panel with Floating UI as a popover, and clears what it set when it stops', async () => {
    const { panel, scope } = await placeAt(1024)
    expect(panel.style.left).toMatch(/px$/)
    expect(panel.style.top).toMatch(/px$/)
    expect(panel.style.maxWidth).toMatch(/px$/)
    expect(panel.hasAttribute('data-sheet')).toBe(false)
    scope.stop()
    expect(panel.style.position).toBe('')
    expect(panel.style.maxWidth).toBe('')
  })

  it('makes the panel a sheet as wide as the viewport below the breakpoint', async () => {
    const { panel, scope } = await placeAt(375)
    expect(panel.hasAttribute('data-sheet')).toBe(true)
    expect(panel.style.width).toMatch(/px$/)
    expect(panel.style.maxWidth).toBe('')
    scope.stop()
    expect(panel.hasAttribute('data-sheet')).toBe(false)
  })

  it('never makes a sheet with breakpoint 0, and places again when the breakpoint changes', async () => {
    const { panel, breakpoint } = await placeAt(375, 0)
    expect(panel.hasAttribute('data-sheet')).toBe(false)
    breakpoint.value = 480
    await nextTick()
    await vi.waitFor(() => expect(panel.hasAttribute('data-sheet')).toBe(true))
  })
})
