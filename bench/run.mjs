// @ts-check
/**
 * Runs the benchmarks one after the other, each in its own Node process.
 * TypeScript benchmarks are bundled with esbuild first (Node 20 cannot run
 * TypeScript), into bench/results/build/.
 *
 *   node bench/run.mjs                         # all of them
 *   node bench/run.mjs reconnect-herd browser  # some of them, by name (bundle-size, store-merge, store-memory, reconnect-herd, transport-burst, browser, burst, server-load)
 */
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { build as viteBuild } from 'vite'

const benchDir = fileURLToPath(new URL('.', import.meta.url))
const buildDir = fileURLToPath(new URL('./results/build/', import.meta.url))

/** @type {{ name: string, file: string }[]} */
const benches = [
  { name: 'bundle-size', file: 'bundle-size.mjs' },
  { name: 'store-merge', file: 'store-merge.ts' },
  { name: 'store-memory', file: 'store-memory.ts' },
  { name: 'reconnect-herd', file: 'reconnect-herd.ts' },
  { name: 'transport-burst', file: 'transport-burst.ts' },
  { name: 'browser', file: 'browser/run.mjs' },
  { name: 'burst', file: 'browser/burst.mjs' },
  { name: 'server-load', file: 'server-load.ts' },
]

const wanted = process.argv.slice(2)
const unknown = wanted.filter((name) => !benches.some((bench) => bench.name === name))
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Known: ${benches.map((bench) => bench.name).join(', ')}`)
  process.exit(2)
}
const selected = wanted.length === 0 ? benches : benches.filter((bench) => wanted.includes(bench.name))

/**
 * @param {{ name: string, file: string }} bench
 * @returns {Promise<string>} the script to run with node
 */
async function prepare(bench) {
  const source = `${benchDir}${bench.file}`
  if (!bench.file.endsWith('.ts')) return source
  mkdirSync(buildDir, { recursive: true })
  const outfile = `${buildDir}${bench.name}.mjs`
  await build({
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  })
  return outfile
}

/**
 * @param {string} script
 * @returns {Promise<number>} exit code
 */
function runNode(script) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script], { stdio: 'inherit' })
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`)
// The demo server (used by the browser benchmark) imports the built server entry.
await viteBuild({ configFile: fileURLToPath(new URL('../vite.server.config.ts', import.meta.url)), logLevel: 'warn' })
let failed = 0
for (const bench of selected) {
  console.log(`\n== ${bench.name} ==`)
  const started = Date.now()
  const code = await runNode(await prepare(bench))
  if (code !== 0) {
    failed += 1
    console.log(`(${bench.name} exited with code ${code})`)
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`)
}
process.exitCode = failed > 0 ? 1 : 0
