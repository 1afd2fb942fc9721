import type { InboxEngine } from './InboxEngine'
import type { FetchedPage } from './tickets'

export type SyncAction = 'refresh' | 'more' | 'background'

export interface SyncSchedulerOptions {
  engine: InboxEngine
  /** Fetches one page and normalises its items. */
  fetchPage: (cursor: string | null) => Promise<FetchedPage>
  /** Pages the background fill may fetch at once; it then slows to one per `interval`. */
  burst: number
  /** ms between background pages once the burst is spent (above 0). */
  interval: number
  /** After every page answered or failed (the engine has changed). */
  onSettled: (action: SyncAction, error: unknown) => void
  /** Jitter source for the retry delay. @default Math.random */
  random?: () => number
}

/** First and last retry delay of the background fill after failed pages. */
const RETRY_MIN = 1000
const RETRY_MAX = 60_000

/**
 * Decides when pages are fetched: one request at a time, user actions first,
 * and a background fill that closes unverified stretches at a bounded rate
 * (a token bucket of `burst` pages refilled every `interval` ms, and a
 * growing, jittered delay after failures). Plain timers; no framework.
 */
export class SyncScheduler {
  /** Requests in flight or waiting their turn. */
  active = 0

  readonly #options: SyncSchedulerOptions
  #chain: Promise<void> = Promise.resolve()
  /** A refresh or loadMore that was asked for and has not started yet: later calls share it. */
  readonly #waiting = new Map<SyncAction, Promise<void>>()
  #running: { action: SyncAction; done: Promise<void> } | null = null
  #tokens: number
  #refilledAt = Date.now()
  #failures = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #stopped = false
  /** Bumped by `stop()`: work from before it no longer counts. */
  #generation = 0

  constructor(options: SyncSchedulerOptions) {
    this.#options = options
    this.#tokens = Math.max(1, options.burst)
  }

  /** Loads the first page again and re-checks everything held. */
  refresh(): Promise<void> {
    return this.#request('refresh')
  }

  /** Loads the next owed stretch (see `InboxEngine.beginPage`). */
  loadMore(): Promise<void> {
    if (this.#running?.action === 'more') return this.#running.done
    return this.#request('more')
  }

  /** Something may be owed: let the background fill look. */
  wake(): void {
    if (this.#stopped || this.#timer !== undefined || this.active > 0) return
    if (!this.#options.engine.segments.some((segment) => segment.kind === 'unverified')) return
    const delay = this.#failures > 0 ? this.#retryDelay() : this.#tokenDelay()
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      if (this.active > 0) return
      this.#refill()
      if (this.#tokens < 1 && this.#failures === 0) {
        this.wake()
        return
      }
      if (this.#failures === 0) this.#tokens -= 1
      void this.#request('background')
    }, delay)
  }

  /**
   * Cancels the timer and forgets what is in flight or waiting (the engine's
   * epoch ignores their answers); the next request starts at once.
   */
  stop(): void {
    this.#stopped = true
    this.#generation += 1
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.active = 0
    this.#waiting.clear()
    this.#running = null
    this.#chain = Promise.resolve()
    this.#failures = 0
  }

  #request(action: SyncAction): Promise<void> {
    this.#stopped = false
    const waiting = this.#waiting.get(action)
    if (waiting && action !== 'background') return waiting
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.active += 1
    const generation = this.#generation
    const task: Promise<void> = this.#chain.then(() =>
      generation === this.#generation ? this.#fetch(action, task, generation) : undefined,
    )
    this.#chain = task
    if (action !== 'background') this.#waiting.set(action, task)
    return task
  }

  async #fetch(action: SyncAction, task: Promise<void>, generation: number): Promise<void> {
    if (this.#waiting.get(action) === task) this.#waiting.delete(action)
    const { engine } = this.#options
    const ticket = engine.beginPage(action)
    if (!ticket) {
      this.#finish()
      return
    }
    this.#running = { action, done: task }
    let error: unknown = null
    try {
      engine.applyPage(ticket, await this.#options.fetchPage(ticket.cursor))
      this.#failures = 0
    } catch (cause) {
      engine.pageFailed(ticket)
      error = cause
      if (generation === this.#generation) this.#failures += 1
    }
    if (generation !== this.#generation) return
    this.#running = null
    this.#finish()
    this.#options.onSettled(action, error)
  }

  #finish(): void {
    this.active -= 1
    if (this.active === 0) this.wake()
  }

  #refill(): void {
    const { burst, interval } = this.#options
    const now = Date.now()
    this.#tokens = Math.min(Math.max(1, burst), this.#tokens + (now - this.#refilledAt) / interval)
    this.#refilledAt = now
  }

  /** ms until the bucket holds a token. */
  #tokenDelay(): number {
    this.#refill()
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) * this.#options.interval)
  }

  #retryDelay(): number {
    const ceiling = Math.min(RETRY_MAX, RETRY_MIN * 2 ** (this.#failures - 1))
    return ceiling / 2 + ((this.#options.random ?? Math.random)() * ceiling) / 2
  }
}
