import type { AxiosInstance } from 'axios'
import type { NotificationItem } from '../types'
import { normalizeNotification, type NormalizeContext } from './normalize'
import type { NotificationsHttpMethod, NotificationsOptions } from './options'

export interface StreamOnlyPresetOptions {
  /** Event names that carry a notification; unnamed `message` events always do. @default 'notification' */
  events?: string | readonly string[]
  /** The text to show for a payload (JSON-parsed, or the plain text). @default its `message`, else its plain fields */
  message?: (payload: unknown) => string
}

/**
 * A backend whose stream only pushes messages: no list endpoint, no read
 * endpoints, often no ids (`data: Message #3`, `data: {"message": "…"}`,
 * `event: message` + `{"time": "…"}`). The store makes no REST request, keeps
 * the read state and the received items in this browser, and gives each
 * event without an id one of its own.
 *
 * ```ts
 * app.use(createNotifications(streamOnly('/events')))
 * ```
 */
export function streamOnly(streamUrl: string, options: StreamOnlyPresetOptions = {}): NotificationsOptions {
  const { message } = options
  return {
    streamUrl,
    events: { notification: options.events ?? 'notification' },
    ...(message && {
      normalize: (raw: unknown, context: NormalizeContext): NotificationItem => ({
        ...normalizeNotification(raw, context),
        message: message(raw),
      }),
    }),
  }
}

export interface LaravelPresetOptions {
  /** Base URL of the routes: `GET {apiUrl}` (a cursor paginator), `{apiUrl}/{id}/read`. */
  apiUrl: string
  /** The stream, if the app has one. */
  streamUrl?: string
  /** Method of the mark-read route. @default 'post' */
  markReadMethod?: NotificationsHttpMethod
  /** Whether `{apiUrl}/read-all` exists; without it "mark all read" is not offered. @default true */
  readAll?: boolean
  /** An axios instance with Sanctum's set-up (`withCredentials`, `withXSRFToken`). @default axios */
  http?: AxiosInstance
}

/**
 * Laravel's database notifications: `DatabaseNotification` items
 * (`{ id, type, data: { message, title, url }, read_at, created_at }`), the
 * cursor paginator (`{ data, next_cursor }`), `POST` or `PATCH
 * {apiUrl}/{id}/read`, read-all optional, no archive route.
 *
 * ```ts
 * app.use(createNotifications(laravelNotifications({ apiUrl: '/api/notifications', readAll: false })))
 * ```
 */
export function laravelNotifications(options: LaravelPresetOptions): NotificationsOptions {
  const apiUrl = options.apiUrl.replace(/\/+$/, '')
  return {
    apiUrl,
    streamUrl: options.streamUrl,
    http: options.http,
    endpoints: {
      markReadMethod: options.markReadMethod ?? 'post',
      markAllRead: (options.readAll ?? true) ? `${apiUrl}/read-all` : false,
      archive: false,
    },
    stream: { withCredentials: true },
  }
}

export interface ListAndStreamPresetOptions {
  /** `GET` answering the latest notifications, a plain array or a paginator. */
  listUrl: string
  streamUrl: string
  /** Event name of a new notification. @default 'notification' */
  event?: string
}

/**
 * A backend with a list and a stream of new notifications but no read
 * endpoints, such as a Laravel + MongoDB bell (`event: new-notification`, a
 * plain array of `{ _id, message, read_at, created_at }`): read state and
 * archiving are kept in this browser, per user. The list holds only the
 * latest items, so items it leaves out are not taken for deleted.
 *
 * ```ts
 * app.use(createNotifications(listAndStream({ listUrl: '/notifications', streamUrl: '/notifications/stream', event: 'new-notification' })))
 * ```
 */
export function listAndStream(options: ListAndStreamPresetOptions): NotificationsOptions {
  return {
    endpoints: { list: options.listUrl },
    streamUrl: options.streamUrl,
    events: { notification: options.event ?? 'notification' },
    readState: 'local',
    reconcileDeletions: false,
  }
}
