import axios, { type AxiosInstance } from 'axios'
import { normalizeNotification, parseNotificationsPage, type NotificationNormalizer, type NotificationsPageParser } from './normalize'
import type { NotificationsHttpMethod, NotificationsOptions, ReadStateMode } from './options'

const PREFIX = '[vue-sse-notifications]'

/** Read as the literal `process.env.NODE_ENV`, which bundlers replace; the build does not assume Node types. */
declare const process: { env: { NODE_ENV?: string } }

function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production'
  } catch {
    // No bundler replacement and no `process` (plain ES modules in a browser).
    return true
  }
}

/** The store's options with every default applied and every URL derived. */
export interface NotificationsConfig {
  http: AxiosInstance
  pageSize: number
  maxItems: number
  burst: number
  fillInterval: number
  resumeTimeout: number
  normalize: NotificationNormalizer
  parsePage: NotificationsPageParser
  limitParam: string
  cursorParam: string
  listUrl: string | undefined
  markReadUrl: (id: string) => string | undefined
  markAllReadUrl: string | undefined
  markUnreadUrl: (id: string) => string | undefined
  markReadMethod: NotificationsHttpMethod
  markAllReadMethod: NotificationsHttpMethod
  markUnreadMethod: NotificationsHttpMethod
  archiveUrl: (id: string) => string | undefined
  archiveMethod: NotificationsHttpMethod | 'delete'
  /** Where each action goes; `false`: not offered. Unread goes where read goes. */
  readState: { markRead: ReadStateMode; markAllRead: ReadStateMode | false; archive: ReadStateMode | false }
  notificationEvents: string[]
  readEvent: string
  deletedEvent: string
  readAllEvent: string
  syncEvent: string
  reconcileDeletions: boolean
  refreshOnConnect: boolean
  warn: (message: string, detail?: unknown) => void
}

/** An endpoint given as a string (with `:id`) or a function, else `{apiUrl}/{id}/{action}` (`{apiUrl}/{id}` without one). */
function itemUrl(
  custom: string | ((id: string) => string) | undefined,
  apiUrl: string | undefined,
  action: string,
): (id: string) => string | undefined {
  return (id) => {
    if (typeof custom === 'function') return custom(id)
    const encodedId = encodeURIComponent(id)
    if (typeof custom === 'string') return custom.replace(':id', encodedId)
    return apiUrl === undefined ? undefined : `${apiUrl}/${encodedId}${action && `/${action}`}`
  }
}

export function resolveConfig(options: NotificationsOptions): NotificationsConfig {
  const endpoints = options.endpoints ?? {}
  const events = options.events ?? {}
  const apiUrl = options.apiUrl?.replace(/\/+$/, '')
  const markAllReadUrl =
    endpoints.markAllRead === false ? undefined : (endpoints.markAllRead ?? (apiUrl === undefined ? undefined : `${apiUrl}/read-all`))
  const asked = typeof options.readState === 'string' ? { markRead: options.readState, markAllRead: options.readState } : (options.readState ?? {})
  const markRead: ReadStateMode = asked.markRead ?? (endpoints.markRead !== undefined || apiUrl !== undefined ? 'server' : 'local')
  const fallback = (hasEndpoint: boolean): ReadStateMode | false => (hasEndpoint ? 'server' : markRead === 'local' ? 'local' : false)
  const markAllRead = asked.markAllRead ?? fallback(markAllReadUrl !== undefined)
  const archiveUrl = endpoints.archive === false ? () => undefined : itemUrl(endpoints.archive, apiUrl, '')
  const archive = asked.archive ?? fallback(endpoints.archive !== false && (endpoints.archive !== undefined || apiUrl !== undefined))
  return {
    http: options.http ?? axios,
    pageSize: options.pageSize ?? 20,
    maxItems: Math.max(1, options.maxItems ?? 500),
    burst: Math.max(1, options.gapFillMaxPages ?? 5),
    fillInterval: Math.max(100, options.fillInterval ?? 2000),
    resumeTimeout: options.resumeTimeout ?? 2000,
    normalize: options.normalize ?? normalizeNotification,
    parsePage: options.parsePage ?? parseNotificationsPage,
    limitParam: options.query?.limit ?? 'limit',
    cursorParam: options.query?.cursor ?? 'cursor',
    listUrl: endpoints.list ?? apiUrl,
    markReadUrl: itemUrl(endpoints.markRead, apiUrl, 'read'),
    markAllReadUrl,
    markUnreadUrl: itemUrl(endpoints.markUnread, apiUrl, 'unread'),
    markReadMethod: endpoints.markReadMethod ?? 'post',
    markAllReadMethod: endpoints.markAllReadMethod ?? 'post',
    markUnreadMethod: endpoints.markUnreadMethod ?? 'post',
    archiveUrl,
    archiveMethod: endpoints.archiveMethod ?? 'delete',
    readState: { markRead, markAllRead, archive },
    notificationEvents: [
      ...new Set([
        ...[events.notification ?? 'notification'].flat(),
        ...((options.listenToMessage ?? true) ? ['message'] : []),
      ]),
    ],
    readEvent: events.read ?? 'notification.read',
    deletedEvent: events.deleted ?? 'notification.deleted',
    readAllEvent: events.readAll ?? 'notifications.read-all',
    syncEvent: events.sync ?? 'notifications.sync',
    reconcileDeletions: options.reconcileDeletions ?? true,
    refreshOnConnect: options.refreshOnConnect ?? true,
    warn:
      options.warn ??
      (isDevelopment()
        ? (message, detail) => console.warn(`${PREFIX} ${message}`, ...(detail === undefined ? [] : [detail]))
        : () => {}),
  }
}
