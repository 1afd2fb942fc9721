export { startDemo } from './server/startDemo.mjs'
export type { RunningDemo, StartDemoOptions } from './server/startDemo.mjs'
export { createDemoServer, DemoServerValidationError } from './server/contract-server.mjs'
export { demoServerPlugin } from './server/vitePlugin.mjs'
