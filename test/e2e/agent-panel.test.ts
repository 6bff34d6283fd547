/**
 * The agent's panel stays out of the way, in real Chromium on both simulated consoles at a common
 * agent laptop size (1366×768): it folds into the pill once a handoff settled with nothing to fix,
 * opens by itself on a refusal without covering the composer or the newest message, moves where
 * the agent drags it, remembers that and a fold across reloads, and the browser's shortcut toggles it.
 */
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../sim/seed';
import { seriousViolations } from '../support/axe';
import { keepPanelOpen } from '../support/chromium';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, textNow } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const [case1] = acme.cases;
const K = SEED.kustomer;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveSettings();
  await stack.saveMappings([...exampleMappings, ...kustomerExampleMappings]);
  // An agent who never touched the panel: nothing remembered, nothing kept open.
  await keepPanelOpen(stack.browser.worker, {});
});

const panel = (page: Page) => page.locator('handoff-fields-widget aside');
const summary = (page: Page) => page.locator('handoff-fields-widget .hf-summary');

async function openCase() {
  const page = await stack.openConsole(recordPath('Case', case1.id));
  pages.push(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await stack.control.waitForPages(acme.org);
  return page;
}

async function openConversation() {
  const page = await stack.openDesktop(`/app/conversations/${K.ids.conversation1}`);
  pages.push(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await stack.control.waitForPages(K.acme.org, 1, 10_000, 'kustomer');
  return page;
}

const caseHandoff = (lines: Record<string, string>) =>
  stack.control.postMessage({
    org: acme.org,
    recordId: case1.id,
    author: 'bot',
    text: keyValueHandoff(lines),
  });

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const boxOf = async (locator: Locator): Promise<Box> => {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return box;
};

describe('the panel stays out of the way', () => {
  it('folds into the pill once a handoff settled with nothing to fix', async () => {
    const page = await openCase();
    await caseHandoff({ 'Account Number': 'AC-1', VIP: 'yes' });
    await expect.poll(() => textNow(summary(page))).toBe('2 filled ✓');
    expect(await panel(page).getAttribute('class')).toContain('hf-root--collapsed');
  });

  it('opens by itself on a refusal, clear of the newest message (Salesforce, 1366×768)', async () => {
    const page = await openCase();
    await caseHandoff({ 'Account Number': 'AC-2', 'Account Tier': 'Gold' });
    await expect.poll(() => textNow(summary(page))).toContain('1 refused');
    expect(await panel(page).getAttribute('class')).toContain('hf-root--expanded');
    const newest = page.locator('li.slds-chat-listitem').last();
    expect(overlaps(await boxOf(panel(page)), await boxOf(newest))).toBe(false);
    // Inside the console page, the open panel has no serious or critical accessibility problem.
    const problems = await seriousViolations(page, 'panel on the console', 'handoff-fields-widget');
    expect(problems).toEqual([]);
  });

  it('opens clear of the composer and the newest message on Kustomer (1366×768)', async () => {
    const page = await openConversation();
    await stack.control.kustomerPostMessage({
      org: K.acme.org,
      recordId: K.ids.conversation1,
      author: 'bot',
      text: keyValueHandoff({ 'Account Number': 'AC-3', VIP: 'maybe' }),
    });
    await expect.poll(() => textNow(summary(page))).toContain('refused');
    expect(await panel(page).getAttribute('class')).toContain('hf-root--expanded');
    const box = await boxOf(panel(page));
    const composer = page.locator('.public-DraftEditor-content');
    const newest = page.locator('[data-kt="timeline"] > *').last();
    expect(overlaps(box, await boxOf(composer))).toBe(false);
    expect(overlaps(box, await boxOf(newest))).toBe(false);
  });
});

describe('the right state', () => {
  it('shows a handoff run from the Case tab on its Messaging Session tab', async () => {
    const onCase = await openCase();
    await caseHandoff({ 'Account Number': 'AC-6' });
    await expect.poll(() => textNow(summary(onCase))).toBe('1 filled ✓');
    const session = await stack.openConsole(recordPath('MessagingSession', acme.sessions[0].id));
    pages.push(session);
    await expect.poll(() => textNow(summary(session))).toBe('1 filled ✓');
  });
});

describe('the agent places it', () => {
  it('drags to another corner, and the corner and a fold hold across a reload', async () => {
    const page = await openCase();
    await caseHandoff({ 'Account Number': 'AC-4', 'Account Tier': 'Gold' });
    await expect.poll(() => textNow(summary(page))).toContain('refused');
    const title = page.locator('handoff-fields-widget .hf-title');
    const from = await boxOf(title);
    await page.mouse.move(from.x + 10, from.y + 5);
    await page.mouse.down();
    await page.mouse.move(1300, 120, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => panel(page).getAttribute('data-corner')).toBe('top-right');

    await page.getByRole('button', { name: 'Collapse Handoff Fields' }).click();
    await page.reload();
    await expect.poll(() => panel(page).getAttribute('data-corner')).toBe('top-right');
    // Folded while it needed the agent: that handoff does not open it again by itself.
    await expect.poll(() => panel(page).getAttribute('class')).toContain('hf-root--collapsed');
  });

  it('moves to the next corner from the keyboard', async () => {
    const page = await openCase();
    await caseHandoff({ 'Account Tier': 'Gold' });
    await expect.poll(() => textNow(summary(page))).toContain('refused');
    const before = await panel(page).getAttribute('data-corner');
    await page
      .getByRole('button', { name: 'Move Handoff Fields to the next corner' })
      .press('Enter');
    await expect.poll(() => panel(page).getAttribute('data-corner')).not.toBe(before);
  });

  // The browser's own shortcut keys cannot be pressed from the test driver (it types into the
  // page, below the browser's accelerators): the command is checked as the browser registered it,
  // and its message is sent from the background to the tab as the background's relay sends it
  // (that relay: test/unit/background/panel-shortcut.test.ts).
  it('toggles on the shortcut’s message from the background', async () => {
    const page = await openCase();
    await caseHandoff({ 'Account Number': 'AC-5' });
    await expect.poll(() => textNow(summary(page))).toBe('1 filled ✓');
    const { commands, sent } = await stack.browser.worker.evaluate(async () => {
      const chrome = (
        globalThis as unknown as {
          chrome: {
            commands: { getAll(): Promise<{ name: string; shortcut?: string }[]> };
            tabs: {
              query(q: object): Promise<{ id: number; url?: string }[]>;
              sendMessage(id: number, m: unknown): Promise<unknown>;
            };
          };
        }
      ).chrome;
      const tabs = await chrome.tabs.query({ url: 'https://*.lightning.force.com/*' });
      for (const tab of tabs) await chrome.tabs.sendMessage(tab.id, { type: 'panel:toggle' });
      return { commands: await chrome.commands.getAll(), sent: tabs.length };
    });
    expect(commands).toContainEqual(expect.objectContaining({ name: 'toggle-panel' }));
    expect(sent).toBeGreaterThan(0);
    await expect.poll(() => panel(page).getAttribute('class')).toContain('hf-root--expanded');
  });
});
