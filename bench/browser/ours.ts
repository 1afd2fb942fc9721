import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { NotificationBell, createNotifications, useNotificationStore } from 'vue-sse-notifications'
import { FetchEventSource } from 'vue-sse-notifications/fetch-transport'
import { installProbe } from './probe'

/**
 * The bell on a page, configured from the query string:
 * `transport=fetch` (FetchEventSource instead of the browser's EventSource),
 * `open=0` (the panel starts closed), `maxItems`, `pageSize`.
 */
const params = new URLSearchParams(location.search)
const number = (name: string): number | undefined => (params.has(name) ? Number(params.get(name)) : undefined)

installProbe({ badge: '[data-testid="vsn-badge"]', message: '.vsn-item__message' })

const pinia = createPinia()
createApp({ render: () => h(NotificationBell, { defaultOpen: params.get('open') !== '0', max: 1_000_000_000 }) })
  .use(pinia)
  .use(
    createNotifications({
      streamUrl: '/api/notifications/stream',
      apiUrl: '/api/notifications',
      maxItems: number('maxItems'),
      pageSize: number('pageSize'),
      stream: params.get('transport') === 'fetch' ? { EventSource: FetchEventSource } : undefined,
    }),
  )
  .mount('#app')

const store = useNotificationStore(pinia)
Object.assign(window, {
  __benchStore: {
    loaded: () => store.loaded && !store.loading,
    held: () => store.items.length,
    refresh: () => store.refresh(),
  },
})
