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

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:'])
// Tab, line feed and carriage return are removed anywhere by URL parsers;
// other C0 controls, DEL and invisible separators have no business in a link.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF]/
const STRIPPED_CHARACTERS = /[\t\n\r]/g
const SCHEME = /^([a-z][a-z0-9+.-]*):/i
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
  if (typeof raw !== 'string') return null
  if (FORBIDDEN_CHARACTERS.test(raw)) return null
  const cleaned = raw.replace(STRIPPED_CHARACTERS, '').trim()
  if (cleaned === '') return null

  // A backslash is read as a slash in special URLs; "\\evil.com" would be scheme-relative.
  const normalised = cleaned.replace(/\\/g, '/')
  const scheme = SCHEME.exec(normalised)
  if (scheme && !ALLOWED_PROTOCOLS.has(`${scheme[1]!.toLowerCase()}:`)) return null

  let baseUrl: URL
  let url: URL
  try {
    baseUrl = new URL(base ?? defaultBase() ?? PLACEHOLDER_BASE)
    url = new URL(normalised, baseUrl)
  } catch {
    return null
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null
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
