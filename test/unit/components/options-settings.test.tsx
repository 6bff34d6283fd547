/**
 * The options page's Settings section (components/options/SettingsSection.tsx) against an in-memory
 * background that saves with the real settings schema and tests tokens with the real verifier.
 */
import { describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '../../../components/options/OptionsApp';
import type { KnownAudience } from '../../../lib/messaging/protocol';
import { PRIVATE_KEY_MESSAGE, type SettingsInput } from '../../../lib/settings/schema';
import { es256Key, sign, type TestKey } from '../context/test-signer';
import { button, byLabel, choose, click, description, flush, mount, type } from './dom';
import { caseCatalog, fakeOptionsApi, fakeSettingsApi } from './options-fakes';

const ORG_ID = '00D5g000004XyZaEAK';
const NOW = Date.UTC(2026, 10, 21, 10, 0);
const NOW_S = NOW / 1000;

async function settingsPage(
  initial?: SettingsInput,
  options: { known?: KnownAudience[]; managed?: Set<string> } = {},
) {
  const fake = fakeSettingsApi(initial, options.known, NOW);
  const saved = vi.fn();
  const root = await mount(
    <OptionsApp
      api={fakeOptionsApi([], [caseCatalog, { ...caseCatalog, object: 'MessagingSession' }]).api}
      initialSection="settings"
      settings={fake.api}
      save={saved}
      managedSettings={options.managed}
    />,
  );
  await flush();
  return { ...fake, root, saved };
}

const saveButton = (root: HTMLElement) =>
  root.querySelectorAll<HTMLButtonElement>('button[type="submit"]')[0];
const input = (root: HTMLElement, label: string) => byLabel(root, label) as HTMLInputElement;
const errorOf = (root: HTMLElement, label: string) => {
  const el = byLabel(root, label);
  return el.getAttribute('aria-invalid') === 'true' ? description(root, el) : '';
};

async function pick(root: HTMLElement, name: string, text: string) {
  const el = root.querySelector<HTMLInputElement>('input[type="file"]');
  if (!el) throw new Error('no file input');
  Object.defineProperty(el, 'files', {
    configurable: true,
    value: [new File([text], name, { type: 'application/json' })],
  });
  el.dispatchEvent(new Event('change', { bubbles: true }));
  // The file is read off the tick: wait for the import's next step.
  for (let i = 0; i < 50 && !root.querySelector('section.import'); i++) await flush();
}

let key: TestKey;
const claims = (over: object = {}) => ({
  ver: 1,
  iss: 'kore-bot',
  aud: ORG_ID,
  iat: NOW_S - 60,
  exp: NOW_S + 600,
  jti: 'ctx-1',
  ctx: { 'Account Number': 'AC-1' },
  ...over,
});

/** Presses Test the token and waits for the answer (the verifier runs on WebCrypto, off the tick). */
async function testToken(root: HTMLElement) {
  await click(button(root, 'Test the token'));
  for (
    let i = 0;
    i < 50 && root.querySelector('.settings__token-test button')?.textContent !== 'Test the token';
    i++
  ) {
    await flush();
  }
}

async function addIssuer(root: HTMLElement, jwk: unknown) {
  await click(button(root, 'Add issuer'));
  await type(input(root, 'Issuer 1: its name (iss)'), 'kore-bot');
  await type(input(root, 'Issuer 1: public key'), JSON.stringify(jwk));
}

describe('the Settings section', () => {
  it('is a section of the options page, showing the saved settings', async () => {
    const { root } = await settingsPage({
      format: 'handoff-fields/settings',
      version: 1,
      trust: { policy: 'signed-only' },
      redaction: 'mask',
      retentionDays: 90,
      kustomerBotApps: ['Ada'],
    });
    const link = root.querySelector('a[href="#settings"]');
    expect(link?.textContent).toBe('Settings');
    expect(link?.getAttribute('aria-current')).toBe('page');
    expect(root.querySelector('h2#settings-title')?.textContent).toBe('Settings');
    expect((root.querySelector('input[value="signed-only"]') as HTMLInputElement).checked).toBe(
      true,
    );
    expect((root.querySelector('input[value="mask"]') as HTMLInputElement).checked).toBe(true);
    expect(input(root, 'Keep the journal for (days)').value).toBe('90');
    expect(input(root, 'Kustomer bot apps, one a line').value).toBe('Ada');
    expect(root.textContent).toContain('All changes saved');
    // The Kustomer access section is here too, open.
    expect(button(root, 'Kustomer access').getAttribute('aria-expanded')).toBe('true');
  });

  it('saves the edited settings in one request, and says so', async () => {
    key ??= await es256Key('2026-11');
    const { api, root, stored } = await settingsPage();
    (root.querySelector('input[value="signed-only"]') as HTMLInputElement).click();
    await flush();
    await type(input(root, 'Audiences, one a line'), `${ORG_ID}\nacme`);
    await addIssuer(root, key.jwk);
    await type(input(root, 'Keep the journal for (days)'), '14');
    expect(root.textContent).toContain('Unsaved changes');
    await click(saveButton(root));
    expect(api.save).toHaveBeenCalledTimes(1);
    expect(stored().trust).toMatchObject({
      policy: 'signed-only',
      audiences: [ORG_ID, 'acme'],
      issuers: [{ iss: 'kore-bot', keys: [key.jwk] }],
    });
    expect(stored().retentionDays).toBe(14);
    expect(root.querySelector('.banner')?.textContent).toContain('Saved.');
    expect(root.textContent).toContain('All changes saved');
  });

  it('shows each pasted key’s kid, from a JWK or a JWKS', async () => {
    key ??= await es256Key('2026-11');
    const next = await es256Key('2027-01');
    const { root } = await settingsPage();
    await addIssuer(root, { keys: [key.jwk, { ...next.jwk }] });
    expect(root.querySelector('[data-kids="0"]')?.textContent).toBe(
      '2 keys: 2026-11 (EC), 2027-01 (EC)',
    );
    const { kid: _kid, ...noKid } = key.jwk;
    await type(input(root, 'Issuer 1: public key'), JSON.stringify(noKid));
    expect(root.querySelector('[data-kids="0"]')?.textContent).toBe('Key: no kid (EC)');
  });

  it('refuses a private key next to its input, keeps it typed, and saves nothing', async () => {
    key ??= await es256Key('2026-11');
    const { api, root, stored } = await settingsPage();
    await type(input(root, 'Audiences, one a line'), ORG_ID);
    await addIssuer(root, key.privateJwk);
    await click(saveButton(root));
    expect(api.save).not.toHaveBeenCalled();
    expect(errorOf(root, 'Issuer 1: public key')).toContain(
      `trust.issuers[0].keys[0].d: ${PRIVATE_KEY_MESSAGE}`,
    );
    expect(input(root, 'Issuer 1: public key').value).toBe(JSON.stringify(key.privateJwk));
    const summary = root.querySelector('#settings-problems');
    expect(summary?.textContent).toContain('Not saved: nothing changed.');
    expect(summary?.querySelector('a')?.getAttribute('href')).toBe(
      '#settings-trust-issuers-0--keys',
    );
    expect(stored().trust.issuers).toEqual([]);
    // The summary's link moves focus to the input, and the page stays on Settings.
    await click(summary?.querySelector('a'));
    expect(document.activeElement).toBe(input(root, 'Issuer 1: public key'));
    expect(root.querySelector('h2#settings-title')).not.toBeNull();
    // Fixing it clears the error of that input.
    await type(input(root, 'Issuer 1: public key'), JSON.stringify(key.jwk));
    expect(errorOf(root, 'Issuer 1: public key')).toBe('');
  });

  it('says where a pasted key stops being JSON, and that an issuer needs an audience', async () => {
    const { api, root } = await settingsPage();
    await click(button(root, 'Add issuer'));
    await type(input(root, 'Issuer 1: its name (iss)'), 'kore-bot');
    await type(input(root, 'Issuer 1: public key'), '{\n  "kty": "EC",\n  "crv": P-256\n}');
    await click(saveButton(root));
    expect(api.save).not.toHaveBeenCalled();
    expect(errorOf(root, 'Issuer 1: public key')).toMatch(
      /The key is not valid JSON: .*\(line 3, column 10\)/,
    );
    expect(errorOf(root, 'Audiences, one a line')).toContain('add at least one audience');
  });

  it('places the background’s refusal next to the controls, and in the summary otherwise', async () => {
    const { api, root } = await settingsPage();
    api.save.mockRejectedValueOnce(
      new Error(
        'The settings were not saved (nothing changed):\nretentionDays: a policy caps it at 30\nthe store is locked',
      ),
    );
    await type(input(root, 'Keep the journal for (days)'), '60');
    await click(saveButton(root));
    expect(errorOf(root, 'Keep the journal for (days)')).toContain('a policy caps it at 30');
    const summary = root.querySelector('#settings-problems') as HTMLElement;
    expect(summary.querySelector('code')?.textContent).toBe('the store is locked');
    expect(input(root, 'Keep the journal for (days)').value).toBe('60');
    expect(root.textContent).toContain('Unsaved changes');
  });

  it('refuses an origin that is not exact https, next to the origins', async () => {
    const { api, root } = await settingsPage();
    await type(
      input(root, 'postMessage origins, one a line'),
      'https://assist.example.com\nhttp://x.example.com/path',
    );
    await click(saveButton(root));
    expect(api.save).not.toHaveBeenCalled();
    expect(errorOf(root, 'postMessage origins, one a line')).toContain(
      'postMessageOrigins[1]: "http://x.example.com/path" must start with https://',
    );
  });
});

describe('Test a token', () => {
  it('verifies a bot’s message against an issuer that is not saved yet, naming iss, aud, kid and expiry', async () => {
    key ??= await es256Key('2026-11');
    const { api, root } = await settingsPage();
    await type(input(root, 'Audiences, one a line'), ORG_ID);
    await addIssuer(root, key.jwk);
    await type(
      input(root, "Test a token: the bot's message"),
      `Connecting you now.\nhandoff-context: ${await sign(key, claims())}`,
    );
    await testToken(root);
    expect(api.save).not.toHaveBeenCalled();
    const result = root.querySelector('[data-verified]') as HTMLElement;
    expect(result.dataset.verified).toBe('true');
    expect(result.textContent).toContain('Verified.');
    const facts = [...result.querySelectorAll('dd')].map((d) => d.textContent);
    expect(facts.slice(0, 3)).toEqual(['kore-bot', ORG_ID, '2026-11']);
    expect(result.querySelector('time')?.getAttribute('datetime')).toBe(
      new Date((NOW_S + 600) * 1000).toISOString(),
    );
  });

  it('says why a token is refused: another key, another audience', async () => {
    key ??= await es256Key('2026-11');
    const forger = await es256Key('2026-11');
    const { root } = await settingsPage();
    await type(input(root, 'Audiences, one a line'), ORG_ID);
    await addIssuer(root, key.jwk);
    const message = input(root, "Test a token: the bot's message");
    await type(message, `handoff-context: ${await sign(forger, claims())}`);
    await testToken(root);
    const result = () => root.querySelector('[data-verified]') as HTMLElement;
    expect(result().dataset.verified).toBe('false');
    expect(result().textContent).toContain("signature does not match key '2026-11' of 'kore-bot'");
    await type(message, `handoff-context: ${await sign(key, claims({ aud: '00DOTHER' }))}`);
    await testToken(root);
    expect(result().textContent).toContain("meant for '00DOTHER', not for this org");
  });

  it('with a private key in the form, marks it instead of testing', async () => {
    key ??= await es256Key('2026-11');
    const { root } = await settingsPage();
    await type(input(root, 'Audiences, one a line'), ORG_ID);
    await addIssuer(root, key.privateJwk);
    await type(input(root, "Test a token: the bot's message"), await sign(key, claims()));
    await testToken(root);
    expect(root.querySelector('[data-verified]')?.textContent).toContain(
      'The trust settings being edited have problems',
    );
    expect(errorOf(root, 'Issuer 1: public key')).toContain(PRIVATE_KEY_MESSAGE);
  });
});

describe('audiences, record fields and transcript profiles', () => {
  it('offers the audiences of the orgs this browser has seen', async () => {
    const { root } = await settingsPage(undefined, {
      known: [
        { platform: 'kustomer', org: 'acme', audience: 'acme' },
        { platform: 'salesforce', org: 'acme', audience: ORG_ID },
        { platform: 'salesforce', org: 'globex', audience: null },
      ],
    });
    await click(button(root, `Add ${ORG_ID} (Salesforce · acme)`));
    await click(button(root, 'Add acme (Kustomer · acme)'));
    expect(input(root, 'Audiences, one a line').value).toBe(`${ORG_ID}\nacme`);
    expect(button(root, `${ORG_ID} is listed (Salesforce · acme)`).disabled).toBe(true);
    expect(root.textContent).toContain(
      'Salesforce · globex: sign in to this org in this browser to read its org id.',
    );
  });

  it('picks a record field from the catalog and warns about accepting unsigned contexts', async () => {
    const { root, stored } = await settingsPage();
    await click(button(root, 'Add record field'));
    const row = root.querySelector('[data-source="0"]') as HTMLElement;
    await choose(byLabel(row, 'Object'), 'Case');
    const field = byLabel(row, 'Field') as HTMLInputElement;
    const options = [
      ...(root.querySelector(`#${field.getAttribute('list')}`)?.querySelectorAll('option') ?? []),
    ];
    expect(options.map((o) => o.value)).toContain('Order_Id__c');
    await type(field, 'Order_Id__c');
    const unsigned = byLabel(
      row,
      'Also accept unsigned contexts from this field',
    ) as HTMLInputElement;
    await click(unsigned);
    expect(description(root, unsigned)).toContain(
      "acceptUnsigned trusts any unsigned context in Case.Order_Id__c like the bot's",
    );
    await click(saveButton(root));
    expect(stored().recordFieldSources).toEqual([
      { platform: 'salesforce', object: 'Case', field: 'Order_Id__c', acceptUnsigned: true },
    ]);
  });

  it('edits a transcript profile with the shipped values as placeholders, and refuses a selector that does not parse', async () => {
    const { api, root, stored } = await settingsPage();
    const meta = input(root, 'meta (CSS selector)');
    expect(meta.placeholder).toBe('.slds-chat-message__meta');
    await type(meta, '.chatMeta[');
    await click(saveButton(root));
    expect(api.save).not.toHaveBeenCalled();
    expect(errorOf(root, 'meta (CSS selector)')).toContain(
      'is not a CSS selector this browser can read',
    );
    await type(meta, '.chatMeta');
    await type(input(root, 'Names the Salesforce bots post under, one a line'), 'Acme Helper');
    await click(saveButton(root));
    expect(stored().transcriptProfiles).toEqual({
      salesforce: { values: { meta: '.chatMeta' }, botNames: ['Acme Helper'] },
    });
  });

  it('switches to confirm before writing and saves it, or shows it read-only when the organisation sets it', async () => {
    const { root, stored } = await settingsPage();
    const confirm = root.querySelector<HTMLInputElement>(
      '[data-setting="writeMode"] input[value="confirm"]',
    );
    expect(root.querySelector<HTMLInputElement>('input[value="auto"]')?.checked).toBe(true);
    confirm?.click();
    await flush();
    await click(saveButton(root));
    expect(stored().writeMode).toBe('confirm');

    const managed = await settingsPage(
      { format: 'handoff-fields/settings', version: 1, writeMode: 'confirm' },
      { managed: new Set(['writeMode']) },
    );
    const area = managed.root.querySelector('[data-setting="writeMode"]') as HTMLFieldSetElement;
    expect(area.disabled).toBe(true);
    expect(area.textContent).toContain('Set by your organisation');
    expect(area.querySelector<HTMLInputElement>('input[value="confirm"]')?.checked).toBe(true);
  });

  it('switches to Verify only, and the page says so above every section', async () => {
    const { root, stored } = await settingsPage();
    expect(root.querySelector('.verify-only-line')).toBeNull();
    const verifyOnly = root.querySelector<HTMLInputElement>(
      '[data-setting="writeMode"] input[value="verify-only"]',
    );
    expect(verifyOnly?.closest('label')?.textContent).toBe(
      'Verify only — read and compare, never write (QA and supervisors)',
    );
    verifyOnly?.click();
    await flush();
    await click(saveButton(root));
    expect(stored().writeMode).toBe('verify-only');
    const line = root.querySelector('.verify-only-line');
    expect(line?.textContent).toContain('Verify only');
    expect(line?.textContent).toContain('never writes to a record');
    // Another section, opened on a browser already set so: the same line at its top.
    const other = await mount(
      <OptionsApp
        api={fakeOptionsApi([], [caseCatalog]).api}
        initialSection="mappings"
        settings={fakeSettingsApi(stored(), undefined, NOW).api}
      />,
    );
    await flush();
    const main = other.querySelector('main');
    expect(main?.firstElementChild?.classList.contains('verify-only-line')).toBe(true);
  });

  it('shows Verify only set by the organisation read-only, and says who set it', async () => {
    const { root } = await settingsPage(
      { format: 'handoff-fields/settings', version: 1, writeMode: 'verify-only' },
      { managed: new Set(['writeMode']) },
    );
    const area = root.querySelector('[data-setting="writeMode"]') as HTMLFieldSetElement;
    expect(area.disabled).toBe(true);
    expect(area.textContent).toContain('Set by your organisation');
    expect(area.querySelector<HTMLInputElement>('input[value="verify-only"]')?.checked).toBe(true);
    expect(root.querySelector('.verify-only-line')?.textContent).toContain(
      'Set by your organisation.',
    );
  });

  it('shows a setting the organisation manages read-only, saying so', async () => {
    const { root } = await settingsPage(undefined, { managed: new Set(['trust', 'redaction']) });
    const trust = root.querySelector('[data-setting="trust"]') as HTMLFieldSetElement;
    expect(trust.disabled).toBe(true);
    expect(trust.textContent).toContain('Set by your organisation');
    expect((root.querySelector('[data-setting="redaction"]') as HTMLFieldSetElement).disabled).toBe(
      true,
    );
    const retention = root.querySelector('[data-setting="retentionDays"]') as HTMLFieldSetElement;
    expect(retention.disabled).toBe(false);
    expect(retention.textContent).not.toContain('Set by your organisation');
    // "Test a token" stays usable: it changes nothing.
    expect(button(root, 'Test the token').disabled).toBe(false);
  });
});

describe('the settings file', () => {
  it('exports the saved settings and imports them back unchanged', async () => {
    const initial: SettingsInput = {
      format: 'handoff-fields/settings',
      version: 1,
      trust: { audiences: ['acme'], policy: 'signed-only' },
      retentionDays: 7,
    };
    const { api, root, saved, stored } = await settingsPage(initial);
    await click(button(root, 'Export settings'));
    const [name, text] = saved.mock.calls[0] as [string, string];
    expect(name).toBe('handoff-fields-settings.json');
    expect(JSON.parse(text)).toEqual(stored());
    const before = structuredClone(stored());

    await pick(root, name, text);
    expect(root.querySelector('.import__title')?.textContent).toBe(
      'Import the settings of handoff-fields-settings.json?',
    );
    await click(button(root, 'Import the settings'));
    expect(api.save).toHaveBeenCalledTimes(1);
    expect(stored()).toEqual(before);
    expect(root.querySelector('.import__title')?.textContent).toBe(
      'handoff-fields-settings.json imported',
    );
  });

  it('refuses an invalid file with path-named errors, or a JSON error with line and column, and changes nothing', async () => {
    const { api, root, stored } = await settingsPage();
    const before = structuredClone(stored());
    await pick(
      root,
      'bad.json',
      JSON.stringify({
        format: 'handoff-fields/settings',
        version: 1,
        trust: { policy: 'signed-maybe' },
        retentionDays: 0,
        colour: 'blue',
      }),
    );
    const panel = root.querySelector('.import--invalid') as HTMLElement;
    expect(panel.querySelector('.import__title')?.textContent).toBe(
      'bad.json was not imported: nothing changed',
    );
    const errors = [...panel.querySelectorAll('li')].map((li) => li.textContent);
    expect(errors).toContainEqual(expect.stringMatching(/^trust\.policy: /));
    expect(errors).toContain('retentionDays: retentionDays must be at least 1 day');
    expect(errors).toContain('unknown setting "colour"');

    await click(button(root, 'Close'));
    await pick(
      root,
      'broken.json',
      '{\n  "format": "handoff-fields/settings",\n  "version": 1,,\n}',
    );
    expect(root.querySelector('.import--invalid li')?.textContent).toMatch(
      /^broken\.json is not valid JSON: .*\(line 3, column 16\)$/,
    );
    expect(api.save).not.toHaveBeenCalled();
    expect(stored()).toEqual(before);
  });
});
