// @ts-check
/**
 * Main-thread tasks of a page from a Chromium trace (category `toplevel`,
 * one `ThreadControllerImpl::RunTask` event per task of the renderer's main
 * thread): unlike the `longtask` observer, it also measures tasks under 50 ms,
 * so a floor that never reaches 50 ms still has a figure.
 */

/**
 * Starts recording; the returned function stops it and gives the longest task
 * and the number of tasks of 50 ms or more, in ms.
 * @param {import('playwright-core').Browser} browser
 * @param {import('playwright-core').Page} page
 */
export async function recordTasks(browser, page) {
  await browser.startTracing(page, { categories: ['toplevel'] })
  return async () => {
    const trace = JSON.parse((await browser.stopTracing()).toString())
    /** @type {{ ph: string, name: string, pid: number, tid: number, dur?: number, args?: { name?: string } }[]} */
    const events = trace.traceEvents ?? trace
    const mainThreads = new Set(
      events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`),
    )
    const durations = events
      .filter((event) => event.ph === 'X' && event.name === 'ThreadControllerImpl::RunTask' && mainThreads.has(`${event.pid}:${event.tid}`))
      .map((event) => (event.dur ?? 0) / 1000)
    return { longest: Math.max(0, ...durations), longTasks: durations.filter((duration) => duration >= 50).length }
  }
}
