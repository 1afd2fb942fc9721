import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPackedProject, repositoryRoot } from '../support/packedPackage'

let workdir: string
let packedFiles: string[]

/** The tarball as published, unpacked into a project that depends on nothing but the peers. */
beforeAll(() => {
  const project = createPackedProject('vsn-pack-', ['vue', 'pinia', 'axios', 'eventsource-parser', 'typescript'])
  workdir = project.dir
  packedFiles = project.files
}, 60_000)

/** Runs an ES module script in the consumer project and returns what it printed. */
function run(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: workdir, encoding: 'utf8' }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    )
  })
}

afterAll(() => {
  if (workdir) rmSync(workdir, { recursive: true, force: true })
})

/** Files a source module under `src/` becomes in `dist/`, for one built module per source module. */
function builtFrom(sourcePath: string): string[] {
  const base = sourcePath.replace(/^src\//, 'dist/')
  // A single-file component becomes its module, its declarations, and maybe modules of its script and styles.
  if (base.endsWith('.vue')) {
    const stem = base.slice(0, -'.vue'.length)
    return [`${base}.js`, `${stem}2.vue.js`, `${stem}3.vue.js`, `${base}.d.ts`]
  }
  const stem = base.slice(0, -'.ts'.length)
  return [`${stem}.js`, `${stem}.d.ts`]
}

function sourceModules(dir = join(repositoryRoot, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceModules(path)
    const isModule = /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts')
    return isModule ? [relative(repositoryRoot, path)] : []
  })
}

describe('the packed tarball', () => {
  it('holds the package files and what the sources build to, nothing else', () => {
    const fromSources = new Set(sourceModules().flatMap(builtFrom))
    const packageFiles = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/style.css'])
    // Shared by every compiled single-file component.
    const vueHelper = 'dist/_virtual/_plugin-vue_export-helper.js'
    const surprises = packedFiles.filter((path) => !packageFiles.has(path) && !fromSources.has(path) && path !== vueHelper)
    expect(surprises, 'files in the tarball that no source builds to').toEqual([])
    // Modules that only declare types build to declarations alone; everything else must be there.
    // A component's script and style modules are split out only when the compiler needs them.
    const optional = (path: string) => /[23]\.vue\.js$/.test(path)
    const missing = [...packageFiles, ...fromSources].filter(
      (path) =>
        !packedFiles.includes(path) &&
        !optional(path) &&
        !(path.endsWith('.js') && packedFiles.includes(path.replace(/\.js$/, '.d.ts'))),
    )
    expect(missing, 'files the tarball lacks').toEqual([])
  })

  it('ships every file the exports map points to', () => {
    const { exports } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>
    }
    const targets = Object.values(exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))
    const unshipped = targets.map((target) => target.replace(/^\.\//, '')).filter((path) => !packedFiles.includes(path))
    expect(unshipped).toEqual([])
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

  it('imports the fetch transport from its own entry point, and streams with it in Node', async () => {
    const source = Object.keys(await import('../../src/transport/index')).sort()
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.end('id: 1\ndata: hello\n\n')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const output = await run(
        `const transport = await import('vue-sse-notifications/fetch-transport')
         const source = new transport.FetchEventSource('http://127.0.0.1:${port}/')
         const event = await new Promise((resolve) => source.addEventListener('message', resolve))
         source.close()
         console.log(JSON.stringify({ exports: Object.keys(transport).sort(), data: event.data, id: event.lastEventId }))`,
      )
      expect(JSON.parse(output)).toEqual({ exports: source, data: 'hello', id: '1' })
    } finally {
      server.close()
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
import { FetchEventSource, type FetchEventSourceInit } from 'vue-sse-notifications/fetch-transport'
interface Events { notification: { id: string; message: string } }
const init: FetchEventSourceInit = { headers: () => ({ Authorization: 'Bearer t' }) }
const stream = useEventStream<Events>('/stream', { backoff: { initial: 500 }, EventSource: FetchEventSource, eventSourceInit: { ...init } })
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

  it('typechecks a Node consumer of the server entry, with ioredis', () => {
    mkdirSync(join(workdir, 'node_modules/@types'), { recursive: true })
    symlinkSync(join(repositoryRoot, 'node_modules/@types/node'), join(workdir, 'node_modules/@types/node'), 'dir')
    symlinkSync(join(repositoryRoot, 'node_modules/ioredis'), join(workdir, 'node_modules/ioredis'), 'dir')
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
