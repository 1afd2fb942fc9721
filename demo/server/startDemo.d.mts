import type { Server } from 'node:http'
import type { InlineConfig, LogLevel, ViteDevServer } from 'vite'
import type { DemoServer, DemoServerOptions } from './contract-server.mjs'

export interface StartDemoOptions {
  /** @default 5173 (0 picks a free port) */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** The contract server, or options for a new one. @default { seed: 5 } */
  demo?: DemoServer | DemoServerOptions
  /** Merged over the demo Vite config. */
  vite?: InlineConfig
  /** @default 'info' */
  logLevel?: LogLevel
}

export interface RunningDemo {
  /** Origin of the page and the API, e.g. `http://127.0.0.1:5173`. */
  url: string
  port: number
  host: string
  demo: DemoServer
  /** Runs in middleware mode inside `httpServer`. */
  vite: ViteDevServer
  httpServer: Server
  /** Ends the streams, then closes Vite and the HTTP server. */
  close(): Promise<void>
}

/** Starts the Vite dev server for `demo/` with the contract server mounted on `/api`. */
export declare function startDemo(options?: StartDemoOptions): Promise<RunningDemo>

/** Waits (at most `timeout` ms) until Vite's client dependency optimizer has bundled what it has discovered. */
export declare function settleOptimizer(vite: ViteDevServer, timeout: number): Promise<void>
