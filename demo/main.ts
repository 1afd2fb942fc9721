import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createNotifications } from 'vue-sse-notifications'
import App from './App.vue'
import { ProbedEventSource } from './connectionProbe'
import { readDemoSettings, settingsKey } from './settings'
import './style.css'

const settings = readDemoSettings(window.location.search)

// `?shared=<userKey>`: one notification stream per browser, shared by this user's tabs.
const sharing = settings.sharedKey ? { shared: { key: settings.sharedKey } } : {}

const notifications = createNotifications({
  streamUrl: '/api/notifications/stream',
  apiUrl: '/api/notifications',
  stream: { backoff: { initial: 500, max: 5000 }, EventSource: ProbedEventSource },
  ...sharing,
})

createApp(App).provide(settingsKey, settings).use(createPinia()).use(notifications).mount('#app')
