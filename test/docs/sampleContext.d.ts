/**
 * What the documentation's samples take from the reader's application, and
 * the types a Nuxt app generates: the samples are checked without either.
 */
import type { IncomingMessage } from 'node:http'
import type { ModuleOptions } from '../../src/nuxt/module'
import type { NotificationItem } from '../../src/types'

declare module '@nuxt/schema' {
  interface NuxtConfig {
    /** Nuxt generates this entry in `.nuxt/` from the module's `configKey`. */
    sseNotifications?: ModuleOptions
  }
}

/** A server's storage of notifications, per user. */
interface NotificationsTable {
  page(userId: string, options: { limit: number; cursor?: string }): Promise<{ rows: NotificationItem[]; nextCursor: string | null }>
  countUnread(userId: string): Promise<number>
  markRead(userId: string, id: string): Promise<NotificationItem | undefined>
  markAllRead(userId: string, readAt: string): Promise<void>
}

declare global {
  /** The signed-in user, as the app keeps it. */
  const currentUser: { readonly value: { id: string } | null }
  /** A server's data access. */
  const db: { notifications: NotificationsTable }
  /** A server's authentication: the user a request comes from. */
  function currentUserId(request: IncomingMessage): string
}
