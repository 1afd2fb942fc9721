import axios, { type AxiosInstance } from 'axios'
import { normalizeNotification, parseNotificationsPage, type NotificationNormalizer, type NotificationsPageParser } from './normalize'
import type { NotificationsHttpMethod, NotificationsOptions } from './options'

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
  markReadMethod: NotificationsHttpMethod
  markAllReadMethod: NotificationsHttpMethod
  notificationEvents: string[]
  readEvent: string
  deletedEvent: string
  readAllEvent: string
  syncEvent: string
  reconcileDeletions: boolean
  refreshOnConnect: boolean
  warn: (message: string, detail?: unknown) => void
}

export function resolveConfig(options: NotificationsOptions): NotificationsConfig {
  const endpoints = options.endpoints ?? {}
  const events = options.events ?? {}
  const apiUrl = options.apiUrl?.replace(/\/+$/, '')
  const markRead = endpoints.markRead
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
    markReadUrl: (id) => {
      if (typeof markRead === 'function') return markRead(id)
      const encodedId = encodeURIComponent(id)
      if (typeof markRead === 'string') return markRead.replace(':id', encodedId)
      return apiUrl === undefined ? undefined : `${apiUrl}/${encodedId}/read`
    },
    markAllReadUrl: endpoints.markAllRead ?? (apiUrl === undefined ? undefined : `${apiUrl}/read-all`),
    markReadMethod: endpoints.markReadMethod ?? 'post',
    markAllReadMethod: endpoints.markAllReadMethod ?? 'post',
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
