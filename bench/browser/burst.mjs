// @ts-check
/**
 * Long work in headless Chromium: what a page does with 10,000 notifications
 * arriving at once, against the browser's own floor and a straightforward
 * baseline in the same run.
 *
 * - burst: 10,000 events written to the open stream in one `write()`;
 * - replay: the stream ends, the client resumes with its last event id, and
 *   the server replays 10,000 events in one `write()`;
 * - REST page: `refresh()` fetches one page of 10,000 items;
 * - panel: the panel is opened while 10,000 items are held.
 *
 * Pages (bench/browser/*.html, built by pages.mjs): `bare` (a browser
 * EventSource whose listener only counts, and `fetch` + `response.json()`:
 * the browser's own cost, the floor), `ours` (the bell with the store, native
 * EventSource or `?transport=fetch`), `baseline` (VueUse `useEventSource` +
 * an array, see BaselineApp.vue). Each run gets a fresh browser context;
 * pages run one after the other. Each figure is the median of its runs.
 *
 * Run: node bench/run.mjs burst
 */
import { createServer } from 'node:http'
import { launchChromium } from '../chromium.mjs'
import { report } from './burstReport.mjs'
import { buildPages, clockOffset, libraryFrom, now, sleep } from './pages.mjs'
import { recordTasks } from './tasks.mjs'

const COUNT = 10_000
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const TIMEOUT_MS = 60_000

// ---- server -------------------------------------------------------------------------

const base = Date.UTC(2026, 0, 1)
const iso = (/** @type {number} */ n) => new Date(base + n * 1000).toISOString()
const itemJson = (/** @type {number} */ n) => `{"id":"b${n}","message":"Notification ${n} waits to be read","createdAt":"${iso(n)}"}`
/** Events with ids `from` to `from + count - 1`, as one stream text. */
function events(/** @type {number} */ from, /** @type {number} */ count) {
  let text = ''
  for (let n = from; n < from + count; n += 1) text += `id: ${n}\nevent: notification\ndata: ${itemJson(n)}\n\n`
  return text
}
const burstBody = events(1, COUNT)
const replayBody = `id: 1\nevent: notifications.sync\ndata: {"replayed":true}\n\n${events(2, COUNT)}`
const fullList = `{"data":[${Array.from({ length: COUNT }, (_, i) => itemJson(COUNT - i)).join(',')}],"nextCursor":null,"unreadCount":${COUNT}}`
const emptyList = '{"data":[],"nextCursor":null,"unreadCount":0}'

const pages = await buildPages(['ours', 'baseline', 'bare'])
/** @type {Set<import('node:http').ServerResponse>} */
const streams = new Set()
const state = {
  /** Body of the list endpoint (the whole list in one page, whatever the limit). */
  list: emptyList,
  /** Written once to the next stream that resumes from an event id. */
  replay: /** @type {string | null} */ (null),
  replayWrittenAt: 0,
}
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x')
  if (url.pathname === '/api/notifications/stream') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' })
    const resumes = !!(req.headers['last-event-id'] ?? url.searchParams.get('lastEventId'))
    if (resumes && state.replay) {
      state.replayWrittenAt = now()
      res.write(state.replay)
      state.replay = null
    } else {
      res.write('retry: 200\n: open\n\n')
    }
    streams.add(res)
    res.on('close', () => streams.delete(res))
  } else if (url.pathname === '/api/notifications') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(state.list)
  } else {
    pages.serveFile(req, res)
  }
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
const address = server.address()
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
const browser = await launchChromium()

// ---- page helpers ---------------------------------------------------------------------

/** @typedef {import('playwright-core').Page} Page */

/**
 * Opens `path` in a fresh context with `list` as the server's list, and waits
 * until its stream is open and (for ours) its first page loaded.
 * @param {string} path
 * @param {string} list
 */
async function openPage(path, list = emptyList) {
  for (const res of streams) res.destroy()
  state.list = list
  state.replay = null
  const context = await browser.newContext()
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`  page error (${path}): ${error.message}`))
  await page.goto(origin + path)
  await page.waitForFunction(
    () => {
      const w = /** @type {any} */ (window)
      return w.__benchBare ? w.__benchBare.open() : w.__benchStore ? w.__benchStore.loaded() : !!w.__bench
    },
    undefined,
    { timeout: 20_000, polling: 50 },
  )
  const deadline = Date.now() + 10_000
  while (streams.size < 1 && Date.now() < deadline) await sleep(20)
  // Let the first render and any idle work end before measuring.
  await sleep(500)
  return { page, context, offset: await clockOffset(page) }
}

