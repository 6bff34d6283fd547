import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Least privilege: the Lightning console pages (content script, the org id in their `sid`), the
// My Domain API hosts (REST calls, the API `sid`) and Kustomer's desktop and API hosts (content
// script, session cookies, API calls) — nothing wider. README "Permissions" explains each.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Parallel builds (several worktrees or tools at once) each get their own output folder.
  outDir: process.env.HF_OUT_DIR ?? '.output',
  manifestVersion: 3,
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Handoff Fields',
    description:
      'Fills the custom fields of the Salesforce Case or Kustomer conversation a chatbot handed off, from the context the bot posted.',
    permissions: ['cookies', 'alarms'],
    host_permissions: [
      'https://*.lightning.force.com/*',
      'https://*.my.salesforce.com/*',
      'https://*.kustomerapp.com/*',
    ],
    action: { default_title: 'Handoff Fields mappings' },
  },
});
