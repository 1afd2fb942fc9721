import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { LoopbackServer } from '../support/loopbackServer'

export { sleep }

/** One route of a tutorial's server: it answers the request itself. */
export type SeedRoute = (req: IncomingMessage, res: ServerResponse) => void

/** A message a tutorial's stream wrote, with the text the tutorial's own page shows for it. */
export interface SentMessage {
  /** Which stream response (from 1, in order of arrival) it was written to. */
  stream: number
  /** What the tutorial's page displays: `data.time`, `data.message`, `event.data`... */
  text: string
}

/**
 * The HTTP server of one tutorial on 127.0.0.1: its own routes, and every
 * other request handed to `fallback` (the test page), so that the page and
 * the backend are one origin as they are in the tutorial. It logs what its
 * streams wrote and can cut them the way a proxy or a network failure does.
 */
export class SeedServer {
  /** Every message written to a stream, in order. */
  readonly sent: SentMessage[] = []
  /** Stream requests received so far. */
  streamCount = 0
  /** Set by `stop()`: loops waiting for work end. */
  stopped = false
  private readonly openStreams = new Set<ServerResponse>()
  private readonly server: LoopbackServer

  constructor(routes: Readonly<Record<string, SeedRoute>>, fallback?: RequestListener) {
    this.server = new LoopbackServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      const route = req.method === 'GET' || req.method === 'HEAD' ? routes[path] : undefined
      if (route) route(req, res)
      else if (fallback) fallback(req, res)
      else res.writeHead(404).end()
    })
  }

  get origin(): string {
    return `http://127.0.0.1:${this.server.port}`
  }

  /** Streams whose client is still connected. */
  get liveStreams(): number {
    return [...this.openStreams].filter((res) => !res.destroyed).length
  }

  /** Texts sent, in order. */
  texts(): string[] {
    return this.sent.map((message) => message.text)
  }

  async start(): Promise<this> {
    await this.server.start()
    return this
  }

  stop(): Promise<void> {
    this.stopped = true
    return this.server.stop()
  }

  /**
   * Counts a new stream response and returns its number. The response is
   * tracked until it closes, so that `dropStreams` can cut it.
   */
  openStream(res: ServerResponse): number {
    this.openStreams.add(res)
    res.on('close', () => this.openStreams.delete(res))
    return (this.streamCount += 1)
  }

  /**
   * Writes `chunk` the way PHP's `echo` + `flush()` does: a client that has
   * gone is noticed only here, when writing to it. Logs `text` when written.
   * Returns whether the client was still there.
   */
  write(res: ServerResponse, stream: number, chunk: string, text: string): boolean {
    if (res.destroyed || res.writableEnded) return false
    res.write(chunk)
    this.sent.push({ stream, text })
    return true
  }

  /**
   * Cuts every open stream as a proxy timeout or a network failure would:
   * the browser sees the connection end, the code writing to it does not
   * know until it writes again.
   */
  dropStreams(): void {
    for (const res of this.openStreams) res.socket?.destroy()
  }
}
