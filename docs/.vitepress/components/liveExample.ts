import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { createNotifications } from 'vue-sse-notifications'
import LiveInbox from './LiveInbox.vue'
import { startMockBackend } from './mockBackend'

/**
 * Mounts the example as an app of its own, with its own Pinia, once the mock
 * backend answers: the store connects as soon as the bell is mounted.
 */
export async function mountLiveExample(host: Element, siteBase: string, isDark: () => boolean): Promise<() => void> {
  const backend = await startMockBackend(siteBase)
  const app = createApp(LiveInbox, { backend, isDark })
    .use(createPinia())
    .use(createNotifications({ streamUrl: `${backend.apiUrl}/stream`, apiUrl: backend.apiUrl }))
  app.mount(host)
  return () => {
    app.unmount()
    backend.stop()
  }
}