/**
 * Waits until the page shows `count` (badge, or events received on the bare
 * page) and, with `top`, that message at the top of the list; `false` on timeout.
 * @param {Page} page
 * @param {number} count
 * @param {string | null} top
 */
async function waitFor(page, count, top, timeout = TIMEOUT_MS) {
  try {
    await page.waitForFunction(
      ([n, expected]) => {
        const w = /** @type {any} */ (window)
        if (w.__benchBare) return w.__benchBare.received() >= n
        const probe = /** @type {NonNullable<Window['__bench']>} */ (window.__bench)
        return (probe.counts.at(-1)?.[1] ?? 0) >= n && (expected === null || probe.topSeenAt !== null)
      },
      /** @type {[number, string | null]} */ ([count, top]),
      { timeout, polling: 50 },
    )
    return true
  } catch {
    return false
  }
}

/**
 * Figures of the page; `null` when the page is too busy to answer.
 * @param {Page} page
 */
function readFigures(page) {
  const read = page.evaluate(() => {
    const probe = /** @type {NonNullable<Window['__bench']>} */ (window.__bench)
    const w = /** @type {any} */ (window)
    const last = probe.counts.at(-1)
    return {
      frameGap: probe.maxFrameGap,
      rows: probe.rows(),
      shownAt: w.__benchBare ? w.__benchBare.doneAt() : last && probe.topSeenAt !== null ? Math.max(last[0], probe.topSeenAt) : last?.[0] ?? null,
      paintedAt: probe.paintedAt,
      frameAfterRowAt: probe.frameAfterRowAt,
    }
  })
  return Promise.race([read, sleep(5000).then(() => null)])
}

/** @param {Page} page @param {number | null} expectTop number of the item expected at the top */
async function arm(page, expectTop) {
  return page.evaluate((top) => {
    const probe = /** @type {NonNullable<Window['__bench']>} */ (window.__bench)
    probe.expectTop = top
    probe.topSeenAt = null
    probe.resetFrames()
    const w = /** @type {any} */ (window)
    w.__benchBare?.reset()
    return probe.now()
  }, expectTop === null ? null : `Notification ${expectTop} waits to be read`)
}

// ---- scenarios ------------------------------------------------------------------------

/**
 * @typedef {{ done: number | null, longest: number | null, longestCpu: number | null, longTasks: number | null, frameGap: number | null, rows: number | null }} Run
 */

/** Burst: the whole chunk in one write to the open stream. @param {string} path */
async function burst(path, timeout = TIMEOUT_MS) {
  const { page, context, offset } = await openPage(path)
  await arm(page, COUNT)
  const tasks = await recordTasks(browser, page)
  const writtenAt = now()
  for (const res of streams) res.write(burstBody)
  const finished = await waitFor(page, COUNT, path.startsWith('/bare') ? null : 'top', timeout)
  const figures = await readFigures(page)
  const run = toRun(figures, finished, writtenAt + offset, await tasks())
  await context.close()
  return run
}

/** Replay: one event, the stream ends, the resumed stream replays COUNT events in one write. @param {string} path */
async function replay(path) {
  const { page, context, offset } = await openPage(path)
  for (const res of streams) res.write(events(1, 1))
  await waitFor(page, 1, null)
  await arm(page, COUNT + 1)
  const tasks = await recordTasks(browser, page)
  state.replay = replayBody
  for (const res of streams) res.end()
  const finished = await waitFor(page, COUNT + 1, path.startsWith('/bare') ? null : 'top')
  const figures = await readFigures(page)
  const run = toRun(figures, finished, state.replayWrittenAt + offset, await tasks())
  await context.close()
  return run
}

