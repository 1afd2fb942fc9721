/**
 * Heap growth over 1,000 connect()/disconnect() cycles of the store, with an
 * in-process EventSource that opens at once and sends one notification per
 * connection. Growth per cycle after a warm-up should be ~0: anything above
 * a few bytes is a leak (listeners, scopes or timers left behind).
 *
 * Run: node bench/run.mjs store-memory
 */
import { createPinia, setActivePinia } from 'pinia'
import { configureNotifications } from '../src/stores/options'
import { useNotificationStore } from '../src/stores/notifications'

class InstantEventSource extends EventTarget {
  readyState = 0
  static sent = 0
  constructor(readonly url: string) {
    super()
    setTimeout(() => {
      if (this.readyState === 2) return
      this.readyState = 1
      this.dispatchEvent(new Event('open'))
      InstantEventSource.sent += 1
      const n = InstantEventSource.sent
      const data = JSON.stringify({ id: `n${n}`, message: `m${n}`, createdAt: new Date(Date.UTC(2026, 0, 1) + n).toISOString() })
      this.dispatchEvent(new MessageEvent('notification', { data, lastEventId: String(n) }))
    }, 0)
  }
  close(): void {
    this.readyState = 2
  }
}

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) {
  console.log('run with --expose-gc (node bench/run.mjs does)')
  process.exit(1)
}

const pinia = createPinia()
setActivePinia(pinia)
// Stream only, and a small cap, so that held items do not count as growth.
configureNotifications(pinia, {
  streamUrl: 'http://127.0.0.1:9/stream',
  maxItems: 10,
  stream: { EventSource: InstantEventSource },
  warn: () => {},
})
const store = useNotificationStore(pinia)
const tick = () => new Promise((resolve) => setTimeout(resolve, 2))

async function cycles(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    store.connect()
    await tick()
    store.disconnect()
  }
}

await cycles(200)
gc()
const before = process.memoryUsage().heapUsed
const CYCLES = 1000
await cycles(CYCLES)
await tick()
gc()
const after = process.memoryUsage().heapUsed
console.log(`${CYCLES.toLocaleString('en')} connect()/disconnect() cycles (after 200 to warm up), ${store.items.length} items held`)
console.log(`  heap growth: ${after - before} B in all, ${((after - before) / CYCLES).toFixed(1)} B per cycle`)
