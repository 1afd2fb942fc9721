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
    expect(packedFiles).toContain('dist/server/index.js')
    expect(packedFiles).toContain('dist/server/index.d.ts')
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

  it('serves the contract from the server entry in Node, without ioredis installed', async () => {
    const source = Object.keys(await import('../../src/server/index')).sort()
    const output = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createServer } from 'node:http'
         const kit = await import('vue-sse-notifications/server')
         const notifications = kit.createNotificationServer({ authenticate: () => 'alice' })
         await notifications.publish('alice', { message: 'packed' })
         const server = createServer((req, res) => notifications.handle(req, res))
         await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
         const page = await (await fetch('http://127.0.0.1:' + server.address().port + '/notifications')).json()
         await notifications.close()
         server.close()
         console.log(JSON.stringify({ exports: Object.keys(kit).sort(), messages: page.data.map((item) => item.message) }))`,
      ],
      { cwd: workdir, encoding: 'utf8' },
    )
    expect(JSON.parse(output)).toEqual({ exports: source, messages: ['packed'] })
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
      `import { useEventStream, type EventStreamStatus } from 'vue-sse-notifications'
interface Events { notification: { id: string; message: string } }
const stream = useEventStream<Events>('/stream', { backoff: { initial: 500 } })
stream.on('notification', (payload) => payload.message.toUpperCase())
const status: EventStreamStatus = stream.status.value
// @ts-expect-error payloads are typed
stream.on('notification', (payload) => payload.missing)
export { status }
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

  it('typechecks a Node consumer of the server entry, with ioredis', () => {
    mkdirSync(join(workdir, 'node_modules/@types'), { recursive: true })
    symlinkSync(join(root, 'node_modules/@types/node'), join(workdir, 'node_modules/@types/node'), 'dir')
    symlinkSync(join(root, 'node_modules/ioredis'), join(workdir, 'node_modules/ioredis'), 'dir')
    writeFileSync(
      join(workdir, 'server-consumer.ts'),
      `import { createServer } from 'node:http'
import { Redis } from 'ioredis'
import { createNotificationServer, createRedisStorage, type ServerNotification } from 'vue-sse-notifications/server'
const notifications = createNotificationServer<{ message: string }>({
  authenticate: (req) => req.headers['x-user'] as string | undefined,
  storage: createRedisStorage({ redis: new Redis({ lazyConnect: true }) }),
})
createServer((req, res) => void notifications.handle(req, res))
export const published: Promise<ServerNotification<{ message: string }>> = notifications.publish('alice', { message: 'hi' })
// @ts-expect-error the body is typed
void notifications.publish('alice', { text: 'no message' })
`,
    )
    writeFileSync(
      join(workdir, 'tsconfig.server.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: ['node'] },
        files: ['server-consumer.ts'],
      }),
    )
    const tsc = join(workdir, 'node_modules/typescript/bin/tsc')
    const result = spawnSync(process.execPath, [tsc, '-p', join(workdir, 'tsconfig.server.json')], { cwd: workdir, encoding: 'utf8' })
    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: '' })
  })
})
