import { describe, expect, it } from 'vitest';
import { nativeBrowserInContentScripts } from '@/lib/build/native-browser-in-content-scripts';

const polyfill = '@wxt-dev/webextension-polyfill/browser';

describe('nativeBrowserInContentScripts', () => {
  it('drops the polyfill alias of a content-script build (object form)', () => {
    const config = { resolve: { alias: { 'wxt/browser': polyfill, '@': '/src' } } };
    nativeBrowserInContentScripts([{ type: 'content-script' }], config);
    expect(config.resolve.alias).toEqual({ '@': '/src' });
  });

  it('drops it in the array form too', () => {
    const config = {
      resolve: {
        alias: [
          { find: 'wxt/browser', replacement: polyfill },
          { find: '@', replacement: '/src' },
        ],
      },
    };
    nativeBrowserInContentScripts([{ type: 'content-script' }], config);
    expect(config.resolve.alias).toEqual([{ find: '@', replacement: '/src' }]);
  });

  it('keeps it for the background, the pages, and a build that mixes kinds', () => {
    for (const entrypoints of [
      [{ type: 'background' }],
      [{ type: 'options' }, { type: 'popup' }],
      [{ type: 'content-script' }, { type: 'background' }],
      [],
    ]) {
      const config = { resolve: { alias: { 'wxt/browser': polyfill } } };
      nativeBrowserInContentScripts(entrypoints, config);
      expect(config.resolve.alias).toEqual({ 'wxt/browser': polyfill });
    }
  });
});
