import { installProbe } from './probe'

/**
 * The floor for the browser's own work: an EventSource whose `notification`
 * listener only counts, and a REST page fetched and parsed with
 * `response.json()`, nothing rendered.
 */
installProbe({ badge: '#count', message: '#none' })

let received = 0
/** When the last event was received, on the probe's clock. */
let lastAt: number | null = null
const source = new EventSource('/api/notifications/stream')
source.addEventListener('notification', () => {
  received += 1
  lastAt = performance.timeOrigin + performance.now()
})

Object.assign(window, {
  __benchBare: {
    received: () => received,
    doneAt: () => lastAt,
    reset: () => (lastAt = null),
    open: () => source.readyState === EventSource.OPEN,
    fetchPage: async (url: string) => ((await (await fetch(url)).json()) as { data: unknown[] }).data.length,
  },
})
