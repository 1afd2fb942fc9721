/**
 * `vue-sse-notifications/server`: the server contract for Node backends, as a
 * `node:http` handler usable from Express, Fastify (raw) and plain `node:http`.
 */
export { createNotificationServer } from './createNotificationServer.js'
export type {
  AuthenticateResult,
  NotificationPage,
  NotificationServer,
  NotificationServerOptions,
  NotificationServerStats,
} from './createNotificationServer.js'
export type { PublishOptions } from './publishInput.js'
export type { CorsOptions } from './cors.js'
export { openEventStream, formatEvent } from './eventStream.js'
export type { EventStream, EventStreamCloseReason, EventStreamOptions, RetryRange, SseEvent } from './eventStream.js'
export { createMemoryStorage } from './memoryStorage.js'
export type { MemoryStorage, MemoryStorageOptions, MemoryStorageStats } from './memoryStorage.js'
export { createRedisStorage } from './redisStorage.js'
export type { RedisStorageOptions } from './redisStorage.js'
export type { NewNotification, NotificationPageQuery, NotificationPageResult, NotificationStorage, StorageListener } from './storage.js'
export type { NotificationRecord, ServerNotification, StoredEvent } from './records.js'
export { STREAM_EVENTS, notificationEventData } from './records.js'
export { compareEventIds, isEventId } from './eventIds.js'
export { NotificationServerError } from './NotificationServerError.js'
