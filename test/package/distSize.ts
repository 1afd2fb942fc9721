import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'

export interface BundleSize {
  minified: number
  gzipped: number
}

/** Min+gzip size of what a consumer bundling `entry` gets, with vue, pinia and axios external. */
export async function bundleSize(entry: string, resolveDir: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    external: ['vue', 'pinia', 'axios'],
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length }
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`
