/**
 * Settings › Salesforce sign-in (OAuth) (issue 15) against an in-memory background: the settings
 * key `salesforceOAuth` (mode, each org's consumer key) edited, checked and saved like every other
 * key, read-only when the organisation's policy sets it; the callback URL with Copy; and this
 * browser's sign-in per org with Connect and Sign out, which act at once. The status is read after
 * the section is shown, never in the page's first render.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '../../../components/options/OptionsApp';
import { checkDraft } from '../../../components/options/settings-check';
import { draftOf, inputOf } from '../../../components/options/settings-draft';
import { profileKeys } from '../../../components/options/settings-store';
import { connectionWords } from '../../../components/options/sign-in-text';
import type { SignInStatus } from '../../../lib/messaging/protocol';
import { Settings, type SettingsInput } from '../../../lib/settings/schema';
import { button, byLabel, click, description, flush, mount, type } from './dom';
import { FAKE_CALLBACK_URL, fakeOptionsApi, fakeSettingsApi } from './options-fakes';

const NOW = Date.UTC(2026, 10, 21, 10, 0);
const KEY_ACME = '3MVG9A2kN3Bn17huXZp1t8lJxLmnOPqrStUvWxYz';
const KEY_GLOBEX = '3MVG9Globex0000000000000000000000000000';

const withApps: SettingsInput = {
  format: 'handoff-fields/settings',
  version: 1,
  salesforceOAuth: { mode: 'cookie-first', apps: [{ org: 'acme', consumerKey: KEY_ACME }] },
};

async function settingsPage(
  initial?: SettingsInput,
  options: {
    managed?: Set<string>;
    section?: 'settings' | 'mappings';
    /** This browser's sign-ins before the page opens. */
    connected?: string[];
  } = {},
) {
  const fake = fakeSettingsApi(initial, [], NOW);
  for (const org of options.connected ?? []) {
    fake.connected.set(org, { userId: '005x', name: 'Jane Doe', since: NOW });
  }
  const saved = vi.fn();
  const root = await mount(
    <OptionsApp
      api={fakeOptionsApi([]).api}
      initialSection={options.section ?? 'settings'}
      settings={fake.api}
      save={saved}
      managedSettings={options.managed}
    />,
  );
  await flush();
  return { ...fake, root, saved };
}

const part = (root: HTMLElement) =>
  root.querySelector('[aria-labelledby="settings-salesforce-oauth"]') as HTMLElement;
const area = (root: HTMLElement) =>
  root.querySelector('[data-setting="salesforceOAuth"]') as HTMLFieldSetElement;
const radio = (root: HTMLElement, value: string) =>
  root.querySelector<HTMLInputElement>(
    `input[name="settings-salesforce-oauth-mode"][value="${value}"]`,
  ) as HTMLInputElement;
const saveSettings = (root: HTMLElement) =>
  click(root.querySelectorAll<HTMLButtonElement>('button[type="submit"]')[0]);
const orgLine = (root: HTMLElement, org: string) =>
  root.querySelector(`li[data-org="${org}"] .settings__org-line`)?.textContent;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('how agents sign in (the mode)', () => {
  it('shows the two modes, cookie first by default, and saves OAuth only', async () => {
    const { root, stored } = await settingsPage();
    expect(part(root).querySelector('h3')?.textContent).toBe('Salesforce sign-in (OAuth)');
    expect(radio(root, 'cookie-first').checked).toBe(true);
    expect(radio(root, 'cookie-first').closest('label')?.textContent).toBe(
      "Use the agent's browser session first; offer Connect where the org refuses it",
    );
    expect(radio(root, 'oauth-only').closest('label')?.textContent).toBe(
      "Always sign in with the org's app (OAuth only)",
    );
    await click(radio(root, 'oauth-only'));
    expect(root.querySelector('.toolbar__count')?.textContent).toBe('Unsaved changes');
    await saveSettings(root);
    expect(stored().salesforceOAuth.mode).toBe('oauth-only');
    expect(root.querySelector('.toolbar__count')?.textContent).toBe('All changes saved');
  });
});

