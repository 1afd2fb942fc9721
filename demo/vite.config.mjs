// @ts-check
// `npx vite --config demo/vite.config.mjs`: the same setup `npm run demo` uses.
import { defineConfig } from 'vite'
import { demoViteConfig } from './server/demoViteConfig.mjs'

export default defineConfig(demoViteConfig())
