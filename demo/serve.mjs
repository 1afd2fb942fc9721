// @ts-check
// `npm run demo`: the demo page (Vite) and the contract server in one process
// (the script builds the server entry first: the demo server imports
// `vue-sse-notifications/server`, the package's built kit).
// PORT (default 5173) and HOST (default 127.0.0.1) pick the address;
// DEMO_AUTO_PUBLISH_MS publishes a sample notification that often.
import { pathToFileURL } from 'node:url'
import { startDemo } from './server/startDemo.mjs'

export { startDemo }
export { createDemoServer, DemoServerValidationError } from './server/contract-server.mjs'
export { demoServerPlugin } from './server/vitePlugin.mjs'

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href

if (runDirectly) {
  const running = await startDemo({
    port: Number(process.env.PORT ?? 5173),
    host: process.env.HOST ?? '127.0.0.1',
    demo: { seed: 5, autoPublishIntervalMs: Number(process.env.DEMO_AUTO_PUBLISH_MS ?? 0) },
  })
  console.log(`\n  Demo:  ${running.url}/\n  API:   ${running.url}/api/notifications\n`)
  /** @param {NodeJS.Signals} signal */
  const stop = (signal) => {
    running.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error)
        process.exit(1)
      },
    )
    console.log(`\n  ${signal}: stopping the demo`)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
