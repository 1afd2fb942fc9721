import { copyFileSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitepress'
import { folderItems } from './sidebar'

const docsDir = fileURLToPath(new URL('..', import.meta.url))
const repository = 'https://github.com/vue-sse-notifications/vue-sse-notifications'
const base = '/vue-sse-notifications/'

/** msw's service worker for the live example, taken from the installed msw rather than kept in the repository. */
const mockServiceWorker = {
  fileName: 'mockServiceWorker.js',
  path: createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'),
}

export default defineConfig({
  title: 'vue-sse-notifications',
  description: 'Server-Sent Events for Vue 3: a typed EventSource composable, a Pinia notification inbox and an accessible bell.',
  base,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: `${base}favicon.svg` }]],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Reference', link: '/reference/' },
      { text: 'Live example', link: '/guide/demo' },
      { text: 'Changelog', link: `${repository}/blob/main/CHANGELOG.md` },
    ],
    sidebar: [
      // The contract stays at docs/server-contract.md, where the code refers to it; it is listed with the guide.
      { text: 'Guide', items: folderItems(docsDir, 'guide', [{ path: 'server-contract.md', order: 3 }]) },
      { text: 'Reference', link: '/reference/', items: folderItems(docsDir, 'reference') },
    ],
    socialLinks: [{ icon: 'github', link: repository }],
    search: { provider: 'local' },
    outline: [2, 3],
  },
  buildEnd({ outDir }) {
    copyFileSync(mockServiceWorker.path, join(outDir, mockServiceWorker.fileName))
  },
  vite: {
    plugins: [
      {
        name: 'docs-mock-service-worker',
        configureServer(server) {
          server.middlewares.use(`${base}${mockServiceWorker.fileName}`, (_request, response) => {
            response.setHeader('Content-Type', 'text/javascript')
            response.end(readFileSync(mockServiceWorker.path))
          })
        },
      },
    ],
    resolve: {
      alias: { 'vue-sse-notifications': fileURLToPath(new URL('../../src/index.ts', import.meta.url)) },
    },
  },
})
