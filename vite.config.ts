import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

/**
 * Browser tests, tests of built artefacts (the package, a Nuxt app, the docs
 * site) and whole-project compiles: one file at a time, in Node.
 */
const E2E_TESTS = [
  'test/e2e/**/*.test.ts',
  'test/package/**/*.test.ts',
  'test/soak/**/*.test.ts',
  'test/nuxt/module.test.ts',
  'test/docs/links.test.ts',
  'test/docs/liveExample.test.ts',
  'test/docs/samples.test.ts',
]

export default defineConfig({
  plugins: [vue()],
  build: {
    lib: {
      entry: {
        index: 'src/index.ts',
        // The fetch transport is its own entry point, so that apps that keep the native
        // EventSource never ship it or its parser.
        'transport/index': 'src/transport/index.ts',
        'nuxt/module': 'src/nuxt/module.ts',
        // Not imported by the module: Nuxt bundles it into the app by path.
        'nuxt/runtime/plugin': 'src/nuxt/runtime/plugin.ts',
      },
      formats: ['es'],
      cssFileName: 'style',
    },
    rollupOptions: {
      // The Nuxt plugin imports the package by name, like the app's auto-imports, so both get one copy.
      external: ['vue', 'pinia', 'axios', '@nuxt/kit', '#app', 'vue-sse-notifications', /^@floating-ui\//, 'eventsource-parser'],
      // One file per module, so bundlers drop whole modules a consumer does not import.
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
    // Readable modules: the app's bundler minifies, and Nuxt reads the plugin's `defineNuxtPlugin({ enforce })` call.
    minify: false,
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
          exclude: E2E_TESTS,
          // Type tests (expectTypeOf) in *.test-d.ts, checked by vue-tsc with the project's tsconfig.
          typecheck: { enabled: true, checker: 'vue-tsc', include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: E2E_TESTS,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
