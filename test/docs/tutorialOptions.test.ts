import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const optionsSource = readFileSync(resolve(root, 'test/backends/options.ts'), 'utf8')
const guide = readFileSync(resolve(root, 'docs/guide/presets.md'), 'utf8')

/** `name: expression,` entries of `backendOptions`, one per line. */
function optionEntries(source: string): [string, string][] {
  const body = /export const backendOptions = \{\n([\s\S]*?)\n\} satisfies/.exec(source)?.[1] ?? ''
  return [...body.matchAll(/^ {2}(\w+): (.+),$/gm)].map((match) => [match[1]!, match[2]!])
}

describe('the options the tutorial backends are tested with', () => {
  const entries = optionEntries(optionsSource)

  it('are one line each, one entry per backend', () => {
    expect(entries.map(([name]) => name)).toEqual(['laravelClock', 'laravelUpdates', 'laravelMongoBell', 'expressClock', 'expressCounter'])
  })

  it.each(entries)('for %s are shown verbatim in the presets guide', (_name, expression) => {
    expect(guide).toContain(expression)
  })
})
