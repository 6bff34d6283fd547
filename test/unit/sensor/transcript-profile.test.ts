/** Transcript profiles: the shipped values with an admin's override, and how it reaches a console tab. */
import { describe, expect, it, vi } from 'vitest';
import { backgroundServices } from '@/lib/background/services';
import { createRouter } from '@/lib/messaging/router';
import { salesforceProfile } from '@/lib/platforms/salesforce/transcript';
import { profileWithOverride, selectorParses } from '@/lib/platforms/transcript-profile';
import {
  loadOverride,
  onOverrideChange,
  overrideFor,
  PROFILES_STORAGE_KEY,
  type ProfileStorage,
} from '@/lib/sensor/profile-override';
import { openHandoffDb } from '@/lib/store/db';

describe('profileWithOverride', () => {
  it('is the shipped profile without an override', () => {
    const { profile, problems } = profileWithOverride(salesforceProfile, undefined);
    expect(profile).toEqual(salesforceProfile.defaults);
    expect(problems).toEqual([]);
  });

  it('takes each usable value and the bot names, and keeps the default for the others', () => {
    const { profile, problems } = profileWithOverride(salesforceProfile, {
      values: {
        meta: '.chatMeta',
        text: 'div[',
        inbound: 'in bound',
        outboundAgent: 'agent-text',
        metaSeparator: ' | ',
        list: '   ',
        colour: 'red',
      },
      botNames: ['  Acme Helper ', ''],
    });
    expect(profile.values.meta).toBe('.chatMeta');
    expect(profile.values.outboundAgent).toBe('agent-text');
    expect(profile.values.metaSeparator).toBe(' | ');
    expect(profile.values.text).toBe(salesforceProfile.defaults.values.text);
    expect(profile.values.inbound).toBe(salesforceProfile.defaults.values.inbound);
    expect(profile.values.list).toBe(salesforceProfile.defaults.values.list);
    expect(profile.botNames).toEqual(['Acme Helper']);
    expect(problems).toEqual([
      {
        key: 'text',
        value: 'div[',
        message: "'text' is not a CSS selector this browser can read: the default is used",
      },
      {
        key: 'inbound',
        value: 'in bound',
        message:
          "'inbound' is not a single class name (letters, digits, - and _, no spaces or dots): the default is used",
      },
      { key: 'list', value: '   ', message: "'list' is empty: the default is used" },
      { key: 'colour', value: 'red', message: "'colour' is not a key of this platform's profile" },
    ]);
  });

  it('keeps the shipped bot names when the override lists none', () => {
    expect(profileWithOverride(salesforceProfile, { botNames: [' '] }).profile.botNames).toEqual(
      salesforceProfile.defaults.botNames,
    );
  });

  it('checks selectors with the document’s own parser', () => {
    expect(selectorParses('li.slds-chat-listitem > .x[data-y="z"]')).toBe(true);
    expect(selectorParses('li[')).toBe(false);
    expect(selectorParses('')).toBe(false);
  });
});

describe('the override in a console tab', () => {
  it('reads one platform’s override out of storage, ignoring what has another shape', () => {
    const stored = {
      salesforce: { values: { meta: '.m' }, botNames: ['Acme Helper'] },
      kustomer: { values: { body: 7 }, botNames: 'Ada' },
    };
    expect(overrideFor(stored, 'salesforce')).toEqual({
      values: { meta: '.m' },
      botNames: ['Acme Helper'],
    });
    expect(overrideFor(stored, 'kustomer')).toBeUndefined();
    expect(overrideFor(stored, 'toString')).toBeUndefined();
    expect(overrideFor(null, 'salesforce')).toBeUndefined();
    expect(overrideFor('x', 'salesforce')).toBeUndefined();
  });

  it('loads it, follows each save, and stops with the page', async () => {
    const storage = fakeStorage();
    expect(await loadOverride(storage, 'salesforce')).toBeUndefined();
    await storage.set({ [PROFILES_STORAGE_KEY]: { salesforce: { botNames: ['A'] } } });
    expect(await loadOverride(storage, 'salesforce')).toEqual({ botNames: ['A'] });

    const seen: unknown[] = [];
    const page = new AbortController();
    onOverrideChange(storage, 'salesforce', page.signal, (o) => seen.push(o));
    await storage.set({ [PROFILES_STORAGE_KEY]: { salesforce: { botNames: ['B'] } } });
    await storage.set({ other: 1 });
    page.abort();
    await storage.set({ [PROFILES_STORAGE_KEY]: {} });
    expect(seen).toEqual([{ botNames: ['B'] }]);
  });

  it('is what the background mirrors from the settings, at start and on every save', async () => {
    const storage = fakeStorage();
    const db = await openHandoffDb(`profile-mirror-${Math.random()}`);
    const services = backgroundServices({
      db,
      cookies: { get: async () => null, getAll: async () => [] } as never,
      localStorage: storage,
    });
    const route = createRouter(services.handlers);
    const reply = await route(
      {
        type: 'settings:save',
        settings: {
          format: 'handoff-fields/settings',
          version: 1,
          transcriptProfiles: { salesforce: { botNames: ['Acme Helper'] } },
        },
      },
      'extension-page',
    );
    expect(reply.ok).toBe(true);
    expect(await loadOverride(storage, 'salesforce')).toEqual({ botNames: ['Acme Helper'] });
    // The worker started again (a browser start): the tabs' copy is written from the settings.
    const fresh = fakeStorage();
    backgroundServices({
      db,
      cookies: { get: async () => null, getAll: async () => [] } as never,
      localStorage: fresh,
    });
    await vi.waitFor(async () =>
      expect(await loadOverride(fresh, 'salesforce')).toEqual({ botNames: ['Acme Helper'] }),
    );
  });
});

function fakeStorage(): ProfileStorage & { set(items: Record<string, unknown>): Promise<void> } {
  const data: Record<string, unknown> = {};
  type Listener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;
  const listeners = new Set<Listener>();
  return {
    local: { get: async (key) => (key in data ? { [key]: data[key] } : {}) },
    async set(items) {
      const changes: Record<string, { newValue?: unknown }> = {};
      for (const [k, v] of Object.entries(items)) {
        data[k] = structuredClone(v);
        changes[k] = { newValue: structuredClone(v) };
      }
      for (const l of listeners) l(changes, 'local');
    },
    onChanged: {
      addListener: (l) => listeners.add(l),
      removeListener: (l) => listeners.delete(l),
    },
  };
}
