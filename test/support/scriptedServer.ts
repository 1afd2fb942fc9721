import type { IncomingMessage, ServerResponse } from 'node:http'
import { LoopbackServer } from './loopbackServer'

export interface RecordedRequest {
  path: string
  /** The `lastEventId` query parameter, if any. */
  query: string | undefined
  /** The `Last-Event-ID` header, if any. */
  header: string | undefined
  authorization: string | undefined
  at: number
}

/** Answers request number `index` (from 0) of the whole server. */
export type Responder = (req: IncomingMessage, res: ServerResponse, index: number) => void

/** Headers of a working event stream. */
export const SSE_HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' }

/**
 * A real HTTP server on 127.0.0.1 whose answers a test scripts, recording every
 * request; for the stream behaviours one fixed event log cannot show.
 */
export class ScriptedServer {
  readonly requests: RecordedRequest[] = []
  private readonly server = new LoopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const header = req.headers['last-event-id']
    this.requests.push({
      path: url.pathname,
      query: url.searchParams.get('lastEventId') ?? undefined,
      header: typeof header === 'string' ? header : undefined,
      authorization: req.headers.authorization,
      at: Date.now(),
    })
    this.respond(req, res, this.requests.length - 1)
  })

  constructor(public respond: Responder) {}

  get origin(): string {
    return `http://127.0.0.1:${this.server.port}`
  }

  get url(): string {
    return `${this.origin}/stream`
  }

  /** Requests to `path` (default: the stream). */
  to(path = '/stream'): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path)
  }

  async start(): Promise<this> {
    await this.server.start()
    return this
  }

  stop(): Promise<void> {
    return this.server.stop()
  }
}
