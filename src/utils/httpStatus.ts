/** 204 and client errors will not heal by retrying; 408, 429 and 5xx may. */
export function isFatalStatus(status: number): boolean {
  return status === 204 || (status >= 400 && status < 500 && status !== 408 && status !== 429)
}
