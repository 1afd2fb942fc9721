import { nodeResolve } from '@rollup/plugin-node-resolve'
import { transform } from 'esbuild'
import { rollup, type OutputChunk } from 'rollup'
import { gzipSync } from 'node:zlib'

export interface ChunkSize {
  minified: number
  gzipped: number
}

export interface BundleSize extends ChunkSize {
  /** Chunks only reached through `import()`, summed (each gzipped on its own, as a server sends them). */
  lazy: ChunkSize
  /** Ids of the modules bundled, in any chunk. */
  modules: string[]
  /** Ids of the modules in the chunks loaded up front. */
  initialModules: string[]
}

export interface BundleSizeOptions {
  /** Directory of the measured package; its JavaScript modules are free of side effects. */
  packageDir: string
  /**
   * Modules left out of the bundle (the peer dependencies an app has anyway);
   * the package's own dependencies are bundled from node_modules.
   * @default ['vue', 'pinia', 'axios']
   */
  external?: string[]
}

const ENTRY = '\0consumer-entry'

/**
 * Min+gzip size of what an app whose code is `entry` ships, bundled the way a
 * Vite production build does it: Rollup tree-shakes and splits chunks at
 * dynamic imports, then esbuild minifies each chunk. The result counts the entry
 * chunk and the chunks it imports statically; `lazy` the chunks loaded on demand.
 */
export async function bundleSize(entry: string, options: BundleSizeOptions): Promise<BundleSize> {
  const { packageDir, external = ['vue', 'pinia', 'axios'] } = options
  const isExternal = (id: string) => external.some((name) => id === name || id.startsWith(`${name}/`))
  const bundle = await rollup({
    input: ENTRY,
    // What Vite's resolver reads from the package's `"sideEffects": ["**/*.css"]`.
    treeshake: { moduleSideEffects: (id) => !id.startsWith(packageDir) || id.endsWith('.css') },
    external: isExternal,
    plugins: [
      {
        name: 'consumer-entry',
        resolveId: (id) => (id === ENTRY ? id : null),
        load: (id) => (id === ENTRY ? entry : null),
      },
      nodeResolve({ browser: true }),
    ],
    onwarn: (warning) => {
      throw new Error(`Rollup: ${warning.message}`)
    },
  })
  const { output } = await bundle.generate({ format: 'es' })
  await bundle.close()

  const chunks = new Map(output.filter((file): file is OutputChunk => file.type === 'chunk').map((c) => [c.fileName, c]))
  const initial = new Set<string>()
  const pending = [...chunks.values()].filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName)
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (initial.has(name)) continue
    initial.add(name)
    pending.push(...(chunks.get(name)?.imports ?? []))
  }

  const size = {
    minified: 0,
    gzipped: 0,
    lazy: { minified: 0, gzipped: 0 },
    modules: [...chunks.values()].flatMap((chunk) => chunk.moduleIds),
    initialModules: [...initial].flatMap((name) => chunks.get(name)?.moduleIds ?? []),
  }
  for (const chunk of chunks.values()) {
    const { code } = await transform(chunk.code, {
      minify: true,
      format: 'esm',
      target: 'es2022',
      define: { 'process.env.NODE_ENV': '"production"' },
    })
    const part = initial.has(chunk.fileName) ? size : size.lazy
    part.minified += Buffer.byteLength(code)
    part.gzipped += gzipSync(code, { level: 9 }).length
  }
  return size
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`