/** REST: a refresh fetches one page of COUNT items (the bare page: fetch and `json()` only). @param {string} path */
async function restPage(path) {
  const { page, context } = await openPage(path)
  state.list = fullList
  const since = await arm(page, COUNT)
  const tasks = await recordTasks(browser, page)
  /** When every item was shown (page clock), or `null`. */
  const shownAt = await page.evaluate(async ([url, count]) => {
    const w = /** @type {any} */ (window)
    const probe = /** @type {NonNullable<Window['__bench']>} */ (window.__bench)
    if (w.__benchBare) return (await w.__benchBare.fetchPage(url)) === count ? probe.now() : null
    await w.__benchStore.refresh()
    // The list is rendered after the answer is merged: wait for the badge and the newest row.
    const shown = () => (probe.counts.at(-1)?.[1] ?? 0) >= count && probe.topSeenAt !== null
    for (let i = 0; i < 500 && !shown(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
    return shown() ? Math.max(/** @type {[number, number]} */ (probe.counts.at(-1))[0], /** @type {number} */ (probe.topSeenAt)) : null
  }, /** @type {[string, number]} */ (['/api/notifications?limit=10000', COUNT]))
  await sleep(300)
  const figures = await readFigures(page)
  const run = toRun(figures && { ...figures, shownAt }, shownAt !== null, since, await tasks())
  await context.close()
  return run
}

/** Panel: COUNT items held, the list closed; time from the click to the first row painted. @param {string} path */
async function openPanel(path, button) {
  const { page, context } = await openPage(path, fullList)
  await waitFor(page, COUNT, null)
  await sleep(300)
  const tasks = await recordTasks(browser, page)
  const since = await page.evaluate((selector) => {
    const probe = /** @type {NonNullable<Window['__bench']>} */ (window.__bench)
    probe.watchPaint()
    const target = /** @type {HTMLElement} */ (document.querySelector(selector))
    const at = probe.now()
    target.click()
    return at
  }, button)
  await page.waitForFunction(
    () => {
      const probe = /** @type {NonNullable<Window['__bench']>} */ (window.__bench)
      return probe.frameAfterRowAt !== null
    },
    undefined,
    { timeout: TIMEOUT_MS, polling: 50 },
  )
  await sleep(300)
  const figures = await readFigures(page)
  const { longest, longestCpu, longTasks } = await tasks()
  await context.close()
  const painted = figures?.paintedAt ?? figures?.frameAfterRowAt ?? null
  return {
    done: painted === null ? null : painted - since,
    longest,
    longestCpu,
    longTasks,
    frameGap: figures?.frameAfterRowAt == null ? null : figures.frameAfterRowAt - since,
    rows: figures?.rows ?? null,
  }
}

/**
 * @param {Awaited<ReturnType<typeof readFigures>>} figures
 * @param {boolean} finished
 * @param {number} start page clock
 * @param {{ longest: number, longestCpu: number, longTasks: number }} tasks
 * @returns {Run}
 */
function toRun(figures, finished, start, { longest, longestCpu, longTasks }) {
  const shownAt = figures?.shownAt ?? null
  // A page still busy when the trace stopped has a task the trace never saw end.
  return {
    done: finished && shownAt !== null ? shownAt - start : null,
    longest: finished ? longest : null,
    longestCpu: finished ? longestCpu : null,
    longTasks: finished ? longTasks : null,
    frameGap: figures?.frameGap ?? null,
    rows: figures?.rows ?? null,
  }
}

/**
 * Each figure's median over `runs` runs of `scenario`; a run that did not finish counts as the slowest.
 * @param {() => Promise<Run>} scenario
 * @returns {Promise<Run>}
 */
async function median(scenario, runs = RUNS) {
  /** @type {Run[]} */
  const results = []
  for (let run = 0; run < runs; run += 1) results.push(await scenario())
  /** @param {keyof Run} key */
  const middle = (key) => {
    const values = results.map((run) => run[key] ?? Infinity).sort((a, b) => a - b)
    const value = /** @type {number} */ (values[Math.floor((values.length - 1) / 2)])
    return value === Infinity ? null : value
  }
  return {
    done: middle('done'),
    longest: middle('longest'),
    longestCpu: middle('longestCpu'),
    longTasks: middle('longTasks'),
    frameGap: middle('frameGap'),
    rows: middle('rows'),
  }
}

try {
  const results = {
    burst: {
      floor: await median(() => burst('/bare.html')),
      native: await median(() => burst('/ours.html')),
      fetch: await median(() => burst('/ours.html?transport=fetch')),
      baseline: await median(() => burst('/baseline.html'), 1),
    },
    replay: {
      floor: await median(() => replay('/bare.html')),
      native: await median(() => replay('/ours.html')),
      fetch: await median(() => replay('/ours.html?transport=fetch')),
    },
    rest: {
      floor: await median(() => restPage('/bare.html')),
      native: await median(() => restPage(`/ours.html?maxItems=${COUNT}&pageSize=${COUNT}`)),
    },
    panel: {
      native: await median(() => openPanel(`/ours.html?open=0&maxItems=${COUNT}&pageSize=${COUNT}`, '.vsn-bell__button')),
      baseline: await median(() => openPanel('/baseline.html?open=0', '[data-bench="toggle"]'), 1),
    },
  }
  report(results, {
    count: COUNT,
    runs: RUNS,
    timeout: TIMEOUT_MS,
    chunkBytes: Buffer.byteLength(burstBody),
    listBytes: Buffer.byteLength(fullList),
    chromium: browser.version(),
    library: libraryFrom,
  })
} finally {
  for (const res of streams) res.destroy()
  await browser.close()
  server.close()
  server.closeAllConnections()
  pages.dispose()
}
