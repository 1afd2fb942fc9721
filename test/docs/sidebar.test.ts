// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { folderItems, readPageInfo } from '../../docs/.vitepress/sidebar'

let docsDir: string | undefined

afterEach(() => {
  if (docsDir) rmSync(docsDir, { recursive: true, force: true })
})

describe('the docs sidebar', () => {
  it('takes a title from the frontmatter, else from the first heading, without code marks', () => {
    expect(readPageInfo('---\ntitle: "Shared mode"\norder: 4\n---\n# Other', 'x')).toEqual({ title: 'Shared mode', order: 4 })
    expect(readPageInfo('# `useEventStream`\n\n## Options', 'x')).toEqual({ title: 'useEventStream', order: Infinity })
    expect(readPageInfo('No heading', 'fallback').title).toBe('fallback')
  })

  it('lists every page of a folder by order, then by title, with the extra pages where their order puts them', () => {
    docsDir = mkdtempSync(join(tmpdir(), 'vsn-sidebar-'))
    mkdirSync(join(docsDir, 'guide'))
    writeFileSync(join(docsDir, 'guide/index.md'), '# Guide')
    writeFileSync(join(docsDir, 'guide/start.md'), '---\norder: 1\n---\n# Getting started')
    writeFileSync(join(docsDir, 'guide/security.md'), '---\norder: 5\n---\n# Security')
    writeFileSync(join(docsDir, 'guide/bell.md'), '# The bell')
    writeFileSync(join(docsDir, 'guide/connection.md'), '# Connection')
    writeFileSync(join(docsDir, 'contract.md'), '# Server contract')
    expect(folderItems(docsDir, 'guide', [{ path: 'contract.md', order: 2 }])).toEqual([
      { text: 'Getting started', link: '/guide/start' },
      { text: 'Server contract', link: '/contract' },
      { text: 'Security', link: '/guide/security' },
      { text: 'Connection', link: '/guide/connection' },
      { text: 'The bell', link: '/guide/bell' },
    ])
  })
})
