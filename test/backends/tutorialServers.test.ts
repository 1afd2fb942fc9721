import { get, type IncomingMessage } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { expressClock, expressCounter } from './expressStreams'
import { laravelClock } from './laravelClock'
import { LaravelMongoBell, type MongoNotification } from './laravelMongoBell'
import { laravelUpdates } from './laravelUpdates'
import { sleep, type SeedServer } from './seedServer'

/** The tutorial servers answer with the bytes the tutorials' code writes. */
interface RawAnswer {
  response: IncomingMessage
  /** Header names and values as sent, without the ones Node adds itself. */
  headers: [string, string][]
  body: () => string
  ended: Promise<void>
  close: () => void
}

/** Headers the HTTP server adds on its own, as PHP's and Express's do (`Connection: keep-alive` too, for a keep-alive client). */
const TRANSPORT_HEADERS = new Set(['date', 'transfer-encoding', 'keep-alive', 'connection'])

function open(url: string, cookie?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { Accept: 'text/event-stream', ...(cookie && { Cookie: cookie }) } }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      const headers: [string, string][] = []
      for (let index = 0; index < response.rawHeaders.length; index += 2) {
        const name = response.rawHeaders[index]!
        if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers.push([name, response.rawHeaders[index + 1]!])
      }
      resolve({
        response,
        headers,
        body: () => body,
        ended: new Promise((done) => response.on('end', done)),
        close: () => request.destroy(),
      })
    })
    request.on('error', reject)
  })
}

/** Whether the response headers arrive within `ms`. */
function answersWithin(url: string, cookie: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(url, { headers: { Cookie: cookie } }, () => {
      request.destroy()
      resolve(true)
    })
    request.on('error', () => {})
    setTimeout(() => {
      request.destroy()
      resolve(false)
    }, ms)
  })
}

/** Events received so far. */
const frames = (answer: RawAnswer): number => answer.body().split('\n\n').length - 1

async function until(check: () => boolean, timeout = 3000): Promise<void> {
  for (const deadline = Date.now() + timeout; !check(); await sleep(10)) {
    if (Date.now() > deadline) throw new Error('timed out')
  }
}

const servers: SeedServer[] = []
const answers: RawAnswer[] = []
afterEach(async () => {
  for (const answer of answers.splice(0)) answer.close()
  await Promise.all(servers.splice(0).map((server) => server.stop()))
})

async function started(server: SeedServer): Promise<SeedServer> {
  servers.push(await server.start())
  return server
}

async function openStream(url: string, cookie?: string): Promise<RawAnswer> {
  const answer = await open(url, cookie)
  answers.push(answer)
  return answer
}

const SSE = ['Content-Type', 'text/event-stream'] as const

describe('seed 000: Laravel clock', () => {
  it('writes `event: message` and the time as JSON, with the headers the controller sets', async () => {
    const server = await started(laravelClock({ interval: 20 }))
    const answer = await openStream(`${server.origin}/stream`)
    expect(answer.headers).toEqual([SSE, ['Cache-Control', 'no-cache']])
    await until(() => frames(answer) >= 2)
    expect(answer.body()).toMatch(/^(event: message\ndata: \{"time":"\d\d:\d\d:\d\d"\}\n\n){2,}$/)
  })
})

describe('seed 001: Laravel updates', () => {
  it('loop: `data:` with a JSON message only, no id and no event name, on one open response', async () => {
    const server = await started(laravelUpdates({ interval: 20 }))
    const answer = await openStream(`${server.origin}/sse`)
    expect(answer.headers).toEqual([SSE, ['Cache-Control', 'no-cache']])
    await until(() => frames(answer) >= 2)
    expect(answer.body()).toMatch(/^(data: \{"message":"New update at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d"\}\n\n){2,}$/)
  })

  it('broadcast: one message, then the response ends', async () => {
    const server = await started(laravelUpdates({ interval: 20, variant: 'broadcast' }))
    const answer = await openStream(`${server.origin}/sse`)
    await answer.ended
    expect(answer.body()).toMatch(/^data: \{"message":"New broadcasted message at [\d-]+ [\d:]+"\}\n\n$/)
    expect(server.sent).toHaveLength(1)
  })
})

