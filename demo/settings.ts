import type { InjectionKey } from 'vue'

export interface DemoSettings {
  /** `?shared=<userKey>`: one notification stream per browser for this key. */
  sharedKey: string | null
  /** Start the clock stream on load. `?clock=1` / `?clock=0`; default on, off in shared mode. */
  clock: boolean
}

export const settingsKey: InjectionKey<DemoSettings> = Symbol('demo-settings')

export function readDemoSettings(search: string): DemoSettings {
  const params = new URLSearchParams(search)
  const sharedKey = params.get('shared')?.trim() || null
  const clockParam = params.get('clock')
  const clock = clockParam === null ? !sharedKey : clockParam !== '0' && clockParam !== 'false'
  return { sharedKey, clock }
}
