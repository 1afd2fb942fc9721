// @vitest-environment node
import axios from 'axios'
import { EventSource } from 'eventsource'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications } from '../../src/stores/options'
import { createFaultServer } from '../support/faultServer.mjs'
import { eventually } from '../support/storeServer'

type Store = ReturnType<typeof useNotificationStore>
let backend: ReturnType<typeof createFaultServer> | undefined
let store: Store | undefined

/** A correct contract server (the fault server with its faults off). */
async function start(): Promise<{ origin: string; control: (settings: Record<string, unknown>) => Promise<void> }> {
  backend = createFaultServer({ seed: 7 })
  backend.settings.faults = false
  const origin = `http://127.0.0.1:${await backend.listen()}`
  const http = axios.create({ baseURL: origin })
  return { origin, control: async (settings) => void (await http.post('/__control', settings)) }
}

async function stats(origin: string): Promise<{ lists: string[]; streamRequests: number }> {
  return (await axios.get(`${origin}/__stats`)).data
}

async function truth(origin: string): Promise<{ items: { id: string; read: boolean }[]; unread: number }> {
  return (await axios.get(`${origin}/__truth`)).data
}

function connect(origin: string): Store {
  const pinia = createPinia()
  setActivePinia(pinia)
  configureNotifications(pinia, {
    apiUrl: `${origin}/api/notifications`,
    streamUrl: `${origin}/api/notifications/stream`,
    http: axios.create({ timeout: 3000 }),
    stream: { EventSource, backoff: { initial: 20, max: 50 } },
    warn: vi.fn(),
  })
  store = useNotificationStore()
  store.connect()
  return store
}

const view = (current: Store) => current.items.map((item) => ({ id: item.id, read: item.readAt !== null }))

afterEach(async () => {
  store?.$reset()
  store = undefined
  await backend?.close()
  backend = undefined
})

describe('notification store against a contract server that replays', () => {
  it('asks for the first page once per page load, after the stream opened', async () => {
    const { origin, control } = await start()
    await control({ publish: 5 })
    const current = connect(origin)
    await eventually(() => expect(current.items).toHaveLength(5))
    await control({ publish: 2 })
    await eventually(() => expect(current.items).toHaveLength(7))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await stats(origin)).lists).toEqual(['?limit=20'])
  })

  it('needs no REST request after a reconnect the server replays', async () => {
    const { origin, control } = await start()
    await control({ publish: 3 })
    const current = connect(origin)
    await eventually(() => expect(current.items).toHaveLength(3))
    // Dropped, then published while the stream is down: the replay brings them.
    await control({ drop: true, publish: 4 })
    const expected = (await truth(origin)).items
    await eventually(() => expect(view(current)).toEqual(expected))
    expect(expected).toHaveLength(7)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const seen = await stats(origin)
    expect(seen.streamRequests).toBe(2)
    expect(seen.lists).toEqual(['?limit=20'])
    expect(current.truncated).toBe(false)
  })

  it('re-checks over REST after a reconnect the server cannot replay', async () => {
    const { origin, control } = await start()
    await control({ publish: 3 })
    const current = connect(origin)
    await eventually(() => expect(current.items).toHaveLength(3))
    await control({ replay: false, drop: true, publish: 4 })
    await eventually(() => expect(current.items).toHaveLength(7))
    const expected = (await truth(origin)).items
    await eventually(() => expect(view(current)).toEqual(expected))
    await eventually(() => expect(current.truncated).toBe(false))
    expect((await stats(origin)).lists.length).toBeGreaterThan(1)
  })
})
