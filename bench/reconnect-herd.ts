/**
 * Reconnect herd: 1,000 clients hold a stream when the server restarts (all
 * streams drop at t = 0, stream requests answer 503 until the server is back
 * at t = 5 s). Reported: the most connection attempts within any 100 ms
 * (sliding window), and when 90 % of the clients had a stream again.
 *
 * Pure simulation in Node with a seeded random source, a fake clock (timers
 * and `Date.now`) and a fake EventSource: "ours" runs 1,000 real
 * `useEventStream` instances with default options; the baseline retries a
 * fixed 1 s after every failure (VueUse `autoReconnect: { delay: 1000 }`).
 * Every stream delivers one event when it opens, as a server following the
 * contract does (`notifications.sync`).
 *
 * Two models of the EventSource:
 * - "every failure closes": a dropped stream reports an error with
 *   `readyState` CLOSED, so the client's own policy schedules every attempt;
 * - "browser": as browsers do, a dropped stream reports an error with
 *   `readyState` CONNECTING and would be re-established by the EventSource
 *   itself after the server's `retry:` (1,000 ms), whatever the client does;
 *   only a 503 answer closes it. The baseline lets it; `useEventStream` closes
 *   it and reconnects on its own schedule.
 *
 * Run: node bench/run.mjs reconnect-herd
 */
import { effectScope } from 'vue'
import { useEventStream, type EventSourceLike } from '../src/composables/useEventStream'

const CLIENTS = 1000
const DOWN_MS = 5000
const NATIVE_RETRY_MS = 1000
const FIXED_DELAY_MS = 1000
const WINDOW_MS = 100
const HORIZON_MS = 120_000
/** Spread of the moment each client notices the drop, and the time an attempt takes to be answered. */
const DETECT_MS = 10
const CONNECT_MS = [1, 5] as const
const EPOCH = 1_700_000_000_000

// ---- seeded random source (mulberry32) ---------------------------------------

function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ---- fake clock ----------------------------------------------------------------

interface Timer {
  at: number
  seq: number
  fn: () => void
  cancelled: boolean
}

class FakeClock {
  now = -10_000
  private seq = 0
  private heap: Timer[] = []

  setTimeout = (fn: () => void, ms = 0): Timer => {
    const timer: Timer = { at: this.now + Math.max(0, ms), seq: this.seq++, fn, cancelled: false }
    this.push(timer)
    return timer
  }

  clearTimeout = (timer: Timer | undefined): void => {
    if (timer) timer.cancelled = true
  }

  /** Runs the timers due until `end`, letting the promise chains each one starts settle before the next. */
  async runUntil(end: number): Promise<void> {
    for (;;) {
      const next = this.heap[0]
      if (!next || next.at > end) break
      this.pop()
      if (next.cancelled) continue
      this.now = next.at
      next.fn()
      await new Promise((resolve) => setImmediate(resolve))
    }
    this.now = end
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq)
  }

  private push(timer: Timer): void {
    const heap = this.heap
    heap.push(timer)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  private pop(): void {
    const heap = this.heap
    const last = heap.pop()!
    if (heap.length === 0) return
    heap[0] = last
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = i
      if (left < heap.length && this.less(heap[left]!, heap[smallest]!)) smallest = left
      if (right < heap.length && this.less(heap[right]!, heap[smallest]!)) smallest = right
      if (smallest === i) break
      ;[heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!]
      i = smallest
    }
  }
}

// ---- simulated server and EventSource -------------------------------------------

type Model = 'closes' | 'browser'

interface Simulation {
  clock: FakeClock
  random: () => number
  /** Times (ms) of every connection attempt at or after the restart. */
  attempts: number[]
  open: Set<FakeEventSource>
  reconnectedAt: number[]
  model: Model
}

let sim: Simulation

const serverUp = (t: number): boolean => t < 0 || t >= DOWN_MS

class FakeEventSource implements EventSourceLike {
  readyState = 0
  private listeners = new Map<string, Set<(event: Event) => void>>()
  private pending: Timer | undefined

  constructor(_url: string) {
    this.attempt()
  }

  addEventListener(type: string, listener: (event: Event) => void): void {
    const set = this.listeners.get(type) ?? new Set()
    this.listeners.set(type, set.add(listener))
  }

  removeEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.get(type)?.delete(listener)
  }

  close(): void {
    this.readyState = 2
    sim.clock.clearTimeout(this.pending)
    sim.open.delete(this)
  }

  /** The server restarts: this stream ends. */
  drop(): void {
    sim.open.delete(this)
    if (sim.model === 'browser') {
      this.readyState = 0
      this.emit('error')
      if (this.readyState === 0) this.pending = sim.clock.setTimeout(() => this.attempt(), NATIVE_RETRY_MS)
    } else {
      this.readyState = 2
      this.emit('error')
    }
  }

  private attempt(): void {
    const { clock, random } = sim
    if (clock.now >= 0) sim.attempts.push(clock.now)
    const latency = CONNECT_MS[0] + random() * (CONNECT_MS[1] - CONNECT_MS[0])
    this.pending = clock.setTimeout(() => {
      if (serverUp(clock.now)) {
        this.readyState = 1
        sim.open.add(this)
        if (clock.now >= 0) sim.reconnectedAt.push(clock.now)
        this.emit('open')
        this.emit('message')
      } else {
        this.readyState = 2
        this.emit('error', 503)
      }
    }, latency)
  }

  private emit(type: string, code?: number): void {
    const event =
      type === 'message'
        ? new MessageEvent(type, { data: '{"replayed":false}' })
        : Object.assign(new Event(type), code === undefined ? {} : { code })
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener(event)
  }
}

// ---- clients ---------------------------------------------------------------------

