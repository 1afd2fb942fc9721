import { addComponent, addImports, addPlugin, createResolver, defineNuxtModule } from '@nuxt/kit'
import type { NotificationsOptions } from '../stores/options'
import type { NuxtNotificationsOptions } from './options'
import { AUTO_IMPORTED_COMPOSABLES, CLIENT_COMPONENTS, PACKAGE_NAME } from './registrations'

export type { NuxtNotificationsOptions } from './options'

/** Options of the module, under the `sseNotifications` key of `nuxt.config`. */
export interface ModuleOptions extends NuxtNotificationsOptions {
  /** Add `vue-sse-notifications/style.css` to the app's global CSS. @default true */
  css?: boolean
}

declare module '#app' {
  interface RuntimeNuxtHooks {
    /**
     * Called in the browser before the store is configured, with a copy of the
     * options from `nuxt.config` and the runtime config. Add what cannot be
     * written there: `http`, `normalize`, `parsePage`, `shared`, `stream.EventSource`...
     */
    'sse-notifications:options': (options: NotificationsOptions) => void | Promise<void>
  }
}

/**
 * Nuxt module: configures the notification store in the browser from
 * `sseNotifications` in `nuxt.config`, auto-imports the composables and
 * registers the components as client-only.
 */
export default defineNuxtModule<ModuleOptions>({
  meta: {
    name: PACKAGE_NAME,
    configKey: 'sseNotifications',
    compatibility: { nuxt: '^3.15.0 || ^4.0.0' },
  },
  defaults: { css: true },
  setup(options, nuxt) {
    const { css, ...notifications } = options
    const resolver = createResolver(import.meta.url)

    // Public runtime config, so `NUXT_PUBLIC_SSE_NOTIFICATIONS_*` variables can
    // change the URLs of a built app; what is already set there wins.
    const runtimePublic = nuxt.options.runtimeConfig.public
    const fromRuntimeConfig = runtimePublic.sseNotifications as NuxtNotificationsOptions | undefined
    runtimePublic.sseNotifications = { ...notifications, ...fromRuntimeConfig }

    addPlugin({ src: resolver.resolve('./runtime/plugin'), mode: 'client' })
    addImports(AUTO_IMPORTED_COMPOSABLES.map((name) => ({ name, from: PACKAGE_NAME })))
    for (const name of CLIENT_COMPONENTS) {
      addComponent({ name, export: name, filePath: PACKAGE_NAME, mode: 'client' })
    }
    if (css) nuxt.options.css.push(`${PACKAGE_NAME}/style.css`)
    // Bundled with the app on the server too, so server and client share one Vue.
    nuxt.options.build.transpile.push(PACKAGE_NAME)
  },
})
