import { defineConfig } from 'vite'

/** The Node entry `vue-sse-notifications/server`: one ES module, Node built-ins and ioredis left external. */
export default defineConfig({
  build: {
    ssr: 'src/server/index.ts',
    outDir: 'dist/server',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      external: [/^node:/, 'ioredis'],
      output: { format: 'es', entryFileNames: 'index.js' },
    },
  },
})
