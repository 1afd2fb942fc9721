/** Settings of the exponential backoff between reconnection attempts. */
export interface BackoffOptions {
  /** Upper bound of the first delay, in ms. @default 1000 */
  initial?: number
  /** Largest upper bound any delay can reach, in ms. @default 30000 */
  max?: number
  /** Growth of the upper bound per failed attempt. @default 2 */
  factor?: number
  /** Failed attempts in a row after which reconnection stops. @default Infinity */
  maxRetries?: number
  /** Source of randomness in [0, 1); replace it for deterministic tests. @default Math.random */
  random?: () => number
}

export type ResolvedBackoff = Required<BackoffOptions>

export function resolveBackoff(options: BackoffOptions = {}): ResolvedBackoff {
  const resolved: ResolvedBackoff = {
    initial: options.initial ?? 1000,
    max: options.max ?? 30_000,
    factor: options.factor ?? 2,
    maxRetries: options.maxRetries ?? Number.POSITIVE_INFINITY,
    random: options.random ?? Math.random,
  }
  if (!(resolved.initial >= 0) || !(resolved.max >= resolved.initial) || !(resolved.factor >= 1)) {
    throw new RangeError(
      `[vue-sse-notifications] invalid backoff: need 0 <= initial <= max and factor >= 1, got initial=${resolved.initial}, max=${resolved.max}, factor=${resolved.factor}`,
    )
  }
  if (!(resolved.maxRetries >= 0)) {
    throw new RangeError(`[vue-sse-notifications] invalid backoff: maxRetries must be >= 0, got ${resolved.maxRetries}`)
  }
  return resolved
}

/** Upper bound of the delay before attempt number `attempt` (1-based). */
export function backoffCeiling(attempt: number, backoff: ResolvedBackoff): number {
  return Math.min(backoff.max, backoff.initial * backoff.factor ** Math.max(0, attempt - 1))
}

/**
 * "Full jitter": a uniform delay between 0 and the exponential ceiling, so that
 * clients dropped at the same moment spread out instead of returning as a herd.
 */
export function backoffDelay(attempt: number, backoff: ResolvedBackoff): number {
  return Math.floor(backoff.random() * backoffCeiling(attempt, backoff))
}
