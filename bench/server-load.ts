/**
 * Server kit under load, on this machine (loopback only, bounded counts).
 *
 * 1. One process: a child process serves CONNECTIONS streams (USERS users x
 *    PER_USER tabs) held by this process. Reported: memory per connection
 *    (RSS and heap after GC, minus the figures before connecting) and events
 *    delivered per second while EVENTS notifications are published round-robin
 *    over the users. Baseline in the same run: a bare fan-out server as the
 *    Express tutorials write it (a Map of responses, `res.write` per event: no
 *    ids, no replay log, no heartbeat, no backpressure, no storage).
 * 2. Two processes through Redis: a client streams from process A while the
 *    app publishes on process B (a real redis-server, Redis storage); the
 *    latency from the publish request to the event at the client, SAMPLES
 *    times in a row. Baseline: the same with one process and the memory storage.
 *
 * The baseline server sets TCP_NODELAY like the kit, so that the ratio shows
 * the kit's own work rather than Nagle's coalescing of small writes.
 *
 * Run: node bench/run.mjs server-load
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, get, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Redis } from 'ioredis'
import { createMemoryStorage, createNotificationServer, createRedisStorage } from '../src/server'
import { startRedis } from '../test/server/support/redisServer'

const USERS = Number(process.env.BENCH_USERS ?? 200)
const PER_USER = Number(process.env.BENCH_PER_USER ?? 10)
const CONNECTIONS = USERS * PER_USER
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200)

type Mode = 'kit-memory' | 'baseline' | 'kit-redis'
type ChildMessage = { type: 'listening'; port: number } | { type: 'memory'; rss: number; heap: number } | { type: 'published'; ms: number }
type ParentMessage = { type: 'memory' } | { type: 'publish'; count: number }

const payload = (n: number) => ({ message: `bench notification #${n}`, title: 'Load' })

// ---- child: one server process ------------------------------------------------

async function runChild(mode: Mode): Promise<void> {
  const send = (message: ChildMessage) => process.send?.(message)
  const userOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://localhost').searchParams.get('user')
  let publish: (user: string, n: number) => unknown
  let handle: (req: IncomingMessage, res: ServerResponse, next: () => void) => unknown

  if (mode === 'baseline') {
    const streams = new Map<string, Set<ServerResponse>>()
    let seq = 0
    handle = (req, res, next) => {
      const user = userOf(req)
      if (!req.url?.startsWith('/notifications/stream') || !user) return next()
      const own = streams.get(user) ?? new Set()
      streams.set(user, own.add(res))
      req.socket.setNoDelay(true)
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
      res.flushHeaders()
      req.on('close', () => own.delete(res))
    }
    publish = (user, n) => {
      const data = JSON.stringify({ id: String(++seq), ...payload(n), createdAt: new Date().toISOString(), readAt: null })
      for (const res of streams.get(user) ?? []) res.write(`data: ${data}\n\n`)
    }
  } else {
    const storage =
      mode === 'kit-redis'
        ? createRedisStorage({ redis: new Redis(process.env.REDIS_URL ?? '', { lazyConnect: true }), keyPrefix: 'bench' })
        : createMemoryStorage()
    const kit = createNotificationServer({ storage, authenticate: userOf })
    handle = (req, res, next) => kit.handle(req, res, next)
    publish = (user, n) => kit.publish(user, payload(n))
  }

  const server = createServer((req, res) =>
    handle(req, res, async () => {
      const user = userOf(req)
      if (req.method !== 'POST' || !req.url?.startsWith('/app/publish') || !user) return void res.writeHead(404).end()
      await publish(user, 0)
      res.writeHead(201).end()
    }),
  )
  server.listen(0, '127.0.0.1', () => send({ type: 'listening', port: (server.address() as AddressInfo).port }))
  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'memory') {
      globalThis.gc?.()
      const { rss, heapUsed } = process.memoryUsage()
      send({ type: 'memory', rss, heap: heapUsed })
    } else {
      const started = performance.now()
      for (let n = 0; n < message.count; n++) await publish(`u${n % USERS}`, n)
      send({ type: 'published', ms: performance.now() - started })
    }
  })
  process.once('disconnect', () => process.exit(0))
}

// ---- parent -----------------------------------------------------------------

interface Child {
  port: number
  process: ChildProcess
  ask<T extends ChildMessage['type']>(message: ParentMessage, reply: T): Promise<Extract<ChildMessage, { type: T }>>
  stop(): Promise<void>
}

async function startChild(mode: Mode, env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ['--expose-gc', process.argv[1]!, 'child', mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  })
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve) => {
      const listener = (message: ChildMessage) => {
        if (message.type !== type) return
        child.off('message', listener)
        resolve(message as Extract<ChildMessage, { type: T }>)
      }
      child.on('message', listener)
    })
  const { port } = await next('listening')
  return {
    port,
    process: child,
    ask(message, reply) {
      const answer = next(reply)
      child.send(message)
      return answer
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** A stream held open by this process: counts its frames, and those that carry a bench notification. */
interface HeldStream {
  frames(): number
  events(): number
  /** Resolves as soon as `count` bench notifications have arrived. */
  eventCount(count: number): Promise<void>
  close(): void
}

