/**
 * Event ids of the stream: `<integer>` (the memory storage) or `<ms>-<seq>`
 * (Redis stream entry ids). Both forms compare as numbers, part by part, so
 * ids handed out by different processes sharing one log stay comparable.
 */
const EVENT_ID = /^(\d{1,20})(?:-(\d{1,20}))?$/

/** Whether `value` has the shape of an event id this package hands out. */
export function isEventId(value: string): boolean {
  return EVENT_ID.test(value)
}

/** Negative when `a` is older than `b`, positive when newer, 0 when equal. Throws on a malformed id. */
export function compareEventIds(a: string, b: string): number {
  const [aMain, aSeq] = parts(a)
  const [bMain, bSeq] = parts(b)
  return compareDecimal(aMain, bMain) || compareDecimal(aSeq, bSeq)
}

function parts(id: string): [string, string] {
  const match = EVENT_ID.exec(id)
  if (!match) throw new TypeError(`not an event id: ${JSON.stringify(id)}`)
  return [match[1] as string, match[2] ?? '0']
}

/** Compares unsigned decimal strings without converting them (they may exceed 2^53). */
function compareDecimal(a: string, b: string): number {
  const left = a.replace(/^0+(?=\d)/, '')
  const right = b.replace(/^0+(?=\d)/, '')
  if (left.length !== right.length) return left.length - right.length
  return left < right ? -1 : left > right ? 1 : 0
}
