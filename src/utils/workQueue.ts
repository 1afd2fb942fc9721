import { afterTask } from './afterTask'

export interface WorkQueueOptions {
  /** Longest time (ms) one task spends on queued work before it yields to the page. @default 8 */
  budget?: number
  /**
   * Called once the queue is empty (to publish the result of the work once),
   * and at least every 100 ms while work is left.
   */
  afterSlice?: () => void
}

export interface WorkQueue {
  /** Queues `work`; it runs after the current task, in order with the work queued before it. */
  push: (work: () => void) => void
  /** Starts on the queued work in the current task (within the budget); the rest follows in later tasks. */
  work: () => void
  /** Drops everything queued (the state it was meant for is gone). */
  clear: () => void
}

/** Work done between two looks at the clock. */
const CHECK_EVERY = 16
/** Longest time (ms) between two calls of `afterSlice` while work is left. */
const PROGRESS_EVERY = 100

/**
 * A queue of small pieces of work that runs them after the task that queued
 * them, in order, in tasks of at most `budget` ms: ten thousand events that
 * arrive in one task are applied without blocking the page for long, and
 * their result is published once (`afterSlice`). A piece of work that throws
 * does not stop the others; its error is rethrown on its own.
 */
export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  const { budget = 8, afterSlice } = options
  let queue: (() => void)[] = []
  /** Index of the next piece of work in `queue`. */
  let next = 0
  let cancel: (() => void) | undefined
  /** When `afterSlice` last ran, or the first slice of the current run started. */
  let reportedAt = 0

  function runOne(): void {
    const work = queue[next]!
    next += 1
    try {
      work()
    } catch (cause) {
      queueMicrotask(() => {
        throw cause
      })
    }
  }

  function reset(): void {
    queue = []
    next = 0
    cancel?.()
    cancel = undefined
  }

  function slice(): void {
    // `cancel` stays set while the slice runs, so that work queued meanwhile schedules no other slice.
    const start = performance.now()
    if (next === 0) reportedAt = start
    while (next < queue.length) {
      runOne()
      if (next % CHECK_EVERY === 0 && performance.now() - start >= budget) break
    }
    cancel = undefined
    const drained = next >= queue.length
    if (drained) reset()
    else cancel = afterTask(slice)
    if (drained || performance.now() - reportedAt >= PROGRESS_EVERY) {
      reportedAt = performance.now()
      afterSlice?.()
    }
  }

  return {
    push(work) {
      queue.push(work)
      cancel ??= afterTask(slice)
    },
    work() {
      if (next >= queue.length) return
      cancel?.()
      // Marks a slice as running (see `slice`).
      cancel = () => {}
      slice()
    },
    clear: reset,
  }
}
