import { EventSource } from 'eventsource'
import { createDemoServer } from '../../demo/server/contract-server.mjs'
import type { DemoServer, DemoServerOptions, ListenResult } from '../../demo/server/contract-server.mjs'

export { RawStream, waitFor } from '../support/rawSseStream'
export type { SseFrame } from '../support/rawSseStream'

export interface Started {
  demo: DemoServer
  url: string
  close(): Promise<void>
}

/** A contract server on 127.0.0.1 with an ephemeral port. */
export async function start(options: DemoServerOptions = {}): Promise<Started> {
  const demo = createDemoServer({ retryMs: 50, ...options })
  const listening: ListenResult = await demo.listen(0, '127.0.0.1')
  return {
    demo,
    url: listening.url,
    async close() {
      demo.close()
      await listening.close()
    },
  }
}

export interface ReceivedEvent {
  type: string
  id: string
  data: unknown
}

/** An `eventsource` client recording the contract's named events. */
export function listenWithEventSource(
  url: string,
  types: string[] = ['notification', 'notification.read', 'notification.deleted', 'notifications.read-all'],
): { source: EventSource; received: ReceivedEvent[]; opens: () => number; errors: () => number } {
  const source = new EventSource(url)
  const received: ReceivedEvent[] = []
  let opens = 0
  let errors = 0
  source.addEventListener('open', () => opens++)
  source.addEventListener('error', () => errors++)
  for (const type of types) {
    source.addEventListener(type, (event) => {
      received.push({ type, id: event.lastEventId, data: JSON.parse(event.data) as unknown })
    })
  }
  return { source, received, opens: () => opens, errors: () => errors }
}

export async function postJson(url: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers }
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url)
  return { status: response.status, body: (await response.json()) as T }
}