function holdStream(port: number, user: string): Promise<HeldStream> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: `/notifications/stream?user=${user}`, agent: false }, (res) => {
      let frames = 0
      let events = 0
      let pending = ''
      let waiter: { count: number; resolve: () => void } | undefined
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        const parts = (pending + chunk).split('\n\n')
        pending = parts.pop() ?? ''
        frames += parts.length
        for (const frame of parts) if (frame.includes('bench notification')) events++
        if (waiter && events >= waiter.count) waiter.resolve()
      })
      resolve({
        frames: () => frames,
        events: () => events,
        eventCount: (count) => (events >= count ? Promise.resolve() : new Promise((done) => (waiter = { count, resolve: done }))),
        close: () => req.destroy(),
      })
    })
    req.on('error', reject)
  })
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

interface LoadResult {
  rssPerConnection: number
  heapPerConnection: number
  eventsPerSecond: number
}

async function load(mode: 'kit-memory' | 'baseline'): Promise<LoadResult> {
  const child = await startChild(mode)
  const before = await child.ask({ type: 'memory' }, 'memory')
  const streams: HeldStream[] = []
  for (let index = 0; index < CONNECTIONS; index += 100) {
    const batch = Array.from({ length: Math.min(100, CONNECTIONS - index) }, (_, offset) => holdStream(child.port, `u${(index + offset) % USERS}`))
    streams.push(...(await Promise.all(batch)))
  }
  // The kit's preamble: the retry frame and notifications.sync.
  const preamble = mode === 'baseline' ? 0 : 2
  await until(() => streams.every((stream) => stream.frames() >= preamble), 30_000, 'every stream open')
  const after = await child.ask({ type: 'memory' }, 'memory')

  const started = performance.now()
  await child.ask({ type: 'publish', count: EVENTS }, 'published')
  await until(() => streams.every((stream) => stream.events() >= EVENTS / USERS), 60_000, 'every event delivered')
  const elapsed = (performance.now() - started) / 1000
  for (const stream of streams) stream.close()
  await child.stop()
  return {
    rssPerConnection: (after.rss - before.rss) / CONNECTIONS,
    heapPerConnection: (after.heap - before.heap) / CONNECTIONS,
    eventsPerSecond: (EVENTS * PER_USER) / elapsed,
  }
}

function post(port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false }, (res) => res.resume().on('end', resolve))
    req.on('error', reject)
    req.end()
  })
}

/** ms from a publish request (to `publisher`) to the event at a client of `streamer`, SAMPLES times. */
async function latencies(streamer: Child, publisher: Child): Promise<number[]> {
  const stream = await holdStream(streamer.port, 'latency')
  await until(() => stream.frames() >= 2, 10_000, 'latency stream open')
  const samples: number[] = []
  for (let index = 0; index < SAMPLES; index++) {
    const arrived = stream.eventCount(stream.events() + 1)
    const started = performance.now()
    const published = post(publisher.port, '/app/publish?user=latency')
    await arrived
    samples.push(performance.now() - started)
    await published
  }
  stream.close()
  return samples.sort((a, b) => a - b)
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const ms = (value: number) => `${value.toFixed(2)} ms`

async function main(): Promise<void> {
  console.log(`one process: ${CONNECTIONS} connections (${USERS} users x ${PER_USER}), ${EVENTS} notifications -> ${EVENTS * PER_USER} deliveries`)
  // The machine is shared: alternate the two, three rounds each, and keep each one's median round.
  const rounds: Record<'baseline' | 'kit-memory', LoadResult[]> = { baseline: [], 'kit-memory': [] }
  for (let round = 0; round < 3; round++) {
    rounds.baseline.push(await load('baseline'))
    rounds['kit-memory'].push(await load('kit-memory'))
  }
  const median = (results: LoadResult[]) => [...results].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[1]!
  const baseline = median(rounds.baseline)
  const kit = median(rounds['kit-memory'])
  console.log(`  connections held: ${CONNECTIONS} (kit and baseline)`)
  for (const [label, pick, format] of [
    ['memory per connection (RSS)', (r: LoadResult) => r.rssPerConnection, kb],
    ['memory per connection (heap)', (r: LoadResult) => r.heapPerConnection, kb],
    ['events delivered per second', (r: LoadResult) => r.eventsPerSecond, (v: number) => `${Math.round(v)}/s`],
  ] as const) {
    console.log(`  ${label}: kit ${format(pick(kit))}, baseline ${format(pick(baseline))} (kit/baseline ${(pick(kit) / pick(baseline)).toFixed(2)}x)`)
  }

  console.log(`\nfan-out latency, publish request to event at the client, ${SAMPLES} samples in a row`)
  const redis = await startRedis()
  try {
    const single = await startChild('kit-memory')
    const local = await latencies(single, single)
    await single.stop()
    const env = { REDIS_URL: redis.url }
    const [a, b] = await Promise.all([startChild('kit-redis', env), startChild('kit-redis', env)])
    const remote = await latencies(a!, b!)
    await Promise.all([a!.stop(), b!.stop()])
    for (const [label, sorted] of [['two processes via Redis (A streams, B publishes)', remote], ['one process, memory storage (baseline)', local]] as const) {
      console.log(`  ${label}: p50 ${ms(quantile(sorted, 0.5))}, p95 ${ms(quantile(sorted, 0.95))}, max ${ms(sorted.at(-1)!)}`)
    }
    console.log(`  Redis hop cost: p50 ${(quantile(remote, 0.5) / quantile(local, 0.5)).toFixed(2)}x the single process`)
  } finally {
    await redis.stop()
  }
}

if (process.argv[2] === 'child') await runChild(process.argv[3] as Mode)
else await main()