describe('orgs and their consumer keys', () => {
  it('adds an org with its key and saves it; removes it and saves again', async () => {
    const { root, stored } = await settingsPage();
    expect(part(root).textContent).toContain('None: no org can be connected.');
    await click(button(root, 'Add org'));
    await type(byLabel(root, 'Org 1: its My Domain name'), ' Acme ');
    await type(byLabel(root, 'Org 1: consumer key'), KEY_ACME);
    await saveSettings(root);
    expect(stored().salesforceOAuth.apps).toEqual([{ org: 'acme', consumerKey: KEY_ACME }]);
    // The sign-ins are read again for the saved orgs.
    await flush();
    expect(orgLine(root, 'acme')).toBe('acme: Not connected');
    // The saved form reads back as saved (lowercase, trimmed).
    expect((byLabel(root, 'Org 1: its My Domain name') as HTMLInputElement).value).toBe('acme');

    await click(button(root, 'Add org'));
    await type(byLabel(root, 'Org 2: its My Domain name'), 'globex');
    await type(byLabel(root, 'Org 2: consumer key'), KEY_GLOBEX);
    await click(button(root, 'Remove org 1 (acme)'));
    // The remaining row is renumbered and keeps what was typed.
    expect((byLabel(root, 'Org 1: its My Domain name') as HTMLInputElement).value).toBe('globex');
    expect(document.activeElement?.textContent).toBe('Add org');
    await saveSettings(root);
    expect(stored().salesforceOAuth.apps).toEqual([{ org: 'globex', consumerKey: KEY_GLOBEX }]);
  });

  it('places each problem next to its input, keeps what was typed, and saves nothing', async () => {
    const { root, stored, api } = await settingsPage(withApps);
    await click(button(root, 'Add org'));
    await type(byLabel(root, 'Org 2: its My Domain name'), 'acme');
    await type(byLabel(root, 'Org 2: consumer key'), 'short key');
    await saveSettings(root);
    expect(api.save).not.toHaveBeenCalled();
    const org = byLabel(root, 'Org 2: its My Domain name');
    const key = byLabel(root, 'Org 2: consumer key');
    expect(org.getAttribute('aria-invalid')).toBe('true');
    expect(description(root, org)).toContain('acme is already listed as salesforceOAuth.apps[0]');
    expect(key.getAttribute('aria-invalid')).toBe('true');
    expect(description(root, key)).toContain("paste the External Client App's consumer key");
    expect((key as HTMLInputElement).value).toBe('short key');
    // The summary links to each of them.
    const links = [...root.querySelectorAll('#settings-problems a')].map((a) =>
      a.getAttribute('href'),
    );
    expect(links.sort()).toEqual([
      '#settings-salesforceOAuth-apps-1--consumerKey',
      '#settings-salesforceOAuth-apps-1--org',
    ]);
    expect(stored().salesforceOAuth.apps).toHaveLength(1);
  });

  it('is read-only with "Set by your organisation" when the policy sets it; Connect still works', async () => {
    const { root, api } = await settingsPage(withApps, { managed: new Set(['salesforceOAuth']) });
    const managed = area(root);
    expect(managed.disabled).toBe(true);
    expect(managed.querySelector('.settings__managed')?.textContent).toBe(
      'Set by your organisation',
    );
    expect(managed.contains(radio(root, 'oauth-only'))).toBe(true);
    expect(managed.contains(byLabel(root, 'Org 1: consumer key'))).toBe(true);
    expect(managed.contains(button(root, 'Add org'))).toBe(true);
    // Signing in is this browser's, not a setting: outside the read-only area.
    const connect = button(root, 'Connect acme');
    expect(managed.contains(connect)).toBe(false);
    expect(connect.disabled).toBe(false);
    await click(connect);
    expect(api.connect).toHaveBeenCalledWith('salesforce', 'acme');
    // Other keys stay editable.
    expect((root.querySelector('[data-setting="trust"]') as HTMLFieldSetElement).disabled).toBe(
      false,
    );
  });
});

