/**
 * The panel stays out of the way: it folds once a handoff settled with nothing to fix, opens by
 * itself only when the agent is needed, and takes a corner that covers neither the composer nor
 * the newest message. Where the agent put it, and what they folded, is remembered per console.
 */
import { signal } from '@preact/signals';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import {
  loadPanelMemory,
  panelMemoryKey,
  panelMemoryOf,
  savePanelMemory,
} from '../../../components/widget/panel-memory';
import {
  attentionOf,
  autoFold,
  type Box,
  clearCorner,
  cornerAt,
  handoffKey,
  nextCorner,
  pillWords,
  refreshDue,
} from '../../../components/widget/panel-state';
import { Widget } from '../../../components/widget/Widget';
import type { FieldOutcome, HandoffView } from '../../../lib/handoff/types';
import { button, click, flush, mount } from './dom';

const record = { platform: 'salesforce', org: 'acme', object: 'Case', id: '5001' } as const;
const field = (outcome: FieldOutcome['outcome'], name = 'A__c'): FieldOutcome => ({
  field: name,
  label: name,
  value: 'x',
  outcome,
});
function view(patch: Partial<HandoffView> = {}): HandoffView {
  return {
    record,
    state: 'done',
    context: {
      form: 'key-value',
      trust: 'bot-authored',
      author: 'bot',
      messageId: 'm1',
      values: {},
    },
    fields: [field('written'), field('written', 'B__c'), field('skipped', 'C__c')],
    at: 1_000,
    ...patch,
  };
}

describe('attention', () => {
  it('is settled when everything was written and nothing needs the agent', () => {
    expect(attentionOf(view())).toBe('settled');
    expect(pillWords(view())).toBe('2 filled ✓');
  });

  it('is needed on a refused field, a write that gave up, or a failed trusted handoff', () => {
    expect(attentionOf(view({ fields: [field('written'), field('refused', 'B__c')] }))).toBe(
      'needed',
    );
    const gaveUp = view({
      state: 'failed',
      queue: [{ target: record, state: 'failed', attempts: 8 } as never],
    });
    expect(attentionOf(gaveUp)).toBe('needed');
    expect(attentionOf(view({ state: 'failed', fields: [] }))).toBe('needed');
  });

  it('asks nothing while waiting, writing, or for a customer-typed context', () => {
    expect(attentionOf(null)).toBe('none');
    expect(attentionOf(view({ context: undefined, state: 'waiting', fields: [] }))).toBe('none');
    expect(attentionOf(view({ state: 'pending', fields: [field('pending')] }))).toBe('none');
    const typed = view({ state: 'failed', fields: [] });
    if (typed.context) typed.context.trust = 'unverified';
    expect(attentionOf(typed)).toBe('none');
    expect(pillWords(view({ state: 'pending' }))).toBeNull();
  });
});

describe('autoFold', () => {
  it('folds a settled handoff once, and leaves the agent’s later choice alone', () => {
    const first = autoFold(view(), null, null);
    expect(first).toEqual({ key: expect.any(String), open: false });
    expect(autoFold(view(), first?.key ?? null, null)).toBeNull();
  });

  it('never folds a panel the agent keeps open, and still opens it when needed', () => {
    expect(autoFold(view(), null, null, true)).toBeNull();
    expect(autoFold(view({ fields: [field('refused')] }), null, null, true)?.open).toBe(true);
  });

  it('opens on a refusal, unless the agent folded that handoff already', () => {
    const refused = view({ fields: [field('refused')] });
    expect(autoFold(refused, null, null)?.open).toBe(true);
    expect(autoFold(refused, null, handoffKey(refused))).toBeNull();
    // Another handoff of the same record opens it again.
    const next = view({
      fields: [field('refused')],
      context: { ...(refused.context as NonNullable<HandoffView['context']>), messageId: 'm2' },
    });
    expect(autoFold(next, null, handoffKey(refused))?.open).toBe(true);
  });
});

