/**
 * One stack (the simulated consoles + Chromium with the built extension) per e2e file: started
 * before its first test, closed after its last, and before each test the pages the test pushed to
 * `pages` closed, every record reset (empty transcripts) and every fault cleared. A file's own
 * `beforeEach` (its settings and mappings) runs after this one: call `useStack()` first.
 *
 * `stack` stands for the started stack from `beforeAll` on (a test file names it at load time, when
 * nothing is started yet); touching it before then is a mistake in the test and says so.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Stack, startStack } from './stack';

export function useStack(): { stack: Stack; pages: Page[] } {
  let started: Stack | undefined;
  const pages: Page[] = [];
  const current = (): Stack => {
    if (!started) throw new Error('the e2e stack is used before beforeAll started it');
    return started;
  };
  beforeAll(async () => {
    started = await startStack();
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(async () => {
    while (pages.length) await pages.pop()?.close();
    await current().reset();
    await current().control.clearFaults();
  });
  const stack = new Proxy({} as Stack, {
    get(_target, key) {
      const value = Reflect.get(current(), key);
      return typeof value === 'function' ? value.bind(current()) : value;
    },
  });
  return { stack, pages };
}
