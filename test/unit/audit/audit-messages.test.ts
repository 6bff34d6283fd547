import { describe, expect, it } from 'vitest';
import { createRouter, type Handlers } from '../../../lib/messaging/router';

/** Every handler answers its own name: the test is about who may ask what. */
const handlers = new Proxy({}, { get: (_t, name) => async () => String(name) }) as Handlers;
const route = createRouter(handlers);
const start = {
  type: 'audit:start',
  platform: 'salesforce',
  org: 'acme',
  query: { kind: 'range', from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' },
};

describe('the audit messages', () => {
  it('are for extension pages only: a console page may not start, poll or cancel an audit', async () => {
    for (const raw of [
      start,
      { type: 'audit:progress', jobId: 'a', from: 0 },
      { type: 'audit:cancel', jobId: 'a' },
    ]) {
      expect(await route(raw, 'extension-page')).toEqual({ ok: true, data: raw.type });
      expect(await route(raw, 'content-script')).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
    }
  });

  it('refuses an org that is no host name, a range that is no UTC date-time, and a budget share over 90 %', async () => {
    for (const bad of [
      { ...start, org: 'acme.evil.com/x' },
      { ...start, query: { kind: 'range', from: 'yesterday', to: '2026-12-02T00:00:00Z' } },
      { ...start, share: 1 },
      { ...start, query: { kind: 'ids', tokens: [] } },
    ]) {
      expect(await route(bad, 'extension-page')).toMatchObject({
        ok: false,
        error: { code: 'invalid' },
      });
    }
  });
});
