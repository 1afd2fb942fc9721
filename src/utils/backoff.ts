/** Settings of the delays between connections. */
export interface BackoffOptions {
  /**
   * Reconnection time (ms) after a connection that delivered events ended, when
   * the server sent no `retry:` field or the EventSource hides it (native
   * `EventSource` does). The next connection opens after a random delay in
   * `[0, 2 × retry)`: on average what a browser waits, but spread out so that
   * clients dropped together do not come back together.
   * @default 4000
   */
  retry?: number
  /** Base delay (ms) after the first failed attempt; see `createBackoff`. @default 2000 */
  initial?: number
  /** Longest delay, in ms: no wait is longer (except one asked for with `Retry-After`). @default 30000 */
  max?: number
  /** Growth of the base delay per failed attempt. @default 2 */
  factor?: number
  /** Failed attempts in a row (attempts that delivered nothing) after which reconnection stops. @default Infinity */
  maxRetries?: number
  /** Source of randomness in [0, 1); replace it for deterministic tests. @default Math.random */
  random?: () => number
}

export interface Backoff {
  maxRetries: number
  /** Delay (ms) before the next connection after `attempt` failed attempts in a row. */
  delay: (attempt: number, serverRetry?: number) => number
}

/**
 * The delays, never above `max`:
 * - after a connection that delivered events (`attempt` 0): uniform in
 *   `[0, 2 × retry)`, `retry` being the server's `retry:` when known;
 * - after n failed attempts in a row: uniform between half and one and a half
 *   times the base `min(max, initial × factor^(n−1))`. The lower half keeps the
 *   clients of a long outage spread out; the upper bound brings them back soon
 *   after a short one.
 */
export function createBackoff({
  retry = 4000,
  initial = 2000,
  max = 30_000,
  factor = 2,
  maxRetries = Infinity,
  random = Math.random,
}: BackoffOptions = {}): Backoff {
  if (!(retry >= 0 && initial >= 0 && max >= initial && factor >= 1 && maxRetries >= 0)) {
    throw new RangeError('Invalid backoff: needs 0 <= initial <= max, factor >= 1, retry >= 0 and maxRetries >= 0')
  }
  return {
    maxRetries,
    delay: (attempt, serverRetry = retry) => {
      const spread = random()
      return Math.min(max, attempt ? Math.min(max, initial * factor ** (attempt - 1)) * (0.5 + spread) : 2 * serverRetry * spread)
    },
  }
}
