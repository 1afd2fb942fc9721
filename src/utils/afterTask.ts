interface TaskScheduler {
  postTask: (callback: () => void, options?: { signal?: AbortSignal }) => Promise<unknown>
}

/**
 * Runs `callback` once, in a task of its own after the current one: what the
 * current task changes (every event of a network chunk, which the browser
 * dispatches in one task) is then handled together, and the page can render
 * in between. Uses `scheduler.postTask` where there is one, whose tasks are
 * not clamped like nested timers, else a zero timeout. Returns a cancel function.
 */
export function afterTask(callback: () => void): () => void {
  const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler
  if (typeof scheduler?.postTask === 'function') {
    const controller = new AbortController()
    // The promise of a task aborted before it ran rejects; there is nothing to report.
    scheduler.postTask(callback, { signal: controller.signal }).catch(() => {})
    return () => controller.abort()
  }
  const timer = setTimeout(callback, 0)
  return () => clearTimeout(timer)
}

/** A promise fulfilled in a task after the current one: `await nextTask()` yields to the page. */
export const nextTask = (): Promise<void> => new Promise((resolve) => afterTask(resolve))
