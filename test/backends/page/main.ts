import { createPinia } from 'pinia'
import { createApp, h } from 'vue'
import { createNotifications, NotificationBell, type NotificationsOptions } from 'vue-sse-notifications'
import { backendOptions } from '../options'

/** An app header with the bell, configured with nothing but the backend's options. */
const setup = window.backendUnderTest
if (!setup) throw new Error('window.backendUnderTest is not set: the test sets it before the page loads')
const options: NotificationsOptions = backendOptions[setup.backend]
const app = createApp({ render: () => h('header', [h('h1', 'Tutorial backend'), h(NotificationBell)]) })
app.use(createPinia())
app.use(
  createNotifications({
    ...options,
    ...(setup.streamUrl && { streamUrl: setup.streamUrl }),
    ...(setup.backoff && { stream: { ...options.stream, backoff: setup.backoff } }),
  }),
)
app.mount('#app')
