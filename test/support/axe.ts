/**
 * axe-core in a Playwright page: the violations of serious or critical impact as the page is now,
 * and what axe could not decide by itself (its "incomplete" results), kept for a human to review.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeResult = {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; any: { message: string }[] }[];
};

/** `where` → what axe could not decide there, one line per rule. */
export const needsReview = new Map<string, string>();

/** `within`: a selector of the part to check (a shadow host includes its shadow tree); the page by default. */
export async function seriousViolations(
  page: Page,
  where: string,
  within?: string,
): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(await axeSource);
  const result = (await page.evaluate(
    (part) =>
      (
        globalThis as unknown as {
          axe: { run(ctx: unknown, o: object): Promise<unknown> };
        }
      ).axe.run(part ? { include: [[part]] } : document, {
        resultTypes: ['violations', 'incomplete'],
      }),
    within ?? null,
  )) as { violations: AxeResult[]; incomplete: AxeResult[] };
  for (const r of result.incomplete) {
    const node = r.nodes[0];
    needsReview.set(
      `${where}: ${r.id}`,
      `${r.nodes.length} node(s), e.g. ${node?.target.join(' ')}: ${node?.any[0]?.message ?? r.help}`,
    );
  }
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}
