// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createPinia } from 'pinia'
import NotificationBell from '../../src/components/NotificationBell.vue'
import { configureNotifications } from '../../src/stores/options'

describe('NotificationBell during SSR', () => {
  it('renders the bell and an open panel without a window, and without placing or connecting', async () => {
    expect(typeof window).toBe('undefined')
    const pinia = createPinia()
    configureNotifications(pinia, { apiUrl: 'http://localhost:3000/api/notifications', warn: () => {} })
    const app = createSSRApp({ render: () => h(NotificationBell, { defaultOpen: true }) }).use(pinia)
    const html = await renderToString(app)
    expect(html).toContain('aria-haspopup="dialog"')
    expect(html).toContain('role="dialog"')
    expect(html).toContain('role="status"')
    // Nothing placed it: no inline position from the positioning code.
    expect(html).not.toContain('position:fixed')
    expect(html).not.toContain('data-placed')
  })

  it('renders the filter tabs, a part loaded on demand, into the server HTML', async () => {
    const pinia = createPinia()
    configureNotifications(pinia, { apiUrl: 'http://localhost:3000/api/notifications', warn: () => {} })
    const app = createSSRApp({ render: () => h(NotificationBell, { defaultOpen: true, filterTabs: true }) }).use(pinia)
    const html = await renderToString(app)
    expect(html).toContain('role="tablist"')
    expect(html).toMatch(/role="tabpanel"[^>]*aria-labelledby="[^"]+-all"|aria-labelledby="[^"]+-all"[^>]*role="tabpanel"/)
  })
})
