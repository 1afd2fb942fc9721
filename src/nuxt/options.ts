import type { BackoffOptions } from '../utils/backoff'
import type { NotificationsEndpoints, NotificationsOptions, NotificationsStreamOptions } from '../stores/options'

/**
 * The part of `NotificationsOptions` that can be written in `nuxt.config`:
 * plain data, because it travels to the browser in the public runtime config.
 * Functions, classes and instances (`http`, `normalize`, `shared.key`, an
 * `EventSource` class) are added at run time through the
 * `sse-notifications:options` hook.
 */
export interface NuxtNotificationsOptions
  extends Pick<
    NotificationsOptions,
    | 'apiUrl'
    | 'query'
    | 'pageSize'
    | 'maxItems'
    | 'gapFillMaxPages'
    | 'events'
    | 'listenToMessage'
    | 'reconcileDeletions'
    | 'refreshOnConnect'
  > {
  /** SSE endpoint. Without it `connect()` only loads over REST. */
  streamUrl?: string
  /** Endpoint overrides, as strings (`markRead` may contain `:id`). */
  endpoints?: Omit<NotificationsEndpoints, 'markRead'> & { markRead?: string }
  /** Options for the stream that are plain data. */
  stream?: Pick<
    NotificationsStreamOptions,
    | 'withCredentials'
    | 'stableAfter'
    | 'lastEventIdParam'
    | 'reconnectOnOnline'
    | 'reconnectOnVisible'
    | 'pauseWhenHidden'
    | 'stallTimeout'
    | 'heartbeatEvents'
  > & { backoff?: Omit<BackoffOptions, 'random'> }
}
