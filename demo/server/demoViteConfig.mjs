// @ts-check
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { demoServerPlugin } from './vitePlugin.mjs'

/** The `demo/` folder: the Vite root of the demo page. */
export const demoRoot = fileURLToPath(new URL('..', import.meta.url))
/** The library entry the demo page imports as `vue-sse-notifications`. */
export const libraryEntry = fileURLToPath(new URL('../../src/index.ts', import.meta.url))
/** The demo's own dependency-optimizer cache, apart from other Vite setups in the repo. */
export const demoCacheDir = fileURLToPath(new URL('../../node_modules/.vite/demo', import.meta.url))

/**
 * Vite config of the demo: root `demo/`, plugin-vue, the demo server, and the
 * `vue-sse-notifications` alias to the library source.
 * @param {{ demo?: import('./contract-server.mjs').DemoServer | import('./contract-server.mjs').DemoServerOptions }} [options]
 * @returns {import('vite').InlineConfig}
 */
export function demoViteConfig(options = {}) {
  return {
    root: demoRoot,
    cacheDir: demoCacheDir,
    plugins: [vue(), demoServerPlugin(options.demo ?? { seed: 5 })],
    resolve: {
      alias: [{ find: /^vue-sse-notifications$/, replacement: libraryEntry }],
    },
    server: { strictPort: true },
  }
}
