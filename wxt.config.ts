import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Least privilege: the Lightning console pages (content script, the org id in their `sid`) and the
// My Domain API hosts (REST calls, the API `sid`) — nothing wider. README "Permissions" explains each.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Handoff Fields',
    description:
      'Fills the custom fields of the Case a chatbot handed off, from the context the bot posted.',
    permissions: ['cookies'],
    host_permissions: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'],
    action: { default_title: 'Handoff Fields mappings' },
  },
});
