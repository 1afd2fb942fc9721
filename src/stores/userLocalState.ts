import { toValue } from 'vue'
import { LocalReadState } from '../inbox/LocalReadState'
import type { StorageLike } from '../utils/electLeader'
import type { NotificationsOptions } from './options'

export interface UserLocalState {
  /** The signed-in user's local state, created on first use (or again when the user changed). */
  get: () => LocalReadState
  /** The one created last, if any; creates nothing. */
  current: () => LocalReadState | undefined
}

function localStorageOrNull(options: NotificationsOptions): StorageLike | null {
  if (options.localState?.storage !== undefined) return options.localState.storage
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    // Access denied (a sandboxed frame, blocked cookies): keep it in memory.
    return null
  }
}

/**
 * The store's local state, one per user: keyed by `localState.key`, else
 * `shared.key`, else `'default'`, so that another user's is never shown.
 * `limit`: most ids (and kept items) remembered.
 */
export function createUserLocalState(options: NotificationsOptions, limit: number): UserLocalState {
  let local: LocalReadState | undefined
  let localKey: string | undefined
  return {
    get() {
      const key = toValue(options.localState?.key) || toValue(options.shared?.key) || 'default'
      if (!local || localKey !== key) {
        local = new LocalReadState(localStorageOrNull(options), `${options.localState?.namespace ?? 'vue-sse-notifications'}:${key}`, limit)
        localKey = key
      }
      return local
    },
    current: () => local,
  }
}
