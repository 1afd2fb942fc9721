// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { useEventStream } from '../../src/composables/useEventStream'

describe('useEventStream during SSR', () => {
  it('stays idle and touches nothing when there is no window and no EventSource given', () => {
    expect(typeof window).toBe('undefined')
    const scope = effectScope()
    const stream = scope.run(() => useEventStream('/api/notifications/stream'))
    expect(stream?.status.value).toBe('idle')
    expect(stream?.error.value).toBeNull()
    stream?.reconnect()
    expect(stream?.status.value).toBe('idle')
    scope.stop()
    expect(stream?.status.value).toBe('closed')
  })
})
