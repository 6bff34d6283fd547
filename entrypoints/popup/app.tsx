import { render } from 'preact';
import { browser } from 'wxt/browser';
import { FIRST_ASKED } from '@/components/popup/list-sizes';
import { MappingsPanel } from '@/components/popup/MappingsPanel';
import type { MappingsApi } from '@/components/popup/mappings-api';
import type { Mapping } from '@/lib/mapping/schema';
import { takeOnce } from '@/lib/messaging/early';
import { request } from '@/lib/messaging/request';
import { apiKeyPlatform } from '@/lib/platforms/descriptor-registry';
import type { FieldSpec } from '@/lib/platforms/types';

/** The platform the popup's API keys are for (`setCredential` names none: see apiKeyPlatform). */
function apiKeyPlatformId(): string {
  const keyed = apiKeyPlatform();
  if (!keyed) throw new Error('No platform takes API keys.');
  return keyed.id;
}

/** The requests main.tsx sent before this code loaded: each answers the panel's first call. */
export interface EarlyRequests {
  /** For the remembered target (`platform:object`): its first mappings and its fields. */
  target?: { key: string; firstRows: Promise<Mapping[]>; fields: Promise<FieldSpec[]> };
}

export function start(early: EarlyRequests) {
  const firstRows = takeOnce(early.target?.firstRows, early.target?.key);
  const fields = takeOnce(early.target?.fields, early.target?.key);
  const api: MappingsApi = {
    list: () => request({ type: 'mappings:list' }),
    firstRows: (platform, object, limit) =>
      firstRows(
        () => request({ type: 'mappings:list', platform, object, limit }),
        limit === FIRST_ASKED ? `${platform}:${object}` : '',
      ),
    save: (mapping) => request({ type: 'mappings:save', mapping }),
    remove: async (id) => {
      await request({ type: 'mappings:delete', id });
    },
    fields: (platform, object) =>
      fields(() => request({ type: 'catalog:fields', platform, object }), `${platform}:${object}`),
    credentials: () => request({ type: 'credentials:list' }),
    setCredential: (org, apiKey) =>
      request({ type: 'credentials:set', platform: apiKeyPlatformId(), org, apiKey }),
    policyStatus: () => request({ type: 'policy:status' }),
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
}
