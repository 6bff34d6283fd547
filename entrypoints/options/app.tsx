import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { DiagnosticsApi } from '@/components/options/DiagnosticsSection';
import type { JournalApi } from '@/components/options/journal-api';
import { OptionsApp } from '@/components/options/OptionsApp';
import type { OptionsApi } from '@/components/options/options-api';
import type { SettingsApi } from '@/components/options/settings-api';
import type { FirstScreen } from '@/lib/mapping/table-order';
import { takeOnce } from '@/lib/messaging/early';
import { request } from '@/lib/messaging/request';
import { consoleTabPatterns } from '@/lib/platforms/console-tabs';
import { apiKeyPlatform } from '@/lib/platforms/descriptor-registry';

/** The requests main.tsx sent before this code loaded: each answers the page's first call. */
export interface EarlyRequests {
  /** How many rows the table's first screen has in this window. */
  limit: number;
  firstScreen: Promise<FirstScreen>;
}

export function start(early: EarlyRequests) {
  const firstScreen = takeOnce(early.firstScreen);
  const api: OptionsApi = {
    list: () => request({ type: 'mappings:list' }),
    firstScreen: () =>
      firstScreen(() => request({ type: 'mappings:first-screen', limit: early.limit })),
    save: (mapping) => request({ type: 'mappings:save', mapping }),
    remove: async (id) => {
      await request({ type: 'mappings:delete', id });
    },
    setEnabled: (ids, enabled) => request({ type: 'mappings:enable', ids, enabled }),
    importFile: (file, mode) => request({ type: 'mappings:import', file, mode }),
    catalogs: () => request({ type: 'catalog:list' }),
    importCatalog: (platform, org) => request({ type: 'catalog:import', platform, org }),
    pasteCatalog: (org, json) => request({ type: 'catalog:paste', org, json }),
    // One request, two answers: a conversation's (`handoffs`) only for `messages`.
    preview: async (bench) => {
      const answer = await request({ type: 'bench:preview', ...bench });
      if ('handoffs' in answer) throw new Error('The extension answered for a conversation.');
      return answer;
    },
    previewConversation: async (bench) => {
      const answer = await request({ type: 'bench:preview', ...bench });
      if (!('handoffs' in answer)) throw new Error('The extension answered for one message.');
      return answer;
    },
    // The host permissions let the extension read the addresses of these tabs: no `tabs` permission.
    consoleTabs: async (platform) =>
      (await browser.tabs.query({ url: consoleTabPatterns(platform) })).flatMap((tab) =>
        tab.url ? [tab.url] : [],
      ),
    policyStatus: () => request({ type: 'policy:status' }),
  };

  const journal: JournalApi = {
    query: (query) => request({ type: 'journal:query', ...query }),
    entry: (id) => request({ type: 'journal:entry', id }),
    exportFile: (filters, format) => request({ type: 'journal:export', filters, format }),
  };

  // "What it sees": the console tabs' content scripts answer this page (tabs.sendMessage).
  const diagnostics: DiagnosticsApi = {
    tabs: browser.tabs,
    sources: (record) => request({ type: 'diagnostics:sources', record }),
  };

  const settings: SettingsApi = {
    get: () => request({ type: 'settings:get' }),
    save: (file) => request({ type: 'settings:save', settings: file }),
    testToken: (trust, message) => request({ type: 'settings:test-token', trust, message }),
    knownAudiences: () => request({ type: 'settings:known-audiences' }),
    credentials: () => request({ type: 'credentials:list' }),
    // The one platform whose auth takes API keys (the section is shown for it only).
    setCredential: (org, apiKey) =>
      request({ type: 'credentials:set', platform: apiKeyPlatform()?.id ?? '', org, apiKey }),
    // This browser's sign-ins (Salesforce OAuth): they act at once, not through Save.
    signInStatus: () => request({ type: 'auth:status' }),
    connect: (platform, org) => request({ type: 'auth:connect', platform, org }),
    signOut: (platform, org) => request({ type: 'auth:sign-out', platform, org }),
  };

  render(
    <OptionsApp api={api} journal={journal} diagnostics={diagnostics} settings={settings} />,
    document.getElementById('app') as HTMLElement,
  );
}
