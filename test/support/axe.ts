import axe from 'axe-core'

/**
 * axe-core violations in `element`, as `rule: targets` lines. jsdom computes
 * no colours, so `color-contrast` is left to the Chromium tests.
 */
export async function axeViolations(element: Element): Promise<string[]> {
  const { violations } = await axe.run(element, { rules: { 'color-contrast': { enabled: false } }, resultTypes: ['violations'] })
  return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
}
