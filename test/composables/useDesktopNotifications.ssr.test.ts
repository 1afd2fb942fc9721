// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createPinia } from 'pinia'
import { useDesktopNotifications } from '../../src/composables/useDesktopNotifications'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications } from '../../src/stores/options'

describe('useDesktopNotifications during SSR', () => {
  it('renders without a window, a document or a Notification API, and reports them unsupported', async () => {
    expect(typeof document).toBe('undefined')
    const pinia = createPinia()
    configureNotifications(pinia, { apiUrl: 'http://localhost:3000/api/notifications', warn: () => {} })
    const Page = defineComponent({
      setup() {
        const desktop = useDesktopNotifications(useNotificationStore())
        return () => h('p', `${desktop.isSupported} ${desktop.permission.value}`)
      },
    })
    expect(await renderToString(createSSRApp(Page).use(pinia))).toBe('<p>false unsupported</p>')
  })
})
