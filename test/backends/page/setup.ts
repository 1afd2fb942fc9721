import type { BackoffOptions } from 'vue-sse-notifications'
import type { BackendName } from '../options'

/** What the test tells the page before it loads (`window.backendUnderTest`). */
export interface PageSetup {
  backend: BackendName
  /** The stream on another origin instead of the page's own. */
  streamUrl?: string
  /** Reconnection settings over the backend's options. */
  backoff?: BackoffOptions
}

declare global {
  interface Window {
    backendUnderTest?: PageSetup
  }
}
