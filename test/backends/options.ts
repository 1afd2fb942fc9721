import { listAndStream, streamOnly, type NotificationsOptions } from 'vue-sse-notifications'

/**
 * The store options for each tutorial backend, the only configuration its
 * page gets. docs/guide/presets.md shows each of these lines as it is here
 * (a test compares them).
 */
export const backendOptions = {
  // 000: Laravel `response()->stream()`: `event: message` + `{"time":"12:00:05"}`.
  laravelClock: streamOnly('/stream', { message: (data) => `Server time ${(data as { time: string }).time}` }),
  // 001: Laravel `/sse`: `data: {"message":"New update at …"}`, no id, no event name.
  laravelUpdates: streamOnly('/sse'),
  // 002: Laravel + MongoDB: a plain array at `/notifications`, `event: new-notification`, no read endpoints.
  laravelMongoBell: listAndStream({ listUrl: '/notifications', streamUrl: '/notifications/stream', event: 'new-notification' }),
  // 003: Express, plain text: `data: Server time is 12:00:05 PM`.
  expressClock: streamOnly('/events'),
  // 004: Express, plain text: `data: Message #3`.
  expressCounter: streamOnly('/events'),
} satisfies Record<string, NotificationsOptions>

export type BackendName = keyof typeof backendOptions
