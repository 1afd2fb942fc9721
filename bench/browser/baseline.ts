import { createApp } from 'vue'
import BaselineApp from './BaselineApp.vue'
import { installProbe } from './probe'

installProbe({ badge: '[data-bench="badge"]', message: '[data-bench="message"]' })

createApp(BaselineApp).mount('#app')
