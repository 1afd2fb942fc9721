/** One parsed SSE frame (a `retry:`-only frame has empty data and event `message`). */
export interface SseFrame {
  id?: string
  event: string
  data: string
  retry?: number
}

/** Polls `check` until it returns true, or fails after `timeout` ms. */
export async function waitFor(check: () => boolean, timeout = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const SYNC_EVENT = 'notifications.sync'

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

  /** Frames that carry data (events), apart from the `notifications.sync` confirmation and the `retry:` preamble. */
  get events(): SseFrame[] {
    return this.frames.filter((frame) => frame.event !== SYNC_EVENT && (frame.data !== '' || frame.event !== 'message'))
  }

  /** Payloads of the `notifications.sync` events received. */
  get syncs(): { replayed: boolean }[] {
    return this.frames.filter((frame) => frame.event === SYNC_EVENT).map((frame) => JSON.parse(frame.data) as { replayed: boolean })
  }

  async waitForEvents(count: number, timeout = 2000): Promise<SseFrame[]> {
    await waitFor(() => this.events.length >= count || this.ended, timeout, `${count} events`)
    return this.events
  }

  async waitForFrames(count: number, timeout = 2000): Promise<SseFrame[]> {
    await waitFor(() => this.frames.length >= count || this.ended, timeout, `${count} frames`)
    return this.frames
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
