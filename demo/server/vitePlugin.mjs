// @ts-check
import { createDemoServer } from './contract-server.mjs'

/**
 * @typedef {import('./contract-server.mjs').DemoServer} DemoServer
 * @typedef {import('./contract-server.mjs').DemoServerOptions} DemoServerOptions
 */

/**
 * Mounts the demo contract server in front of Vite's own middlewares, in the
 * dev server and in `vite preview`. Pass an existing server to share it, or
 * options to create one per Vite server. The server in use is `plugin.api.demo`.
 * @param {DemoServer | DemoServerOptions} [serverOrOptions]
 * @returns {import('vite').Plugin & { api: { readonly demo: DemoServer | undefined } }}
 */
export function demoServerPlugin(serverOrOptions = {}) {
  const shared = isDemoServer(serverOrOptions) ? serverOrOptions : undefined
  /** @type {DemoServer | undefined} */
  let current = shared

  /** @param {import('vite').ViteDevServer | import('vite').PreviewServer} server */
  function mount(server) {
    const demo = shared ?? createDemoServer(/** @type {DemoServerOptions} */ (serverOrOptions))
    current = demo
    server.middlewares.use((req, res, next) => demo.handle(req, res, next))
    server.httpServer?.once('close', () => {
      if (!shared) demo.close()
      else demo.dropStreams()
    })
  }

  return {
    name: 'vue-sse-notifications:demo-server',
    configureServer: mount,
    configurePreviewServer: mount,
    api: {
      get demo() {
        return current
      },
    },
  }
}

/**
 * @param {unknown} value
 * @returns {value is DemoServer}
 */
function isDemoServer(value) {
  return typeof value === 'object' && value !== null && typeof (/** @type {{ handle?: unknown }} */ (value)).handle === 'function'
}
