import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '@/lib/messaging/router';

const record = { platform: 'salesforce', org: 'acme', object: 'Case', id: '5005g00000HfCa1AAF' };

function router() {
  const save = vi.fn(async () => ({}));
  const view = vi.fn(async () => ({ record, state: 'waiting', fields: [], at: 0 }));
  const handlers = { 'settings:save': save, 'handoff:view': view } as unknown as Handlers;
  return { route: createRouter(handlers), save, view };
}

describe('router', () => {
  it('lets a content script ask for its view but never reach the admin requests', async () => {
    const { route, save, view } = router();
    expect(await route({ type: 'handoff:view', record }, 'content-script')).toMatchObject({
      ok: true,
    });
    const refused = await route({ type: 'settings:save', settings: {} }, 'content-script');
    expect(refused).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'A console page may not send "settings:save".' },
    });
    expect(save).not.toHaveBeenCalled();
    expect(view).toHaveBeenCalledOnce();
    expect(await route({ type: 'settings:save', settings: {} }, 'extension-page')).toMatchObject({
      ok: true,
    });
  });

  it('answers an invalid request with the validation message instead of throwing', async () => {
    const { route } = router();
    const reply = await route({ type: 'handoff:view', record: { platform: 'zendesk' } });
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply)).toMatch(/Invalid request/);
  });
});

describe('handoff:confirm', () => {
  it('reaches the engine from the console tab with the tab, and refuses a malformed answer', async () => {
    const confirm = vi.fn(async () => ({ record, state: 'pending', fields: [], at: 0 }));
    const route = createRouter({ 'handoff:confirm': confirm } as unknown as Handlers);
    const asked = { type: 'handoff:confirm', record, planId: 3, answer: 'fill' };
    expect(await route(asked, 'content-script', { tabId: 9 })).toMatchObject({ ok: true });
    expect(confirm).toHaveBeenCalledWith(asked, { tabId: 9 });
    for (const bad of [
      { ...asked, answer: 'yes' },
      { ...asked, planId: -1 },
      { ...asked, planId: 1.5 },
      { ...asked, planId: undefined },
    ]) {
      expect((await route(bad, 'content-script')).ok).toBe(false);
    }
    expect(confirm).toHaveBeenCalledOnce();
  });
});
