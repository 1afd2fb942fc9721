import type { NotificationItem } from '../types'
import type { Segment } from './segments'

/*
 * What the engine and its adapter hand each other: tickets for requests in
 * flight, the answers, and the state to save and restore.
 */

export interface InboxEngineOptions {
  /** Most items held; the oldest beyond it are dropped. */
  maxItems: number
  /** Drop held items a fetched page proves deleted. */
  reconcileDeletions: boolean
}

/** A page request in flight, as `beginPage` handed it out. */
export interface PageTicket {
  readonly segment: Segment
  readonly cursor: string | null
  /** Collection clock when the request was sent: changes after it are newer than the answer may be. */
  readonly since: number
  /** Live-change counter when the request was sent. */
  readonly liveAtStart: number
  readonly epoch: number
}

/** A fetched page, its items already normalised. */
export interface FetchedPage {
  items: readonly NotificationItem[]
  nextCursor: string | null
  unreadCount?: number
}

/** A read-state change sent to the server and not answered yet. */
export interface ChangeTicket {
  readonly ids: readonly string[]
  readonly readAt: string | null
  readonly epoch: number
  readonly token: object
}

/** An item taken out by `beginRemove`, its request not answered yet. */
export interface RemoveTicket {
  readonly id: string
  readonly epoch: number
}

/** Everything the engine needs to pick up where it was (SSR hydration, devtools). */
export interface InboxSnapshot {
  /** Newest first. */
  items: NotificationItem[]
  segments: Segment[]
  hiddenUnread: number
  capped: boolean
  loaded: boolean
}
