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

export function resolveBackoff({
  initial = 1000,
  max = 30_000,
  factor = 2,
  maxRetries = Number.POSITIVE_INFINITY,
  random = Math.random,
}: BackoffOptions = {}): ResolvedBackoff {
  if (!(initial >= 0 && max >= initial && factor >= 1 && maxRetries >= 0)) {
    throw new RangeError(
      `Invalid backoff: need 0 <= initial (${initial}) <= max (${max}), factor (${factor}) >= 1, maxRetries (${maxRetries}) >= 0`,
    )
  }
  return { initial, max, factor, maxRetries, random }
}

/**
 * "Full jitter": a uniform delay between 0 and the exponential ceiling
 * `min(max, initial * factor^(attempt-1))`, so that clients dropped at the same
 * moment spread out instead of returning as a herd.
 */
export function backoffDelay(attempt: number, { initial, max, factor, random }: ResolvedBackoff): number {
  return Math.floor(random() * Math.min(max, initial * factor ** (attempt - 1)))
}
