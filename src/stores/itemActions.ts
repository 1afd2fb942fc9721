import { isAxiosError } from 'axios'
import type { InboxEngine } from '../inbox/InboxEngine'
import type { LocalReadState } from '../inbox/LocalReadState'
import type { NotificationsConfig } from './config'
import { NotificationsError, type NotificationsAction, type NotificationsErrorKind } from './NotificationsError'

/** Changes one tab tells the others of the same user in shared mode. */
export type TabMessage =
  | { kind: 'read'; id: string; readAt: string | null }
  | { kind: 'read-all'; readAt: string; upTo?: number }
  | { kind: 'archive'; id: string }

/** The actions on items, each also the kind of error it fails with. */
export type ItemAction = Extract<NotificationsAction, NotificationsErrorKind>

export interface ItemActionsContext {
  engine: InboxEngine
  config: NotificationsConfig
  /** The signed-in user's local state (created on first use). */
  local: () => LocalReadState
  publish: () => void
  fail: (error: NotificationsError) => void
  /** This action succeeded: its earlier error is over. */
  succeed: (action: ItemAction) => void
  broadcast: (message: TabMessage) => void
}

export interface ItemActions {
  markRead: (id: string) => Promise<void>
  markUnread: (id: string) => Promise<void>
  markAllRead: () => Promise<void>
  archive: (id: string) => Promise<void>
}

const nowIso = (): string => new Date().toISOString()

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

export function requestError(
  kind: NotificationsErrorKind,
  action: NotificationsAction,
  message: string,
  cause: unknown,
  id?: string,
): NotificationsError {
  if (cause instanceof NotificationsError) return cause
  const status = isAxiosError(cause) ? cause.response?.status : undefined
  // Whatever was asked, a 401 means the session is gone.
  return new NotificationsError(status === 401 ? 'signed-out' : kind, `${message}: ${describe(cause)}`, { status, id, cause, action })
}

function notOffered(action: NotificationsAction, what: string, id?: string): NotificationsError {
  return new NotificationsError('config', `${what} is not available: no endpoint is configured for it`, { id, action })
}

/**
 * Read, unread, read-all and archive, each on the server (optimistic, rolled
 * back on failure) or in this browser (`readState: 'local'`), as configured.
 */
export function createItemActions(context: ItemActionsContext): ItemActions {
  const { engine, config, publish, fail, succeed, broadcast } = context
  const { http } = config

  /** Sends one request for an optimistic change; `undo` runs when it fails. */
  async function send(
    action: ItemAction,
    failure: string,
    request: { method: string; url: string },
    epoch: number,
    done: () => void,
    undo: () => void,
    id?: string,
  ): Promise<void> {
    publish()
    try {
      await http.request(request)
      if (epoch !== engine.epoch) return
      done()
      succeed(action)
    } catch (cause) {
      if (epoch !== engine.epoch) return
      undo()
      fail(requestError(action, action, failure, cause, id))
    } finally {
      publish()
    }
  }

  async function setRead(id: string, readAt: string | null): Promise<void> {
    const [kind, what] = readAt === null ? (['mark-unread', 'Marking as unread'] as const) : (['mark-read', 'Marking as read'] as const)
    if (config.readState.markRead === 'local') {
      if (readAt === null) context.local().markUnread(id)
      else context.local().markRead(id, readAt)
      engine.receiveRead(id, readAt)
      broadcast({ kind: 'read', id, readAt })
      publish()
      return
    }
    const url = readAt === null ? config.markUnreadUrl(id) : config.markReadUrl(id)
    if (url === undefined) return fail(notOffered(kind, what, id))
    const ticket = engine.beginChange(id, readAt)
    if (!ticket) return
    await send(
      kind,
      `Could not mark notification "${id}" as ${readAt === null ? 'unread' : 'read'}`,
      { method: readAt === null ? config.markUnreadMethod : config.markReadMethod, url },
      ticket.epoch,
      () => {
        engine.changeSucceeded(ticket)
        broadcast({ kind: 'read', id, readAt })
      },
      () => engine.changeFailed(ticket),
      id,
    )
  }

  async function markAllRead(): Promise<void> {
    const mode = config.readState.markAllRead
    const readAt = nowIso()
    if (mode === 'local') {
      // Up to the newest item held, by the clock its `createdAt` comes from (the server's, or this browser's).
      const upTo = engine.items.newest()?.created ?? Date.now()
      context.local().markAllRead(upTo, readAt)
      engine.receiveReadAll(readAt, upTo)
      broadcast({ kind: 'read-all', readAt, upTo })
      publish()
      return
    }
    const url = config.markAllReadUrl
    if (mode === false || url === undefined) return fail(notOffered('mark-all-read', 'Marking all as read'))
    const ticket = engine.beginReadAll(readAt)
    await send(
      'mark-all-read',
      'Could not mark all notifications as read',
      { method: config.markAllReadMethod, url },
      ticket.epoch,
      () => {
        engine.changeSucceeded(ticket)
        broadcast({ kind: 'read-all', readAt })
      },
      () => engine.changeFailed(ticket),
    )
  }

  async function archive(id: string): Promise<void> {
    const mode = config.readState.archive
    if (mode === 'local') {
      context.local().archive(id)
      engine.receiveDeleted(id)
      broadcast({ kind: 'archive', id })
      publish()
      return
    }
    const url = config.archiveUrl(id)
    if (mode === false || url === undefined) return fail(notOffered('archive', 'Archiving', id))
    const ticket = engine.beginRemove(id)
    if (!ticket) return
    await send(
      'archive',
      `Could not archive notification "${id}"`,
      { method: config.archiveMethod, url },
      ticket.epoch,
      () => engine.removeSucceeded(ticket),
      () => engine.removeFailed(ticket),
      id,
    )
  }

  return {
    markRead: (id) => setRead(id, nowIso()),
    markUnread: (id) => setRead(id, null),
    markAllRead,
    archive,
  }
}
