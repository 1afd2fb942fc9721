import { EventSource } from 'eventsource'
import { createDemoServer } from '../../demo/server/contract-server.mjs'
import type { DemoServer, DemoServerOptions, ListenResult } from '../../demo/server/contract-server.mjs'

export interface SseFrame {
  id?: string
  event: string
  data: string
  retry?: number
}

export interface Started {
  demo: DemoServer
  url: string
  close(): Promise<void>
}

/** A contract server on 127.0.0.1 with an ephemeral port. */
export async function start(options: DemoServerOptions = {}): Promise<Started> {
  const demo = createDemoServer({ retryMs: 50, ...options })
  const listening: ListenResult = await demo.listen(0, '127.0.0.1')
  return {
    demo,
    url: listening.url,
    async close() {
      demo.close()
      await listening.close()
    },
  }
}

/** Polls `check` until it returns true, or fails after `timeout` ms. */
export async function waitFor(check: () => boolean, timeout = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Reads a stream with `fetch` and parses its SSE frames (including `retry`-only ones). */
export class RawStream {
  readonly frames: SseFrame[] = []
  ended = false
  private readonly controller = new AbortController()

  private constructor(readonly response: Response) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<RawStream> {
    const controller = new AbortController()
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal })
    const stream = new RawStream(response)
    stream.controller.signal.addEventListener('abort', () => controller.abort())
    if (response.ok && response.body) void stream.pump(response.body)
    return stream
  }

  /** Frames that carry data (events), not the `retry:` preamble. */
  get events(): SseFrame[] {
    return this.frames.filter((frame) => frame.data !== '' || frame.event !== 'message')
  }

  async waitForEvents(count: number, timeout = 2000): Promise<SseFrame[]> {
    await waitFor(() => this.events.length >= count || this.ended, timeout, `${count} events`)
    return this.events
  }

  close(): void {
    this.controller.abort()
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder()
    let buffer = ''
    const reader = body.getReader()
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        let end = buffer.indexOf('\n\n')
        while (end !== -1) {
          this.frames.push(parseFrame(buffer.slice(0, end)))
          buffer = buffer.slice(end + 2)
          end = buffer.indexOf('\n\n')
        }
      }
    } catch {
      // aborted or dropped
    } finally {
      this.ended = true
    }
  }
}

function parseFrame(text: string): SseFrame {
  const frame: SseFrame = { event: 'message', data: '' }
  const data: string[] = []
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (colon === 0) continue
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'id') frame.id = value
    else if (field === 'event') frame.event = value
    else if (field === 'data') data.push(value)
    else if (field === 'retry') frame.retry = Number(value)
  }
  frame.data = data.join('\n')
  return frame
}

export interface ReceivedEvent {
  type: string
  id: string
  data: unknown
}

/** An `eventsource` client recording the contract's named events. */
export function listenWithEventSource(
  url: string,
  types: string[] = ['notification', 'notification.read', 'notification.deleted', 'notifications.read-all'],
): { source: EventSource; received: ReceivedEvent[]; opens: () => number; errors: () => number } {
  const source = new EventSource(url)
  const received: ReceivedEvent[] = []
  let opens = 0
  let errors = 0
  source.addEventListener('open', () => opens++)
  source.addEventListener('error', () => errors++)
  for (const type of types) {
    source.addEventListener(type, (event) => {
      received.push({ type, id: event.lastEventId, data: JSON.parse(event.data) as unknown })
    })
  }
  return { source, received, opens: () => opens, errors: () => errors }
}

export async function postJson(url: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers }
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url)
  return { status: response.status, body: (await response.json()) as T }
}
