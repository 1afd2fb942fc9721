export { useEventStream } from './composables/useEventStream'
export type {
  EventHandler,
  EventMap,
  EventName,
  EventPayload,
  EventSourceConstructor,
  EventSourceLike,
  EventStreamStatus,
  UseEventStreamOptions,
  UseEventStreamReturn,
} from './composables/useEventStream'
export { EventStreamError } from './composables/EventStreamError'
export type { EventStreamErrorDetails, EventStreamErrorKind } from './composables/EventStreamError'
export type { BackoffOptions } from './utils/backoff'
export type { NotificationItem } from './types'
