import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
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
  // The peers, the package's own dependency, and TypeScript for the consumer check.
  for (const peer of ['vue', 'pinia', 'axios', 'eventsource-parser', 'typescript']) {
    symlinkSync(join(root, 'node_modules', peer), join(workdir, 'node_modules', peer), 'dir')
  }
  writeFileSync(join(workdir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }))
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

describe('the packed tarball', () => {
  it('ships the build, its declarations and its stylesheet, and nothing from the repository', () => {
    expect(packedFiles).toContain('dist/index.js')
    expect(packedFiles).toContain('dist/index.d.ts')
    expect(packedFiles).toContain('dist/style.css')
    expect(packedFiles).toContain('dist/transport/index.js')
    expect(packedFiles).toContain('dist/transport/index.d.ts')
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
      `import { useEventStream, type EventStreamStatus } from 'vue-sse-notifications'
import { FetchEventSource, type FetchEventSourceInit } from 'vue-sse-notifications/fetch-transport'
interface Events { notification: { id: string; message: string } }
const init: FetchEventSourceInit = { headers: () => ({ Authorization: 'Bearer t' }) }
const stream = useEventStream<Events>('/stream', { backoff: { initial: 500 }, EventSource: FetchEventSource, eventSourceInit: { ...init } })
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
})
