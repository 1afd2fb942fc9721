import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { NotificationBell, createNotifications } from 'vue-sse-notifications'
import { installProbe } from './probe'

installProbe({ badge: '[data-testid="vsn-badge"]', message: '.vsn-item__message' })

createApp({ render: () => h(NotificationBell, { defaultOpen: true, max: 1_000_000_000 }) })
  .use(createPinia())
  .use(createNotifications({ streamUrl: '/api/notifications/stream', apiUrl: '/api/notifications' }))
  .mount('#app')
