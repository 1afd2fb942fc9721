import type { AxiosInstance } from 'axios'
import type { Pinia } from 'pinia'
import type { InjectionKey, MaybeRefOrGetter } from 'vue'
import type { EventMap, UseEventStreamOptions } from '../composables/useEventStream'
import type { SharedStreamOptions } from '../composables/useSharedEventStream'
import type { StorageLike } from '../utils/electLeader'
import type { NotificationNormalizer, NotificationsPageParser } from './normalize'

/** HTTP method of a write endpoint. */
export type NotificationsHttpMethod = 'post' | 'put' | 'patch'

/** Overrides of the REST endpoints; by default all derive from `apiUrl`. */
export interface NotificationsEndpoints {
  /** List endpoint. @default apiUrl */
  list?: string
  /**
   * Mark-one-read endpoint; a string may contain `:id`.
   * @default `${apiUrl}/${id}/read`
   */
  markRead?: string | ((id: string) => string)
  /**
   * Mark-all-read endpoint; `false` for a backend without one (then "mark all
   * read" is offered only when read state is local).
   * @default `${apiUrl}/read-all`
   */
  markAllRead?: string | false
  /**
   * Mark-unread endpoint; a string may contain `:id`.
   * @default `${apiUrl}/${id}/unread`
   */
  markUnread?: string | ((id: string) => string)
  /** @default 'post' */
  markReadMethod?: NotificationsHttpMethod
  /** @default 'post' */
  markAllReadMethod?: NotificationsHttpMethod
  /** @default 'post' */
  markUnreadMethod?: NotificationsHttpMethod
  /**
   * Archive endpoint (the item leaves the inbox); a string may contain `:id`;
   * `false` for a backend without one (then archiving is local, or not
   * offered when read state is on the server).
   * @default `${apiUrl}/${id}`, with method `delete`
   */
  archive?: string | ((id: string) => string) | false
  /** @default 'delete' */
  archiveMethod?: NotificationsHttpMethod | 'delete'
}

/**
 * Where read state lives: `server` (requests to the read endpoints) or `local`
 * (kept in this browser, see `localState`).
 */
export type ReadStateMode = 'server' | 'local'

/** Read state per action; `markAllRead: false` offers no "mark all read". */
export interface ReadStateOptions {
  /** @default 'server' when a mark-read endpoint is configured (or derived from `apiUrl`), else 'local' */
  markRead?: ReadStateMode
  /**
   * @default 'server' when a mark-all-read endpoint is configured (or derived),
   * else 'local' if `markRead` is local, else `false`
   */
  markAllRead?: ReadStateMode | false
  /**
   * @default 'server' when an archive endpoint is configured (or derived),
   * else 'local' if `markRead` is local, else `false`
   */
  archive?: ReadStateMode | false
}

/** Where local read state (and a stream-only inbox's items) are kept. */
export interface LocalStateOptions {
  /**
   * Whose state it is: a user or account id, read at each `connect()`. Each
   * key has its own saved state; `$reset()` (on logout) clears it.
   * @default shared.key, else 'default'
   */
  key?: MaybeRefOrGetter<string | null | undefined>
  /** Storage to save in; `null` keeps it in memory only. @default localStorage (none during SSR) */
  storage?: StorageLike | null
  /** Prefix of the storage key. @default 'vue-sse-notifications' */
  namespace?: string
}

/** Stream event names; set them to match an existing backend. */
export interface NotificationsEventNames {
  /** Created or updated notification (payload: the notification). @default ['notification'] */
  notification?: string | readonly string[]
  /** One notification read (payload: `{ id, readAt }`). @default 'notification.read' */
  read?: string
  /** One notification deleted (payload: `{ id }`). @default 'notification.deleted' */
  deleted?: string
  /** All notifications read (payload: `{ readAt }`). @default 'notifications.read-all' */
  readAll?: string
  /**
   * First event of a connection, telling whether the server replays what the
   * store missed (payload: `{ replayed: boolean }`; see the server contract).
   * @default 'notifications.sync'
   */
  sync?: string
}

/** Options passed through to `useEventStream` (it is always created with `immediate: false`). */
export type NotificationsStreamOptions = Omit<UseEventStreamOptions<EventMap>, 'immediate' | 'events'>

