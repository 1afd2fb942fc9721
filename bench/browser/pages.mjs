// @ts-check
/**
 * What the browser benchmarks share: the benchmark pages built with Vite
 * (production) into a temporary folder, a static file handler for them, and
 * the offset between a page's clock and this process's clock.
 *
 * The library comes from `BENCH_LIB`: `src` (the working tree, the default),
 * `dist` (the last build) or `head` (src/ as committed, extracted under
 * node_modules/.cache so that its imports resolve). `BENCH_MINIFY=0` keeps
 * the pages readable, for profiles.
 */
import { execSync } from 'node:child_process'
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))
const repo = fileURLToPath(new URL('../../', import.meta.url))

export const libraryFrom = process.env.BENCH_LIB ?? 'src'

/** @param {string} from */
function resolveLibrary(from) {
  if (from === 'src') return { index: join(repo, 'src/index.ts'), transport: join(repo, 'src/transport/index.ts') }
  if (from === 'dist') return { index: join(repo, 'dist/index.js'), transport: join(repo, 'dist/transport/index.js') }
  if (from !== 'head') throw new Error(`BENCH_LIB must be src, dist or head, not ${from}`)
  const dir = join(repo, 'node_modules/.cache/vsn-bench-head')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  execSync(`git archive --format=tar HEAD src | tar -x -C "${dir}"`, { cwd: repo })
  return { index: join(dir, 'src/index.ts'), transport: join(dir, 'src/transport/index.ts') }
}

/**
 * Builds the pages named (`ours`, `baseline`, `bare`: `<name>.html` here) and
 * returns their folder with a request handler serving it; `dispose()` removes it.
 * @param {string[]} names
 */
export async function buildPages(names) {
  const library = resolveLibrary(libraryFrom)
  const outDir = mkdtempSync(join(tmpdir(), 'vsn-bench-'))
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    plugins: [vue()],
    resolve: {
      alias: [
        { find: /^vue-sse-notifications$/, replacement: library.index },
        { find: /^vue-sse-notifications\/fetch-transport$/, replacement: library.transport },
      ],
    },
    build: {
      minify: process.env.BENCH_MINIFY !== '0',
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: Object.fromEntries(names.map((name) => [name, join(root, `${name}.html`)])) },
    },
  })
  /** @type {Record<string, string>} */
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
  /**
   * Answers with the built file at the request's path, or 404.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  function serveFile(req, res) {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
    const file = join(outDir, path)
    if (!file.startsWith(outDir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  }
  return { serveFile, dispose: () => rmSync(outDir, { recursive: true, force: true }) }
}

/** This process's clock, comparable with a page's `performance.timeOrigin + performance.now()`. */
export const now = () => performance.timeOrigin + performance.now()

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Page clock minus this process's clock, from the round trip with the shortest duration.
 * @param {import('playwright-core').Page} page
 */
export async function clockOffset(page) {
  let best = { rtt: Infinity, offset: 0 }
  for (let i = 0; i < 30; i += 1) {
    const sent = now()
    const pageTime = await page.evaluate(() => /** @type {NonNullable<Window['__bench']>} */ (window.__bench).now())
    const received = now()
    if (received - sent < best.rtt) best = { rtt: received - sent, offset: pageTime - (sent + received) / 2 }
  }
  return best.offset
}

/**
 * @param {number[]} sorted ascending
 * @param {number} p
 */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN

/** @param {number[]} values */
export const median = (values) => percentile([...values].sort((a, b) => a - b), 50)
