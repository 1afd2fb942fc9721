import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const repositoryRoot = resolve(import.meta.dirname, '../..')

export interface PackedProject {
  /** A temporary project whose `node_modules/vue-sse-notifications` is the unpacked tarball. */
  dir: string
  /** Paths inside the tarball, as `npm pack` lists them. */
  files: string[]
}

/**
 * Packs the package as `npm publish` would (it must be built) and unpacks it
 * into a new temporary project. `dependencies` are linked from this
 * repository's `node_modules`; `'all'` links every installed package.
 */
export function createPackedProject(prefix: string, dependencies: readonly string[] | 'all'): PackedProject {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repositoryRoot, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[]
  if (!packed) throw new Error('npm pack produced nothing')
  execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', dir])
  mkdirSync(join(dir, 'node_modules'))
  renameSync(join(dir, 'package'), join(dir, 'node_modules/vue-sse-notifications'))
  const installed = join(repositoryRoot, 'node_modules')
  const names = dependencies === 'all' ? readdirSync(installed).filter((name) => !name.startsWith('.')) : dependencies
  for (const name of names) symlinkSync(join(installed, name), join(dir, 'node_modules', name), 'dir')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }))
  return { dir, files: packed.files.map((file) => file.path) }
}
