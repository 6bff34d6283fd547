import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { preloadFirstScreen } from './lib/build/preload-first-screen';
import { platformDescriptors } from './lib/platforms/descriptor-registry';

// Least privilege: each platform's console pages and API hosts, as its descriptor lists them
// (`hostPermissions` in lib/platforms/<platform>/descriptor.ts: for Salesforce the Lightning pages and
// the My Domain API hosts, for Kustomer the desktop and API hosts) — nothing wider. README
// "Permissions" explains each.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Parallel builds (several worktrees or tools at once) each get their own output folder.
  outDir: process.env.HF_OUT_DIR ?? '.output',
  manifestVersion: 3,
  vite: () => ({ plugins: [preact(), preloadFirstScreen()] }),
  manifest: {
    name: 'Handoff Fields',
    description:
      'Fills the custom fields of the Salesforce Case or Kustomer conversation a chatbot handed off, from the context the bot posted.',
    permissions: ['cookies', 'alarms', 'storage'],
    host_permissions: platformDescriptors().flatMap((p) => p.hostPermissions),
    action: { default_title: 'Handoff Fields mappings' },
    // The organisation's policy (README "Deploying to a team"): Chrome and Edge check what admins
    // set against this schema before the extension reads it from storage.managed. Each policy is
    // a file's JSON text, so that the extension judges all of it (lib/settings/policy.ts).
    storage: { managed_schema: 'managed_schema.json' },
  },
});
