import type { EventStreamError } from '../composables/EventStreamError'
import type { EventStreamStatus } from '../composables/eventStreamTypes'
import type { NotificationsError, NotificationsErrorKind } from '../stores/NotificationsError'
import type { NotificationBellLabels } from './types'

/**
 * The error kinds the banner shows (failed requests, actions not offered),
 * each with its label. Stream failures and signing out are told by
 * `connectionNotice`; malformed events are re-checked without bothering the user.
 */
const BANNER_LABELS: Partial<Record<NotificationsErrorKind, keyof NotificationBellLabels>> = {
  fetch: 'loadFailed',
  'mark-read': 'markReadFailed',
  'mark-unread': 'markUnreadFailed',
  'mark-all-read': 'markAllReadFailed',
  archive: 'archiveFailed',
  config: 'notOffered',
}

/** The error the banner shows, or `null`. */
export const bannerError = (error: NotificationsError | null): NotificationsError | null =>
  error && BANNER_LABELS[error.kind] ? error : null

/** The banner's text: `labels.error(error)` when it gives one, else the label of the error's kind. */
export const errorMessage = (error: NotificationsError, labels: NotificationBellLabels): string =>
  labels.error?.(error) ?? (labels[BANNER_LABELS[error.kind]!] as string)

/** What a failed stream attempt tells about its cause, as a sentence; '' when it tells nothing. */
function streamFailureCause(failure: EventStreamError | undefined, labels: NotificationBellLabels): string {
  const kind = failure?.kind
  if (kind === 'content-type') return labels.notEventStream
  // With a cause, the browser's probe of the stream URL got no answer at all; without one, a connection dropped.
  return kind === 'connection' && failure!.cause ? labels.unreachable : ''
}

/**
 * The line under the panel header about live updates; '' while they work.
 * `resuming` (a stream that ended after delivering, between two
 * connections) is not an outage.
 */
export function connectionNotice(
  error: NotificationsError | null,
  connection: EventStreamStatus,
  labels: NotificationBellLabels,
): string {
  if (error?.kind === 'signed-out') return labels.signedOut
  if (connection !== 'reconnecting' && connection !== 'closed') return ''
  const cause = error?.kind === 'stream' ? streamFailureCause(error.cause as EventStreamError | undefined, labels) : ''
  return cause ? `${labels.offline} ${cause}` : connection === 'closed' ? labels.offline : labels.reconnecting
}
