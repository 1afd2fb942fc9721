/** A primary-button click without modifier keys: the browser would follow a link in the same tab. */
export function isPlainLeftClick(event: MouseEvent): boolean {
  return event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
}

/**
 * For store actions started from the UI: their failure is already in the
 * store's `error`, which the panel shows, so the rejected promise is dropped.
 */
export const ignoreRejection = (): void => {}
