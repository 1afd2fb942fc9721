import { build, type Metafile } from 'esbuild'
import { gzipSync } from 'node:zlib'

export interface ChunkSize {
  minified: number
  gzipped: number
}

export interface BundleSize extends ChunkSize {
  /** Chunks only loaded through `import()`, summed (each gzipped on its own, as a server sends them). */
  lazy: ChunkSize
}

/**
 * Min+gzip size of what a consumer bundling `entry` ships, with vue, pinia and
 * axios external and code splitting on, as Vite and other bundlers do: the
 * entry chunk plus the chunks it imports statically, apart from the chunks
 * only reached through a dynamic `import()`.
 */
export async function bundleSize(entry: string, resolveDir: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry, resolveDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    outdir: 'out',
    write: false,
    metafile: true,
    external: ['vue', 'pinia', 'axios'],
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const outputs = result.metafile.outputs
  const entryChunk = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined)
  if (!entryChunk) throw new Error('esbuild produced no entry chunk')
  const initial = staticallyReached(entryChunk, outputs)
  const sizes = { initial: { minified: 0, gzipped: 0 }, lazy: { minified: 0, gzipped: 0 } }
  for (const file of result.outputFiles) {
    const path = Object.keys(outputs).find((output) => file.path.endsWith(output))
    if (!path || path.endsWith('.map')) continue
    const part = initial.has(path) ? sizes.initial : sizes.lazy
    part.minified += file.contents.length
    part.gzipped += gzipSync(file.contents, { level: 9 }).length
  }
  return { ...sizes.initial, lazy: sizes.lazy }
}

function staticallyReached(from: string, outputs: Metafile['outputs']): Set<string> {
  const reached = new Set<string>()
  const pending = [from]
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (reached.has(path)) continue
    reached.add(path)
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path)
    }
  }
  return reached
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`