describe('the settings draft and file keep salesforceOAuth', () => {
  it('round-trips through the form’s draft without losing anything', () => {
    const settings = Settings.parse({
      ...withApps,
      salesforceOAuth: {
        mode: 'oauth-only',
        apps: [
          { org: 'acme', consumerKey: KEY_ACME },
          { org: 'acme--uat.sandbox', consumerKey: KEY_GLOBEX },
        ],
      },
    });
    const draft = draftOf(settings, profileKeys);
    expect(draft.salesforceOAuth.apps.map((a) => a.org)).toEqual(['acme', 'acme--uat.sandbox']);
    expect((inputOf(draft).input as { salesforceOAuth: unknown }).salesforceOAuth).toEqual(
      settings.salesforceOAuth,
    );
    const checked = checkDraft(draft);
    expect(checked.ok && checked.settings).toEqual(settings);
  });

  it('keeps the key when another setting is saved, and in the exported file', async () => {
    const { root, stored, saved } = await settingsPage({
      ...withApps,
      salesforceOAuth: { mode: 'oauth-only', apps: withApps.salesforceOAuth?.apps ?? [] },
    });
    const before = stored().salesforceOAuth;
    await type(byLabel(root, 'Keep the journal for (days)'), '14');
    await saveSettings(root);
    expect(stored().retentionDays).toBe(14);
    expect(stored().salesforceOAuth).toEqual(before);
    await click(button(root, 'Export settings'));
    const [, text] = saved.mock.calls[0] as [string, string];
    expect(JSON.parse(text).salesforceOAuth).toEqual({
      mode: 'oauth-only',
      apps: [{ org: 'acme', consumerKey: KEY_ACME }],
    });
  });
});

describe('the callback URL', () => {
  it('shows the exact URL read-only, with the sentence, and Copy puts it on the clipboard', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { root } = await settingsPage();
    const url = byLabel(root, 'Callback URL') as HTMLInputElement;
    expect(url.value).toBe(FAKE_CALLBACK_URL);
    expect(url.readOnly).toBe(true);
    expect(description(root, url)).toBe(
      "Add this exact URL as the Callback URL of the org's External Client App.",
    );
    await click(button(root, 'Copy'));
    expect(writeText).toHaveBeenCalledWith(FAKE_CALLBACK_URL);
    expect(part(root).textContent).toContain('Copied.');
  });

  it('selects the URL for the keyboard when the clipboard refuses', async () => {
    const writeText = vi.fn(async () => {
      throw new Error('denied');
    });
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { root } = await settingsPage();
    await click(button(root, 'Copy'));
    const url = byLabel(root, 'Callback URL') as HTMLInputElement;
    expect(document.activeElement).toBe(url);
    expect(part(root).textContent).toContain('the URL is selected, press Ctrl+C');
  });
});

