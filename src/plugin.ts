import type { App } from 'vue'
import type { Pinia } from 'pinia'
import { NOTIFICATIONS_OPTIONS_KEY, configureNotifications, type NotificationsOptions } from './stores/options'

export interface NotificationsPlugin {
  readonly options: NotificationsOptions
  install(app: App): void
}

/**
 * Vue plugin configuring `useNotificationStore`:
 * `app.use(pinia).use(createNotifications({ streamUrl, apiUrl }))`.
 * It provides the options to the app; when Pinia is already installed it also
 * registers them for that Pinia, so the store can be used outside components.
 */
export function createNotifications(options: NotificationsOptions): NotificationsPlugin {
  return {
    options,
    install(app: App) {
      app.provide(NOTIFICATIONS_OPTIONS_KEY, options)
      const pinia = app.config.globalProperties.$pinia as Pinia | undefined
      if (pinia) configureNotifications(pinia, options)
    },
  }
}
