import type { IncomingMessage, ServerResponse } from 'node:http'
import { LoopbackServer } from './loopbackServer'

export interface LoggedEvent {
  id: string
  event?: string
  /** Raw `data:` text, written as is (so malformed JSON can be sent). */
  data: string
}

export interface StreamRequest {
  /** Id sent in the `Last-Event-ID` header, if any. */
  header: string | undefined
  /** Id sent as the `lastEventId` query parameter, if any. */
  query: string | undefined
  /** Status the server answered with. */
  status: number
  at: number
}

/**
 * A real `text/event-stream` server on 127.0.0.1 with an event log, so tests can
 * drop, refuse and restart it and check what a client resumes from.
 */
export class SseTestServer {
  readonly log: LoggedEvent[] = []
  readonly requests: StreamRequest[] = []
  /** Statuses to answer the next stream requests with, one per request, before serving normally. */
  readonly refusals: number[] = []
  /** `retry:` sent to clients, in ms. */
  retry = 50

  private readonly server = new LoopbackServer((req, res) => this.handle(req, res))
  private readonly streams = new Set<ServerResponse>()
  private nextId = 1

  get url(): string {
    return `http://127.0.0.1:${this.server.port}/stream`
  }

  get openStreams(): number {
    return this.streams.size
  }

  start(): Promise<void> {
    return this.server.start()
  }

  /** Kills every connection and stops listening, as a crashed process would. */
  stop(): Promise<void> {
    this.streams.clear()
    return this.server.stop()
  }

  /** Stops, then listens again on the same port; the event log survives. */
  async restart(downFor = 0): Promise<void> {
    await this.stop()
    if (downFor > 0) await new Promise((resolve) => setTimeout(resolve, downFor))
    await this.start()
  }

  /** Appends an event to the log and sends it to every open stream. */
  publish(data: unknown, event?: string): LoggedEvent {
    const entry: LoggedEvent = {
      id: String(this.nextId++),
      event,
      data: typeof data === 'string' ? data : JSON.stringify(data),
    }
    this.log.push(entry)
    for (const res of this.streams) res.write(this.frame(entry))
    return entry
  }

  private frame(entry: LoggedEvent): string {
    return `${entry.event ? `event: ${entry.event}\n` : ''}id: ${entry.id}\ndata: ${entry.data}\n\n`
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/stream') {
      res.writeHead(404).end()
      return
    }
    const header = req.headers['last-event-id']
    const request: StreamRequest = {
      header: typeof header === 'string' ? header : undefined,
      query: url.searchParams.get('lastEventId') ?? undefined,
      status: 200,
      at: Date.now(),
    }
    this.requests.push(request)
    const refusal = this.refusals.shift()
    if (refusal !== undefined) {
      request.status = refusal
      res.writeHead(refusal, { 'Content-Type': 'text/plain' }).end()
      return
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    })
    res.write(`retry: ${this.retry}\n\n`)
    const resumeFrom = request.header ?? request.query
    if (resumeFrom !== undefined) {
      for (const entry of this.log) {
        if (Number(entry.id) > Number(resumeFrom)) res.write(this.frame(entry))
      }
    }
    this.streams.add(res)
    req.on('close', () => this.streams.delete(res))
  }
}
