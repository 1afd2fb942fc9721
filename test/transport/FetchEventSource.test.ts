// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FetchEventSource } from '../../src/transport/FetchEventSource'
import { notificationBurst } from '../support/eventBurst'
import { SSE_HEADERS, ScriptedServer } from '../support/scriptedServer'

/**
 * Parsing cases in the manner of the web-platform-tests for EventSource, sent
 * by a real server in the chunks given (each written after a pause, so they
 * arrive apart), and read back through the transport.
 */

let server: ScriptedServer | undefined
const sources: FetchEventSource[] = []

afterEach(async () => {
  for (const source of sources.splice(0)) source.close()
  await server?.stop()
  server = undefined
})

interface Seen {
  type: string
  data: string
  lastEventId: string
}

/** Serves `chunks` (strings or raw bytes) in order, then ends the stream; collects what the transport dispatches. */
async function receive(chunks: (string | Uint8Array)[], types: string[] = []) {
  server = await new ScriptedServer(async (_req, res) => {
    res.writeHead(200, SSE_HEADERS)
    for (const chunk of chunks) {
      res.write(chunk)
      await new Promise((resolve) => setTimeout(resolve, 15))
    }
    res.end()
  }).start()
  const source = new FetchEventSource(server.url)
  sources.push(source)
  const seen: Seen[] = []
  const record = (event: Event) => {
    const { type, data, lastEventId } = event as MessageEvent<string>
    seen.push({ type, data, lastEventId })
  }
  for (const type of ['message', 'comment', ...types]) source.addEventListener(type, record)
  const ended = new Promise<Event>((resolve) => source.addEventListener('error', resolve))
  const end = await ended
  return { seen, source, end: end as Event & { code?: number; message?: string } }
}

const bytes = (...values: number[]) => new Uint8Array(values)
const utf8 = (text: string) => new TextEncoder().encode(text)

describe('FetchEventSource: parsing (WPT-style cases)', () => {
  it.each([
    ['LF', '\n'],
    ['CR', '\r'],
    ['CRLF', '\r\n'],
  ])('splits lines on %s', async (_name, eol) => {
    const { seen } = await receive([`data: one${eol}data: two${eol}${eol}id: 3${eol}data: three${eol}${eol}`])
    expect(seen).toEqual([
      { type: 'message', data: 'one\ntwo', lastEventId: '' },
      { type: 'message', data: 'three', lastEventId: '3' },
    ])
  })

  it('takes a chunk split between CR and LF as one line end, not two', async () => {
    const { seen } = await receive(['data: a\r', '\ndata: b\r\n\r\n'])
    expect(seen).toEqual([{ type: 'message', data: 'a\nb', lastEventId: '' }])
  })

  it('strips one BOM at the start of the stream, and only there', async () => {
    const { seen } = await receive([bytes(0xef, 0xbb, 0xbf), 'data: first\n\n', bytes(0xef, 0xbb, 0xbf), 'data: second\n\n'])
    // The second BOM makes its line the unknown field "\uFEFFdata", which is ignored.
    expect(seen).toEqual([{ type: 'message', data: 'first', lastEventId: '' }])
  })

  it('decodes a UTF-8 character split between two chunks', async () => {
    const encoded = utf8('data: café ☕\n\n')
    const cut = encoded.indexOf(0xa9) // inside "é" (C3 A9)
    const { seen } = await receive([encoded.slice(0, cut), encoded.slice(cut)])
    expect(seen).toEqual([{ type: 'message', data: 'café ☕', lastEventId: '' }])
  })

  it('joins data lines with LF, strips one leading space, and keeps a data line without a colon as empty', async () => {
    const { seen } = await receive(['data:no space\ndata:  two spaces\ndata\ndata: last\n\n'])
    expect(seen).toEqual([{ type: 'message', data: 'no space\n two spaces\n\nlast', lastEventId: '' }])
  })

  it('names events with event:, ignores unknown fields and blocks without data', async () => {
    const { seen } = await receive(['event: notification\nfoo: bar\ndata: 1\n\nevent: ignored\n\ndata: 2\n\n'], ['notification'])
    expect(seen).toEqual([
      { type: 'notification', data: '1', lastEventId: '' },
      { type: 'message', data: '2', lastEventId: '' },
    ])
  })

  it('keeps the last event id across events, clears it with an empty id, and ignores an id with NULL', async () => {
    const { seen, source } = await receive(['id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 2\u00003\ndata: d\n\n'])
    expect(seen.map((event) => event.lastEventId)).toEqual(['1', '1', '', ''])
    expect(source.lastEventId).toBe('')
  })

  it('takes a CR at the very end of the stream as a line end', async () => {
    const { seen } = await receive(['data: last\r\r'])
    expect(seen).toEqual([{ type: 'message', data: 'last', lastEventId: '' }])
  })

  it('neither dispatches an event cut off by the end of the stream nor commits its id', async () => {
    const { seen, source, end } = await receive(['id: 1\ndata: kept\n\nid: 2\ndata: cut off\n'])
    expect(seen).toEqual([{ type: 'message', data: 'kept', lastEventId: '1' }])
    expect(source.lastEventId).toBe('1')
    expect(end).toMatchObject({ message: 'The stream ended', code: undefined })
    expect(source.readyState).toBe(FetchEventSource.CLOSED)
  })

  it('dispatches comments as comment events and shows retry:', async () => {
    const { seen, source } = await receive([': ping\n\n:\nretry: 2500\nretry: soon\ndata: x\n\n'])
    expect(seen).toEqual([
      { type: 'comment', data: 'ping', lastEventId: '' },
      { type: 'comment', data: '', lastEventId: '' },
      { type: 'message', data: 'x', lastEventId: '' },
    ])
    expect(source.retry).toBe(2500)
  })
})

