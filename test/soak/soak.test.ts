import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const soak = fileURLToPath(new URL('../../bench/soak.mjs', import.meta.url))

interface SoakResult {
  published: number
  lost: number
  duplicated: number
  extra: number
  readStateMismatches: number
  orderOk: boolean
  unreadStore: number
  unreadServer: number
  unhandledErrors: number
  restRequestsPerSecond: number
}

describe('fault-injection soak (the store from dist/ against test/support/faultServer.mjs)', () => {
  it('converges after 60 s at 200 events/s with every fault on', async () => {
    // The script exits non-zero when the inbox differs from the server's truth; its JSON says how.
    const run = await promisify(execFile)(process.execPath, ['--expose-gc', soak, '--seconds', '60', '--rate', '200', '--json'], {
      timeout: 180_000,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as SoakResult
    console.log(`[soak] ${JSON.stringify(result)}`)
    expect(result.published).toBeGreaterThan(8000)
    expect(result).toMatchObject({ lost: 0, duplicated: 0, extra: 0, readStateMismatches: 0, orderOk: true, unhandledErrors: 0 })
    expect(result.unreadStore).toBe(result.unreadServer)
    // Request discipline: the background fill stays polite under constant faults.
    expect(result.restRequestsPerSecond).toBeLessThan(5)
  }, 200_000)
})
