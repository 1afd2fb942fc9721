import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export interface SidebarItem {
  text: string
  link: string
}

export interface PageInfo {
  /** The page's `title` in its frontmatter, else its first `#` heading, else its file name. */
  title: string
  /** `order` in the frontmatter; pages without one come after, by title. */
  order: number
}

/** Reads the frontmatter fields the sidebar needs and the first heading; no YAML beyond `key: value` lines. */
export function readPageInfo(markdown: string, fallbackTitle: string): PageInfo {
  const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(markdown)?.[1] ?? ''
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(frontmatter)?.[1]?.trim()
  const heading = /^# (.+)$/m.exec(markdown)?.[1]?.trim()
  const title = (field('title') ?? heading ?? fallbackTitle).replace(/^['"]|['"]$/g, '').replace(/`/g, '')
  const order = Number(field('order') ?? Number.POSITIVE_INFINITY)
  return { title, order: Number.isNaN(order) ? Number.POSITIVE_INFINITY : order }
}

/**
 * One sidebar item per markdown page of `docs/<folder>` (its `index.md` excluded),
 * so pages added to the folder appear without editing the configuration.
 */
export function folderItems(docsDir: string, folder: string): SidebarItem[] {
  const dir = join(docsDir, folder)
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'index.md')
    .map((file) => {
      const name = file.slice(0, -'.md'.length)
      return { name, ...readPageInfo(readFileSync(join(dir, file), 'utf8'), name) }
    })
    .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title))
    .map(({ name, title }) => ({ text: title, link: `/${folder}/${name}` }))
}
