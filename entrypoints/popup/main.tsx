import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { MappingsApi } from '@/components/popup/api';
import { MappingsPanel } from '@/components/popup/MappingsPanel';
import { request } from '@/lib/messaging/client';

const api: MappingsApi = {
  list: () => request({ type: 'mappings:list' }),
  save: (mapping) => request({ type: 'mappings:save', mapping }),
  remove: async (id) => {
    await request({ type: 'mappings:delete', id });
  },
  fields: (platform, object) => request({ type: 'catalog:fields', platform, object }),
  credentials: () => request({ type: 'credentials:list' }),
  setCredential: (org, apiKey) =>
    request({ type: 'credentials:set', platform: 'kustomer', org, apiKey }),
};

render(
  <MappingsPanel
    api={api}
    editorHref={browser.runtime.getURL('/options.html')}
    onOpenEditor={() => {
      void browser.runtime.openOptionsPage().then(() => window.close());
    }}
  />,
  document.getElementById('app') as HTMLElement,
);
