import { ref, watch, type Ref } from 'vue'
import type { EventStreamStatus } from 'vue-sse-notifications'
import { probe } from './connectionProbe'

/**
 * - `own`: not shared; this tab has its own connection.
 * - `leader`: shared; this tab holds the browser's connection and relays it.
 * - `follower`: shared; this tab reads the leader's relay.
 * - `unknown`: shared, not connected yet.
 */
export type StreamRole = 'own' | 'leader' | 'follower' | 'unknown'

/**
 * The store does not say whether this tab leads. It is read from the tab's own
 * EventSource instead: when the store's stream opens, an open real connection
 * in this tab means leader, none means the stream opened on the relay.
 */
export function useStreamRole(shared: boolean, connection: () => EventStreamStatus): Ref<StreamRole> {
  const role = ref<StreamRole>(shared ? 'unknown' : 'own')
  if (shared) {
    watch(
      [connection, () => probe.open],
      ([status, ownOpen]) => {
        if (status === 'open') role.value = ownOpen ? 'leader' : 'follower'
        else if (status === 'idle' || status === 'closed') role.value = 'unknown'
      },
      { immediate: true },
    )
  }
  return role
}
