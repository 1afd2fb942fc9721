import { createApp, h } from 'vue'

createApp({
  render: () =>
    h('main', [
      h('h1', 'vue-sse-notifications'),
      h('p', 'The demo page is coming. The demo API is live under /api (try /api/notifications).'),
    ]),
}).mount('#app')
