import { describe, expect, it, vi } from 'vitest';
import { MappingsPanel } from '../../../components/popup/MappingsPanel';
import type { MappingsApi } from '../../../components/popup/mappings-api';
import { type ChoiceStorage, TARGET_STORAGE_KEY } from '../../../components/popup/targets';
import { savedDate } from '../../../components/shared/ApiKeyAccess';
import { checkCredential, orgFromInput } from '../../../components/shared/credential-check';
import { errorsFromRefusal } from '../../../components/shared/credentials';
import { Mapping } from '../../../lib/mapping/schema';
import type { CredentialHint } from '../../../lib/messaging/protocol';
import { kustomerDescriptor } from '../../../lib/platforms/kustomer/descriptor';
import { button, byLabel, click, description, mount, type } from './dom';

const KEY = 'kst_live_9f8e7d6c5b4a39281706QRST';
const SAVED_AT = Date.UTC(2026, 2, 14, 9, 30);

/** A popup storage that remembers a Kustomer choice, so the panel opens on Kustomer. */
const kustomerChoice = (): ChoiceStorage => {
  const data = new Map([[TARGET_STORAGE_KEY, 'kustomer:conversation']]);
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

/** An in-memory background holding API keys the way the real one answers: hints only. */
function fakeApi(initial: CredentialHint[] = []) {
  let hints = [...initial];
  const api = {
    list: vi.fn(async () => [] as Mapping[]),
    save: vi.fn(async (m: unknown) => Mapping.parse(m)),
    remove: vi.fn(async (_id: string) => {}),
    fields: vi.fn(async () => []),
    credentials: vi.fn(async () => [...hints]),
    setCredential: vi.fn(async (org: string, apiKey: string | null) => {
      hints = hints.filter((h) => h.org !== org);
      if (apiKey !== null)
        hints.push({ platform: 'kustomer', org, last4: apiKey.slice(-4), savedAt: SAVED_AT });
      return [...hints];
    }),
  } satisfies MappingsApi;
  return api;
}

async function openAccess(api: MappingsApi) {
  const root = await mount(<MappingsPanel api={api} storage={kustomerChoice()} />);
  await click(button(root, 'Kustomer access'));
  const section = root.querySelector<HTMLElement>('section.access');
  if (!section) throw new Error('no Kustomer access section');
  return { root, section };
}

const orgInput = (s: HTMLElement) => byLabel(s, 'Kustomer org') as HTMLInputElement;
const keyInput = (s: HTMLElement) => byLabel(s, 'API key') as HTMLInputElement;
/** What a sighted admin reads: the text without the screen-reader-only words. */
const visibleText = (el: Element) => {
  const copy = el.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
  return copy.textContent ?? '';
};
const listed = (s: HTMLElement) => [...s.querySelectorAll('li.cred .cred__text')].map(visibleText);

describe('Kustomer access', () => {
  it('explains how the extension writes, collapsed until opened', async () => {
    const root = await mount(<MappingsPanel api={fakeApi()} storage={kustomerChoice()} />);
    const toggle = button(root, 'Kustomer access');
    const body = root.querySelector<HTMLElement>(`[id="${toggle.getAttribute('aria-controls')}"]`);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(body?.hidden).toBe(true);
    expect(root.querySelector('.access__summary')?.textContent).toBe('as the signed-in agent');

    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(body?.hidden).toBe(false);
    expect(body?.textContent).toContain('writes to Kustomer as the signed-in agent');
    expect(body?.textContent).toContain('restricted API key');
    expect(body?.textContent).toContain('never shown again in full');
    expect(body?.textContent).toContain('No API keys stored');
    const key = keyInput(body as HTMLElement);
    expect(key.type).toBe('password');
    expect(key.getAttribute('autocomplete')).toBe('off');
  });

  it('stores a key, then shows only its last four characters', async () => {
    const api = fakeApi();
    const { root, section } = await openAccess(api);
    await type(orgInput(section), 'https://Acme.kustomerapp.com/app/conversations');
    await type(keyInput(section), `  ${KEY} `);
    await click(button(section, 'Save key'));

    expect(api.setCredential).toHaveBeenCalledWith('acme', KEY);
    expect(keyInput(section).value).toBe('');
    expect(orgInput(section).value).toBe('');
    expect(listed(section)).toEqual([`acme · ••••QRST · saved ${savedDate(SAVED_AT)}`]);
    // A screen reader hears the words the dots stand for.
    expect(section.querySelector('li.cred')?.textContent).toContain('key ending in ••••QRST');
    expect(section.querySelector('time')?.getAttribute('dateTime')).toBe(
      new Date(SAVED_AT).toISOString(),
    );
    expect(section.querySelector('[role="status"]')?.textContent).toContain(
      'API key stored for acme: used where Kustomer refuses the agent’s session',
    );
    expect(root.querySelector('.access__summary')?.textContent).toBe('API key for 1 org');

    // Nowhere in the page: not in the markup, not in any input's value.
    expect(document.body.innerHTML).not.toContain(KEY);
    expect(document.body.textContent).not.toContain(KEY.slice(0, -4));
    for (const input of document.querySelectorAll('input')) expect(input.value).not.toContain(KEY);
  });

  it('says that saving for an org with a key replaces it', async () => {
    const api = fakeApi([{ platform: 'kustomer', org: 'acme', last4: 'WXYZ', savedAt: SAVED_AT }]);
    const { section } = await openAccess(api);
    const org = orgInput(section);
    expect(description(section, org)).toContain('The first part of <org>.kustomerapp.com.');
    await type(org, 'ACME');
    expect(description(section, org)).toContain('acme has a key (••••WXYZ): saving replaces it.');
  });

  it('checks the org and the key before sending, next to each input', async () => {
    const api = fakeApi();
    const { section } = await openAccess(api);
    await click(button(section, 'Save key'));
    expect(api.setCredential).not.toHaveBeenCalled();
    expect(orgInput(section).getAttribute('aria-invalid')).toBe('true');
    expect(description(section, orgInput(section))).toContain('enter the org');
    expect(description(section, keyInput(section))).toContain('paste the API key');
    expect(document.activeElement).toBe(orgInput(section));

    await type(orgInput(section), 'acme corp');
    expect(orgInput(section).getAttribute('aria-invalid')).toBeNull();
    await type(keyInput(section), 'short');
    await click(button(section, 'Save key'));
    expect(api.setCredential).not.toHaveBeenCalled();
    expect(description(section, orgInput(section))).toContain(
      'the org is the first part of its kustomerapp.com host',
    );
    expect(description(section, keyInput(section))).toContain('an API key is a long token');
    expect(orgInput(section).value).toBe('acme corp');
  });

  it('shows a refusal of the key next to the key input, keeping the org', async () => {
    const api = fakeApi();
    api.setCredential.mockRejectedValueOnce(
      new Error('Invalid request: ✖ an API key is a long token; paste all of it\n  → at apiKey'),
    );
    const { section } = await openAccess(api);
    await type(orgInput(section), 'acme');
    await type(keyInput(section), KEY);
    await click(button(section, 'Save key'));

    expect(api.setCredential).toHaveBeenCalledTimes(1);
    const key = keyInput(section);
    expect(key.getAttribute('aria-invalid')).toBe('true');
    expect(key.closest('.form-row')?.querySelector('.form-error')?.textContent).toBe(
      'an API key is a long token; paste all of it',
    );
    expect(orgInput(section).getAttribute('aria-invalid')).toBeNull();
    expect(orgInput(section).value).toBe('acme');
    expect(key.value).toBe(KEY); // cleared on success only
    expect(document.activeElement).toBe(key);
    expect(listed(section)).toEqual([]);
  });

  it('shows a refusal of the org next to the org input, keeping what was typed', async () => {
    const api = fakeApi();
    api.setCredential.mockRejectedValueOnce(
      new Error(
        'Invalid request: ✖ the org is the first part of its kustomerapp.com host\n  → at org',
      ),
    );
    const { section } = await openAccess(api);
    await type(orgInput(section), 'acme-');
    await type(keyInput(section), KEY);
    await click(button(section, 'Save key'));

    const org = orgInput(section);
    expect(org.value).toBe('acme-');
    expect(org.closest('.form-row')?.querySelector('.form-error')?.textContent).toBe(
      'the org is the first part of its kustomerapp.com host',
    );
    expect(keyInput(section).getAttribute('aria-invalid')).toBeNull();

    // Fixing the org clears its error; the retry goes through.
    await type(org, 'acme');
    expect(org.getAttribute('aria-invalid')).toBeNull();
    await click(button(section, 'Save key'));
    expect(api.setCredential).toHaveBeenLastCalledWith('acme', KEY);
    expect(keyInput(section).value).toBe('');
  });

  it('shows any other refusal under the form, keeping both inputs', async () => {
    const api = fakeApi();
    api.setCredential.mockRejectedValueOnce(new Error('The extension storage is full.'));
    const { section } = await openAccess(api);
    await type(orgInput(section), 'acme');
    await type(keyInput(section), KEY);
    await click(button(section, 'Save key'));
    expect(section.querySelector('form [role="alert"]')?.textContent).toBe(
      'Not stored. The extension storage is full.',
    );
    expect(orgInput(section).value).toBe('acme');
    expect(keyInput(section).value).toBe(KEY);
  });

  it('removes a key only after the inline confirmation', async () => {
    const api = fakeApi([
      { platform: 'kustomer', org: 'beta', last4: '1234', savedAt: SAVED_AT },
      { platform: 'kustomer', org: 'acme', last4: 'WXYZ', savedAt: SAVED_AT },
    ]);
    const { root, section } = await openAccess(api);
    expect(listed(section).map((t) => t?.split(' · ')[0])).toEqual(['acme', 'beta']);
    expect(root.querySelector('.access__summary')?.textContent).toBe('API key for 2 orgs');
    const row = section.querySelector<HTMLElement>('li[data-org="acme"]') as HTMLElement;

    await click(button(row, 'Remove the API key for acme'));
    expect(api.setCredential).not.toHaveBeenCalled();
    expect(row.querySelector('.confirm')?.textContent).toContain('Remove the API key for acme?');
    expect(document.activeElement?.textContent).toBe('Cancel');
    await click(button(row, 'Cancel'));
    expect(row.querySelector('.confirm')).toBeNull();
    expect(document.activeElement).toBe(button(row, 'Remove the API key for acme'));

    await click(button(row, 'Remove the API key for acme'));
    await click(button(row, 'Remove key'));
    expect(api.setCredential).toHaveBeenCalledWith('acme', null);
    expect(section.querySelector('li[data-org="acme"]')).toBeNull();
    expect(listed(section).map((t) => t?.split(' · ')[0])).toEqual(['beta']);
    expect(section.querySelector('[role="status"]')?.textContent).toContain(
      'API key for acme removed',
    );
    expect(document.activeElement).toBe(orgInput(section));
  });

  it('says so when a removal is refused, and keeps the key listed', async () => {
    const api = fakeApi([{ platform: 'kustomer', org: 'acme', last4: 'WXYZ', savedAt: SAVED_AT }]);
    api.setCredential.mockRejectedValueOnce(new Error('The extension did not answer.'));
    const { section } = await openAccess(api);
    await click(button(section, 'Remove the API key for acme'));
    await click(button(section, 'Remove key'));
    expect(section.querySelector('[role="alert"]')?.textContent).toBe(
      'Not removed. The extension did not answer.',
    );
    expect(section.querySelector('li[data-org="acme"]')).not.toBeNull();
  });

  it('offers to load the keys again when the list fails', async () => {
    const api = fakeApi([{ platform: 'kustomer', org: 'acme', last4: 'WXYZ', savedAt: SAVED_AT }]);
    api.credentials.mockRejectedValueOnce(new Error('Handoff Fields did not answer.'));
    const { section } = await openAccess(api);
    expect(section.querySelector('[role="alert"]')?.textContent).toBe(
      'Handoff Fields did not answer.',
    );
    await click(button(section, 'Load the API keys again'));
    expect(listed(section)).toHaveLength(1);
  });

  it('keeps its state when switching between Kustomer objects', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} storage={kustomerChoice()} />);
    await click(button(root, 'Kustomer access'));
    await click(
      byLabel(root.querySelector('fieldset.targets') as HTMLElement, 'Kustomer · Customer'),
    );
    expect(button(root, 'Kustomer access').getAttribute('aria-expanded')).toBe('true');
    expect(api.credentials).toHaveBeenCalledTimes(1);
  });
});

