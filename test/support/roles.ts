/**
 * Queries by role and accessible name for jsdom tests, in the spirit of
 * Testing Library: the name is `aria-label` or the text content, with
 * whitespace collapsed.
 */
const ROLE_SELECTORS = {
  button: 'button, [role="button"]',
  link: 'a[href]',
  dialog: '[role="dialog"]',
  region: 'section[aria-label], [role="region"]',
  list: 'ul, ol, [role="list"]',
  listitem: 'li, [role="listitem"]',
  status: '[role="status"]',
  alert: '[role="alert"]',
  tablist: '[role="tablist"]',
  tab: '[role="tab"]',
  tabpanel: '[role="tabpanel"]',
} as const
export type Role = keyof typeof ROLE_SELECTORS

export function nameOf(element: Element): string {
  const label = element.getAttribute('aria-label')
  if (label) return label.trim()
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim()
}

function matches(name: string, expected: string | RegExp | undefined): boolean {
  if (expected === undefined) return true
  return typeof expected === 'string' ? name === expected : expected.test(name)
}

export function queryAllByRole(role: Role, name?: string | RegExp, root: ParentNode = document.body): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(ROLE_SELECTORS[role])).filter((element) =>
    matches(nameOf(element), name),
  )
}

export function queryByRole(role: Role, name?: string | RegExp, root?: ParentNode): HTMLElement | null {
  return queryAllByRole(role, name, root)[0] ?? null
}

export function getByRole(role: Role, name?: string | RegExp, root?: ParentNode): HTMLElement {
  const found = queryAllByRole(role, name, root)
  if (found.length !== 1) throw new Error(`expected one ${role} named ${String(name)}, found ${found.length}`)
  return found[0]!
}

export function key(element: Element, name: string, type: 'keydown' | 'keyup' = 'keydown'): void {
  element.dispatchEvent(new KeyboardEvent(type, { key: name, bubbles: true, cancelable: true }))
}
