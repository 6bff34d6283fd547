import { render } from 'preact';
import type { MappingsApi } from '@/components/popup/api';
import { MappingsPanel } from '@/components/popup/MappingsPanel';
import { request } from '@/lib/messaging/client';

const api: MappingsApi = {
  list: () => request({ type: 'mappings:list', platform: 'salesforce' }),
  save: (mapping) => request({ type: 'mappings:save', mapping }),
  remove: async (id) => {
    await request({ type: 'mappings:delete', id });
  },
  fields: (object) => request({ type: 'catalog:fields', platform: 'salesforce', object }),
};

render(<MappingsPanel api={api} />, document.getElementById('app') as HTMLElement);
