import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'

export interface RunningRedis {
  port: number
  url: string
  /** A client for the test itself (inspecting keys, killing connections). */
  client: Redis
  /** Stops the client and the server. */
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1 (taken by listening on port 0, then released). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (typeof address !== 'object' || !address) throw new Error('no port')
  return address.port
}

/** A real `redis-server` on 127.0.0.1 at a free port, without persistence. */
export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000)
    const check = setInterval(() => {
      if (output.includes('Ready to accept connections')) {
        clearInterval(check)
        clearTimeout(timer)
        resolve()
      }
    }, 20)
    child.once('exit', (code) => {
      clearInterval(check)
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}:\n${output}`))
    })
  })
  const url = `redis://127.0.0.1:${port}`
  const client = new Redis(url)
  return {
    port,
    url,
    client,
    async stop() {
      client.disconnect()
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** Starts a redis-server before the file's tests and stops it after them; the getter throws before it is up. */
export function useRedisServer(): () => RunningRedis {
  let running: RunningRedis | undefined
  beforeAll(async () => {
    running = await startRedis()
  }, 20_000)
  afterAll(async () => {
    await running?.stop()
  })
  return () => {
    if (!running) throw new Error('redis-server is not running yet')
    return running
  }
}
