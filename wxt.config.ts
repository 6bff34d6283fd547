import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { panelCommand } from './lib/background/panel-shortcut';
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
    // The agent's shortcut for the panel (lib/background/panel-shortcut.ts).
    commands: panelCommand,
  },
});
