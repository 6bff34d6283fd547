/**
 * The admin pages with thousands of mappings, in a browser that has imported no field catalog yet
 * (its own stack: the synthetic fields below are in no catalog, and a catalog refuses a field it
 * lacks): the first screen before the rest, only the visible rows in the DOM, the filter, and a
 * page that gets no animation frames.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MappingInput } from '../../lib/mapping/schema';
import { type Stack, startStack, textNow } from '../support/stack';

let stack: Stack;
const pages: Page[] = [];

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(async () => {
  while (pages.length) await pages.pop()?.close();
  await setMappings([]);
});

/** Makes the stored mappings exactly these, in one request (the import's replace). */
async function setMappings(mappings: MappingInput[]) {
  const result = await stack.browser.send<{ applied: boolean; errors?: string[] }>({
    type: 'mappings:import',
    file: { format: 'handoff-fields/mappings', version: 1, mappings },
    mode: 'replace',
  });
  if (!result.applied) throw new Error(`seed refused: ${result.errors?.join('\n')}`);
}
const storedMappings = () => stack.browser.send<MappingInput[]>({ type: 'mappings:list' });

describe('5,000 mappings', () => {
  it('loads, scrolls and filters them fluidly (only the visible rows are in the DOM)', async () => {
    const many: MappingInput[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `m-${String(i).padStart(4, '0')}`,
      platform: i % 3 === 0 ? 'kustomer' : 'salesforce',
      object: i % 3 === 0 ? 'conversation' : 'Case',
      field: i % 3 === 0 ? `field${i}Str` : `Field_${i}__c`,
      sources: [`Key ${i}`, `alt ${i % 97}`],
      valueMap: i % 5 === 0 ? [{ from: 'a', to: 'b' }] : [],
      enabled: i % 7 !== 0,
    }));
    const seeded = performance.now();
    await setMappings(many);
    const seedMs = performance.now() - seeded;

    // The first rows the table shows, recorded as they appear: the first screen, in the table's
    // order, before every mapping has arrived.
    const page = await stack.browser.context.newPage();
    pages.push(page);
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const rows = document.querySelectorAll<HTMLElement>('tr.grid__row');
        if (rows.length === 0) return;
        (globalThis as { firstScreen?: unknown }).firstScreen = {
          ids: [...rows].map((r) => r.dataset.id),
          busy: document.querySelector('table.grid')?.getAttribute('aria-busy'),
          count: document.querySelector('.toolbar__count')?.textContent,
        };
        observer.disconnect();
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(`chrome-extension://${stack.browser.extensionId}/options.html#mappings`);
    const rows = page.locator('tr.grid__row');
    await rows.first().waitFor();
    await expect.poll(() => textNow(page.locator('.toolbar__count'))).toBe('5000 mappings');
    const firstScreen = (await page.evaluate(
      () => (globalThis as { firstScreen?: unknown }).firstScreen,
    )) as { ids: string[]; busy: string | null; count: string };
    expect(firstScreen.busy).toBe('true');
    expect(firstScreen.count).toBe('Loading all 5000 mappings…');
    expect(firstScreen.ids.length).toBeGreaterThan(5);
    const loadedIds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    expect(loadedIds.slice(0, firstScreen.ids.length)).toEqual(firstScreen.ids);
    // Kustomer · conversation sorts before Salesforce · Case, by the field's API name (no catalog).
    expect(firstScreen.ids[0]).toBe('m-0000');
    expect(await page.locator('table.grid[aria-busy]').count()).toBe(0);
    // First render (User Timing marks the page sets): the first screen asked for, at hand,
    // painted; then every mapping at hand.
    const timing = await page.evaluate(() => {
      const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
      return {
        requested: at('hf:mappings-requested'),
        firstScreen: at('hf:first-screen-loaded'),
        rendered: at('hf:mappings-table-rendered'),
        loaded: at('hf:mappings-loaded'),
      };
    });
    const inDom = await rows.count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(60);

    // A filter keystroke: the input event, Preact's render (a microtask) and the style and layout
    // it causes (forced by reading a size), measured in the page.
    const typed = await page.evaluate(async () => {
      const input = document.getElementById('mapping-filter') as HTMLInputElement;
      const microtasks = () =>
        new Promise<void>((r) => queueMicrotask(() => queueMicrotask(() => queueMicrotask(r))));
      const type = async (value: string) => {
        const t0 = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await microtasks();
        void document.querySelector('.grid')?.getBoundingClientRect().height;
        const ms = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 20)); // as between two real keystrokes
        return ms;
      };
      const ms: number[] = [];
      for (const value of ['k', 'ke', 'key', 'key ', 'key 4', 'key 49', 'key 499', 'key 4999']) {
        ms.push(await type(value));
      }
      const shown = document.querySelectorAll('tr.grid__row').length;
      const count = document.querySelector('.toolbar__count')?.textContent;
      for (const value of ['key 49', 'key 4', '']) ms.push(await type(value));
      return { ms, shown, count };
    });
    expect(typed.shown).toBe(1);
    expect(typed.count).toBe('1 of 5000 shown');
    const filterMs = typed.ms;

    // Scrolling to the end renders the last rows, still only a window of them.
    await page.locator('.grid-scroll').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect.poll(() => page.locator('tr[aria-rowindex="5001"]').count()).toBe(1);
    expect(await rows.count()).toBeLessThan(60);

    // Bulk: disable the filtered rows in one transaction.
    await page.getByLabel('Filter by label, API name or context key').fill('alt 96');
    await expect.poll(() => textNow(page.locator('.toolbar__count'))).toMatch(/ of 5000 shown/);
    await page.getByRole('button', { name: 'Disable shown' }).click();
    await expect
      .poll(() => textNow(page.locator('.live')))
      .toMatch(/Disabled\.\s+\d+ mappings turned off/);
    const stored = await storedMappings();
    expect(stored.filter((m) => m.sources[1] === 'alt 96').every((m) => m.enabled === false)).toBe(
      true,
    );
    expect(stored.filter((m) => m.enabled === false).length).toBeGreaterThan(
      many.filter((m) => m.enabled === false).length,
    );

    // The popup lists the first hundred of them, rendering rows as they scroll into view, and a
    // filter over all.
    const popup = await stack.browser.context.newPage();
    pages.push(popup);
    await popup.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector('ul.mapping-list > li')) return;
        (globalThis as { firstRows?: number }).firstRows = performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, childList: true });
    });
    await popup.goto(`chrome-extension://${stack.browser.extensionId}/popup.html`);
    await popup.locator('ul.mapping-list > li').first().waitFor();
    const popupFirstRows = await popup.evaluate(
      () => (globalThis as { firstRows?: number }).firstRows ?? Number.NaN,
    );
    const popupRows = popup.locator('ul.mapping-list > li');
    await expect
      .poll(() => textNow(popup.locator('.list-filter [role="status"]')))
      .toMatch(/^Showing the first 100 of \d+ mappings/);
    expect(await popupRows.count()).toBe(10);
    expect(await popupRows.first().getAttribute('aria-setsize')).toBe('100');
    // Scrolling to the end of the rendered rows renders more, up to the hundred.
    await expect
      .poll(async () => {
        await popup.locator('.panel__content').evaluate((el) => {
          el.scrollTop = el.scrollHeight;
        });
        return popupRows.count();
      })
      .toBe(100);
    expect(await popup.locator('button.list-more').count()).toBe(0);
    await popup.getByLabel('Filter Salesforce Case mappings').fill('key 4999');
    await expect.poll(() => popup.locator('ul.mapping-list > li').count()).toBe(1);

    const max = Math.max(...filterMs);
    const median = [...filterMs].sort((a, b) => a - b)[Math.floor(filterMs.length / 2)] ?? 0;
    console.log(
      `[admin] 5,000 mappings: seeded through the background in ${seedMs.toFixed(0)} ms; first screen asked for ${timing.requested.toFixed(0)} ms after navigation start, received ${(timing.firstScreen - timing.requested).toFixed(0)} ms later, painted ${(timing.rendered - timing.firstScreen).toFixed(0)} ms later; all 5,000 at hand ${timing.loaded.toFixed(0)} ms after navigation start; ${inDom} rows in the DOM; popup's first rows ${popupFirstRows.toFixed(0)} ms after navigation start; options filter keystroke median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms (${filterMs.length} keystrokes: ${filterMs.map((t) => t.toFixed(1)).join(', ')})`,
    );
    // The budgets (150 ms, 16 ms) are the benchmark's, on a quiet machine; these catch a regression
    // (a table that renders every row, a filter that re-reads IndexedDB) on a busy CI machine.
    expect(timing.rendered - timing.requested).toBeLessThan(1000);
    expect(timing.loaded - timing.requested).toBeLessThan(3000);
    expect(median).toBeLessThan(50);
  });
});

