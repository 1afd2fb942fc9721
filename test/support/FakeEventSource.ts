import type { EventSourceLike } from '../../src/composables/useEventStream'

/**
 * An in-memory EventSource for timing tests: each instance is recorded, and the
 * test drives it (open, send events, fail) instead of a network.
 */
export class FakeEventSource extends EventTarget implements EventSourceLike {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  static instances: FakeEventSource[] = []

  static reset(): void {
    FakeEventSource.instances = []
  }

  static get latest(): FakeEventSource {
    const last = FakeEventSource.instances.at(-1)
    if (!last) throw new Error('no FakeEventSource was created')
    return last
  }

  static live(): FakeEventSource[] {
    return FakeEventSource.instances.filter((source) => source.readyState !== FakeEventSource.CLOSED)
  }

  readyState = FakeEventSource.CONNECTING
  readonly url: string
  readonly init: EventSourceInit | undefined

  constructor(url: string, init?: EventSourceInit) {
    super()
    this.url = url
    this.init = init
    FakeEventSource.instances.push(this)
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED
  }

  simulateOpen(): void {
    this.readyState = FakeEventSource.OPEN
    this.dispatchEvent(new Event('open'))
  }

  emit(type: string, data: unknown, id?: string): void {
    const raw = typeof data === 'string' ? data : JSON.stringify(data)
    this.dispatchEvent(new MessageEvent(type, { data: raw, lastEventId: id ?? '' }))
  }

  /** A failure the native object will retry by itself (network drop). */
  failAndRetry(): void {
    this.readyState = FakeEventSource.CONNECTING
    this.dispatchEvent(new Event('error'))
  }

  /**
   * Requests through the `fetch` it was given, as fetch-based EventSources do,
   * then fails with the answer's status.
   */
  async failWithAnswer(): Promise<void> {
    const response = await (this.init as { fetch: typeof fetch }).fetch(this.url)
    this.failAndClose(response.status)
  }

  /** A failure after which the native object gives up, optionally with an HTTP status. */
  failAndClose(status?: number): void {
    this.readyState = FakeEventSource.CLOSED
    const event = new Event('error') as Event & { code?: number }
    if (status !== undefined) event.code = status
    this.dispatchEvent(event)
  }
}
