// @ts-check
/**
 * Fault-injection soak: the store (from dist/, so run `npm run build` first)
 * with the `eventsource` package as EventSource, against the fault server of
 * test/support/faultServer.mjs in its own process, over 127.0.0.1. The server
 * publishes at `--rate` per second with every fault on, reads and read-alls on
 * its own side, while the client marks items read and all read. Then the faults
 * stop, the store settles (loadMore() until nothing is owed), and its inbox is
 * compared with the server's truth.
 *
 *   npm run soak -- --minutes 10 --rate 500
 *   npm run soak -- --seconds 60 --rate 200 --json   (one JSON line at the end, for tests)
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import axios from 'axios'
import { EventSource } from 'eventsource'
import { createPinia, setActivePinia } from 'pinia'
import { configureNotifications, useNotificationStore } from '../dist/index.js'

const args = process.argv.slice(2)
/** @param {string} name @param {number} fallback */
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`)
  return at === -1 ? fallback : Number(args[at + 1])
}
const seconds = args.includes('--minutes') ? option('minutes', 1) * 60 : option('seconds', 60)
const rate = option('rate', 500)
const seed = option('seed', 1)
const asJson = args.includes('--json')
const log = asJson ? () => {} : (/** @type {string} */ line) => console.log(line)

let unhandled = 0
process.on('unhandledRejection', (reason) => {
  unhandled += 1
  console.error('unhandled rejection:', reason)
})
process.on('uncaughtException', (error) => {
  unhandled += 1
  console.error('uncaught exception:', error)
})

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts the fault server in its own process; resolves with its origin. */
async function startServer() {
  const script = fileURLToPath(new URL('../test/support/faultServer.mjs', import.meta.url))
  const child = spawn(process.execPath, [script, '--port', '0', '--seed', String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fault server exited with ${code}`)))
    child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk)).port))
  })
  return { child, origin: `http://127.0.0.1:${port}` }
}

const { child, origin } = await startServer()
const control = axios.create({ baseURL: origin, timeout: 10_000 })
/** @param {Record<string, unknown>} settings */
const setServer = (settings) => control.post('/__control', settings)

const pinia = createPinia()
setActivePinia(pinia)
let warnings = 0
configureNotifications(pinia, {
  apiUrl: `${origin}/api/notifications`,
  streamUrl: `${origin}/api/notifications/stream`,
  http: axios.create({ timeout: 5000 }),
  pageSize: 100,
  maxItems: 100_000_000,
  stream: { EventSource, backoff: { initial: 200, max: 2000 } },
  warn: () => {
    warnings += 1
  },
})
const store = useNotificationStore(pinia)

global.gc?.()
const heapBefore = process.memoryUsage().heapUsed
store.connect()
await setServer({ faults: true, rate, serverReads: 20, serverReadAllEvery: 5000, deletes: 1 })

// The client's own reads race with the server's.
let lastReadAll = Date.now()
const actions = setInterval(() => {
  const items = store.items
  if (items.length > 0) {
    const item = items[Math.floor(Math.random() * Math.min(items.length, 2000))]
    if (item && item.readAt === null) void store.markRead(item.id)
  }
  if (Date.now() - lastReadAll > 7000) {
    lastReadAll = Date.now()
    void store.markAllRead()
  }
}, 100)

const started = Date.now()
for (let elapsed = 0; elapsed < seconds; elapsed = (Date.now() - started) / 1000) {
  await sleep(Math.min(10_000, (seconds - elapsed) * 1000))
  log(`soak: ${Math.round((Date.now() - started) / 1000)} s, ${store.items.length} held, connection ${store.connection}`)
}
clearInterval(actions)
const faultSeconds = (Date.now() - started) / 1000
const during = (await control.get('/__stats')).data

// The faults stop; the store settles.
await setServer({ faults: false, rate: 0, serverReads: 0, serverReadAllEvery: 0, deletes: 0 })
const settleStarted = Date.now()
for (let i = 0; i < 600 && store.connection !== 'open'; i += 1) await sleep(100)
// Let in-flight reads and the stream's last events arrive.
await sleep(3000)
let pages = 0
while (store.hasMore && pages < 100_000) {
  await store.loadMore()
  pages += 1
}
for (let i = 0; i < 100 && store.loading; i += 1) await sleep(100)
await sleep(500)
const settleSeconds = (Date.now() - settleStarted) / 1000

const truth = (await control.get('/__truth')).data
/** @type {Map<string, boolean>} */
const expected = new Map(truth.items.map((/** @type {{ id: string, read: boolean }} */ item) => [item.id, item.read]))
const held = store.items
const heldIds = new Set(held.map((item) => item.id))
const lost = [...expected.keys()].filter((id) => !heldIds.has(id)).length
const duplicated = held.length - heldIds.size
const extra = [...heldIds].filter((id) => !expected.has(id)).length
const mismatches = held.filter((item) => expected.has(item.id) && expected.get(item.id) !== (item.readAt !== null)).length
const orderOk = held.every((item, i) => i === 0 || held[i - 1].createdAt >= item.createdAt)

const unreadStore = store.unreadCount
global.gc?.()
const heapAfter = process.memoryUsage().heapUsed
store.$reset()
child.kill('SIGTERM')

const result = {
  seconds: Math.round(faultSeconds),
  rate,
  published: during.published,
  held: held.length,
  lost,
  duplicated,
  extra,
  readStateMismatches: mismatches,
  orderOk,
  unreadStore,
  unreadServer: truth.unread,
  unhandledErrors: unhandled,
  warnings,
  restRequestsPerSecond: Number((during.restRequests / faultSeconds).toFixed(2)),
  streamRequestsPerSecond: Number((during.streamRequests / faultSeconds).toFixed(2)),
  settleSeconds: Number(settleSeconds.toFixed(1)),
  settlePages: pages,
  heapGrowthBytes: heapAfter - heapBefore,
  heapBytesPerHeldItem: held.length > 0 ? Math.round((heapAfter - heapBefore) / held.length) : 0,
}
if (asJson) {
  console.log(JSON.stringify(result))
} else {
  log(`published ${result.published} in ${result.seconds} s at ${rate}/s with every fault on`)
  log(`lost ${lost}, duplicated ${duplicated}, extra ${extra}, read-state mismatches ${mismatches}, order ${orderOk ? 'ok' : 'WRONG'}`)
  log(`unread: store ${result.unreadStore}, server ${result.unreadServer}`)
  log(`unhandled errors ${unhandled}, dev warnings ${warnings}`)
  log(`requests during faults: REST ${result.restRequestsPerSecond}/s, stream ${result.streamRequestsPerSecond}/s`)
  log(`settled in ${result.settleSeconds} s (${pages} loadMore pages)`)
  log(`heap: +${(result.heapGrowthBytes / 1048576).toFixed(1)} MB, ${result.heapBytesPerHeldItem} B per held item`)
}
const failed = lost + duplicated + extra + mismatches + unhandled > 0 || !orderOk || result.unreadStore !== result.unreadServer
process.exit(failed ? 1 : 0)
