import type { InlineConfig } from 'vite'
import type { DemoServer, DemoServerOptions } from './contract-server.mjs'

/** The `demo/` folder: the Vite root of the demo page. */
export declare const demoRoot: string
/** The library entry the demo page imports as `vue-sse-notifications`. */
export declare const libraryEntry: string
/** The demo's own dependency-optimizer cache (`node_modules/.vite/demo`). */
export declare const demoCacheDir: string

/**
 * Vite config of the demo: root `demo/`, plugin-vue, the demo server (default
 * `{ seed: 5 }`), and the `vue-sse-notifications` alias to the library source.
 */
export declare function demoViteConfig(options?: { demo?: DemoServer | DemoServerOptions }): InlineConfig
