import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  build: {
    lib: {
      // The fetch transport is its own entry point (`vue-sse-notifications/fetch-transport`), so that
      // apps that keep the native EventSource never ship it or its parser.
      entry: { index: 'src/index.ts', 'transport/index': 'src/transport/index.ts' },
      formats: ['es'],
      cssFileName: 'style',
    },
    rollupOptions: {
      external: ['vue', 'pinia', 'axios', 'eventsource-parser'],
      // One file per module, so bundlers drop whole modules a consumer does not import.
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
    sourcemap: false,
  },
  test: {
    reporters: ['default', './test/support/summaryReporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/package/**'],
          // Type tests (expectTypeOf) in *.test-d.ts, checked by vue-tsc with the project's tsconfig.
          typecheck: { enabled: true, checker: 'vue-tsc', include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts', 'test/package/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
