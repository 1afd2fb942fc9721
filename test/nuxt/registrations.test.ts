import { isVNode } from 'vue'
import { describe, expect, it } from 'vitest'
import * as library from '../../src/index'
import { AUTO_IMPORTED_COMPOSABLES, CLIENT_COMPONENTS } from '../../src/nuxt/registrations'

/** Compiled single-file components are objects with a render or setup function. */
function isComponent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !isVNode(value) && ('setup' in value || 'render' in value)
}

describe('what the Nuxt module registers', () => {
  it('auto-imports every composable of the main entry', () => {
    const composables = Object.keys(library).filter((name) => /^use[A-Z]/.test(name))
    expect([...AUTO_IMPORTED_COMPOSABLES].sort()).toEqual(composables.sort())
  })

  it('registers every component of the main entry', () => {
    const components = Object.entries(library)
      .filter(([, value]) => isComponent(value))
      .map(([name]) => name)
    expect([...CLIENT_COMPONENTS].sort()).toEqual(components.sort())
  })
})