function startOurs(): void {
  useEventStream('/stream', {
    EventSource: FakeEventSource,
    backoff: { random: sim.random },
    reconnectOnOnline: false,
    reconnectOnVisible: false,
  })
}

function startFixed(): void {
  const connect = (): void => {
    const source = new FakeEventSource('/stream')
    source.addEventListener('error', () => {
      if (source.readyState !== 2) return
      source.close()
      sim.clock.setTimeout(connect, FIXED_DELAY_MS)
    })
  }
  connect()
}

interface Result {
  busiest: number
  busiestAt: number
  busiestWhileUp: number
  total: number
  allBackAt: number
  mostBackAt: number
}

async function simulate(start: () => void, model: Model): Promise<Result> {
  const clock = new FakeClock()
  sim = { clock, random: seeded(20260101), attempts: [], open: new Set(), reconnectedAt: [], model }
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now }
  Object.assign(globalThis, { setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout })
  // An epoch far from 0, so that no timestamp is falsy.
  Date.now = () => EPOCH + clock.now
  const scope = effectScope()
  try {
    scope.run(() => {
      for (let i = 0; i < CLIENTS; i += 1) start()
    })
    await clock.runUntil(0)
    if (sim.open.size !== CLIENTS) throw new Error(`only ${sim.open.size} of ${CLIENTS} connected before the restart`)
    // The restart: every client notices the drop within DETECT_MS.
    for (const source of [...sim.open]) {
      clock.setTimeout(() => source.drop(), sim.random() * DETECT_MS)
    }
    await clock.runUntil(HORIZON_MS)
    scope.stop()
  } finally {
    Object.assign(globalThis, { setTimeout: real.setTimeout, clearTimeout: real.clearTimeout })
    Date.now = real.now
  }

  const sorted = [...sim.attempts].sort((a, b) => a - b)
  const busiestFrom = (from: number): { count: number; at: number } => {
    let best = { count: 0, at: 0 }
    let first = sorted.findIndex((at) => at >= from)
    if (first === -1) return best
    for (let last = first; last < sorted.length; last += 1) {
      while (sorted[last]! - sorted[first]! >= WINDOW_MS) first += 1
      if (last - first + 1 > best.count) best = { count: last - first + 1, at: sorted[first]! }
    }
    return best
  }
  const { count: busiest, at: busiestAt } = busiestFrom(0)
  const busiestWhileUp = busiestFrom(DOWN_MS).count
  if (sim.reconnectedAt.length !== CLIENTS) {
    throw new Error(`${sim.reconnectedAt.length} of ${CLIENTS} clients reconnected within ${HORIZON_MS} ms`)
  }
  const back = [...sim.reconnectedAt].sort((a, b) => a - b)
  return {
    busiest,
    busiestAt,
    busiestWhileUp,
    total: sim.attempts.length,
    mostBackAt: back[Math.ceil(CLIENTS * 0.9) - 1]!,
    allBackAt: back[back.length - 1]!,
  }
}

const models: { model: Model; label: string }[] = [
  { model: 'closes', label: 'every failure closes' },
  { model: 'browser', label: 'browser (native retry)' },
]

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const share = (count: number) => `${((100 * count) / CLIENTS).toFixed(1)} %`

console.log(
  `Reconnect herd: ${CLIENTS.toLocaleString('en')} clients, server down ${DOWN_MS / 1000} s after a restart (simulation, fixed seed)`,
)
console.log(
  `  ${'model'.padEnd(23)} ${'policy'.padEnd(16)} ${'busiest'.padStart(8)} ${'share'.padStart(7)} ${'at'.padStart(7)} ${'busiest up'.padStart(10)} ${'attempts'.padStart(9)} ${'90% back'.padStart(9)} ${'all back'.padStart(9)} ${'fixed/ours'.padStart(10)} ${'up: fixed/ours'.padStart(14)}`,
)
const verdicts: string[] = []
for (const { model, label } of models) {
  const fixed = await simulate(startFixed, model)
  const ours = await simulate(startOurs, model)
  for (const [policy, result] of [
    ['fixed 1 s delay', fixed],
    ['useEventStream', ours],
  ] as const) {
    const ratio = result === fixed ? 'baseline' : `${(fixed.busiest / result.busiest).toFixed(1)}x`
    const ratioUp = result === fixed ? 'baseline' : `${(fixed.busiestWhileUp / result.busiestWhileUp).toFixed(1)}x`
    console.log(
      `  ${label.padEnd(23)} ${policy.padEnd(16)} ${String(result.busiest).padStart(8)} ${share(result.busiest).padStart(7)} ${`${(result.busiestAt / 1000).toFixed(1)} s`.padStart(7)} ${String(result.busiestWhileUp).padStart(10)} ${String(result.total).padStart(9)} ${seconds(result.mostBackAt - DOWN_MS).padStart(9)} ${seconds(result.allBackAt - DOWN_MS).padStart(9)} ${ratio.padStart(10)} ${ratioUp.padStart(14)}`,
    )
  }
  verdicts.push(
    `  ${label}: busiest 100 ms ${share(ours.busiest)} of clients (target <= 5 %, fixed delay ${share(fixed.busiest)}); ` +
      `90 % back ${seconds(ours.mostBackAt - DOWN_MS)} after the server's return (target <= 5 s, fixed delay ${seconds(fixed.mostBackAt - DOWN_MS)})`,
  )
}
console.log(`  busiest: most attempts within ${WINDOW_MS} ms, starting at "at"; busiest up: the same once the server is back (t >= ${DOWN_MS / 1000} s);`)
console.log("  90% / all back: time from the server's return until 90% of the clients / the last client had a stream again.")
console.log(verdicts.join('\n'))
