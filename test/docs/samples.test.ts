import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractSamples, type CodeSample } from './codeSamples'

const root = resolve(import.meta.dirname, '../..')
const workDir = join(root, '.tmp/doc-samples')

/** README.md and every page of the docs site. */
function documentationPages(dir = join(root, 'docs')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return []
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return documentationPages(path)
    return entry.name.endsWith('.md') ? [relative(root, path)] : []
  })
}

interface WrittenSample extends CodeSample {
  page: string
  path: string
}

/** Each page's samples go to a folder of their own, so samples of one page can import each other by file name. */
function writeSamples(pages: readonly string[]): WrittenSample[] {
  rmSync(workDir, { recursive: true, force: true })
  const written = pages.flatMap((page) => {
    const dir = join(workDir, page.replace(/\.md$/, '').replaceAll('/', '__'))
    mkdirSync(dir, { recursive: true })
    return extractSamples(readFileSync(join(root, page), 'utf8')).map((sample) => {
      const path = join(dir, sample.fileName)
      // `export {}` keeps a script's top-level names inside its own file.
      writeFileSync(path, sample.language === 'ts' ? `${sample.code}\nexport {}\n` : `${sample.code}\n`)
      return { ...sample, page, path }
    })
  })
  writeFileSync(
    join(workDir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.json',
      compilerOptions: { noEmit: true },
      include: ['**/*.ts', '**/*.vue', '../../test/docs/sampleContext.d.ts'],
      exclude: [],
    }),
  )
  return written
}

/** vue-tsc's errors, with each location turned back into the markdown file and line it came from. */
function typecheck(samples: readonly WrittenSample[]): string[] {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/vue-tsc/bin/vue-tsc.js'), '-p', workDir], {
    cwd: root,
    encoding: 'utf8',
  })
  const output = `${result.stdout}${result.stderr}`.trim()
  if (result.status === 0) return []
  const errors = output.split('\n').filter((line) => /error TS\d+/.test(line))
  if (errors.length === 0) throw new Error(`vue-tsc failed without type errors:\n${output}`)
  return errors.map((line) => {
    const match = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line)
    const sample = match && samples.find((candidate) => resolve(root, match[1] ?? '') === candidate.path)
    if (!match || !sample) return line
    return `${sample.page}:${sample.line + Number(match[2]) - 1}:${match[3]} ${match[4]}`
  })
}

describe('code samples of the README and the docs', () => {
  it('compile against the current sources', () => {
    const samples = writeSamples(['README.md', ...documentationPages()])
    expect(samples.length).toBeGreaterThan(10)
    expect(typecheck(samples)).toEqual([])
  }, 180_000)
})
