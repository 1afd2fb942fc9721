import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, effectScope, h, nextTick } from 'vue'
import { useDesktopNotifications, type UseDesktopNotificationsOptions } from '../../src/composables/useDesktopNotifications'
import { useNotificationStore } from '../../src/stores/notifications'
import { FakeEventSource } from '../support/FakeEventSource'
import { mountWithStore, setUpPartTests } from '../support/mountWithStore'
import { STREAM, many, raw, type Raw } from '../support/notificationsApi'
import { getByRole } from '../support/roles'

/** The browser's Notification API as far as the composable uses it, recording what is shown. */
class FakeNotification {
  static permission: NotificationPermission = 'default'
  static requests = 0
  static shown: FakeNotification[] = []
  onclick: ((event: Event) => unknown) | null = null
  closed = false
  constructor(
    readonly title: string,
    readonly options?: NotificationOptions,
  ) {
    FakeNotification.shown.push(this)
  }
  static async requestPermission(): Promise<NotificationPermission> {
    FakeNotification.requests += 1
    FakeNotification.permission = 'granted'
    return 'granted'
  }
  close(): void {
    this.closed = true
  }
}

const api = setUpPartTests()
/** What the server lists: a notification sent on the stream is in it from then on, as on a real server. */
let served: Raw[] = []
function serveList(list: Raw[]): void {
  served = list
  api.serveList(served)
}
let visibility: DocumentVisibilityState = 'visible'

function setVisibility(state: DocumentVisibilityState): void {
  visibility = state
  document.dispatchEvent(new Event('visibilitychange'))
}

beforeEach(() => {
  FakeEventSource.reset()
  FakeNotification.permission = 'default'
  FakeNotification.requests = 0
  FakeNotification.shown = []
  visibility = 'visible'
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })
})
afterEach(() => {
  Reflect.deleteProperty(document, 'visibilityState')
})

/** A page with the store on a fake stream, desktop notifications, and the button that asks for permission. */
async function mountPage(options: UseDesktopNotificationsOptions = {}) {
  serveList(many(2))
  const Page = defineComponent({
    setup() {
      const desktop = useDesktopNotifications(useNotificationStore(), { Notification: FakeNotification, ...options })
      return () =>
        h('button', { type: 'button', onClick: () => desktop.requestPermission() }, `Desktop notifications: ${desktop.permission.value}`)
    },
  })
  const mounted = await mountWithStore(Page, {}, { streamUrl: STREAM, stream: { EventSource: FakeEventSource } })
  mounted.store.connect()
  FakeEventSource.latest.simulateOpen()
  return mounted
}

/** Notifications `ns` arrive on the stream; resolves after the frame that publishes them. */
async function arrive(...ns: number[]): Promise<void> {
  for (const n of ns) {
    const item = raw(n, { createdAt: new Date().toISOString() })
    serveList([item, ...served])
    FakeEventSource.latest.emit('notification', item)
  }
  await new Promise((resolve) => setTimeout(resolve, 60))
}

describe('useDesktopNotifications', () => {
  it('asks for permission only when the page asks, from a click, never by itself', async () => {
    await mountPage()
    setVisibility('hidden')
    await arrive(0)
    expect(FakeNotification.requests).toBe(0)
    expect(FakeNotification.shown).toEqual([])
    const button = getByRole('button', 'Desktop notifications: default')
    button.click()
    await vi.waitFor(() => expect(button.textContent).toBe('Desktop notifications: granted'))
    expect(FakeNotification.requests).toBe(1)
  })

  it('shows what arrives live while the page is hidden, not while it is visible, nor pages loaded over REST', async () => {
    FakeNotification.permission = 'granted'
    const { store } = await mountPage()
    await arrive(0)
    expect(FakeNotification.shown).toEqual([])

    setVisibility('hidden')
    serveList([raw(-5), ...many(2)])
    await store.refresh()
    await arrive(-1)
    expect(FakeNotification.shown.map((shown) => [shown.title, shown.options?.body, shown.options?.tag])).toEqual([
      ['Title -1', 'Message -1', 'n-1'],
    ])
  })

  it('summarises a burst, and respects `enabled`', async () => {
    FakeNotification.permission = 'granted'
    let enabled = true
    await mountPage({ enabled: () => enabled, max: 2 })
    setVisibility('hidden')
    await arrive(-1, -2, -3)
    expect(FakeNotification.shown.map((shown) => shown.title)).toEqual(['3 new notifications'])
    enabled = false
    await arrive(-4)
    expect(FakeNotification.shown).toHaveLength(1)
  })

  it('focuses the page and calls onClick when one is clicked; closes the rest once the page is visible', async () => {
    FakeNotification.permission = 'granted'
    const onClick = vi.fn()
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => {})
    await mountPage({ onClick })
    setVisibility('hidden')
    await arrive(-1)
    await arrive(-2)
    const [first, second] = FakeNotification.shown
    first!.onclick!(new Event('click'))
    expect(focus).toHaveBeenCalled()
    expect(first!.closed).toBe(true)
    expect(onClick).toHaveBeenCalledWith(expect.objectContaining({ id: 'n-1' }))
    expect(second!.closed).toBe(false)
    setVisibility('visible')
    expect(second!.closed).toBe(true)
    focus.mockRestore()
  })

  it('stops listening and closes what it showed when its scope ends', async () => {
    FakeNotification.permission = 'granted'
    serveList(many(1))
    const { store } = await mountWithStore({ render: () => null }, {}, {
      streamUrl: STREAM,
      stream: { EventSource: FakeEventSource },
    })
    const scope = effectScope()
    scope.run(() => useDesktopNotifications(store, { Notification: FakeNotification }))
    store.connect()
    FakeEventSource.latest.simulateOpen()
    setVisibility('hidden')
    await arrive(-1)
    expect(FakeNotification.shown).toHaveLength(1)
    scope.stop()
    expect(FakeNotification.shown[0]!.closed).toBe(true)
    await arrive(-2)
    await nextTick()
    expect(FakeNotification.shown).toHaveLength(1)
  })

  it('does nothing where there is no Notification API, and says so', async () => {
    const original = Reflect.get(globalThis, 'Notification')
    Reflect.deleteProperty(globalThis, 'Notification')
    try {
      const source = { onNew: vi.fn(() => () => {}) }
      const desktop = useDesktopNotifications(source)
      expect(desktop.isSupported).toBe(false)
      expect(desktop.permission.value).toBe('unsupported')
      await expect(desktop.requestPermission()).resolves.toBe('unsupported')
      expect(source.onNew).not.toHaveBeenCalled()
    } finally {
      if (original !== undefined) Reflect.set(globalThis, 'Notification', original)
    }
  })
})
