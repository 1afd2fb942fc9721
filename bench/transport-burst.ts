/**
 * Transport burst: 10,000 events (about 1.2 MB) written to a stream in one
 * go, received in headless Chromium by `useEventStream` with a handler that
 * costs 0.05 ms per event. Baseline: the browser's EventSource, which
 * dispatches every event of a network chunk in one task. Ours: the fetch
 * transport, which parses in slices and yields between them. Reported: the
 * longest task and the number of tasks of 50 ms or more (PerformanceObserver
 * `longtask`), the longest gap between two animation frames, and the time from
 * the first to the last event. Each transport runs RUNS times in a fresh page;
 * the median run (by longest task) is shown.
 *
 * The transport yields with `scheduler.yield()`, whose continuations Chromium
 * runs before rendering: no task is long, but frames can wait up to the
 * browser's anti-starvation limit (about 100 ms) while a burst is parsed.
 *
 * Run: node bench/run.mjs transport-burst
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { notificationBurst } from '../test/support/eventBurst'
import { bundlePage, launchChromium } from './chromium.mjs'
import type { BurstResult } from './transport-burst/page'

const COUNT = 10_000
const WORK_PER_EVENT_MS = 0.05
const RUNS = 5

// bench/run.mjs bundles this file into bench/results/build/; the page's source stays in bench/.
const script = await bundlePage(fileURLToPath(new URL('../../transport-burst/page.ts', import.meta.url)))
const body = notificationBurst(COUNT)
const streams = new Set<ServerResponse>()
const server = createServer((req, res) => {
  if (req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>burst</title><script src="/page.js"></script>')
  } else if (req.url === '/page.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script)
  } else if (req.url?.startsWith('/stream')) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' })
    res.write(body)
    streams.add(res)
    res.on('close', () => streams.delete(res))
  } else {
    res.writeHead(404).end()
  }
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const browser = await launchChromium()

async function measure(transport: 'native' | 'fetch'): Promise<BurstResult> {
  const runs: BurstResult[] = []
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${origin}/`)
    runs.push(
      await page.evaluate(
        ([kind, url, count, work]) =>
          (window as unknown as { burst: (...args: unknown[]) => Promise<BurstResult> }).burst(kind, url, count, work),
        [transport, `${origin}/stream?run=${run}`, COUNT, WORK_PER_EVENT_MS] as const,
      ),
    )
    await context.close()
  }
  return runs.sort((a, b) => a.longestTask - b.longestTask)[Math.floor(RUNS / 2)]!
}

try {
  const native = await measure('native')
  const fetched = await measure('fetch')
  const ms = (value: number) => `${value.toFixed(0)} ms`
  console.log(
    `Transport burst: ${COUNT.toLocaleString('en')} events (${(body.length / 1e6).toFixed(2)} MB) in one write, ${WORK_PER_EVENT_MS} ms of handler work per event, median of ${RUNS} runs (headless Chromium)`,
  )
  console.log(`  ${'EventSource'.padEnd(30)} ${'longest task'.padStart(13)} ${'tasks >= 50 ms'.padStart(15)} ${'longest frame gap'.padStart(18)} ${'all handled in'.padStart(15)}`)
  for (const [label, result] of [
    ['browser EventSource (baseline)', native],
    ['FetchEventSource', fetched],
  ] as const) {
    console.log(
      `  ${label.padEnd(30)} ${ms(result.longestTask).padStart(13)} ${String(result.longTasks).padStart(15)} ${ms(result.longestFrameGap).padStart(18)} ${ms(result.elapsed).padStart(15)}`,
    )
  }
  console.log(
    `  longest task: baseline/ours ${(native.longestTask / Math.max(fetched.longestTask, 1)).toFixed(1)}x (0 ms: no task reached 50 ms); ` +
      `longest frame gap: ${(native.longestFrameGap / fetched.longestFrameGap).toFixed(1)}x; ` +
      `time to handle all: ${(fetched.elapsed / native.elapsed).toFixed(2)}x the baseline's`,
  )
} finally {
  for (const res of streams) res.destroy()
  await browser.close()
  server.close()
}
