/**
 * Sets `name=value` on a URL given as a string, keeping it relative if it was
 * relative (no base URL is needed, so this works during SSR and in Node).
 */
export function withQueryParam(url: string, name: string, value: string): string {
  const hashAt = url.indexOf('#')
  const hash = hashAt === -1 ? '' : url.slice(hashAt)
  const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt)
  const queryAt = withoutHash.indexOf('?')
  const path = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt)
  const params = new URLSearchParams(queryAt === -1 ? '' : withoutHash.slice(queryAt + 1))
  params.set(name, value)
  return `${path}?${params.toString()}${hash}`
}
