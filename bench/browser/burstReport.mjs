// @ts-check
/**
 * Prints the figures of bench/browser/burst.mjs: one table per scenario, each
 * row against the floor or the baseline of the same run, and the targets.
 */

/** @typedef {{ done: number | null, longest: number | null, longestCpu: number | null, longTasks: number | null, frameGap: number | null, rows: number | null }} Run */

const ms = (/** @type {number | null | undefined} */ value) =>
  value === null || value === undefined || Number.isNaN(value) ? '-' : `${Math.round(value).toLocaleString('en')} ms`
const task = ms
const times = (/** @type {number | null} */ value, /** @type {number | null} */ by) =>
  value === null || by === null || by <= 0 ? '-' : `${(value / by).toFixed(2)}x`
const met = (/** @type {boolean} */ ok) => (ok ? 'met' : 'NOT met')

/**
 * @param {[string, Run | undefined, string][]} rows label, run, ratio cell
 * @param {string} doneLabel
 * @param {number} timeout
 */
function table(rows, doneLabel, timeout) {
  const header = ['page'.padEnd(34), doneLabel.padStart(13), 'longest task'.padStart(13), '(CPU)'.padStart(8), 'tasks >= 50 ms'.padStart(15), 'frame gap'.padStart(10), 'rows'.padStart(6), '  ratio']
  console.log(`  ${header.join(' ')}`)
  for (const [label, run, ratio] of rows) {
    if (!run) continue
    const done = run.done === null ? `> ${timeout / 1000} s` : ms(run.done)
    console.log(
      `  ${label.padEnd(34)} ${done.padStart(13)} ${task(run.longest).padStart(13)} ${task(run.longestCpu).padStart(8)} ${String(run.longTasks ?? '-').padStart(15)} ${ms(run.frameGap).padStart(10)} ${String(run.rows ?? '-').padStart(6)}   ${ratio}`,
    )
  }
}

/**
 * @param {{
 *   burst: { floor: Run, native: Run, fetch: Run, baseline: Run },
 *   replay: { floor: Run, native: Run, fetch: Run },
 *   rest: { floor: Run, native: Run },
 *   panel: { native: Run, baseline: Run },
 * }} results
 * @param {{ count: number, runs: number, timeout: number, chunkBytes: number, listBytes: number, chromium: string, library: string }} meta
 */
export function report(results, meta) {
  const count = meta.count.toLocaleString('en')
  const { burst, replay, rest, panel } = results
  console.log(`Long work in headless Chromium (${meta.chromium}), library from ${meta.library}, median of ${meta.runs} runs (baseline: 1 run)`)

  console.log(`\n${count}-event burst, one write of ${(meta.chunkBytes / 1e6).toFixed(2)} MB to the open stream`)
  table(
    [
      ['bare EventSource, no-op (floor)', burst.floor, ''],
      ['ours, browser EventSource', burst.native, `longest task ${times(burst.native.longest, burst.floor.longest)} the floor (CPU ${times(burst.native.longestCpu, burst.floor.longestCpu)})`],
      ['ours, FetchEventSource', burst.fetch, `longest task ${times(burst.fetch.longest, burst.floor.longest)} the floor (CPU ${times(burst.fetch.longestCpu, burst.floor.longestCpu)})`],
      ['baseline (VueUse + array)', burst.baseline, ''],
    ],
    'all shown in',
    meta.timeout,
  )
  if (burst.baseline.done !== null) console.log(`  all shown: baseline/ours ${times(burst.baseline.done, burst.native.done)} (EventSource)`)
  else console.log(`  the baseline had not shown all ${count} after ${meta.timeout / 1000} s (its page was still busy): at least ${times(meta.timeout, burst.native.done)} slower`)
  const shown = [burst.native.done, burst.fetch.done].every((done) => done !== null && done < 1000)
  console.log(`  target: all ${count} counted and the newest shown < 1,000 ms after the write, both transports: ${met(shown)}`)
  const nativeFloor = burst.native.longest !== null && burst.floor.longest !== null && burst.native.longest <= 1.5 * burst.floor.longest
  console.log(`  target: longest task with the browser EventSource <= 1.5x the floor: ${met(nativeFloor)}`)
  console.log(`  target: longest task with FetchEventSource < 50 ms: ${met(burst.fetch.longest !== null && burst.fetch.longest < 50)}`)

  console.log(`\nReplay: the stream ends, the client resumes, the server replays ${count} events in one write`)
  table(
    [
      ['bare EventSource, no-op (floor)', replay.floor, ''],
      ['ours, browser EventSource', replay.native, `longest task ${times(replay.native.longest, replay.floor.longest)} the floor (CPU ${times(replay.native.longestCpu, replay.floor.longestCpu)})`],
      ['ours, FetchEventSource', replay.fetch, `longest task ${times(replay.fetch.longest, replay.floor.longest)} the floor (CPU ${times(replay.fetch.longestCpu, replay.floor.longestCpu)})`],
    ],
    'all shown in',
    meta.timeout,
  )
  const replayFloor = replay.native.longest !== null && replay.floor.longest !== null && replay.native.longest <= 1.5 * replay.floor.longest
  const replayFetch = replay.fetch.longest !== null && replay.fetch.longest < 50
  console.log(`  target: longest task <= 1.5x the floor with the browser EventSource, < 50 ms with FetchEventSource: ${met(replayFloor && replayFetch)}`)

  console.log(`\nREST page: refresh() fetches one page of ${count} items (${(meta.listBytes / 1e6).toFixed(2)} MB)`)
  table(
    [
      ['bare fetch + json() (floor)', rest.floor, ''],
      ['ours (maxItems and pageSize 10,000)', rest.native, `longest task ${times(rest.native.longest, rest.floor.longest)} the floor (CPU ${times(rest.native.longestCpu, rest.floor.longestCpu)})`],
    ],
    'all shown in',
    meta.timeout,
  )
  console.log(`  target: no task over 50 ms: ${met(rest.native.longest !== null && rest.native.longest < 50)}`)

  console.log(`\nOpening the panel with ${count} items held: click to the first row painted (Element Timing)`)
  table(
    [
      ['ours (maxItems 10,000)', panel.native, ''],
      ['baseline (v-if over a v-for)', panel.baseline, `first paint baseline/ours ${times(panel.baseline.done, panel.native.done)}`],
    ],
    'first paint',
    meta.timeout,
  )
  console.log(`  target: first paint of the list < 50 ms: ${met(panel.native.done !== null && panel.native.done < 50)}`)
  console.log(`  and no task over 50 ms: ${met(panel.native.longest !== null && panel.native.longest < 50)}`)
  console.log('  all shown in: from the write (or the refresh() call) to the badge showing every item and the newest at the top;')
  console.log('  longest task: longest main-thread task of the page from a Chromium trace (`toplevel` RunTask), from the start on;')
  console.log('  (CPU): the longest thread time of a task, which leaves out waiting for a core while other processes ran;')
  console.log('  frame gap: longest gap between animation frames (for the panel: click to the first task after the next frame).')
}
