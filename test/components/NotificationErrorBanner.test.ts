import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import NotificationErrorBanner from '../../src/components/NotificationErrorBanner.vue'
import { NotificationsError } from '../../src/stores/NotificationsError'
import { axeViolations } from '../support/axe'
import { getByRole, nameOf, queryByRole } from '../support/roles'

const mounted: VueWrapper[] = []

function mountBanner(error: NotificationsError, slots: Record<string, string> = {}) {
  const wrapper = mount(NotificationErrorBanner, { props: { error }, slots, attachTo: document.body })
  mounted.push(wrapper)
  return wrapper
}

afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount()
  document.body.innerHTML = ''
})

describe('NotificationErrorBanner', () => {
  it('alerts with the error text, a retry and a dismiss button, each emitting its event', () => {
    const wrapper = mountBanner(new NotificationsError('mark-read', 'HTTP 500', { id: 'n1' }))
    const alert = getByRole('alert')
    expect(alert.textContent).toContain('The notification could not be marked as read.')
    getByRole('button', 'Try again', alert).click()
    getByRole('button', 'Dismiss', alert).click()
    expect(wrapper.emitted('retry')).toEqual([[]])
    expect(wrapper.emitted('dismiss')).toEqual([[]])
    expect(getByRole('button', 'Dismiss', alert).querySelector('svg')?.getAttribute('aria-hidden')).toBe('true')
  })

  it('offers no retry for a configuration error, which a retry cannot fix', () => {
    mountBanner(new NotificationsError('config', 'No "apiUrl" configured'))
    expect(queryByRole('button', 'Try again')).toBeNull()
    expect(getByRole('button', 'Dismiss')).toBeTruthy()
  })

  it('takes its message from the default slot', () => {
    mountBanner(new NotificationsError('fetch', 'HTTP 503', { status: 503 }), {
      default: '<template #default="{ error }">Down ({{ error.status }})</template>',
    })
    expect(nameOf(getByRole('alert'))).toMatch(/^Down \(503\)/)
  })

  it('has no axe violations', async () => {
    const wrapper = mountBanner(new NotificationsError('fetch', 'HTTP 500'))
    expect(await axeViolations(wrapper.element)).toEqual([])
  })
})
