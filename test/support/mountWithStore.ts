import { flushPromises, mount, type ComponentMountingOptions, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest'
import type { Component } from 'vue'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications, type NotificationsOptions } from '../../src/stores/options'
import { API, createNotificationsApi } from './notificationsApi'

const mounted: Pick<VueWrapper, 'unmount'>[] = []

/**
 * Mounts `component` into the document with a fresh Pinia whose store talks
 * to the msw API, and (unless `connect` is false) loads the first page.
 */
export async function mountWithStore<C extends Component>(
  component: C,
  mounting: ComponentMountingOptions<C> = {},
  { connect = true, ...options }: Partial<NotificationsOptions> & { connect?: boolean } = {},
) {
  const pinia = createPinia()
  configureNotifications(pinia, { apiUrl: API, warn: () => {}, ...options })
  setActivePinia(pinia)
  const store = useNotificationStore()
  if (connect) {
    await store.refresh()
    await flushPromises()
  }
  const wrapper = mount(component, { attachTo: document.body, ...mounting, global: { plugins: [pinia] } })
  mounted.push(wrapper)
  await flushPromises()
  return { wrapper, store }
}

/** Waits until the store has no request in flight. */
export async function settleStore(): Promise<void> {
  const store = useNotificationStore()
  await vi.waitFor(() => expect(store.loading).toBe(false))
  await flushPromises()
}

/** Unmounts what `mountWithStore` mounted and empties the document. */
export function unmountAll(): void {
  for (const wrapper of mounted.splice(0)) wrapper.unmount()
  document.body.innerHTML = ''
}

/**
 * The msw notifications API for a test file of store-backed parts, listening
 * for the whole file; each test starts with an empty call log and ends with
 * its parts unmounted and the list answer reset.
 */
export function setUpPartTests(): ReturnType<typeof createNotificationsApi> {
  const api = createNotificationsApi()
  beforeAll(() => api.server.listen({ onUnhandledRequest: 'error' }))
  beforeEach(() => {
    api.calls.length = 0
  })
  afterEach(() => {
    unmountAll()
    api.server.resetHandlers()
  })
  afterAll(() => api.server.close())
  return api
}
