import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createNotifications } from 'vue-sse-notifications'
import PositionsApp from './PositionsApp.vue'
import { readBellPosition } from './bellPosition'
import './style.css'

// `?at=left|center|right`: where the bell sits in the header; `&align=start|end`: the bell's `align`.
const notifications = createNotifications({ streamUrl: '/api/notifications/stream', apiUrl: '/api/notifications' })

createApp(PositionsApp, { ...readBellPosition(window.location.search) }).use(createPinia()).use(notifications).mount('#app')
