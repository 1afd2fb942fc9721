import type { RequestListener } from 'node:http'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { createServer } from 'vite'
import { libraryEntry } from '../../demo/server/demoViteConfig.mjs'
import { settleOptimizer } from '../../demo/server/startDemo.mjs'

export interface PageServer {
  /** Serves the page (any path: it is a single-page app) and its modules. */
  handle: RequestListener
  close: () => Promise<void>
}

/**
 * The page of the tutorial backends (`test/backends/page/`) from Vite in
 * middleware mode, the library from its sources. One instance serves every
 * backend: each backend's server hands it the requests its own routes do not
 * answer, so that the page has the backend's origin.
 */
export async function startPageServer(): Promise<PageServer> {
  const vite = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('./page/', import.meta.url)),
    cacheDir: fileURLToPath(new URL('../../node_modules/.vite/tutorial-backends', import.meta.url)),
    logLevel: 'silent',
    clearScreen: false,
    appType: 'spa',
    plugins: [vue()],
    resolve: { alias: [{ find: /^vue-sse-notifications$/, replacement: libraryEntry }] },
    // No HMR: edits to the sources while the tests run must not reload the pages under test.
    server: { middlewareMode: true, hmr: false },
  })
  await settleOptimizer(vite, 20_000)
  return {
    handle: (req, res) => vite.middlewares(req, res),
    close: async () => {
      await settleOptimizer(vite, 5000)
      await vite.close()
    },
  }
}
