// @vitest-environment node
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const referenceDir = join(root, 'docs/reference')
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string
  exports: Record<string, string | { import?: string }>
}

interface EntryPoint {
  /** How an app imports it: `vue-sse-notifications`, `vue-sse-notifications/nuxt`. */
  specifier: string
  /** What its default export is called here: the subpath (`nuxt`). */
  defaultName: string
  source: string
}

/** The JavaScript entry points of the exports map, each with the source module it is built from. */
function entryPoints(): EntryPoint[] {
  return Object.entries(packageJson.exports).flatMap(([subpath, target]) => {
    const built = typeof target === 'string' ? target : target.import
    if (!built?.endsWith('.js')) return []
    const source = join(root, built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'))
    return [{ specifier: join(packageJson.name, subpath), defaultName: subpath.replace(/^\.\/?/, ''), source }]
  })
}

interface ExportedName {
  name: string
  isType: boolean
}

/** Every name an entry point exports; a default export is named after the entry point's subpath. */
function exportsOf(entry: EntryPoint): ExportedName[] {
  const program = ts.createProgram([entry.source], { allowJs: false, skipLibCheck: true, noEmit: true })
  const checker = program.getTypeChecker()
  const sourceFile = program.getSourceFile(entry.source)
  const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile)
  if (!moduleSymbol) throw new Error(`Cannot read the exports of ${entry.source}`)
  return checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    const isType = !(target.flags & ts.SymbolFlags.Value) && !(symbol.flags & ts.SymbolFlags.Value)
    return { name: symbol.name === 'default' ? entry.defaultName : symbol.name, isType }
  })
}

interface ReferencePage {
  file: string
  /** The exports the page documents: the `exports:` list of its frontmatter, else the one its file is named after. */
  documents: string[]
  text: string
}

function referencePages(): ReferencePage[] {
  return readdirSync(referenceDir)
    .filter((file) => file.endsWith('.md') && file !== 'index.md')
    .map((file) => {
      const text = readFileSync(join(referenceDir, file), 'utf8')
      const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? ''
      const listed = /^exports:\s*\[(.*)\]\s*$/m.exec(frontmatter)?.[1] ?? ''
      const names = listed
        .split(',')
        .map((name) => name.trim().replace(/^['"]|['"]$/g, ''))
        .filter(Boolean)
      return { file, documents: names.length > 0 ? names : [file.slice(0, -'.md'.length)], text }
    })
}

describe('the API reference', () => {
  const exported = entryPoints().flatMap(exportsOf)
  const pages = referencePages()

  it('reads the exports of every entry point', () => {
    expect(entryPoints().map((entry) => entry.specifier)).toEqual(
      expect.arrayContaining(['vue-sse-notifications', 'vue-sse-notifications/nuxt']),
    )
    expect(exported).toContainEqual({ name: 'useNotificationStore', isType: false })
    expect(exported).toContainEqual({ name: 'NotificationsOptions', isType: true })
  })

  it('has exactly one page for every runtime export', () => {
    const problems = exported
      .filter((entry) => !entry.isType)
      .flatMap(({ name }) => {
        const documenting = pages.filter((page) => page.documents.includes(name)).map((page) => page.file)
        if (documenting.length === 1) return []
        return [documenting.length === 0 ? `${name}: no page` : `${name}: on ${documenting.join(' and ')}`]
      })
    expect(problems).toEqual([])
  })

  it('names every exported type on a page', () => {
    const undocumented = exported
      .filter((entry) => entry.isType)
      .filter(({ name }) => !pages.some((page) => new RegExp(`\\b${name}\\b`).test(page.text)))
      .map(({ name }) => name)
    expect(undocumented).toEqual([])
  })

  it('has no page for something that is not exported', () => {
    const names = new Set(exported.map((entry) => entry.name))
    const orphans = pages.flatMap((page) => page.documents.filter((name) => !names.has(name)))
    expect(orphans).toEqual([])
  })
})