describe('a page that gets no animation frames (opened in a background tab)', () => {
  it('still loads every mapping after its first screen, on the options page and in the popup', async () => {
    await setMappings(
      Array.from({ length: 300 }, (_, i) => ({
        id: `m-${String(i).padStart(3, '0')}`,
        platform: 'salesforce' as const,
        object: 'Case',
        field: `Field_${i}__c`,
        sources: [`Key ${i}`],
      })),
    );
    const withoutFrames = async (path: string) => {
      const page = await stack.browser.context.newPage();
      pages.push(page);
      // A background tab's requestAnimationFrame callbacks do not run until the tab is shown.
      await page.addInitScript(() => {
        window.requestAnimationFrame = () => 0;
      });
      await page.goto(`chrome-extension://${stack.browser.extensionId}/${path}`);
      return page;
    };
    const optionsPage = await withoutFrames('options.html#mappings');
    await expect.poll(() => textNow(optionsPage.locator('.toolbar__count'))).toBe('300 mappings');
    expect(await optionsPage.locator('table.grid[aria-busy]').count()).toBe(0);

    const popup = await withoutFrames('popup.html');
    await expect
      .poll(() => textNow(popup.locator('.list-filter [role="status"]')))
      .toBe(
        'Showing the first 100 of 300 mappings: narrow them with the filter, or open the full editor.',
      );
    expect(await popup.locator('ul.mapping-list[aria-busy]').count()).toBe(0);
  });
});
