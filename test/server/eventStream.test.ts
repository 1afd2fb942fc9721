// @vitest-environment node
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { formatEvent, openEventStream, type EventStream, type EventStreamCloseReason, type EventStreamOptions } from '../../src/server'
import { RawStream, waitFor } from '../support/rawSseStream'

let server: Server | undefined
const opened: EventStream[] = []

afterEach(async () => {
  for (const stream of opened.splice(0)) stream.close()
  server?.closeAllConnections()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
})

/** A node:http server that answers every request with `openEventStream(options)`. */
async function serve(options: EventStreamOptions = {}): Promise<string> {
  server = createServer((req, res) => opened.push(openEventStream(req, res, options)))
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('formatEvent', () => {
  it('writes id, event and one data line per line of data', () => {
    expect(formatEvent({ id: '7', event: 'note', data: 'a\nb\r\nc' })).toBe('id: 7\nevent: note\ndata: a\ndata: b\ndata: c\n\n')
    expect(formatEvent({ data: '{}' })).toBe('data: {}\n\n')
  })

  it('refuses an id or event name that would break the frame', () => {
    expect(() => formatEvent({ id: '1\n2', data: '' })).toThrow(TypeError)
    expect(() => formatEvent({ event: 'a\rb', data: '' })).toThrow(/line breaks/)
  })
})

describe('openEventStream', () => {
  it('sends headers at once, before any event, with extra headers kept', async () => {
    const url = await serve({ headers: { 'X-Extra': 'yes' } })
    const stream = await RawStream.open(url)
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(stream.response.headers.get('cache-control')).toBe('no-store')
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no')
    expect(stream.response.headers.get('x-extra')).toBe('yes')
    stream.close()
  })

  it('gives each connection its own retry, drawn from the range', async () => {
    const url = await serve({ retry: { minMs: 1000, maxMs: 4000 } })
    const streams = await Promise.all(Array.from({ length: 12 }, () => RawStream.open(url)))
    await waitFor(() => streams.every((stream) => stream.frames.length > 0))
    const retries = streams.map((stream) => stream.frames[0]!.retry!)
    for (const retry of retries) expect(retry >= 1000 && retry <= 4000, String(retry)).toBe(true)
    expect(new Set(retries).size).toBeGreaterThan(1)
    expect(opened.map((stream) => stream.retryMs).sort()).toEqual([...retries].sort())
    for (const stream of streams) stream.close()
  })

  it('pings with a named event and data {} at the interval, and not at all with 0', async () => {
    const url = await serve({ heartbeatIntervalMs: 30 })
    const stream = await RawStream.open(url)
    await waitFor(() => stream.events.length >= 3, 2000, 'three pings')
    expect(stream.events.slice(0, 3)).toEqual([0, 1, 2].map(() => ({ event: 'ping', data: '{}' })))
    stream.close()

    await new Promise((resolve) => server!.close(resolve))
    const quiet = await serve({ heartbeatIntervalMs: 0 })
    const silent = await RawStream.open(quiet)
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(silent.events).toEqual([])
    silent.close()
  })

  it('reports why it closed: the server, or the client', async () => {
    const url = await serve()
    const first = await RawStream.open(url)
    const second = await RawStream.open(url)
    await waitFor(() => opened.length === 2)
    const reasons: EventStreamCloseReason[] = []
    for (const stream of opened) stream.onClose((reason) => reasons.push(reason))
    opened[0]!.close()
    await waitFor(() => first.ended)
    second.close()
    await waitFor(() => reasons.length === 2)
    expect(reasons).toEqual(['server', 'client'])
    expect(opened[0]!.send({ data: 'late' })).toBe(false)
  })

  it('drops a client that stops reading once its unsent output passes the bound, and keeps a reading one', async () => {
    const url = await serve({ maxBufferedBytes: 64 * 1024, heartbeatIntervalMs: 0 })
    const { port } = new URL(url)
    const stalled = connect(Number(port), '127.0.0.1')
    await new Promise<void>((resolve) => stalled.once('connect', resolve))
    stalled.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n')
    stalled.pause()
    await waitFor(() => opened.length === 1)
    const reader = await RawStream.open(url)
    await waitFor(() => opened.length === 2)
    const [slow, fast] = opened
    const reasons: EventStreamCloseReason[] = []
    slow!.onClose((reason) => reasons.push(reason))

    const data = JSON.stringify({ padding: 'x'.repeat(16 * 1024) })
    let sent = 0
    while (!slow!.closed && sent < 4000) {
      slow!.send({ data })
      fast!.send({ id: String(++sent), data })
      // Let the reading client read: only the stalled one falls behind.
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(reasons).toEqual(['backpressure'])
    expect(sent).toBeLessThan(4000)
    expect(fast!.closed).toBe(false)
    await waitFor(() => reader.events.length === sent, 10_000, 'the reading client to get everything')
    expect(reader.events.at(-1)?.id).toBe(String(sent))
    stalled.destroy()
    reader.close()
  })
})
