// @ts-check
/**
 * Main-thread tasks of a page from a Chromium trace (category `toplevel`,
 * one `ThreadControllerImpl::RunTask` event per task of the renderer's main
 * thread): unlike the `longtask` observer, it also measures tasks under 50 ms,
 * so a floor that never reaches 50 ms still has a figure. Each task has its
 * wall time and its thread (CPU) time; on a machine shared with other work the
 * latter leaves out the time the thread waited for a core.
 */

/**
 * Starts recording; the returned function stops it and gives the longest task
 * (wall time), the longest thread time of a task and the number of tasks of
 * 50 ms or more (wall time), in ms.
 * @param {import('playwright-core').Browser} browser
 * @param {import('playwright-core').Page} page
 */
export async function recordTasks(browser, page) {
  await browser.startTracing(page, { categories: ['toplevel'] })
  return async () => {
    const trace = JSON.parse((await browser.stopTracing()).toString())
    /** @type {{ ph: string, name: string, pid: number, tid: number, dur?: number, tdur?: number, args?: { name?: string } }[]} */
    const events = trace.traceEvents ?? trace
    const mainThreads = new Set(
      events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`),
    )
    const tasks = events.filter(
      (event) => event.ph === 'X' && event.name === 'ThreadControllerImpl::RunTask' && mainThreads.has(`${event.pid}:${event.tid}`),
    )
    const durations = tasks.map((event) => (event.dur ?? 0) / 1000)
    return {
      longest: Math.max(0, ...durations),
      longestCpu: Math.max(0, ...tasks.map((event) => (event.tdur ?? 0) / 1000)),
      longTasks: durations.filter((duration) => duration >= 50).length,
    }
  }
}
