import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Host permissions are the Salesforce hosts the adapter talks to (platform-facts: Lightning pages,
// My Domain API, Setup) — nothing wider. Each permission is explained in README "Permissions".
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Handoff Fields',
    description:
      'Fills the custom fields of the Case a chatbot handed off, from the context the bot posted.',
    permissions: ['cookies', 'storage'],
    host_permissions: ['https://*.salesforce.com/*', 'https://*.force.com/*'],
    action: { default_title: 'Handoff Fields mappings' },
  },
});