describe('FetchEventSource: connection', () => {
  it('fails with the status, and without reading the body, when the answer is not a working event stream', async () => {
    server = await new ScriptedServer((_req, res, index) =>
      index === 0
        ? res.writeHead(503, { 'Retry-After': '5' }).end('busy')
        : res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>'),
    ).start()
    for (const expected of [
      { code: 503, message: 'HTTP 503' },
      { code: 200, message: 'Content-Type "text/html" is not text/event-stream' },
    ]) {
      const source = new FetchEventSource(server.url)
      sources.push(source)
      const opened = vi.fn()
      source.addEventListener('open', opened)
      const error = await new Promise<Event>((resolve) => source.addEventListener('error', resolve))
      expect(error).toMatchObject(expected)
      expect(opened).not.toHaveBeenCalled()
      expect(source.readyState).toBe(FetchEventSource.CLOSED)
    }
  })

  it('says what a failed request may be', async () => {
    server = await new ScriptedServer(() => {}).start()
    const url = server.url
    await server.stop()
    const source = new FetchEventSource(url)
    sources.push(source)
    const error = (await new Promise<Event>((resolve) => source.addEventListener('error', resolve))) as Event & {
      message: string
    }
    expect(error.message).toMatch(/^Could not reach the server, or the request was blocked by CORS \(TypeError: fetch failed/)
  })

  it('says so when the headers function fails, without requesting', async () => {
    const fetchSpy = vi.fn()
    const source = new FetchEventSource('http://127.0.0.1:1/stream', {
      fetch: fetchSpy,
      headers: () => {
        throw new Error('no token')
      },
    })
    sources.push(source)
    const error = await new Promise<Event>((resolve) => source.addEventListener('error', resolve))
    expect(error).toMatchObject({ message: 'Could not get the request headers (Error: no token)', code: undefined })
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it('dispatches nothing after close(), even from an event handler in the middle of a chunk', async () => {
    server = await new ScriptedServer((_req, res) => res.writeHead(200, SSE_HEADERS).end('data: 1\n\ndata: 2\n\ndata: 3\n\n')).start()
    const source = new FetchEventSource(server.url)
    const seen: string[] = []
    const errors = vi.fn()
    source.addEventListener('error', errors)
    source.addEventListener('message', (event) => {
      seen.push((event as MessageEvent<string>).data)
      source.close()
    })
    await vi.waitFor(() => expect(seen).toEqual(['1']))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(seen).toEqual(['1'])
    expect(errors).not.toHaveBeenCalled()
  })

  it('sends Accept, the given headers, and the credentials mode through the given fetch', async () => {
    const requests: RequestInit[] = []
    const fetchSpy = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(init!)
      return new Response('data: 1\n\n', { headers: SSE_HEADERS })
    })
    const source = new FetchEventSource('http://127.0.0.1:1/stream', {
      fetch: fetchSpy,
      withCredentials: true,
      headers: async () => ({ Authorization: 'Bearer abc' }),
    })
    sources.push(source)
    await new Promise((resolve) => source.addEventListener('message', resolve))
    const headers = requests[0]!.headers as Headers
    expect(headers.get('accept')).toBe('text/event-stream')
    expect(headers.get('authorization')).toBe('Bearer abc')
    expect(requests[0]).toMatchObject({ credentials: 'include', cache: 'no-store' })
  })
})

describe('FetchEventSource: large chunks', () => {
  it('parses a 10,000-event chunk in slices, yielding to the event loop between them', async () => {
    const count = 10_000
    const body = notificationBurst(count)
    expect(body.length).toBeGreaterThan(1_000_000)
    // One chunk of the whole body, as a fast network can deliver it.
    const fetchOneChunk = async () =>
      new Response(new ReadableStream({ start: (controller) => (controller.enqueue(utf8(body)), controller.close()) }), {
        headers: SSE_HEADERS,
      })
    const source = new FetchEventSource('http://127.0.0.1:1/stream', { fetch: fetchOneChunk, yieldAfter: 10 })
    sources.push(source)

    let ticks = 0
    const ticker = setInterval(() => (ticks += 1), 0)
    /** Events dispatched since the ticker last ran: how much ran without a break. */
    const runs: number[] = [0]
    let lastTicks = 0
    const ids: string[] = []
    source.addEventListener('notification', (event) => {
      if (ticks !== lastTicks) runs.push(0)
      lastTicks = ticks
      runs[runs.length - 1]! += 1
      ids.push((event as MessageEvent<string>).lastEventId)
      // Work per event, as a store update and a render would do.
      for (const start = performance.now(); performance.now() - start < 0.05; );
    })
    await vi.waitFor(() => expect(ids).toHaveLength(count), { timeout: 20_000 })
    clearInterval(ticker)
    expect(ids.at(-1)).toBe(String(count))
    expect(ids.every((id, i) => id === String(i + 1))).toBe(true)
    // 0.05 ms per event and a 10 ms budget: a few hundred events per run, never the whole chunk.
    expect(runs.length).toBeGreaterThan(10)
    expect(Math.max(...runs)).toBeLessThan(count / 5)
  }, 30_000)
})
