/**
 * Appends `name=value` to a URL given as a string, keeping it relative if it was
 * (no base URL needed, so it works during SSR and in Node). The fragment is
 * dropped: it never reaches the server.
 */
export function withQueryParam(url: string, name: string, value: string): string {
  const base = url.replace(/#.*/, '')
  return `${base}${base.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`
}
