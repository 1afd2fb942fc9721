/**
 * `vue-sse-notifications/server`: the server contract for Node backends, as a
 * `node:http` handler usable from Express, Fastify (raw) and plain `node:http`.
 */
export { createNotificationServer } from './createNotificationServer'
export type {
  AuthenticateResult,
  NotificationPage,
  NotificationServer,
  NotificationServerOptions,
  NotificationServerStats,
} from './createNotificationServer'
export type { PublishOptions } from './publishInput'
export type { CorsOptions } from './cors'
export { openEventStream, formatEvent } from './eventStream'
export type { EventStream, EventStreamCloseReason, EventStreamOptions, RetryRange, SseEvent } from './eventStream'
export { createMemoryStorage } from './memoryStorage'
export type { MemoryStorage, MemoryStorageOptions, MemoryStorageStats } from './memoryStorage'
export { createRedisStorage } from './redisStorage'
export type { RedisStorageOptions } from './redisStorage'
export type { NewNotification, NotificationPageQuery, NotificationPageResult, NotificationStorage, StorageListener } from './storage'
export type { NotificationRecord, ServerNotification, StoredEvent } from './records'
export { STREAM_EVENTS, notificationEventData } from './records'
export { compareEventIds, isEventId } from './eventIds'
export { NotificationServerError } from './NotificationServerError'
