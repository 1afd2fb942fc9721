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

/** A page outside the folder listed among its pages, at the position `order` gives it. */
export interface ExtraPage {
  /** Path of the markdown file, relative to the docs folder. */
  path: string
  order: number
}

/**
 * One sidebar item per markdown page of `docs/<folder>` (its `index.md` excluded),
 * so pages added to the folder appear without editing the configuration.
 */
export function folderItems(docsDir: string, folder: string, extraPages: readonly ExtraPage[] = []): SidebarItem[] {
  const inFolder = readdirSync(join(docsDir, folder))
    .filter((file) => file.endsWith('.md') && file !== 'index.md')
    .map((file) => ({ path: `${folder}/${file}`, order: undefined }))
  return [...inFolder, ...extraPages]
    .map(({ path, order }) => {
      const link = `/${path.slice(0, -'.md'.length)}`
      const info = readPageInfo(readFileSync(join(docsDir, path), 'utf8'), link.split('/').at(-1) ?? link)
      return { link, title: info.title, order: order ?? info.order }
    })
    .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title))
    .map(({ link, title }) => ({ text: title, link }))
}
