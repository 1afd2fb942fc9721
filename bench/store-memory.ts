/**
 * Heap growth over 5,000 connect()/disconnect() cycles of the store, with an
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

async function heapAfter(count: number): Promise<number> {
  await cycles(count)
  await tick()
  gc!()
  return process.memoryUsage().heapUsed
}

// The heap also grows by a fixed amount while the code warms up (compiled code, caches):
// after a warm-up, the growth over many more cycles is what a leak would add per cycle.
const WARM_UP = 2000
const MEASURED = 5000
const warm = await heapAfter(WARM_UP)
const after = await heapAfter(MEASURED)
console.log(`${MEASURED.toLocaleString('en')} connect()/disconnect() cycles after ${WARM_UP.toLocaleString('en')} to warm up, ${store.items.length} items held`)
console.log(`  heap: ${(warm / 1048576).toFixed(2)} MB after the warm-up, ${(after / 1048576).toFixed(2)} MB after`)
console.log(`  growth per cycle: ${((after - warm) / MEASURED).toFixed(1)} B`)
