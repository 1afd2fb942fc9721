import type { EventSourceConstructor, EventSourceLike } from '../composables/eventStreamTypes'
import { createWorkQueue } from './workQueue'

type Listener = (event: Event) => void

/**
 * `Base` (the browser's `EventSource`) with its events handed to the
 * listeners after the task that received them, in order and in slices of at
 * most 8 ms. The browser dispatches every event of a network chunk in one
 * task, so 10,000 events whose listeners parse and store them would block the
 * page for as long as all of that takes; here that task only queues them.
 * Instances are still `Base` instances (`instanceof EventSource` holds).
 */
export function slicedEventSource(Base: EventSourceConstructor): EventSourceConstructor {
  const Target = Base as unknown as new (url: string, init?: EventSourceInit) => EventSourceLike
  return class SlicedEventSource extends Target {
    readonly #listeners = new Map<string, Set<Listener>>()
    readonly #work = createWorkQueue()

    override addEventListener(type: string, listener: Listener): void {
      let listeners = this.#listeners.get(type)
      if (!listeners) {
        const forType = new Set<Listener>()
        this.#listeners.set(type, (listeners = forType))
        // One listener per type on the source; the queue keeps the order across types (an error after the messages).
        super.addEventListener(type, (event) => this.#work.push(() => this.#deliver(forType, event)))
      }
      listeners.add(listener)
    }

    override removeEventListener(type: string, listener: Listener): void {
      this.#listeners.get(type)?.delete(listener)
    }

    override close(): void {
      this.#work.clear()
      super.close()
    }

    #deliver(listeners: Set<Listener>, event: Event): void {
      for (const listener of [...listeners]) {
        try {
          listener.call(this, event)
        } catch (cause) {
          // Rethrown on its own, as EventTarget does, so one listener cannot starve the others.
          queueMicrotask(() => {
            throw cause
          })
        }
      }
    }
  }
}
