import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { EventSourceLike } from '../composables/useEventStream'

export interface FetchEventSourceInit extends EventSourceInit {
  /**
   * Request headers, such as `Authorization`, or a function returning them. A
   * function is called before every connection, so a refreshed token is used
   * on the next one. `Accept: text/event-stream` is added unless given.
   * @default {}
   */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>)
  /** `fetch` implementation. @default globalThis.fetch */
  fetch?: typeof fetch
  /**
   * Longest time (ms) spent parsing and dispatching events in one go. After it
   * the transport yields to the event loop (`scheduler.yield()` where there is
   * one, else a zero timeout), so a large chunk of events never blocks the page.
   * @default 10
   */
  yieldAfter?: number
}

const CONNECTING = 0
const OPEN = 1
const CLOSED = 2
/** Characters fed to the parser at a time: the budget is checked between slices. */
const SLICE = 4096

function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * An EventSource built on `fetch` and `eventsource-parser`, for
 * `useEventStream`'s `EventSource` option. Over the browser's own it adds
 * request headers, HTTP statuses and headers of failed answers (through the
 * `fetch` it is given), `retry:` and comments (dispatched as `comment` events),
 * and it parses large chunks in slices, yielding between them.
 *
 * One instance is one connection: it never reconnects by itself. When the
 * answer is not a working `text/event-stream`, or the stream ends or breaks, it
 * dispatches `error` (with `code`, the HTTP status, when there was an answer)
 * and is closed; `useEventStream` then opens a new one.
 */
export class FetchEventSource extends EventTarget implements EventSourceLike {
  static readonly CONNECTING = CONNECTING
  static readonly OPEN = OPEN
  static readonly CLOSED = CLOSED

  readyState: number = CONNECTING
  readonly url: string
  readonly withCredentials: boolean
  /** The spec's last event ID string: set by every `id:` of a dispatched event, cleared by an empty one. */
  lastEventId = ''
  /** Reconnection time (ms) from the server's last `retry:` field. */
  retry: number | undefined
  readonly #abort = new AbortController()

  constructor(url: string | URL, init: FetchEventSourceInit = {}) {
    super()
    this.url = String(url)
    this.withCredentials = !!init.withCredentials
    void this.#run(init)
  }

  close(): void {
    this.readyState = CLOSED
    this.#abort.abort()
  }

  async #run({ headers, fetch: fetchImpl = fetch, yieldAfter = 10 }: FetchEventSourceInit): Promise<void> {
    // Nothing is dispatched before the constructor has returned and listeners could be added.
    await Promise.resolve()
    const { signal } = this.#abort
    let requestHeaders: Headers
    try {
      requestHeaders = new Headers(typeof headers === 'function' ? await headers() : headers)
    } catch (cause) {
      this.#fail(`Could not get the request headers (${String(cause)})`)
      return
    }
    if (!requestHeaders.has('accept')) requestHeaders.set('accept', 'text/event-stream')
    let response: Response
    try {
      response = await fetchImpl(this.url, {
        headers: requestHeaders,
        credentials: this.withCredentials ? 'include' : 'same-origin',
        cache: 'no-store',
        signal,
      })
    } catch (cause) {
      this.#fail(`Could not reach the server, or the request was blocked by CORS (${String(cause)})`)
      return
    }
    const type = response.headers.get('content-type') ?? ''
    if (response.status !== 200 || !/^text\/event-stream/i.test(type) || !response.body) {
      response.body?.cancel().catch(() => {})
      this.#fail(
        response.status === 200 ? `Content-Type "${type}" is not text/event-stream` : `HTTP ${response.status}`,
        response.status,
      )
      return
    }
    if (this.readyState === CLOSED) return
    this.readyState = OPEN
    this.dispatchEvent(new Event('open'))

    const origin = new URL(response.url || this.url, globalThis.location?.href).origin
    const parser = createParser({
      onEvent: (message) => this.#dispatch(message.event || 'message', message, origin),
      onComment: (comment) => this.#dispatch('comment', { data: comment }, origin),
      onRetry: (retry) => (this.retry = retry),
    })
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let runningSince = performance.now()
    let last = ''
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        last = read.value.at(-1) ?? last
        for (let start = 0; start < read.value.length; start += SLICE) {
          if (this.readyState === CLOSED) return
          parser.feed(read.value.slice(start, start + SLICE))
          if (performance.now() - runningSince > yieldAfter) {
            await yieldToEventLoop()
            runningSince = performance.now()
          }
        }
      }
      // The parser holds a final CR back, in case LF follows; at the end of the stream it is a line end.
      if (last === '\r') parser.feed('\n')
      // An event cut off by the end of the stream is neither dispatched nor does it commit its id.
      this.#fail('The stream ended')
    } catch (cause) {
      this.#fail(`The connection was lost (${String(cause)})`)
    }
  }

  #dispatch(type: string, { id, data }: Partial<EventSourceMessage>, origin: string): void {
    if (this.readyState !== OPEN) return
    if (id !== undefined) this.lastEventId = id
    this.dispatchEvent(new MessageEvent(type, { data, lastEventId: this.lastEventId, origin }))
  }

  #fail(message: string, code?: number): void {
    if (this.readyState === CLOSED) return
    this.readyState = CLOSED
    this.#abort.abort()
    this.dispatchEvent(Object.assign(new Event('error'), { code, message }))
  }
}