export interface NotificationsOptions {
  /** SSE endpoint. Without it `connect()` only loads over REST. */
  streamUrl?: MaybeRefOrGetter<string | URL | null | undefined>
  /** Base REST URL: `GET {apiUrl}`, `POST {apiUrl}/{id}/read`, `POST {apiUrl}/read-all`. */
  apiUrl?: string
  /** Axios instance for REST calls (auth headers, base URL, CSRF...). @default axios */
  http?: AxiosInstance
  /** Endpoint overrides. */
  endpoints?: NotificationsEndpoints
  /** Names of the list query parameters. @default { limit: 'limit', cursor: 'cursor' } */
  query?: { limit?: string; cursor?: string }
  /** Items requested per page. @default 20 */
  pageSize?: number
  /** Most items kept; the oldest are dropped beyond it. @default 500 */
  maxItems?: number
  /**
   * Pages the background fill fetches at once when part of the list became
   * unverified (after a reconnect without replay, a malformed event or a
   * `refresh()`); it then continues at one page per `fillInterval`.
   * @default 5
   */
  gapFillMaxPages?: number
  /**
   * ms between background pages once `gapFillMaxPages` are spent, so that a
   * long gap is closed without user action at a polite rate (at least 100).
   * @default 2000
   */
  fillInterval?: number
  /**
   * ms to wait, after a reconnect, for the server's `notifications.sync` event
   * before treating the connection as not replayed and re-checking over REST.
   * @default 2000
   */
  resumeTimeout?: number
  /** Stream event names. */
  events?: NotificationsEventNames
  /** Treat unnamed `message` events as `notification`. @default true */
  listenToMessage?: boolean
  /** Replaces `normalizeNotification`. */
  normalize?: NotificationNormalizer
  /** Replaces `parseNotificationsPage`. */
  parsePage?: NotificationsPageParser
  /** Options for `useEventStream`, e.g. `{ EventSource, backoff, withCredentials }`. */
  stream?: NotificationsStreamOptions
  /**
   * One stream per browser instead of one per tab (see `useSharedEventStream`).
   * `key` identifies the signed-in user and is read at each `connect()`; in this
   * mode `disconnect()` also empties the store, so call it on logout. Its code
   * is loaded on demand by `connect()`, so apps without it do not ship it.
   * @default undefined (one stream per tab)
   */
  shared?: Omit<SharedStreamOptions, 'key'> & { key: MaybeRefOrGetter<string | null | undefined> }
  /**
   * Drop held items that a fetched page proves gone: inside the stretch of the
   * list the page covers, absent from it, and unchanged while it was in flight.
   * Needs the list order of the server contract (newest first by `createdAt`,
   * ties by id); turn it off for a server that sorts otherwise.
   * @default true
   */
  reconcileDeletions?: boolean
  /**
   * Read state on the server (the default where read endpoints exist) or in
   * this browser, for all actions or per action.
   */
  readState?: ReadStateMode | ReadStateOptions
  /** Where local read state is kept (see `readState`). */
  localState?: LocalStateOptions
  /**
   * `connect()` also loads the first page when nothing was loaded yet: once
   * the stream has opened (so nothing published in between is missed), or
   * after 1 s or a failed attempt if it does not open (the list is checked again once it does).
   * @default true
   */
  refreshOnConnect?: boolean
  /**
   * Receives dev warnings (dropped items, missing config).
   * @default console.warn outside production, nothing in production
   */
  warn?: (message: string, detail?: unknown) => void
}

export const NOTIFICATIONS_OPTIONS_KEY: InjectionKey<NotificationsOptions> = Symbol('vue-sse-notifications:options')

const byPinia = new WeakMap<Pinia, NotificationsOptions>()

/**
 * Configures the notification store of `pinia` without the plugin (tests, SSR,
 * apps that create the store outside components). Call it before the store is
 * first used; options given through `createNotifications` take precedence
 * inside an app.
 */
export function configureNotifications(pinia: Pinia, options: NotificationsOptions): void {
  byPinia.set(pinia, options)
}

export function optionsForPinia(pinia: Pinia | undefined): NotificationsOptions | undefined {
  return pinia ? byPinia.get(pinia) : undefined
}
