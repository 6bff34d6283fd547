/**
 * The content scripts use the browser's own extension API, not webextension-polyfill.
 *
 * The polyfill (the `@wxt-dev/webextension-polyfill` module aliases `wxt/browser` to it) gives
 * Chrome's callback APIs promises and lets an `onMessage` listener answer with a promise. The
 * background and the extension's pages rely on that; a content script does not: it calls
 * `runtime.sendMessage` and `storage.local.get`/`set`, which return promises natively in Manifest
 * V3 (Chrome, Edge) and in Firefox, and its `onMessage` listeners answer with `sendResponse`
 * (lib/sensor/own-messages.ts). Without the alias, WXT's own `wxt/browser` is
 * `globalThis.browser` (Firefox) or `globalThis.chrome`. The polyfill was 2.8 KB of each content
 * script's 30 KB gzip budget, loaded on every console page.
 */

import type { InlineConfig } from 'vite';

interface Entry {
  type: string;
}

const POLYFILLED = 'wxt/browser';

/** For WXT's `vite:build:extendConfig` hook: drops the polyfill's alias from a content-script build. */
export function nativeBrowserInContentScripts(
  entrypoints: readonly Entry[],
  config: InlineConfig,
): void {
  const contentScripts =
    entrypoints.length > 0 && entrypoints.every((e) => e.type === 'content-script');
  const alias = config.resolve?.alias;
  if (!contentScripts || !alias || !config.resolve) return;
  if (Array.isArray(alias)) {
    config.resolve.alias = alias.filter((a) => a.find !== POLYFILLED);
  } else {
    const { [POLYFILLED]: _polyfill, ...rest } = alias as Record<string, string>;
    config.resolve.alias = rest;
  }
}
