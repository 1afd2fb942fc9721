import { defineNuxtPlugin, useRuntimeConfig } from '#app'
import { createPinia } from 'pinia'
import { createNotifications, type NotificationsOptions } from 'vue-sse-notifications'

/**
 * Configures the notification store in the browser. It runs after the app's
 * own plugins (`enforce: 'post'`), so they can register the
 * `sse-notifications:options` hook, and after `@pinia/nuxt`, whose Pinia it uses.
 */
export default defineNuxtPlugin({
  name: 'vue-sse-notifications',
  enforce: 'post',
  async setup(nuxtApp) {
    const app = nuxtApp.vueApp
    if (!app.config.globalProperties.$pinia) app.use(createPinia())
    // A deep copy: hooks may add to it, and the runtime config must stay as it is.
    const configured: unknown = useRuntimeConfig().public.sseNotifications
    const options = JSON.parse(JSON.stringify(configured ?? {})) as NotificationsOptions
    await nuxtApp.callHook('sse-notifications:options', options)
    app.use(createNotifications(options))
  },
})