describe('seed 002: Laravel + MongoDB bell', () => {
  it('answers 401 without a session, on the list and on the stream', async () => {
    const backend = new LaravelMongoBell({ interval: 20 })
    const server = await started(backend.server)
    for (const path of ['/notifications', '/notifications/stream']) {
      const answer = await openStream(`${server.origin}${path}`)
      expect(answer.response.statusCode).toBe(401)
      await answer.ended
      expect(answer.body()).toBe('{"message":"Unauthenticated."}')
    }
  })

  it('lists the latest 10 as stored and streams each cached notification once, sending headers with the first', async () => {
    const backend = new LaravelMongoBell({ interval: 20 })
    const server = await started(backend.server)
    const { name, value } = backend.signIn(7)
    const cookie = `${name}=${value}`
    const created: MongoNotification[] = []
    for (let index = 0; index < 12; index++) {
      created.push(backend.notify(7, `Message ${index}`, `/m/${index}`))
      await sleep(2)
    }
    backend.notify(8, 'For someone else')

    const list = await openStream(`${server.origin}/notifications`, cookie)
    await list.ended
    const listed = JSON.parse(list.body()) as Record<string, unknown>[]
    expect(listed).toHaveLength(10)
    expect(Object.keys(listed[0]!)).toEqual(['_id', 'user_id', 'message', 'link', 'updated_at', 'created_at'])
    expect(listed[0]).toMatchObject({ user_id: 7, created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}000Z$/) })
    expect(listed.map((item) => item.message)).toEqual(created.slice(2).map((item) => item.message).reverse())

    const stream = await openStream(`${server.origin}/notifications/stream`, cookie)
    expect(stream.headers).toEqual([SSE, ['X-Accel-Buffering', 'no'], ['Cache-Control', 'no-cache']])
    await until(() => frames(stream) === 12)
    const events = stream.body().split('\n\n').filter(Boolean)
    expect(events).toHaveLength(12)
    expect(events[0]).toMatch(/^event: new-notification\nid: [0-9a-f]{13}\ndata: \{"user_id":7,"message":"Message 0","link":"\/m\/0",.*"_id":"[0-9a-f]{24}"\}$/)

    // Nothing waiting: another stream sends no headers at all.
    expect(await answersWithin(`${server.origin}/notifications/stream`, cookie, 150)).toBe(false)
  })

  it('a loop whose client has gone takes the next notification with it', async () => {
    const backend = new LaravelMongoBell({ interval: 20 })
    const server = await started(backend.server)
    const { name, value } = backend.signIn(7)
    backend.notify(7, 'First')
    const stream = await openStream(`${server.origin}/notifications/stream`, `${name}=${value}`)
    await until(() => server.sent.length === 1)
    stream.close()
    await until(() => server.liveStreams === 0)
    const lost = backend.notify(7, 'Second')
    await until(() => backend.swallowed.length === 1)
    expect(backend.swallowed).toEqual([lost])
  })
})

describe('seeds 003 and 004: Express', () => {
  it('003 writes the time as plain text, with Express\'s header and no CORS headers', async () => {
    const server = await started(expressClock({ interval: 20 }))
    const answer = await openStream(`${server.origin}/events`)
    expect(answer.headers).toEqual([['X-Powered-By', 'Express'], SSE, ['Cache-Control', 'no-cache']])
    await until(() => frames(answer) >= 2)
    expect(answer.body()).toMatch(/^(data: Server time is \d{1,2}:\d\d:\d\d\s?[AP]M\n\n){2,}$/)
  })

  it('004 counts from 0 on every connection', async () => {
    const server = await started(expressCounter({ interval: 20 }))
    const first = await openStream(`${server.origin}/events`)
    expect(first.headers).toEqual([['X-Powered-By', 'Express'], SSE, ['Cache-Control', 'no-cache']])
    await until(() => frames(first) >= 2)
    first.close()
    const second = await openStream(`${server.origin}/events`)
    await until(() => second.body().length > 0)
    expect(first.body()).toMatch(/^data: Message #0\n\ndata: Message #1\n\n/)
    expect(second.body()).toMatch(/^data: Message #0\n\n/)
  })
})