describe('credential checks', () => {
  it('reads the org from a name, a host or a desktop address', () => {
    expect(orgFromInput(kustomerDescriptor, ' Acme ')).toBe('acme');
    expect(orgFromInput(kustomerDescriptor, 'acme.kustomerapp.com')).toBe('acme');
    expect(orgFromInput(kustomerDescriptor, 'acme.api.kustomerapp.com')).toBe('acme');
    expect(
      orgFromInput(kustomerDescriptor, 'https://acme-eu.kustomerapp.com/app/customers/1/event/2'),
    ).toBe('acme-eu');
    expect(orgFromInput(kustomerDescriptor, 'acme.example.com')).toBe('acme.example.com');
    expect(checkCredential(kustomerDescriptor, 'acme.example.com', KEY)).toMatchObject({
      ok: false,
      errors: { org: 'the org is the first part of its kustomerapp.com host' },
    });
    expect(checkCredential(kustomerDescriptor, 'ACME', ` ${KEY}\n`)).toEqual({
      ok: true,
      org: 'acme',
      apiKey: KEY,
    });
  });

  it('places the background’s refusals by input', () => {
    expect(
      errorsFromRefusal(
        new Error(
          'Invalid request: ✖ the org is the first part of its kustomerapp.com host\n  → at org\n✖ an API key is a long token; paste all of it\n  → at apiKey',
        ),
      ),
    ).toEqual({
      org: 'the org is the first part of its kustomerapp.com host',
      apiKey: 'an API key is a long token; paste all of it',
    });
    expect(
      errorsFromRefusal(new Error('Invalid request: ✖ Invalid input\n  → at platform')),
    ).toEqual({ form: 'Invalid input' });
    expect(errorsFromRefusal(new Error('Storage is full.'))).toEqual({ form: 'Storage is full.' });
    expect(errorsFromRefusal('nothing')).toEqual({
      form: 'The extension did not answer. Try again.',
    });
  });
});
