import { reactive } from 'vue'

/** What this tab's own notification EventSource does (only the tab holding a real connection has one). */
export interface ConnectionProbe {
  /** Real EventSources this tab has opened to the notification stream. */
  opened: number
  /** The newest of them is open. */
  open: boolean
  /** `lastEventId` of the last event received on this tab's own connection. */
  lastEventId: string
}

export const probe = reactive<ConnectionProbe>({ opened: 0, open: false, lastEventId: '' })

const recordedTypes = ['message', 'notification', 'notification.read', 'notification.deleted', 'notifications.read-all', 'ping']

/** Number of the newest ProbedEventSource: only the newest one updates `open`. */
let latest = 0

/**
 * The browser's EventSource, counted. Given to the store as `stream.EventSource`:
 * in shared mode only the leader tab constructs one (the others read the
 * leader's relay), so "this tab holds an open one" tells leader from follower.
 */
export class ProbedEventSource extends EventSource {
  readonly #number: number

  constructor(url: string | URL, init?: EventSourceInit) {
    super(url, init)
    this.#number = latest = ++probe.opened
    probe.open = false
    this.addEventListener('open', () => {
      if (this.#number === latest) probe.open = true
    })
    this.addEventListener('error', () => {
      if (this.#number === latest && this.readyState !== EventSource.OPEN) probe.open = false
    })
    const record = (event: Event) => {
      const { lastEventId } = event as MessageEvent<string>
      if (lastEventId) probe.lastEventId = lastEventId
    }
    for (const type of recordedTypes) this.addEventListener(type, record)
  }

  override close(): void {
    super.close()
    if (this.#number === latest) probe.open = false
  }
}
