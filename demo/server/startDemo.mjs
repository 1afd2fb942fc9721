// @ts-check
import { createServer as createHttpServer } from 'node:http'
import { createServer, mergeConfig } from 'vite'
import { createDemoServer } from './contract-server.mjs'
import { demoViteConfig } from './demoViteConfig.mjs'

/**
 * @typedef {import('./contract-server.mjs').DemoServer} DemoServer
 * @typedef {import('./contract-server.mjs').DemoServerOptions} DemoServerOptions
 *
 * @typedef {object} StartDemoOptions
 * @property {number} [port] Default 5173; 0 picks a free port.
 * @property {string} [host] Default `'127.0.0.1'`.
 * @property {DemoServer | DemoServerOptions} [demo] The contract server, or options for a new one. Default `{ seed: 5 }`.
 * @property {import('vite').InlineConfig} [vite] Merged over the demo Vite config.
 * @property {import('vite').LogLevel} [logLevel] Default `'info'`.
 *
 * @typedef {object} RunningDemo
 * @property {string} url Origin of the page and the API, e.g. `http://127.0.0.1:5173`.
 * @property {number} port
 * @property {string} host
 * @property {DemoServer} demo
 * @property {import('vite').ViteDevServer} vite Runs in middleware mode inside `httpServer`.
 * @property {import('node:http').Server} httpServer
 * @property {() => Promise<void>} close Ends the streams, then closes Vite and the HTTP server.
 */

/**
 * Starts the Vite dev server for `demo/` with the contract server mounted on `/api`.
 * @param {StartDemoOptions} [options]
 * @returns {Promise<RunningDemo>}
 */
export async function startDemo(options = {}) {
  const port = options.port ?? 5173
  const host = options.host ?? '127.0.0.1'
  const ownsDemo = !(options.demo && 'handle' in options.demo)
  const demo = ownsDemo
    ? createDemoServer(/** @type {DemoServerOptions} */ (options.demo ?? { seed: 5 }))
    : /** @type {DemoServer} */ (options.demo)

  // Vite in middleware mode inside our own server: Vite's listen() cannot take port 0.
  const httpServer = createHttpServer()
  const config = mergeConfig(
    mergeConfig(demoViteConfig({ demo }), {
      configFile: false,
      logLevel: options.logLevel ?? 'info',
      clearScreen: false,
      appType: 'spa',
      server: { middlewareMode: true, hmr: { server: httpServer } },
    }),
    options.vite ?? {},
  )
  const vite = await createServer(config)
  httpServer.on('request', (req, res) => vite.middlewares(req, res))

  /** @returns {Promise<void>} */
  const closeHttp = () =>
    new Promise((resolve) => {
      httpServer.close(() => resolve())
      httpServer.closeAllConnections()
    })

  try {
    await new Promise((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(port, host, () => {
        httpServer.off('error', reject)
        resolve(undefined)
      })
    })
  } catch (error) {
    await vite.close()
    if (ownsDemo) demo.close()
    throw error
  }
  // Let the dependency optimizer finish its first run: the page then loads
  // without a mid-test reload, and close() does not cut a build short.
  await settleOptimizer(vite, 20_000)
  const address = httpServer.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  const urlHost = host.includes(':') ? `[${host}]` : host

  let closing = /** @type {Promise<void> | undefined} */ (undefined)
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    host,
    demo,
    vite,
    httpServer,
    close() {
      closing ??= (async () => {
        demo.dropStreams()
        await settleOptimizer(vite, 5000)
        // Vite can leave close() pending when a dependency build was cancelled; do not wait forever.
        await Promise.race([vite.close(), delay(3000)])
        await closeHttp()
        if (ownsDemo) demo.close()
      })()
      return closing
    },
  }
}

/** @param {number} ms */
function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

/**
 * Waits (at most `timeout` ms) until the client dependency optimizer has
 * scanned and bundled what it has discovered.
 * @param {import('vite').ViteDevServer} vite
 * @param {number} timeout
 */
export async function settleOptimizer(vite, timeout) {
  const optimizer = vite.environments.client.depsOptimizer
  if (!optimizer) return
  const deadline = Date.now() + timeout
  /** @type {Set<Promise<void>>} */
  const awaited = new Set()
  for (;;) {
    const pending = [
      optimizer.scanProcessing,
      ...Object.values(optimizer.metadata.discovered).map((info) => info.processing),
    ].filter((promise) => promise !== undefined && !awaited.has(promise))
    const remaining = deadline - Date.now()
    if (pending.length === 0 || remaining <= 0) return
    for (const promise of pending) awaited.add(/** @type {Promise<void>} */ (promise))
    await Promise.race([Promise.allSettled(pending), delay(remaining)])
  }
}
