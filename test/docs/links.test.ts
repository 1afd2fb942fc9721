import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const site = join(root, 'docs/.vitepress/dist')
const base = '/vue-sse-notifications/'
const { homepage, repository } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  homepage: string
  repository: { url: string }
}
const repositoryUrl = repository.url.replace(/^git\+/, '').replace(/\.git$/, '')
const rawFilesUrl = `${repositoryUrl.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/main/`

function htmlFiles(dir = site): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return htmlFiles(path)
    return entry.name.endsWith('.html') ? [path] : []
  })
}

const decodeEntities = (text: string) =>
  text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>')

const ids = new Map<string, Set<string>>()

/** The ids of a built page: the targets its `#fragment` links may use. */
function idsOf(file: string): Set<string> {
  let found = ids.get(file)
  if (!found) {
    const html = readFileSync(file, 'utf8')
    found = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => decodeEntities(match[1] ?? '')))
    ids.set(file, found)
  }
  return found
}

/** Why a link to a page of the site is broken, or `undefined` when its page (and fragment) exist. */
function problemWith(url: URL): string | undefined {
  if (!url.pathname.startsWith(base)) return 'outside the site'
  let path = decodeURIComponent(url.pathname.slice(base.length))
  if (path === '' || path.endsWith('/')) path += 'index.html'
  const file = join(site, path)
  if (!existsSync(file)) return 'no such page'
  const fragment = decodeURIComponent(url.hash.slice(1))
  if (file.endsWith('.html') && fragment && !idsOf(file).has(fragment)) return `no #${fragment} on the page`
  return undefined
}

beforeAll(() => {
  if (!existsSync(site)) throw new Error('No built site in docs/.vitepress/dist: run `npm run docs:build` first')
})

describe('links', () => {
  it('of every built page lead to a page and a heading of the site', () => {
    const pages = htmlFiles()
    expect(pages.length).toBeGreaterThan(10)
    const broken = pages.flatMap((file) => {
      const pageUrl = new URL(`${base}${relative(site, file)}`, 'http://site.test')
      const html = readFileSync(file, 'utf8')
      const targets = [...html.matchAll(/<(?:a|link|img|script)\s[^>]*?(?:href|src)="([^"]*)"/g)].map((match) =>
        decodeEntities(match[1] ?? ''),
      )
      return targets.flatMap((target) => {
        const url = new URL(target, pageUrl)
        if (url.origin !== pageUrl.origin) return []
        const problem = problemWith(url)
        return problem ? [`${relative(site, file)}: ${target} (${problem})`] : []
      })
    })
    expect(broken).toEqual([])
  })

  it('of the README lead to files of the repository or pages of the site', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '')
    const broken = targets.flatMap((target) => {
      if (target.startsWith(homepage)) {
        const problem = problemWith(new URL(target.replace(homepage, `http://site.test${base}`)))
        return problem ? [`${target} (${problem})`] : []
      }
      if (target.startsWith(rawFilesUrl) || target.startsWith(`${repositoryUrl}/blob/main/`)) {
        const path = target.replace(rawFilesUrl, '').replace(`${repositoryUrl}/blob/main/`, '')
        return existsSync(join(root, path)) ? [] : [`${target} (no ${path} in the repository)`]
      }
      if (/^https?:/.test(target)) return []
      // Relative links and images break on the registry's page: only absolute ones are allowed.
      return [`${target} (relative)`]
    })
    expect(broken).toEqual([])
  })
})
