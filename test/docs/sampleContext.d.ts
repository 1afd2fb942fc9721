/**
 * What the documentation's samples take from the reader's application, and
 * the types a Nuxt app generates: the samples are checked without either.
 */
import type { ModuleOptions } from '../../src/nuxt/module'

declare module '@nuxt/schema' {
  interface NuxtConfig {
    /** Nuxt generates this entry in `.nuxt/` from the module's `configKey`. */
    sseNotifications?: ModuleOptions
  }
}

declare global {
  /** The signed-in user, as the app keeps it. */
  const currentUser: { readonly value: { id: string } | null }
}
