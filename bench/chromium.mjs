// @ts-check
/**
 * Headless Chromium as the tests and the benchmarks run it, and page scripts
 * bundled for it.
 */
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]

/** Debian's Chromium (or `CHROMIUM_PATH`), headless. */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

/**
 * `entry` and everything it imports (Vue in production mode, the library from
 * its sources) as one classic script.
 * @param {string} entry
 * @returns {Promise<string>}
 */
export async function bundlePage(entry) {
  const { outputFiles } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    logLevel: 'warning',
  })
  const [script] = outputFiles
  if (!script) throw new Error(`esbuild produced nothing for ${entry}`)
  return script.text
}
