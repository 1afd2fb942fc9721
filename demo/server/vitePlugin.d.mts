import type { Plugin } from 'vite'
import type { DemoServer, DemoServerOptions } from './contract-server.mjs'

/**
 * Mounts the demo contract server in front of Vite's own middlewares (dev and
 * preview). Pass an existing server to share it, or options to create one.
 */
export declare function demoServerPlugin(
  serverOrOptions?: DemoServer | DemoServerOptions,
): Plugin & { api: { readonly demo: DemoServer | undefined } }
