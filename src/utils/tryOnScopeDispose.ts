import { getCurrentScope, onScopeDispose } from 'vue'

/** Registers `fn` to run when the current effect scope stops; does nothing outside a scope. */
export function tryOnScopeDispose(fn: () => void): boolean {
  if (!getCurrentScope()) return false
  onScopeDispose(fn)
  return true
}
