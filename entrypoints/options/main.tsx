import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { OptionsApi } from '@/components/options/api';
import { OptionsApp } from '@/components/options/OptionsApp';
import { request } from '@/lib/messaging/client';
import { consoleTabPatterns } from '@/lib/platforms/console-tabs';

const api: OptionsApi = {
  list: () => request({ type: 'mappings:list' }),
  save: (mapping) => request({ type: 'mappings:save', mapping }),
  remove: async (id) => {
    await request({ type: 'mappings:delete', id });
  },
  setEnabled: (ids, enabled) => request({ type: 'mappings:enable', ids, enabled }),
  importFile: (file, mode) => request({ type: 'mappings:import', file, mode }),
  catalogs: () => request({ type: 'catalog:list' }),
  importCatalog: (platform, org) => request({ type: 'catalog:import', platform, org }),
  pasteCatalog: (org, json) => request({ type: 'catalog:paste', org, json }),
  preview: (bench) => request({ type: 'bench:preview', ...bench }),
  // The host permissions let the extension read the addresses of these tabs: no `tabs` permission.
  consoleTabs: async (platform) =>
    (await browser.tabs.query({ url: consoleTabPatterns[platform] })).flatMap((tab) =>
      tab.url ? [tab.url] : [],
    ),
};

render(<OptionsApp api={api} />, document.getElementById('app') as HTMLElement);
