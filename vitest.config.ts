import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        // Same `@/` imports as the extension's code (WXT sets this alias for the unit project).
        resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time: the machine has 2 cores and each test starts a browser.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A page answers in milliseconds, but CI machines are shared: wait up to 10 s (not 1 s)
          // for what the pages show before calling it a failure.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
