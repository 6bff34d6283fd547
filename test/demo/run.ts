/**
 * `npm start`: build the extension, start the simulated Salesforce, open Chromium with the extension
 * on a Case, set up the example mappings and play a bot handoff; print the stored Case fields and save
 * screenshots. Headed when a display is present (keep it open with `--hold`), headless otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { SEED } from '../sim/seed';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, type Stack, startStack, widgetRow } from '../support/stack';

const args = new Set(process.argv.slice(2));
const headed =
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !args.has('--headless');
const hold = args.has('--hold') && headed;
const root = resolve(import.meta.dirname, '../..');
const shots = join(root, 'artifacts', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const acme = SEED.acme;
const theCase = acme.cases[0];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  if (!args.has('--no-build')) {
    console.log('Building the extension…');
    try {
      execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'pipe' });
    } catch (error) {
      const output = error as { stdout?: Buffer; stderr?: Buffer };
      console.error(`${output.stdout ?? ''}${output.stderr ?? ''}`);
      throw new Error('the extension did not build (output above)');
    }
  }
  mkdirSync(shots, { recursive: true });
  console.log(
    `Starting the simulated Salesforce and Chromium (${headed ? 'headed' : 'headless'})…`,
  );
  const stack = await startStack({ headless: !headed });
  const stop = async () => {
    await stack.close();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    await playSalesforce(stack);
    await playKustomer(stack);
    if (hold) {
      console.log('The browser stays open: close it (or press Ctrl+C) to stop.');
      await new Promise<void>((done) => stack.browser.context.once('close', () => done()));
    }
  } finally {
    await stop();
  }
  console.log(`Screenshots: ${shots}`);
}

async function playSalesforce(stack: Stack) {
  await stack.saveMappings(exampleMappings);
  console.log(`Mappings set up: ${exampleMappings.map((m) => m.field).join(', ')}`);

  const page = await stack.openConsole(recordPath('Case', theCase.id));
  await stack.control.waitForPages(acme.org);
  console.log(`Console open on Case ${theCase.caseNumber} (${page.url()})`);

  const say = (author: 'bot' | 'end_user' | 'agent' | 'system', text: string) =>
    stack.control.postMessage({ org: acme.org, recordId: theCase.id, author, text });
  await say('end_user', 'Hi, my order A-48213 arrived damaged and I need a refund.');
  await pause(400);
  await say('bot', 'Sorry to hear that! Can you confirm your account number?');
  await pause(400);
  await say('end_user', "It's AC-20931.");
  await pause(400);
  await say(
    'bot',
    keyValueHandoff({
      'Account Number': 'AC-20931',
      'Account Tier': 'Premium',
      Priority: 'urgent',
      'Customer Since': '2019-04-02',
      VIP: 'yes',
      'Order Id': 'A-48213',
    }),
  );
  await say('system', 'Chat transferred from Chatbot to Alex Agent');

  await waitForOutcome(page);
  await page.screenshot({ path: join(shots, '1-handoff-filled.png') });

  const stored = (await stack.control.getRecord(acme.org, 'Case', theCase.id)).values;
  console.log('\nThe Case as Salesforce stored it:');
  for (const m of exampleMappings)
    console.log(`  ${m.field.padEnd(20)} ${JSON.stringify(stored[m.field])}`);

  // The record refreshed in place once the writes were read back: the record detail shows the
  // new values, in the same page (no reload); "Refresh the record" does it again on demand.
  const detail = page.locator(
    '.navexWorkspace.active records-record-layout-item[data-field="Account_Number__c"] .slds-form-element__static',
  );
  await detail.filter({ hasText: 'AC-20931' }).waitFor({ timeout: 15_000 });
  await page
    .locator('handoff-fields-widget')
    .getByRole('button', { name: 'Refresh the record' })
    .click();
  await page.screenshot({ path: join(shots, '2-record-refreshed-in-place.png') });
}

async function playKustomer(stack: Stack) {
  const k = SEED.kustomer;
  const conversationId = k.ids.conversation1;
  // The org's third-party bot posts as an app the admin lists as a bot.
  await stack.saveSettings();
  await stack.saveMappings(kustomerExampleMappings);
  console.log(
    `\nKustomer mappings set up: ${kustomerExampleMappings.map((m) => `${m.object}.${m.field}`).join(', ')}`,
  );
  const page = await stack.openDesktop(`/app/customers/${k.ids.customer1}/event/${conversationId}`);
  await stack.control.waitForPages(k.acme.org, 1, 10_000, 'kustomer');
  console.log(`Kustomer desktop open on conversation ${conversationId}`);
  const say = (author: 'customer' | 'bot', text: string) =>
    stack.control.kustomerPostMessage({ org: k.acme.org, recordId: conversationId, author, text });
  await say('customer', 'I need help with my damaged order, please.');
  await pause(400);
  await say(
    'bot',
    keyValueHandoff({
      'Account Number': 'AC-20931',
      'Account Tier': 'Gold',
      'Contact Reason': 'Orders › Damaged item',
      VIP: 'yes',
      'Order Total': '1,249.50',
      'Loyalty Tier': 'Platinum',
      'Customer Since': '2019-04-02',
    }),
  );
  await widgetRow(page, 'loyaltyTierStr')
    .locator('[data-outcome="written"], [data-outcome="skipped"]')
    .waitFor({ timeout: 15_000 });
  await page.screenshot({ path: join(shots, '3-kustomer-handoff-filled.png') });
  const conversation = (
    await stack.control.kustomerGetRecord(k.acme.org, 'conversation', conversationId)
  ).values;
  const customer = (await stack.control.kustomerGetRecord(k.acme.org, 'customer', k.ids.customer1))
    .values;
  console.log('\nThe conversation and customer as Kustomer stored them:');
  for (const m of kustomerExampleMappings) {
    const stored = m.object === 'customer' ? customer : conversation;
    console.log(
      `  ${`${m.object}.${m.field}`.padEnd(30)} ${JSON.stringify(stored[m.field] ?? null)}`,
    );
  }
}

async function waitForOutcome(page: Page) {
  await widgetRow(page, 'Account_Tier__c')
    .locator('[data-outcome="written"], [data-outcome="skipped"]')
    .waitFor({ timeout: 15_000 });
}

main().catch((error) => {
  console.error(`The demo failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
