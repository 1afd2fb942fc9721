import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemoServer, type DemoServer } from '../../demo/server/contract-server.mjs'
import { launchChromium } from '../e2e/browser'
import { createPackedProject } from '../support/packedPackage'

const fixture = resolve(import.meta.dirname, 'fixture')

let project: string
let backend: DemoServer
let backendServer: Server
let backendOrigin: string
let nuxtServer: ChildProcess | undefined
let nuxtOrigin: string
let nuxtOutput = ''
let browser: Browser

/** `node:http` on 127.0.0.1 with a free port, for servers started by the test. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', done)
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function freePort(): Promise<number> {
  const probe = createServer()
  const origin = await listen(probe)
  await new Promise((done) => probe.close(done))
  return Number(new URL(origin).port)
}

/** Starts the built app's Nitro server and resolves once it listens. */
async function startNuxtServer(): Promise<void> {
  const port = await freePort()
  const child = spawn(process.execPath, ['.output/server/index.mjs'], {
    cwd: project,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      NUXT_PUBLIC_SSE_NOTIFICATIONS_STREAM_URL: `${backendOrigin}/api/notifications/stream`,
      NUXT_PUBLIC_SSE_NOTIFICATIONS_API_URL: `${backendOrigin}/api/notifications`,
      NUXT_PUBLIC_CLOCK_URL: `${backendOrigin}/api/clock/stream`,
    },
  })
  nuxtServer = child
  child.stdout.on('data', (chunk: Buffer) => (nuxtOutput += chunk))
  child.stderr.on('data', (chunk: Buffer) => (nuxtOutput += chunk))
  nuxtOrigin = `http://127.0.0.1:${port}`
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`Nuxt server did not start:\n${nuxtOutput}`)), 15_000)
    child.once('exit', (code) => fail(new Error(`Nuxt server exited (${code}):\n${nuxtOutput}`)))
    child.stdout.on('data', () => {
      if (nuxtOutput.includes(`Listening on ${nuxtOrigin}`)) {
        clearTimeout(timer)
        ready()
      }
    })
  })
}

beforeAll(async () => {
  // The packed package, installed next to this repository's dependencies, in a copy of the fixture app.
  project = createPackedProject('vsn-nuxt-', 'all').dir
  cpSync(fixture, project, { recursive: true })
  const build = spawnSync(process.execPath, [resolve('node_modules/nuxt/bin/nuxt.mjs'), 'build'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NUXT_TELEMETRY_DISABLED: '1' },
    timeout: 150_000,
  })
  expect(build.status, `nuxt build failed:\n${build.stdout}\n${build.stderr}`).toBe(0)

  backend = createDemoServer({ seed: 2, pingIntervalMs: 0, clockIntervalMs: 200 })
  // The app is served from another origin: the streams and the list are read through CORS.
  backendServer = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    backend.handle(req, res)
  })
  backendOrigin = await listen(backendServer)
  await startNuxtServer()
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  nuxtServer?.kill()
  backend?.close()
  backendServer?.closeAllConnections()
  await new Promise((done) => (backendServer ? backendServer.close(done) : done(undefined)))
  if (project) rmSync(project, { recursive: true, force: true })
})

describe('the Nuxt module in a built app', () => {
  it('renders on the server with the stream idle and the bell left to the client', async () => {
    const response = await fetch(nuxtOrigin)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('<span data-testid="clock-status">idle</span>')
    // A client-only component renders as an empty placeholder.
    expect(html).not.toContain('vsn-bell')
    // The URL set at run time, which the browser reads from the public runtime config.
    expect(html).toContain(`streamUrl:"${backendOrigin}/api/notifications/stream"`)
    expect(backend.stats()).toMatchObject({ streams: 0, clockStreams: 0 })
    expect(nuxtOutput).not.toMatch(/warn|error/i)
  })

  it('hydrates, connects in the browser and shows what the server publishes', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    try {
      await page.goto(nuxtOrigin)
      await expect.poll(() => page.getByTestId('clock-status').innerText(), { timeout: 15_000 }).toBe('open')
      await expect.poll(() => page.getByTestId('clock-now').innerText()).toMatch(/^\d{4}-\d\d-\d\dT/)

      const bell = page.getByRole('button', { name: 'Notifications, 2 unread' })
      await bell.waitFor({ timeout: 15_000 })
      await expect.poll(() => backend.stats().streams).toBe(1)
      backend.publish({ message: 'Deployed from the test', title: 'Deploy' })
      await page.getByRole('button', { name: 'Notifications, 3 unread' }).waitFor()
      // The title passed through the normaliser a client plugin added with the module's hook.
      await page.getByText('Via hook: Deploy').waitFor()
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  })
})
