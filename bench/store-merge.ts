/**
 * 100,000 upserts into a store already holding 10,000 notifications: the
 * store's sorted collection (Map + binary-search insertion) and the inbox
 * engine with every merge rule (unbounded, and capped at 10,000 items, so that
 * every new item drops the oldest) against a naive array (findIndex + replace
 * / unshift, and the same with the cap).
 *
 * Run: npx esbuild bench/store-merge.ts --bundle --platform=node --format=esm --log-level=warning | node --input-type=module
 */
import { performance } from 'node:perf_hooks'
import { InboxEngine } from '../src/inbox/InboxEngine'
import { NotificationCollection } from '../src/inbox/NotificationCollection'
import type { NotificationItem } from '../src/types'

const INITIAL = 10_000
const UPSERTS = 100_000
const NEW_SHARE = 0.3

let seed = 42
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}

const base = Date.UTC(2026, 0, 1)
function makeItem(n: number, readAt: string | null = null): NotificationItem {
  const at = new Date(base + n * 1000).toISOString()
  return { id: `n${n}`, message: `Notification ${n}`, createdAt: at, readAt, updatedAt: at }
}

const initial: NotificationItem[] = []
for (let n = 0; n < INITIAL; n += 1) initial.push(makeItem(n))

// The same operations for both: updates of held items (read-state changes) and new, newest items.
const operations: NotificationItem[] = []
let next = INITIAL
for (let i = 0; i < UPSERTS; i += 1) {
  if (random() < NEW_SHARE) {
    operations.push(makeItem(next))
    next += 1
  } else {
    const n = Math.floor(random() * next)
    const original = makeItem(n)
    const updatedAt = new Date(base + (next + i) * 1000).toISOString()
    operations.push({ ...original, readAt: random() < 0.5 ? updatedAt : null, updatedAt })
  }
}

function runCollection(): { ms: number; result: NotificationItem[] } {
  const collection = new NotificationCollection()
  for (const item of initial) collection.write(item)
  const start = performance.now()
  for (const item of operations) collection.upsert(item)
  const result = collection.toArray()
  return { ms: performance.now() - start, result }
}

/** The same upserts as stream events through the engine, with every merge rule. */
function runEngine(maxItems = 1_000_000): { ms: number; result: NotificationItem[] } {
  const engine = new InboxEngine({ maxItems, reconcileDeletions: true })
  for (const item of initial) engine.receive(item)
  const start = performance.now()
  for (const item of operations) engine.receive(item)
  const result = engine.items.toArray()
  return { ms: performance.now() - start, result }
}

/** Heap bytes per held item: the engine holding `count` items, against an empty one. */
function heapPerItem(count: number): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) return NaN
  const items: NotificationItem[] = []
  for (let n = 0; n < count; n += 1) items.push(makeItem(n))
  gc()
  const before = process.memoryUsage().heapUsed
  const engine = new InboxEngine({ maxItems: 1_000_000, reconcileDeletions: true })
  for (const item of items) engine.receive(item)
  gc()
  const after = process.memoryUsage().heapUsed
  // Keeps the engine alive until measured; the items themselves existed before.
  if (engine.items.size !== count) throw new Error('not all items held')
  return (after - before) / count
}

/** `cap`: new items above the oldest held one go on top and push the oldest out; older ones are dropped. */
function runNaive(cap = Infinity): { ms: number; result: NotificationItem[] } {
  const list = initial.slice().reverse()
  const start = performance.now()
  for (const item of operations) {
    const at = list.findIndex((entry) => entry.id === item.id)
    if (at !== -1) list[at] = item
    else if (list.length < cap || item.createdAt > list[list.length - 1]!.createdAt) {
      list.unshift(item)
      if (list.length > cap) list.pop()
    }
  }
  return { ms: performance.now() - start, result: list }
}

// Warm up the collection once (the naive run is long enough to warm itself up), then measure.
runCollection()
runEngine()
runEngine(INITIAL)
const store = runCollection()
const engine = runEngine()
const capped = runEngine(INITIAL)
const naive = runNaive()
const naiveCapped = runNaive(INITIAL)

const sameList = (a: NotificationItem[], b: NotificationItem[]): boolean =>
  a.length === b.length && a.every((item, index) => item === b[index])
const same = sameList(store.result, naive.result) && sameList(engine.result, naive.result) && sameList(capped.result, naiveCapped.result)
if (!same) {
  console.error('The two implementations disagree; the figures below are not comparable.')
  process.exitCode = 1
}

const format = (ms: number): string => `${ms.toFixed(1)} ms`
console.log(`${UPSERTS.toLocaleString('en')} upserts into a ${INITIAL.toLocaleString('en')}-item store (${store.result.length.toLocaleString('en')} items at the end)`)
console.log(`  store collection (Map + sorted array): ${format(store.ms)}`)
console.log(`  naive array (findIndex + unshift):     ${format(naive.ms)}`)
console.log(`  ratio: ${(naive.ms / store.ms).toFixed(1)}x faster`)
console.log(
  `  inbox engine (every merge rule):       ${format(engine.ms)}, ${((engine.ms * 1000) / UPSERTS).toFixed(2)} µs per upsert, ${(naive.ms / engine.ms).toFixed(1)}x faster than naive`,
)
console.log(
  `  inbox engine, capped at ${INITIAL.toLocaleString('en')}:        ${format(capped.ms)}, ${((capped.ms * 1000) / UPSERTS).toFixed(2)} µs per upsert; naive capped array: ${format(naiveCapped.ms)}, ${(naiveCapped.ms / capped.ms).toFixed(1)}x slower`,
)
const perItem = heapPerItem(INITIAL)
console.log(
  Number.isNaN(perItem)
    ? '  heap per held item: run with --expose-gc'
    : `  heap per held item (engine, ${INITIAL.toLocaleString('en')} items, the item objects not counted): ${Math.round(perItem)} B`,
)
