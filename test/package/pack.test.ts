import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
let workdir: string
let packedFiles: string[]

/** The tarball as published, unpacked into a project that depends on nothing but the peers. */
beforeAll(() => {
  workdir = mkdtempSync(join(tmpdir(), 'vsn-pack-'))
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', workdir], { cwd: root, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[]
  if (!packed) throw new Error('npm pack produced nothing')
  packedFiles = packed.files.map((file) => file.path)
  execFileSync('tar', ['-xzf', join(workdir, packed.filename), '-C', workdir])
  mkdirSync(join(workdir, 'node_modules'))
  renameSync(join(workdir, 'package'), join(workdir, 'node_modules/vue-sse-notifications'))
  for (const peer of ['vue', 'pinia', 'axios', 'typescript']) {
    symlinkSync(join(root, 'node_modules', peer), join(workdir, 'node_modules', peer), 'dir')
  }
  writeFileSync(join(workdir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }))
}, 60_000)

afterAll(() => {
  if (workdir) rmSync(workdir, { recursive: true, force: true })
})

describe('the packed tarball', () => {
  it('ships the build, its declarations and its stylesheet, and nothing from the repository', () => {
    expect(packedFiles).toContain('dist/index.js')
    expect(packedFiles).toContain('dist/index.d.ts')
    expect(packedFiles).toContain('dist/style.css')
    const outside = packedFiles.filter((path) => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(path))
    expect(outside).toEqual([])
  })

  it('imports every public export in Node', async () => {
    const source = Object.keys(await import('../../src/index')).sort()
    const output = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const lib = await import('vue-sse-notifications');
         console.log(JSON.stringify(Object.entries(lib).map(([name, value]) => [name, typeof value])))`,
      ],
      { cwd: workdir, encoding: 'utf8' },
    )
    const exported = JSON.parse(output) as [string, string][]
    expect(exported.map(([name]) => name).sort()).toEqual(source)
    for (const [name, type] of exported) {
      expect(type, name).not.toBe('undefined')
    }
  })

  it('resolves the stylesheet through the exports map', () => {
    const resolved = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { existsSync } from 'node:fs'
         import { fileURLToPath } from 'node:url'
         const path = fileURLToPath(import.meta.resolve('vue-sse-notifications/style.css'))
         console.log(JSON.stringify({ path, exists: existsSync(path) }))`,
      ],
      { cwd: workdir, encoding: 'utf8' },
    )
    const { path, exists } = JSON.parse(resolved) as { path: string; exists: boolean }
    expect(path).toMatch(/node_modules\/vue-sse-notifications\/dist\/style\.css$/)
    expect(exists).toBe(true)
  })

  it('typechecks a consumer against the shipped declarations', () => {
    writeFileSync(
      join(workdir, 'consumer.ts'),
      `import { NotificationBell, NotificationItem, useEventStream, type EventStreamStatus } from 'vue-sse-notifications'
interface Events { notification: { id: string; message: string } }
const stream = useEventStream<Events>('/stream', { backoff: { initial: 500 } })
stream.on('notification', (payload) => payload.message.toUpperCase())
const status: EventStreamStatus = stream.status.value
// @ts-expect-error payloads are typed
stream.on('notification', (payload) => payload.missing)
// NotificationItem: the component as a value, a notification as a type.
const row: NotificationItem = { id: 'n1', message: 'Hi', createdAt: '2026-01-01T00:00:00Z', readAt: null }
const parts = [NotificationItem, NotificationBell] as const
export { status, row, parts }
`,
    )
    writeFileSync(
      join(workdir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'ESNext',
          moduleResolution: 'Bundler',
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    )
    const tsc = join(workdir, 'node_modules/typescript/bin/tsc')
    const result = spawnSync(process.execPath, [tsc, '-p', workdir], { cwd: workdir, encoding: 'utf8' })
    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: '' })
  })
})
