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
        await vite.close()
        await closeHttp()
        if (ownsDemo) demo.close()
      })()
      return closing
    },
  }
}
