const INTEGER = /^-?\d+$/

/**
 * The contract's id order, the tie-break of the list: two integer strings
 * compare as integers (`"10"` after `"9"`), anything else by UTF-16 code units.
 */
export function compareIds(a: string, b: string): number {
  if (INTEGER.test(a) && INTEGER.test(b)) {
    const difference = BigInt(a) - BigInt(b)
    return difference < 0n ? -1 : difference > 0n ? 1 : 0
  }
  return a < b ? -1 : a > b ? 1 : 0
}