describe('this browser’s sign-ins', () => {
  it('connects an org at once, then says as whom and since when', async () => {
    const { root, api } = await settingsPage(withApps);
    expect(orgLine(root, 'acme')).toBe('acme: Not connected');
    await click(button(root, 'Connect acme'));
    expect(api.connect).toHaveBeenCalledExactlyOnceWith('salesforce', 'acme');
    expect(api.save).not.toHaveBeenCalled();
    expect(orgLine(root, 'acme')).toBe(
      `acme: Connected as Jane Doe (jane@acme.example) since ${new Date(NOW).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}`,
    );
    expect(root.querySelector('li[data-org="acme"] [role="status"]')?.textContent).toBe(
      'Connected as Jane Doe.',
    );
    expect(button(root, 'Sign out of acme')).toBeTruthy();
  });

  it('signs out at once (auth:sign-out) and shows the status it answers', async () => {
    const { root, api } = await settingsPage(withApps, { connected: ['acme'] });
    expect(orgLine(root, 'acme')).toContain('acme: Connected as Jane Doe since');
    await click(button(root, 'Sign out of acme'));
    expect(api.signOut).toHaveBeenCalledExactlyOnceWith('salesforce', 'acme');
    expect(orgLine(root, 'acme')).toBe('acme: Not connected');
    expect(root.querySelector('li[data-org="acme"] [role="status"]')?.textContent).toBe(
      "Signed out of acme: this browser's sign-in was revoked at Salesforce.",
    );
    expect(button(root, 'Connect acme')).toBeTruthy();
  });

  it('says plainly why a Connect failed, with the platform’s words behind a disclosure, and can try again', async () => {
    const fake = await settingsPage(withApps);
    fake.answerConnectWith(async () => ({
      connected: false,
      notice: {
        code: 'connect-failed',
        message: `Salesforce refused the sign-in: the app does not list this callback URL. Add ${FAKE_CALLBACK_URL} as its Callback URL, then connect again.`,
        detail: 'redirect_uri_mismatch: redirect_uri must match configuration',
      },
    }));
    await click(button(fake.root, 'Connect acme'));
    const alert = fake.root.querySelector('li[data-org="acme"] [role="alert"]');
    expect(alert?.querySelector('p')?.textContent).toContain(
      `Add ${FAKE_CALLBACK_URL} as its Callback URL`,
    );
    expect(alert?.querySelector('details')?.textContent).toContain('redirect_uri_mismatch');
    expect(orgLine(fake.root, 'acme')).toBe('acme: Not connected');
    expect(button(fake.root, 'Connect acme').disabled).toBe(false);
  });

  it('reads Connecting… and starts nothing more while the sign-in window is open', async () => {
    const fake = await settingsPage(withApps);
    let finish: () => void = () => {};
    fake.answerConnectWith(
      (org) =>
        new Promise((resolve) => {
          finish = () =>
            resolve({
              connected: true,
              platform: 'salesforce',
              org,
              user: { userId: '005x', name: 'Jane Doe' },
            });
        }),
    );
    await click(button(fake.root, 'Connect acme'));
    const pending = button(fake.root, 'Connecting to acme…');
    expect(pending.textContent).toBe('Connecting…');
    expect(pending.disabled).toBe(true);
    await click(pending);
    expect(fake.api.connect).toHaveBeenCalledTimes(1);
    finish();
    await flush();
    expect(orgLine(fake.root, 'acme')).toContain('Connected as Jane Doe since');
  });

  it('shows a refused request’s words, and Try again reads the status again', async () => {
    const fake = await settingsPage(withApps, { section: 'mappings' });
    expect(fake.api.signInStatus).not.toHaveBeenCalled();
    fake.api.signInStatus.mockRejectedValueOnce(new Error('Signing in is not built yet.'));
    await click(fake.root.querySelector('a[href="#settings"]'));
    await flush();
    const alert = part(fake.root).querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(
      "This browser's sign-ins could not be read: Signing in is not built yet.",
    );
    expect((byLabel(fake.root, 'Callback URL') as HTMLInputElement).placeholder).toBe(
      'Not known: see below',
    );
    await click(button(fake.root, 'Try again'));
    expect(orgLine(fake.root, 'acme')).toBe('acme: Not connected');
  });

  it('is asked for only once the section is shown, and the form does not wait for it', async () => {
    const fake = fakeSettingsApi(withApps, [], NOW);
    let answer: (s: SignInStatus) => void = () => {};
    fake.api.signInStatus.mockImplementationOnce(
      () => new Promise<SignInStatus>((resolve) => (answer = resolve)),
    );
    const root = await mount(
      <OptionsApp api={fakeOptionsApi([]).api} initialSection="mappings" settings={fake.api} />,
    );
    expect(fake.api.signInStatus).not.toHaveBeenCalled();
    await click(root.querySelector('a[href="#settings"]'));
    await flush();
    // The form is there, the sign-ins are on their way.
    expect(radio(root, 'cookie-first').checked).toBe(true);
    expect(part(root).textContent).toContain("Looking up this browser's sign-ins…");
    expect((byLabel(root, 'Callback URL') as HTMLInputElement).placeholder).toBe('Looking it up…');
    expect(button(root, 'Copy').disabled).toBe(true);
    answer({ callbackUrl: FAKE_CALLBACK_URL, orgs: [] });
    await flush();
    expect(part(root).textContent).toContain('No org has a consumer key saved yet');
    expect(fake.api.signInStatus).toHaveBeenCalledTimes(1);
  });
});

describe('the words', () => {
  it('names the user once when the platform gives no separate username, and never a token', () => {
    expect(connectionWords(null)).toBe('Not connected');
    const since = Date.UTC(2026, 0, 5, 10, 30);
    const words = connectionWords({ userId: '005x', name: 'jane@acme.example', since });
    expect(words).toMatch(/^Connected as jane@acme\.example since /);
    expect(
      connectionWords({
        userId: '005x',
        name: 'jane@acme.example',
        username: 'jane@acme.example',
        since,
      }),
    ).toBe(words);
  });
});
