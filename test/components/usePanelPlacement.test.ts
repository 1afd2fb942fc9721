import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { usePanelPlacement } from '../../src/components/usePanelPlacement'

/** matchMedia for a viewport `width` px wide that can be resized. */
function fakeViewport(width: number) {
  const queries = new Set<{ media: string; matches: boolean; listeners: Set<() => void> }>()
  const evaluate = (media: string) => {
    const limit = Number(/max-width: ([\d.]+)px/.exec(media)?.[1])
    return width <= limit
  }
  vi.stubGlobal('matchMedia', (media: string) => {
    const query = { media, matches: evaluate(media), listeners: new Set<() => void>() }
    queries.add(query)
    return {
      get matches() {
        return query.matches
      },
      addEventListener: (_type: string, listener: () => void) => query.listeners.add(listener),
      removeEventListener: (_type: string, listener: () => void) => query.listeners.delete(listener),
    }
  })
  return {
    resize(next: number) {
      width = next
      for (const query of queries) {
        query.matches = evaluate(query.media)
        for (const listener of query.listeners) listener()
      }
    },
    listenerCount: () => [...queries].reduce((sum, query) => sum + query.listeners.size, 0),
  }
}

const scopes: ReturnType<typeof effectScope>[] = []
afterEach(() => {
  for (const scope of scopes.splice(0)) scope.stop()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

function setUp(breakpoint = 480) {
  const anchor = shallowRef<HTMLElement | null>(document.createElement('button'))
  const panel = shallowRef<HTMLElement | null>(null)
  const sheetBreakpoint = shallowRef(breakpoint)
  document.body.append(anchor.value!)
  const scope = effectScope()
  scopes.push(scope)
  const placement = scope.run(() => usePanelPlacement({ anchor, panel, sheetBreakpoint }))!
  return { anchor, panel, sheetBreakpoint, placement, scope }
}

describe('usePanelPlacement', () => {
  it('is a sheet below the breakpoint, follows resizes, and never with breakpoint 0', async () => {
    const viewport = fakeViewport(375)
    const { placement, sheetBreakpoint } = setUp()
    expect(placement.sheet.value).toBe(true)
    viewport.resize(1024)
    expect(placement.sheet.value).toBe(false)
    viewport.resize(479)
    expect(placement.sheet.value).toBe(true)
    sheetBreakpoint.value = 0
    await nextTick()
    expect(placement.sheet.value).toBe(false)
    expect(viewport.listenerCount()).toBe(0)
  })

  it('places a rendered panel with Floating UI (fixed) and clears its styles when it goes', async () => {
    fakeViewport(1024)
    const { panel, scope } = setUp()
    const element = document.createElement('div')
    document.body.append(element)
    panel.value = element
    await vi.waitFor(() => expect(element.style.position).toBe('fixed'))
    expect(element.style.left).toMatch(/px$/)
    expect(element.style.maxWidth).toMatch(/px$/)
    scope.stop()
    expect(element.style.position).toBe('')
    expect(element.style.maxWidth).toBe('')
  })

  it('spans the viewport as a sheet', async () => {
    fakeViewport(320)
    const { panel } = setUp()
    const element = document.createElement('div')
    document.body.append(element)
    panel.value = element
    await vi.waitFor(() => expect(element.style.position).toBe('fixed'))
    expect(element.style.width).toMatch(/px$/)
    expect(element.style.maxWidth).toBe('')
  })
})
