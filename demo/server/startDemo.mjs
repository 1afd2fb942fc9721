// @ts-check
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
 * @property {import('vite').ViteDevServer} vite
 * @property {() => Promise<void>} close
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

  const config = mergeConfig(
    /** @type {Record<string, unknown>} */ (demoViteConfig({ demo })),
    /** @type {Record<string, unknown>} */ ({
      logLevel: options.logLevel ?? 'info',
      clearScreen: false,
      server: { port, host },
      ...options.vite,
    }),
  )
  const vite = await createServer(config)
  try {
    await vite.listen()
  } catch (error) {
    await vite.close()
    if (ownsDemo) demo.close()
    throw error
  }
  const address = vite.httpServer?.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  const urlHost = host.includes(':') ? `[${host}]` : host

  let closing = /** @type {Promise<void> | undefined} */ (undefined)
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    host,
    demo,
    vite,
    close() {
      closing ??= (async () => {
        demo.dropStreams()
        await vite.close()
        if (ownsDemo) demo.close()
      })()
      return closing
    },
  }
}