describe('a plan waiting for the agent (settings writeMode: confirm)', () => {
  const waiting = () =>
    view({
      state: 'awaiting-confirmation',
      planId: 7,
      fields: [field('planned'), field('planned', 'B__c'), field('skipped', 'C__c')],
    });

  it('opens the panel by itself, once, unless the agent folded that handoff', () => {
    expect(attentionOf(waiting())).toBe('needed');
    const opened = autoFold(waiting(), null, null);
    expect(opened?.open).toBe(true);
    expect(autoFold(waiting(), opened?.key ?? null, null)).toBeNull();
    expect(autoFold(waiting(), null, handoffKey(waiting()))).toBeNull();
    expect(pillWords(waiting())).toBeNull();
  });

  it('asks nothing once declined (Not now): the agent chose', () => {
    expect(attentionOf(view({ state: 'declined', planId: 7, fields: [field('planned')] }))).toBe(
      'none',
    );
  });

  /** A click the browser vouches for (a user's), as happy-dom's own clicks are not. */
  const trustedClick = async (el: HTMLElement) => {
    const event = new MouseEvent('click', { bubbles: true });
    Object.defineProperty(event, 'isTrusted', { value: true });
    await act(() => {
      el.dispatchEvent(event);
    });
    await flush();
  };

  it('shows Fill N fields and Not now, answers a user’s click and ignores a scripted one, takes no focus', async () => {
    const onAnswerPlan = vi.fn();
    const outside = document.createElement('textarea');
    document.body.append(outside);
    outside.focus();
    const root = await mount(
      <Widget
        view={signal(waiting())}
        busy={signal(false)}
        onRetry={() => {}}
        onVerify={() => {}}
        onAnswerPlan={onAnswerPlan}
      />,
    );
    // The agent may be typing a reply: the panel opened without taking the focus.
    expect(document.activeElement).toBe(outside);
    outside.remove();
    const fill = button(root, 'Fill 2 fields');
    const notNow = button(root, 'Not now');
    // The console page shares the document: a scripted click (isTrusted false) answers nothing.
    await click(fill);
    expect(onAnswerPlan).not.toHaveBeenCalled();
    await trustedClick(fill);
    await trustedClick(notNow);
    expect(onAnswerPlan.mock.calls).toEqual([['fill'], ['not-now']]);
    expect(root.querySelector('.hf-summary')?.textContent).toBe('2 to confirm · 1 skipped');
  });

  it('after Not now offers only Fill, to fill later', async () => {
    const root = await mount(
      <Widget
        view={signal(view({ state: 'declined', planId: 7, fields: [field('planned')] }))}
        busy={signal(false)}
        onRetry={() => {}}
        onVerify={() => {}}
        onAnswerPlan={() => {}}
      />,
    );
    expect(button(root, 'Fill 1 field')).toBeTruthy();
    expect(root.textContent).not.toContain('Not now');
    expect(root.querySelector('.hf-summary')?.textContent).toBe('1 not filled');
  });
});

describe('the in-place refresh of the record (refreshDue)', () => {
  const pageLoaded = 5_000;
  const read = (at: number): FieldOutcome['verification'] => ({
    state: 'verified',
    expected: 'x',
    actual: 'x',
    at,
    by: 'write',
  });
  const written = (at: number) =>
    view({ fields: [{ ...field('written'), verification: read(at) }], verifiedAt: at });

  it('is due once the writes were read back after the page loaded, keyed by that read-back', () => {
    expect(refreshDue(written(6_000), pageLoaded)).toBe('acme|5001|m1|6000');
    // A later read-back (Verify now, a retry) is another refresh; the same one is the same key.
    expect(refreshDue(written(7_000), pageLoaded)).toBe('acme|5001|m1|7000');
  });

  it('is not due while something is still being written or retried', () => {
    expect(refreshDue({ ...written(6_000), state: 'pending' }, pageLoaded)).toBeNull();
    const retrying = {
      target: record,
      state: 'retrying' as const,
      attempts: 1,
      maxAttempts: 8,
    };
    expect(refreshDue({ ...written(6_000), queue: [retrying] }, pageLoaded)).toBeNull();
  });

  it('is not due for a read-back the page load already shows, nor without a written field', () => {
    expect(refreshDue(written(4_000), pageLoaded)).toBeNull();
    const skippedOnly = view({ fields: [field('skipped')], verifiedAt: 6_000 });
    expect(refreshDue(skippedOnly, pageLoaded)).toBeNull();
    expect(refreshDue(view({ verifiedAt: undefined }), pageLoaded)).toBeNull();
    expect(refreshDue({ ...written(6_000), context: undefined }, pageLoaded)).toBeNull();
    expect(refreshDue(null, pageLoaded)).toBeNull();
  });
});

