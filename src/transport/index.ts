export { FetchEventSource } from './FetchEventSource'
export type { FetchEventSourceInit } from './FetchEventSource'
