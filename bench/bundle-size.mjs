// @ts-check
/**
 * Bundle size: `useEventStream` tree-shaken out of this library against
 * `useEventSource` tree-shaken out of `@vueuse/core`. Each entry imports and
 * re-exports one function; esbuild bundles it (ESM, browser, minified, `vue`
 * external) and the output is measured raw and gzipped (level 9).
 *
 * Run: node bench/bundle-size.mjs
 */
import { existsSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const distEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url))

/**
 * @param {string} contents entry module source
 * @returns {Promise<{ min: number, gzip: number, inputs: string[] }>}
 */
async function measure(contents) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    external: ['vue'],
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    metafile: true,
    logLevel: 'warning',
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  const output = Object.values(result.metafile.outputs)[0]
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([path]) => path)
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs }
}

/** @type {{ name: string, entry: string }[]} */
const cases = [
  {
    name: 'useEventStream (src)',
    entry: "export { useEventStream } from './src/composables/useEventStream'",
  },
]
if (existsSync(distEntry)) {
  cases.push({ name: 'useEventStream (dist/index.js)', entry: "export { useEventStream } from './dist/index.js'" })
}
const baselineName = '@vueuse/core useEventSource'
cases.push({ name: baselineName, entry: "export { useEventSource } from '@vueuse/core'" })

const rows = []
for (const { name, entry } of cases) rows.push({ name, ...(await measure(entry)) })
const baseline = rows.find((row) => row.name === baselineName)
if (!baseline) throw new Error('baseline missing')

const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(2)} KB`
console.log('Bundle size: one function tree-shaken, esbuild --minify, vue external, gzip -9')
console.log(`  ${'entry'.padEnd(32)} ${'min'.padStart(9)} ${'min+gzip'.padStart(9)} ${'vs baseline'.padStart(12)} modules`)
for (const row of rows) {
  const ratio = row === baseline ? 'baseline' : `${(row.gzip / baseline.gzip).toFixed(2)}x`
  console.log(
    `  ${row.name.padEnd(32)} ${kb(row.min).padStart(9)} ${kb(row.gzip).padStart(9)} ${ratio.padStart(12)} ${row.inputs.length}`,
  )
}
for (const row of rows) {
  const files = row.inputs.map((path) => path.replace(/^node_modules\//, '').replace(/^src\//, ''))
  console.log(`  ${row.name}: ${files.join(', ')}`)
}
if (existsSync(distEntry)) {
  console.log(`  dist/ built ${statSync(distEntry).mtime.toISOString()} (run \`npm run build\` to refresh it)`)
}
