/** A notification link that is safe to render as an anchor. */
export interface SafeLink {
  /**
   * Value for the `href` attribute: path, query and hash for a same-origin
   * link, the full absolute URL for an external one.
   */
  href: string
  /** The link leads to another origin. */
  external: boolean
  /** The fully resolved URL. */
  url: URL
}

// Tab, line feed and carriage return are removed anywhere by URL parsers;
// other C0 controls, DEL and invisible separators have no business in a link.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF]/
// Without a document (server rendering), relative links resolve against this.
const PLACEHOLDER_BASE = 'https://relative.invalid/'

function defaultBase(): string | undefined {
  if (typeof document !== 'undefined' && document.baseURI) return document.baseURI
  if (typeof location !== 'undefined' && location.href) return location.href
  return undefined
}

/**
 * Checks a link from a notification. Only `http:`/`https:` URLs and relative
 * URLs (resolved against `base`, by default the document's base URL) pass;
 * everything else (`javascript:`, `data:`, `vbscript:`, `file:` and so on,
 * including case and whitespace variants) gives `null` and must be rendered
 * as plain text. Links carrying credentials (`https://user@host`) are refused too.
 */
export function toSafeLink(raw: unknown, base?: string): SafeLink | null {
  if (typeof raw !== 'string' || FORBIDDEN_CHARACTERS.test(raw)) return null
  const trimmed = raw.trim()
  // An empty link would resolve to the base itself.
  if (trimmed === '') return null

  let baseUrl: URL
  let url: URL
  try {
    baseUrl = new URL(base ?? defaultBase() ?? PLACEHOLDER_BASE)
    // The parser drops tabs and newlines anywhere and reads a backslash as a
    // slash in http(s) URLs, so the protocol it reports is the one a browser
    // would follow: checking it is enough to refuse every other scheme.
    url = new URL(trimmed, baseUrl)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.username !== '' || url.password !== '') return null

  const external = url.origin !== baseUrl.origin
  return {
    href: external ? url.href : `${url.pathname}${url.search}${url.hash}`,
    external,
    url,
  }
}

/** `true` when `raw` would be rendered as a link by {@link toSafeLink}. */
export function isSafeLink(raw: unknown, base?: string): boolean {
  return toSafeLink(raw, base) !== null
}