describe('corners', () => {
  const window = { width: 1366, height: 768 };
  const size = { width: 380, height: 460 };

  it('takes the corner nearest where the panel was let go', () => {
    expect(cornerAt(10, 10, 1366, 768)).toBe('top-left');
    expect(cornerAt(1300, 700, 1366, 768)).toBe('bottom-right');
    expect(cornerAt(1300, 10, 1366, 768)).toBe('top-right');
    expect(cornerAt(10, 700, 1366, 768)).toBe('bottom-left');
  });

  it('moves clockwise with the keyboard, through every corner', () => {
    const seen = new Set<string>();
    let c = nextCorner('top-left');
    for (let i = 0; i < 4; i++) {
      seen.add(c);
      c = nextCorner(c);
    }
    expect(seen.size).toBe(4);
  });

  it('skips a corner that would cover the composer or the newest message', () => {
    const composer: Box = { left: 280, top: 654, width: 766, height: 68 };
    const newestOnTheLeft: Box = { left: 280, top: 300, width: 350, height: 40 };
    const order = ['bottom-left', 'top-left', 'top-right', 'bottom-right'] as const;
    expect(clearCorner(order, size, window, [])).toBe('bottom-left');
    expect(clearCorner(order, size, window, [composer])).toBe('top-left');
    expect(clearCorner(order, size, window, [composer, newestOnTheLeft])).toBe('top-right');
  });

  it('keeps the first corner when every corner covers something', () => {
    const everything: Box = { left: 0, top: 0, width: 1366, height: 768 };
    expect(clearCorner(['top-right', 'top-left'], size, window, [everything])).toBe('top-right');
  });
});

describe('panel memory', () => {
  it('reads back only what it wrote, ignoring anything of another shape', () => {
    expect(panelMemoryOf({ corner: 'top-left', collapsed: true, dismissed: 'acme|1|m1' })).toEqual({
      corner: 'top-left',
      collapsed: true,
      dismissed: 'acme|1|m1',
    });
    expect(
      panelMemoryOf({ corner: 'middle', collapsed: 'yes', dismissed: 'x'.repeat(500) }),
    ).toEqual({});
    expect(panelMemoryOf(null)).toEqual({});
    expect(panelMemoryOf('top-left')).toEqual({});
  });

  it('is kept per console, and a storage failure loses only the memory', async () => {
    const data: Record<string, unknown> = {};
    const storage = {
      local: {
        get: vi.fn(async (k: string) => ({ [k]: data[k] })),
        set: vi.fn(async (items: Record<string, unknown>) => void Object.assign(data, items)),
      },
    };
    const key = panelMemoryKey('salesforce', 'acme.lightning.force.com');
    await savePanelMemory(storage, key, { corner: 'top-right' });
    expect(await loadPanelMemory(storage, key)).toEqual({ corner: 'top-right' });
    expect(
      await loadPanelMemory(storage, panelMemoryKey('kustomer', 'acme.kustomerapp.com')),
    ).toEqual({});
    storage.local.get.mockRejectedValueOnce(new Error('Extension context invalidated.'));
    expect(await loadPanelMemory(storage, key)).toEqual({});
    storage.local.set.mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    await expect(savePanelMemory(storage, key, { collapsed: true })).resolves.toBeUndefined();
  });
});

describe('the panel in the page', () => {
  it('moves to the next corner from the keyboard, and sits where it is told', async () => {
    const corner = signal<'bottom-right' | 'bottom-left' | 'top-right' | 'top-left'>('top-left');
    const onMove = vi.fn((c: typeof corner.value) => {
      corner.value = c;
    });
    const root = await mount(
      <Widget
        view={signal(view({ fields: [field('refused')] }))}
        busy={signal(false)}
        onRetry={() => {}}
        onVerify={() => {}}
        onRefreshRecord={() => {}}
        corner={corner}
        onMove={onMove}
      />,
    );
    expect(root.querySelector('aside')?.dataset.corner).toBe('top-left');
    await click(button(root, 'Move Handoff Fields to the next corner'));
    expect(onMove).toHaveBeenCalledWith('top-right');
    expect(root.querySelector('aside')?.dataset.corner).toBe('top-right');
  });

  it('offers "Keep open" as a toggle button', async () => {
    const pinned = signal(false);
    const onPin = vi.fn((p: boolean) => {
      pinned.value = p;
    });
    const root = await mount(
      <Widget
        view={signal(view())}
        busy={signal(false)}
        onRetry={() => {}}
        onVerify={() => {}}
        onRefreshRecord={() => {}}
        pinned={pinned}
        onPin={onPin}
      />,
    );
    const pin = button(root, 'Keep Handoff Fields open');
    expect(pin.getAttribute('aria-pressed')).toBe('false');
    await click(pin);
    expect(onPin).toHaveBeenCalledWith(true);
    expect(pin.getAttribute('aria-pressed')).toBe('true');
  });

  it('folds and opens when the content script says so', async () => {
    const collapsed = signal(false);
    const root = await mount(
      <Widget
        view={signal(view())}
        busy={signal(false)}
        onRetry={() => {}}
        onVerify={() => {}}
        onRefreshRecord={() => {}}
        collapsed={collapsed}
      />,
    );
    expect(root.querySelector('.hf-root--expanded')).not.toBeNull();
    collapsed.value = true;
    await Promise.resolve();
    expect(root.querySelector('.hf-root--collapsed')).not.toBeNull();
    expect(root.querySelector('.hf-summary')?.textContent).toBe('2 filled ✓');
  });
});
