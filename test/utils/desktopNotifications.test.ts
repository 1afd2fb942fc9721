import { describe, expect, it } from 'vitest'
import type { NotificationItem } from '../../src/types'
import { defaultDesktopContent, planDesktopNotifications } from '../../src/utils/desktopNotifications'

const item = (n: number, extra: Partial<NotificationItem> = {}): NotificationItem => ({
  id: `n${n}`,
  title: `Title ${n}`,
  message: `Message ${n}`,
  createdAt: '2030-01-01T00:00:00.000Z',
  readAt: null,
  ...extra,
})

describe('planDesktopNotifications', () => {
  it('shows one notification per item, titled and tagged by default', () => {
    expect(planDesktopNotifications([item(1), item(2, { title: undefined })])).toEqual([
      { content: { title: 'Title 1', options: { body: 'Message 1', tag: 'n1' } }, item: item(1) },
      { content: { title: 'Message 2', options: { body: undefined, tag: 'n2' } }, item: item(2, { title: undefined }) },
    ])
  })

  it('summarises more than `max` into one, and skips what `format` turns down', () => {
    const burst = [1, 2, 3, 4].map((n) => item(n))
    expect(planDesktopNotifications(burst)).toEqual([
      { content: { title: '4 new notifications', options: { tag: 'vue-sse-notifications:summary' } }, item: undefined },
    ])
    const onlyEven = planDesktopNotifications(burst, {
      format: (one) => (Number(one.id.slice(1)) % 2 === 0 ? defaultDesktopContent(one) : null),
      summary: (count) => `${count} neue`,
    })
    expect(onlyEven.map((planned) => planned.content.title)).toEqual(['Title 2', 'Title 4'])
    expect(planDesktopNotifications(burst, { max: 1, summary: (count) => `${count} neue` })[0]!.content.title).toBe('4 neue')
  })
})
