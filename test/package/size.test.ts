import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundleSize, kb } from './distSize'

const root = resolve(import.meta.dirname, '../..')
const entry = resolve(root, 'dist/index.js')

/**
 * Ceilings in bytes of min+gzip JS as a consumer's bundler sees it (CSS apart).
 * Targets are 6 KB for everything and 1.5 KB for useEventStream alone; the
 * ceilings guard against growth while the code is brought down to them.
 */
const BUDGETS = {
  library: { target: 6 * 1024, ceiling: 14 * 1024 },
  useEventStream: { target: 1.5 * 1024, ceiling: 2.2 * 1024 },
}

beforeAll(() => {
  if (!existsSync(entry)) throw new Error('dist/index.js is missing: run `npm run build` first (npm test does)')
})

describe('bundle size budget', () => {
  it('keeps the whole library and useEventStream alone under their ceilings', async () => {
    const library = await bundleSize(`export * from ${JSON.stringify(entry)}`, root)
    const composable = await bundleSize(`export { useEventStream } from ${JSON.stringify(entry)}`, root)
    const rows = [
      ['whole library', library.minified, library.gzipped, BUDGETS.library],
      ['useEventStream alone', composable.minified, composable.gzipped, BUDGETS.useEventStream],
    ] as const
    for (const [name, minified, gzipped, budget] of rows) {
      console.log(
        `size: ${name}: ${kb(minified)} min, ${kb(gzipped)} min+gzip (target ${kb(budget.target)}, ceiling ${kb(budget.ceiling)}, ${gzipped <= budget.target ? 'within target' : 'over target'})`,
      )
    }
    expect(composable.gzipped).toBeLessThan(library.gzipped)
    expect(library.gzipped).toBeLessThanOrEqual(BUDGETS.library.ceiling)
    expect(composable.gzipped).toBeLessThanOrEqual(BUDGETS.useEventStream.ceiling)
  })
})
