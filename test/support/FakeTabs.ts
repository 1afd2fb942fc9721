import type { LockManagerLike, StorageLike } from '../../src/utils/electLeader'
import type { BroadcastChannelLike } from '../../src/composables/useSharedEventStream'

/** An in-memory BroadcastChannel: delivers to every other open channel of the same name, asynchronously. */
export class FakeBroadcastChannel extends EventTarget implements BroadcastChannelLike {
  static open = new Set<FakeBroadcastChannel>()
  static sent: { name: string; message: unknown }[] = []

  static reset(): void {
    FakeBroadcastChannel.open.clear()
    FakeBroadcastChannel.sent = []
  }

  constructor(readonly name: string) {
    super()
    FakeBroadcastChannel.open.add(this)
  }

  postMessage(message: unknown): void {
    FakeBroadcastChannel.sent.push({ name: this.name, message })
    const copy = structuredClone(message)
    for (const peer of FakeBroadcastChannel.open) {
      if (peer !== this && peer.name === this.name) {
        queueMicrotask(() => {
          if (FakeBroadcastChannel.open.has(peer)) peer.dispatchEvent(new MessageEvent('message', { data: copy }))
        })
      }
    }
  }

  close(): void {
    FakeBroadcastChannel.open.delete(this)
  }
}

/** An in-memory Web Locks manager: exclusive locks granted in request order. */
export class FakeLockManager implements LockManagerLike {
  private readonly held = new Set<string>()
  private readonly queues = new Map<string, (() => void)[]>()

  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const grant = () => {
        callback()
          .finally(() => {
            const next = this.queues.get(name)?.shift()
            if (next) next()
            else this.held.delete(name)
          })
          .then(resolve, reject)
      }
      if (!this.held.has(name)) {
        this.held.add(name)
        queueMicrotask(grant)
        return
      }
      const queue = this.queues.get(name) ?? []
      this.queues.set(name, queue)
      queue.push(grant)
      options.signal?.addEventListener('abort', () => {
        const index = queue.indexOf(grant)
        if (index !== -1) {
          queue.splice(index, 1)
          reject(new DOMException('The request was aborted.', 'AbortError'))
        }
      })
    })
  }
}

/** A Storage shared by the simulated tabs. */
export class FakeStorage implements StorageLike {
  readonly items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
  removeItem(key: string): void {
    this.items.delete(key)
  }
}

/** Lets queued microtasks (channel deliveries, lock grants) run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}
