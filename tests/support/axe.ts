// Runs axe-core in a page and returns its violations, readable in a failure message. By default axe's
// own rule set; `{ strict: true }` adds WCAG 2.2 AA and best practices (touch target sizes included, as
// Lighthouse checks them).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function axeViolations(page: Page, options: { strict?: boolean } = {}): Promise<string[]> {
  // Evaluated through the DevTools protocol: pages whose CSP forbids inline scripts are checked too.
  await page.evaluate(axeSource);
  const tags = options.strict ? ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] : null;
  const violations = await page.evaluate(async (only) => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], ...(only ? { runOnly: { type: 'tag', values: only } } : {}) });
    return result.violations;
  }, tags);
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}
