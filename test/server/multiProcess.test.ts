// @vitest-environment node
/** Two kit processes (real child processes) behind one Redis: any process serves any user and any reconnect. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { compareEventIds, type NotificationPage, type ServerNotification } from '../../src/server'
import { waitFor } from '../support/rawSseStream'
import { listen, request } from './support/kitServer'
import { useRedisServer } from './support/redisServer'

type Item = ServerNotification<{ message: string }>

const fixture = fileURLToPath(new URL('./fixtures/kitProcess.ts', import.meta.url))
const bundle = fileURLToPath(new URL('../../.tmp/kit-process.mjs', import.meta.url))

interface KitProcess {
  origin: string
  child: ChildProcess
  exited: Promise<void>
}

const redis = useRedisServer()
let prefixes = 0
const processes: KitProcess[] = []
const cleanups: (() => void)[] = []

beforeAll(async () => {
  mkdirSync(fileURLToPath(new URL('../../.tmp/', import.meta.url)), { recursive: true })
  // Node 20 cannot run TypeScript: bundle the fixture (dependencies stay external, resolved from node_modules).
  await build({ entryPoints: [fixture], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' })
}, 30_000)

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  for (const running of processes.splice(0)) {
    running.child.kill('SIGTERM')
    await running.exited
  }
})

async function startProcesses(count: number): Promise<KitProcess[]> {
  const prefix = `multi-${++prefixes}`
  const started = await Promise.all(
    Array.from({ length: count }, async () => {
      const child = spawn(process.execPath, [bundle], {
        env: { ...process.env, REDIS_URL: redis().url, KEY_PREFIX: prefix },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      const port = await new Promise<number>((resolve, reject) => {
        let output = ''
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          const line = output.split('\n').find((candidate) => candidate.startsWith('{'))
          if (line) resolve((JSON.parse(line) as { port: number }).port)
        })
        child.once('exit', (code) => reject(new Error(`kit process exited with ${code}`)))
      })
      return { origin: `http://127.0.0.1:${port}`, child, exited }
    }),
  )
  processes.push(...started)
  return started
}

async function publishOn(kitProcess: KitProcess, user: string, message: string): Promise<Item> {
  const response = await fetch(`${kitProcess.origin}/app/publish?user=${user}`, { method: 'POST', body: JSON.stringify({ message }) })
  expect(response.status).toBe(201)
  return (await response.json()) as Item
}

describe('two kit processes behind one Redis', { timeout: 20_000 }, () => {
  it('a client connected to A gets what B publishes, in order, and only its own user’s', async () => {
    const [a, b] = await startProcesses(2)
    const alice = listen(`${a!.origin}/notifications/stream?user=alice`)
    const bob = listen(`${a!.origin}/notifications/stream?user=bob`)
    cleanups.push(() => alice.source.close(), () => bob.source.close())
    await waitFor(() => alice.syncs().length === 1 && bob.syncs().length === 1, 5000, 'both streams')

    const published: Item[] = []
    for (let index = 0; index < 5; index++) published.push(await publishOn(b!, 'alice', `from B ${index}`))
    const bobs = await publishOn(a!, 'bob', 'for bob, from A')
    await waitFor(() => alice.events().length === 5 && bob.events().length === 1, 5000, 'fan-out')
    expect(alice.events().map((event) => event.data)).toEqual(published)
    expect(bob.events().map((event) => event.data)).toEqual([bobs])
    const ids = alice.events().map((event) => event.id)
    expect([...ids].sort(compareEventIds)).toEqual(ids)
    expect(new Set(ids).size).toBe(5)
  })

  it('a client whose process dies resumes on the other from its last id, nothing lost or repeated', async () => {
    const [a, b] = await startProcesses(2)
    // A load balancer in front: every connection goes to A until it is gone, then to B.
    let target = a!
    const client = listen(`${a!.origin}/notifications/stream?user=alice`, {
      fetch: (input, init) => fetch(String(input).replace(a!.origin, target.origin), init),
    })
    cleanups.push(() => client.source.close())
    await waitFor(() => client.syncs().length === 1, 5000, 'first stream')

    const published: Item[] = []
    let publishing = true
    const publisher = (async () => {
      for (let index = 0; publishing || index < 40; index++) {
        published.push(await publishOn(b!, 'alice', `n${index}`))
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    await waitFor(() => client.events().length >= 10, 5000, 'events before the crash')
    target = b!
    a!.child.kill('SIGKILL')
    await a!.exited
    await waitFor(() => client.syncs().length === 2, 5000, 'reconnect to B')
    publishing = false
    await publisher
    await waitFor(() => client.events().length >= published.length, 5000, 'every notification')
    await new Promise((resolve) => setTimeout(resolve, 100))

    expect(client.events().map((event) => (event.data as Item).id)).toEqual(published.map((item) => item.id))
    expect(client.syncs()).toEqual([{ replayed: false }, { replayed: true }])
    const page = (await request<NotificationPage<{ message: string }>>(`${b!.origin}/notifications?user=alice&limit=100`)).body
    expect(page.data.map((item) => item.id)).toEqual(published.map((item) => item.id).reverse())
  })

  it('shares the list and read state: read on A, listed on B, read-all on B, seen by a stream on A', async () => {
    const [a, b] = await startProcesses(2)
    const first = await publishOn(a!, 'alice', 'one')
    await publishOn(b!, 'alice', 'two')
    const stream = listen(`${a!.origin}/notifications/stream?user=alice`)
    cleanups.push(() => stream.source.close())
    await waitFor(() => stream.syncs().length === 1, 5000, 'stream')

    expect((await request(`${a!.origin}/notifications/${first.id}/read?user=alice`, 'POST')).status).toBe(200)
    const onB = (await request<NotificationPage<{ message: string }>>(`${b!.origin}/notifications?user=alice`)).body
    expect(onB.unreadCount).toBe(1)
    expect(onB.data.find((item) => item.id === first.id)?.readAt).toEqual(expect.any(String))

    const readAll = await request<{ readAt: string }>(`${b!.origin}/notifications/read-all?user=alice`, 'POST')
    await waitFor(() => stream.events().length === 2, 5000, 'read and read-all events')
    expect(stream.events().map((event) => event.type)).toEqual(['notification.read', 'notifications.read-all'])
    expect(stream.events()[1]?.data).toEqual(readAll.body)
    expect((await request<NotificationPage>(`${a!.origin}/notifications?user=alice`)).body.unreadCount).toBe(0)
  })
})
