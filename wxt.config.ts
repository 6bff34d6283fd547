import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { panelCommand } from './lib/background/panel-shortcut';
import { firefoxBrowserSpecificSettings } from './lib/build/browser-specific-settings';
import { nativeBrowserInContentScripts } from './lib/build/native-browser-in-content-scripts';
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
  // The icons (public/icon/<size>.png) are listed by WXT as the manifest's `icons`.
  manifest: {
    name: 'Handoff Fields',
    description:
      'Fills the custom fields of the Salesforce Case or Kustomer conversation a chatbot handed off, from the context the bot posted.',
    // `identity`: the sign-in window for orgs that refuse the cookie session (Salesforce OAuth
    // with PKCE, browser.identity.launchWebAuthFlow) — Chromium and Firefox alike.
    permissions: ['cookies', 'alarms', 'storage', 'identity'],
    host_permissions: platformDescriptors().flatMap((p) => p.hostPermissions),
    action: {
      default_title: 'Handoff Fields mappings',
      default_icon: { 16: 'icon/16.png', 32: 'icon/32.png' },
    },
    // The agent's shortcut for the panel (lib/background/panel-shortcut.ts).
    commands: panelCommand,
    // The organisation's policy (README "Deploying to a team"): Chrome and Edge check what admins
    // set against this schema before the extension reads it from storage.managed. Each policy is
    // a file's JSON text, so that the extension judges all of it (lib/settings/policy.ts).
    storage: { managed_schema: 'managed_schema.json' },
  },
  hooks: {
    // The polyfill for the background and the pages; the content scripts use the browser's own API.
    'vite:build:extendConfig': nativeBrowserInContentScripts,
    // Firefox's own keys (add-on id, data declaration, minimum versions) in its build alone.
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.browser === 'firefox')
        Object.assign(manifest, { browser_specific_settings: firefoxBrowserSpecificSettings() });
    },
  },
  // `npm run zip` (README "Store packages"): the Chrome/Edge and Firefox packages, and for AMO's
  // review the sources a reviewer rebuilds them from. WXT leaves out dot-files, node_modules,
  // test files and the output folder; the rest of the tests and the images (screenshots, store
  // art: the icons the build needs are in public/) are not needed to build either.
  zip: {
    excludeSources: ['test/**', 'vitest.config.ts', 'artifacts/**', 'docs/**/*.png'],
  },
});
