import type { IncomingMessage } from 'node:http'

export interface CorsOptions {
  /**
   * Origins allowed to call the API from a browser: exact origins such as
   * `'https://app.example.com'`, a predicate, or `'*'` for any origin (only
   * without `credentials`). The request's origin is echoed back, never `*`,
   * when credentials are allowed.
   */
  origin: string | readonly string[] | ((origin: string) => boolean)
  /** Allow cookies and HTTP auth (`Access-Control-Allow-Credentials: true`, `withCredentials` on the EventSource). @default false */
  credentials?: boolean
  /** Request headers a preflight may allow. @default ['Content-Type', 'Authorization', 'Last-Event-ID'] */
  allowedHeaders?: readonly string[]
  /** How long a browser may cache a preflight answer. @default 600 */
  maxAgeSeconds?: number
}

export interface CorsPolicy {
  /** Headers for an answer to `req`; empty when its origin is not allowed (or it has none). */
  headersFor(req: IncomingMessage): Record<string, string>
  /** Headers for a preflight (`OPTIONS`) of `req`, or undefined when its origin is not allowed. */
  preflightFor(req: IncomingMessage, methods: readonly string[]): Record<string, string> | undefined
}

/** Turns `CorsOptions` into a policy; throws for `'*'` with credentials, which browsers refuse. */
export function createCorsPolicy(options: CorsOptions): CorsPolicy {
  const { origin, credentials = false } = options
  const allowedHeaders = (options.allowedHeaders ?? ['Content-Type', 'Authorization', 'Last-Event-ID']).join(', ')
  const maxAgeSeconds = options.maxAgeSeconds ?? 600
  const origins = typeof origin === 'function' ? undefined : typeof origin === 'string' ? [origin] : origin
  const anyOrigin = origins?.includes('*') ?? false
  if (anyOrigin && credentials) {
    throw new TypeError("cors: origin '*' cannot be combined with credentials; list the allowed origins instead")
  }
  if (origins && origins.length === 0) throw new TypeError('cors: origin must name at least one origin')
  const allowed = (candidate: string) =>
    typeof origin === 'function' ? origin(candidate) : anyOrigin || (origins as readonly string[]).includes(candidate)

  function headersFor(req: IncomingMessage): Record<string, string> {
    const requestOrigin = req.headers.origin
    if (anyOrigin) return { 'Access-Control-Allow-Origin': '*' }
    // The answer depends on the Origin header, so caches must keep one per origin.
    if (!requestOrigin || !allowed(requestOrigin)) return { Vary: 'Origin' }
    return {
      'Access-Control-Allow-Origin': requestOrigin,
      Vary: 'Origin',
      ...(credentials ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    }
  }

  return {
    headersFor,
    preflightFor(req, methods) {
      const headers = headersFor(req)
      if (!headers['Access-Control-Allow-Origin']) return undefined
      return {
        ...headers,
        'Access-Control-Allow-Methods': methods.join(', '),
        'Access-Control-Allow-Headers': allowedHeaders,
        'Access-Control-Max-Age': String(maxAgeSeconds),
      }
    },
  }
}
