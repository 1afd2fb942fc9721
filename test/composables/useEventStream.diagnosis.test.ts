import { describe, expect, it } from 'vitest'
import { watch, type Ref } from 'vue'
import type { EventStreamStatus } from '../../src/composables/useEventStream'
import { FakeEventSource } from '../support/FakeEventSource'
import { diagnosed, mountStream as mount, setUpFakeStreams } from '../support/mountStream'

setUpFakeStreams()

function statusesOf(stream: { status: Readonly<Ref<EventStreamStatus>> }): EventStreamStatus[] {
  const statuses: EventStreamStatus[] = []
  watch(stream.status, (status) => statuses.push(status), { flush: 'sync' })
  return statuses
}

describe('useEventStream: while a failed attempt is diagnosed', () => {
  it('keeps the status it had until the cause is known: a refused first attempt never reads "reconnecting"', async () => {
    const stream = mount('https://example.test/stream')
    const statuses = statusesOf(stream)
    FakeEventSource.latest.failAndClose(401)
    expect(stream.status.value).toBe('connecting')
    await diagnosed()
    expect(stream.error.value).toMatchObject({ kind: 'unauthorized', status: 401 })
    expect(statuses).toEqual(['closed'])
  })

  it('reads "reconnecting" at once when a connection that was open drops before delivering anything', async () => {
    const stream = mount('https://example.test/stream')
    FakeEventSource.latest.simulateOpen()
    const statuses = statusesOf(stream)
    FakeEventSource.latest.failAndRetry()
    expect(stream.status.value).toBe('reconnecting')
    await diagnosed()
    expect(statuses).toEqual(['reconnecting'])
    expect(stream.error.value).toMatchObject({ kind: 'connection' })
  })
})
