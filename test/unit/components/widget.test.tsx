import { signal } from '@preact/signals';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { LOADING_TEXT, WAITING_TEXT, Widget } from '../../../components/widget/Widget';
import { forPanel } from '../../../lib/handoff/for-panel';
import type { FieldOutcome, HandoffView } from '../../../lib/handoff/types';
import { button, click, mount } from './dom';

const record = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  id: '500000000000001AAA',
} as const;

function viewWith(patch: Partial<HandoffView> = {}): HandoffView {
  return {
    record,
    state: 'done',
    context: {
      form: 'key-value',
      trust: 'bot-authored',
      author: 'bot',
      messageId: 'm1',
      values: { 'Account Tier': 'Premium', 'Order Id': 'A-1' },
    },
    fields: [],
    at: Date.UTC(2026, 0, 5, 10, 30),
    ...patch,
  };
}

const field = (
  patch: Partial<FieldOutcome> & Pick<FieldOutcome, 'field' | 'outcome'>,
): FieldOutcome => ({
  label: patch.field,
  value: 'x',
  ...patch,
});

/** A handoff whose write gave up after the queue's attempts: Retry can help. */
const gaveUp = (patch: Partial<HandoffView> = {}) =>
  viewWith({
    state: 'failed',
    fields: [field({ field: 'A__c', outcome: 'refused', reason: 'Not written: outage.' })],
    notice: { code: 'platform-unavailable', message: 'Salesforce is not answering normally.' },
    queue: [{ target: record, state: 'failed', attempts: 8, maxAttempts: 8 }],
    ...patch,
  });

/** `refreshes: false`: a console that updates itself (Kustomer), so no Refresh the record. */
async function renderWidget(
  view: HandoffView | null,
  opts: { busy?: boolean; collapsed?: boolean; refreshes?: boolean } = {},
) {
  // As the background sends it: with Retry's verdict and the agent's words for refusals.
  const viewSignal = signal<HandoffView | null>(view && forPanel(view));
  const busy = signal(opts.busy ?? false);
  const olderValues = signal(false);
  const onRetry = vi.fn();
  const onVerify = vi.fn();
  const onRefreshRecord = vi.fn();
  const onCollapsedChange = vi.fn();
  const root = await mount(
    <Widget
      view={viewSignal}
      busy={busy}
      onRetry={onRetry}
      onVerify={onVerify}
      onRefreshRecord={opts.refreshes === false ? undefined : onRefreshRecord}
      olderValues={olderValues}
      initiallyCollapsed={opts.collapsed}
      onCollapsedChange={onCollapsedChange}
    />,
  );
  return {
    root,
    view: viewSignal,
    busy,
    olderValues,
    onRetry,
    onVerify,
    onRefreshRecord,
    onCollapsedChange,
  };
}

const row = (root: HTMLElement, apiName: string) => {
  const tr = root.querySelector<HTMLTableRowElement>(`tr[data-field="${apiName}"]`);
  if (!tr) throw new Error(`no row for ${apiName}`);
  return tr;
};
const badgeText = (root: HTMLElement, apiName: string) =>
  row(root, apiName).querySelector('.hf-badge')?.textContent;

describe('Widget', () => {
  it('is a labelled complementary landmark with a polite live summary', async () => {
    const { root } = await renderWidget(viewWith());
    const aside = root.querySelector('aside');
    expect(aside?.getAttribute('role')).toBe('complementary');
    expect(aside?.getAttribute('aria-label')).toBe('Handoff Fields');
    expect(root.querySelector('.hf-summary')?.getAttribute('aria-live')).toBe('polite');
  });

  it('shows the record, and the Case written for a MessagingSession', async () => {
    const { root } = await renderWidget(
      viewWith({
        record: { ...record, object: 'MessagingSession', id: '0Mw000000000001' },
        targets: [record],
      }),
    );
    const line = root.querySelector('.hf-record')?.textContent ?? '';
    expect(line).toContain('Case 500000000000001AAA');
    expect(line).toContain('for MessagingSession 0Mw000000000001');
  });

  it('shows each outcome kind with its words, labels first and API names in the details', async () => {
    const { root } = await renderWidget(
      viewWith({
        fields: [
          field({
            field: 'Account_Tier__c',
            label: 'Account Tier',
            value: 'tier_premium',
            display: 'Premium',
            outcome: 'written',
          }),
          field({ field: 'Order_Id__c', outcome: 'skipped', reason: 'empty', value: null }),
          field({ field: 'Intent__c', outcome: 'skipped', reason: 'unchanged' }),
          field({ field: 'Language__c', outcome: 'skipped', reason: 'kept-existing' }),
          field({
            field: 'Priority__c',
            label: 'Priority',
            outcome: 'refused',
            reason: 'bad value for restricted picklist field: Urgent',
            value: 'Urgent',
            refusal: 'platform',
          }),
          field({ field: 'Channel__c', outcome: 'pending' }),
        ],
      }),
    );
    expect(badgeText(root, 'Account_Tier__c')).toBe('written');
    expect(badgeText(root, 'Intent__c')).toBe('skipped: already this value');
    expect(badgeText(root, 'Language__c')).toBe('kept the existing value');
    expect(badgeText(root, 'Priority__c')).toBe('refused');
    expect(badgeText(root, 'Channel__c')).toBe('writing…');
    expect(row(root, 'Channel__c').querySelector('.hf-spinner')).not.toBeNull();
    // The agent's sentence is shown; the admin's detail and the API name wait behind a disclosure.
    const note = root.querySelector('tr[data-note-for="Priority__c"]');
    expect(note?.querySelector('.hf-reason')?.textContent).toBe(
      "The record did not accept 'Urgent' for Priority. Set Priority by hand if you know it.",
    );
    const details = note?.querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toBe('Details for your admin');
    expect(details?.textContent).toContain('bad value for restricted picklist field: Urgent');
    expect(details?.textContent).toContain('API name: Priority__c');
    // The label alone, and the value as the console shows it.
    const tier = row(root, 'Account_Tier__c');
    expect(tier.querySelector('th')?.textContent).toBe('Account Tier');
    expect(root.querySelector('.hf-api-name')?.closest('details')).not.toBeNull();
    expect(tier.querySelector('.hf-field__value')?.textContent).toBe('Premium');
    // The field the bot did not send is folded, and not counted as skipped.
    expect(root.querySelector('tr[data-field="Order_Id__c"]')).toBeNull();
    const absent = root.querySelector<HTMLDetailsElement>('details.hf-absent');
    expect(absent?.open).toBe(false);
    expect(absent?.querySelector('summary')?.textContent).toBe('1 not in this handoff');
    expect(absent?.querySelector('li')?.textContent).toBe('Order_Id__c');
    expect(root.querySelector('.hf-summary')?.textContent).toBe(
      '1 written · 2 skipped · 1 refused · 1 writing…',
    );
  });

  it('says what the agent can do about a refusal made before agent sentences existed', async () => {
    const { root } = await renderWidget(
      viewWith({
        fields: [
          field({ field: 'Tier__c', label: 'Tier', outcome: 'refused', reason: 'Not written: x' }),
        ],
      }),
    );
    expect(root.querySelector('.hf-reason')?.textContent).toBe(
      'Not written. Set Tier by hand if you know it.',
    );
  });

  it('names the record as the console does, with its id in the title', async () => {
    const { root } = await renderWidget(
      viewWith({ recordNames: { 'salesforce:acme:Case:500000000000001AAA': 'Case 00001026' } }),
    );
    const ref = root.querySelector('.hf-record__ref');
    expect(ref?.textContent).toBe('Case 00001026');
    expect(ref?.getAttribute('title')).toBe('Case 500000000000001AAA');
  });

  it('shows dates and times in the agent’s locale', async () => {
    const { root } = await renderWidget(
      viewWith({
        fields: [
          field({ field: 'D__c', value: '2019-04-02', dateKind: 'date', outcome: 'written' }),
          field({
            field: 'T__c',
            value: '2019-04-02T00:00:00.000Z',
            dateKind: 'datetime',
            outcome: 'written',
          }),
        ],
      }),
    );
    const date = row(root, 'D__c').querySelector('.hf-field__value')?.textContent;
    expect(date).toBe(
      new Date(Date.UTC(2019, 3, 2)).toLocaleDateString([], {
        timeZone: 'UTC',
        dateStyle: 'medium',
      }),
    );
    const time = row(root, 'T__c').querySelector('.hf-field__value')?.textContent;
    expect(time).not.toContain('T00:00');
    expect(time).toBe(
      new Date('2019-04-02T00:00:00.000Z').toLocaleString([], {
        dateStyle: 'medium',
        timeStyle: 'short',
      }),
    );
  });

  it("asks before using the bot's value of a kept field, and Cancel asks nothing", async () => {
    const onUseBotValue = vi.fn();
    const kept = field({
      object: 'Case',
      field: 'Tier__c',
      label: 'Tier',
      value: 'tier_gold',
      display: 'Gold',
      outcome: 'skipped',
      reason: 'kept-existing',
    });
    const root = await mount(
      <Widget
        view={signal(
          forPanel(viewWith({ fields: [kept, field({ field: 'A__c', outcome: 'written' })] })),
        )}
        busy={signal(false)}
        onRetry={vi.fn()}
        onVerify={vi.fn()}
        onUseBotValue={onUseBotValue}
      />,
    );
    // Only the kept field has the button.
    expect(root.querySelectorAll('tr.hf-field-note')).toHaveLength(1);
    const use = button(root, "Use the bot's value");
    await click(use);
    expect(onUseBotValue).not.toHaveBeenCalled();
    expect(root.querySelector('.hf-confirm')?.textContent).toContain(
      "Write 'Gold' into Tier, over the record's value?",
    );
    expect(root.ownerDocument.activeElement?.textContent).toBe('Write it');
    await click(button(root, 'Cancel'));
    expect(onUseBotValue).not.toHaveBeenCalled();
    expect(root.ownerDocument.activeElement?.textContent).toBe("Use the bot's value");
    await click(button(root, "Use the bot's value"));
    await click(button(root, 'Write it'));
    expect(onUseBotValue).toHaveBeenCalledWith(kept);
  });

  it('has column headers for the field table', async () => {
    const { root } = await renderWidget(
      viewWith({ fields: [field({ field: 'A__c', outcome: 'written' })] }),
    );
    const headers = [...root.querySelectorAll('thead th')].map((th) => [
      th.textContent,
      th.getAttribute('scope'),
    ]);
    expect(headers).toEqual([
      ['Field', 'col'],
      ['Value', 'col'],
      ['Result', 'col'],
    ]);
    expect(row(root, 'A__c').querySelector('th')?.getAttribute('scope')).toBe('row');
  });

  it('shows an error notice verbatim as an alert', async () => {
    const message =
      'Your Salesforce session has expired. Reload the console tab and sign in again, then press Retry.';
    const { root } = await renderWidget(
      viewWith({ state: 'failed', notice: { code: 'session-expired', message } }),
    );
    const notice = root.querySelector('.hf-notice');
    expect(notice?.getAttribute('role')).toBe('alert');
    expect(notice?.classList.contains('hf-notice--error')).toBe(true);
    expect(notice?.querySelector('.hf-notice__text')?.textContent).toBe(`Error: ${message}`);
    expect(root.querySelector('.hf-summary')?.textContent).toBe(
      'Nothing written · needs attention',
    );
  });

  it('shows a neutral notice as a status, not an alert', async () => {
    const message = 'No mappings for Case yet: ask your admin to add some.';
    const { root } = await renderWidget(viewWith({ notice: { code: 'no-mappings', message } }));
    const notice = root.querySelector('.hf-notice');
    expect(notice?.getAttribute('role')).toBe('status');
    expect(notice?.classList.contains('hf-notice--info')).toBe(true);
    expect(notice?.textContent).toContain(message);
  });

  it('renders hostile page text as text, never as elements', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { root } = await renderWidget(
      viewWith({
        context: {
          form: 'json',
          trust: 'bot-authored',
          author: 'bot',
          messageId: 'm1',
          values: { [payload]: payload, note: `<b>bold</b>${payload}` },
        },
        fields: [
          field({
            field: 'Note__c',
            label: payload,
            value: payload,
            outcome: 'refused',
            reason: payload,
          }),
        ],
        notice: { code: 'context-invalid', message: payload },
      }),
    );
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('b')).toBeNull();
    const kv = root.querySelector('.hf-kv')?.textContent ?? '';
    expect(kv).toContain(payload);
    expect(kv).toContain(`<b>bold</b>${payload}`);
    expect(row(root, 'Note__c').textContent).toContain(payload);
    expect(root.querySelector('.hf-notice')?.textContent).toContain(payload);
  });

  it('shows the context form, trust and values, with long values in a title', async () => {
    const long = 'x'.repeat(600);
    const { root } = await renderWidget(
      viewWith({
        context: {
          form: 'key-value',
          trust: 'bot-authored',
          author: 'bot',
          messageId: 'm1',
          values: { 'Account Tier': 'Premium', Notes: long, Empty: null },
        },
      }),
    );
    expect(root.querySelector('.hf-context-meta')?.textContent).toBe(
      'key–valuechat messagefrom the bot',
    );
    const dds = [...root.querySelectorAll('.hf-kv dd')];
    expect(dds.map((d) => d.textContent)).toEqual(['Premium', long, '(empty)']);
    expect(dds[1]?.getAttribute('title')).toBe(long);
    expect(dds[1]?.classList.contains('hf-clamp')).toBe(true);
  });

  it('says who posted an unverified context that was not used', async () => {
    const { root } = await renderWidget(
      viewWith({
        context: {
          form: 'json',
          trust: 'unverified',
          author: 'customer',
          messageId: 'm2',
          values: { a: '1' },
        },
      }),
    );
    expect(root.querySelector('.hf-tag--trust-unverified')?.textContent).toBe(
      'not used: posted by the customer',
    );
  });

  it('names the issuer of a signed context', async () => {
    const { root } = await renderWidget(
      viewWith({
        context: {
          form: 'signed',
          trust: 'signed',
          issuer: 'kore-bot',
          author: 'customer',
          messageId: 'm3',
          values: { a: '1' },
        },
      }),
    );
    expect(root.querySelector('.hf-tag--trust-signed')?.textContent).toBe('signed by kore-bot');
  });

  it('calls onRetry and onRefreshRecord', async () => {
    const { root, onRetry, onRefreshRecord } = await renderWidget(gaveUp());
    await click(button(root, 'Retry'));
    await click(button(root, 'Refresh the record'));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(onRefreshRecord).toHaveBeenCalledTimes(1);
  });

  it('tells the agent nothing about refreshing after a handoff: the record refreshes in place', async () => {
    const { root } = await renderWidget(
      viewWith({ fields: [field({ field: 'A__c', outcome: 'written' })] }),
    );
    expect(root.querySelector('.hf-hint')).toBeNull();
    expect(root.textContent).not.toMatch(/refresh the view|reload/i);
  });

  it('says the console may show older values when the record could not be refreshed in place', async () => {
    const { root, olderValues } = await renderWidget(
      viewWith({ fields: [field({ field: 'A__c', outcome: 'written' })] }),
    );
    await act(() => {
      olderValues.value = true;
    });
    const hint = root.querySelector('.hf-hint');
    expect(hint?.getAttribute('role')).toBe('status');
    expect(hint?.textContent).toBe(
      'Could not refresh the record in place: reopen its tab to see the values written.',
    );
    await act(() => {
      olderValues.value = false;
    });
    expect(root.querySelector('.hf-hint')).toBeNull();
  });

  it('has no Refresh the record where the console updates itself', async () => {
    const { root } = await renderWidget(
      viewWith({ fields: [field({ field: 'A__c', outcome: 'written' })] }),
      { refreshes: false },
    );
    expect(() => button(root, 'Refresh the record')).toThrow();
    expect(button(root, 'Verify now')).toBeTruthy();
    expect(root.querySelector('.hf-hint')).toBeNull();
  });

  it('calls onVerify from Verify now, also when nothing was refused', async () => {
    const { root, onVerify } = await renderWidget(
      viewWith({ fields: [field({ field: 'A__c', outcome: 'written' })] }),
    );
    expect(button(root, 'Verify now').disabled).toBe(false);
    await click(button(root, 'Verify now'));
    expect(onVerify).toHaveBeenCalledTimes(1);
  });

  it('shows verified fields, and both values of a field that differs', async () => {
    const check = { at: 1, by: 'verify-now' as const };
    const { root } = await renderWidget(
      viewWith({
        fields: [
          field({
            field: 'A__c',
            outcome: 'written',
            value: 'Premium',
            verification: { ...check, state: 'verified', expected: 'Premium', actual: 'Premium' },
          }),
          field({
            field: 'B__c',
            outcome: 'written',
            value: 'AC-1',
            verification: { ...check, state: 'different', expected: 'AC-1', actual: 'AC-9' },
          }),
          field({
            field: 'C__c',
            outcome: 'written',
            value: 'x',
            verification: { ...check, state: 'different', expected: 'x', actual: null },
          }),
        ],
      }),
    );
    const checkOf = (f: string) => row(root, f).querySelector('.hf-check');
    expect(checkOf('A__c')?.textContent).toBe('✓ verified');
    expect(checkOf('B__c')?.textContent).toBe("≠ differs: the record has 'AC-9'");
    expect(checkOf('B__c')?.getAttribute('title')).toBe(
      "The context says 'AC-1'; the record has 'AC-9'",
    );
    expect(checkOf('C__c')?.textContent).toBe('≠ differs: the record is empty');
    expect(root.querySelector('.hf-summary')?.textContent).toContain('2 differ');
    expect(root.querySelector('aside')?.getAttribute('data-tone')).toBe('warning');
  });

  it('shows why Verify could not run', async () => {
    const { root } = await renderWidget(
      viewWith({
        verifyNotice: { code: 'nothing-to-verify', message: 'No trusted handoff context.' },
      }),
    );
    expect(root.textContent).toContain('No trusted handoff context.');
  });

  it('disables both actions while busy, and enables them again after', async () => {
    const { root, busy, onRetry, onRefreshRecord } = await renderWidget(gaveUp(), { busy: true });
    expect(button(root, 'Retry').disabled).toBe(true);
    expect(button(root, 'Verify now').disabled).toBe(true);
    expect(button(root, 'Refresh the record').disabled).toBe(true);
    expect(root.textContent).toContain('Working…');
    await click(button(root, 'Retry'));
    await click(button(root, 'Refresh the record'));
    expect(onRetry).not.toHaveBeenCalled();
    expect(onRefreshRecord).not.toHaveBeenCalled();

    await act(() => {
      busy.value = false;
    });
    expect(button(root, 'Retry').disabled).toBe(false);
    expect(button(root, 'Refresh the record').disabled).toBe(false);
  });

  it('offers Retry, as the main button, only where it can help', async () => {
    const { root, view } = await renderWidget(
      viewWith({ fields: [field({ field: 'A__c', outcome: 'written' })] }),
    );
    expect(button(root, 'Retry').disabled).toBe(true);
    expect(button(root, 'Retry').className).not.toContain('hf-button--brand');

    // A refused value: running it again gives the same answer.
    await act(() => {
      view.value = forPanel(
        viewWith({
          fields: [
            field({ field: 'A__c', outcome: 'written' }),
            field({ field: 'B__c', outcome: 'refused', reason: "'Gold' is not in the value map" }),
          ],
        }),
      );
    });
    expect(button(root, 'Retry').disabled).toBe(true);

    await act(() => {
      view.value = forPanel(
        viewWith({ state: 'failed', notice: { code: 'network', message: 'Offline.' } }),
      );
    });
    expect(button(root, 'Retry').disabled).toBe(false);
    expect(button(root, 'Retry').className).toContain('hf-button--brand');
    expect(root.querySelector('.hf-hint')).toBeNull();
  });

  it('leaves a trace of each Retry that a re-render keeps', async () => {
    const at = Date.UTC(2026, 0, 5, 10, 44, 3);
    const time = new Date(at).toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    const { root, view } = await renderWidget(gaveUp({ lastRetry: { at, outcome: 'failed' } }));
    const trace = () => root.querySelector('.hf-retry-trace');
    expect(trace()?.textContent).toBe(`Tried again at ${time}: still not written.`);
    expect(trace()?.getAttribute('role')).toBe('status');
    // A poll's answer (a new view object) keeps it; a later Retry says its own time.
    const retrying = { target: record, state: 'retrying' as const, attempts: 2, maxAttempts: 8 };
    await act(() => {
      view.value = gaveUp({
        state: 'pending',
        notice: undefined,
        queue: [retrying],
        lastRetry: { at: at + 61_000, outcome: 'retrying' },
      });
    });
    expect(trace()?.textContent).toMatch(
      /^Tried again at .+: not written yet, retrying automatically\.$/,
    );
    expect(trace()?.textContent).not.toContain(time);
    // Given up since: the trace no longer says how things stand, the panel does.
    await act(() => {
      view.value = gaveUp({ lastRetry: { at: at + 61_000, outcome: 'retrying' } });
    });
    expect(trace()).toBeNull();
  });

  it("shows the platform's own words only behind a disclosure for the admin", async () => {
    const { root } = await renderWidget(
      gaveUp({
        notice: {
          code: 'platform-unavailable',
          message: 'Salesforce is not answering normally. Nothing was written yet.',
          detail: 'SERVER_UNAVAILABLE: Server unavailable',
        },
      }),
    );
    const notice = root.querySelector('.hf-notice');
    expect(notice?.querySelector('.hf-notice__text')?.textContent).not.toContain(
      'SERVER_UNAVAILABLE',
    );
    const details = notice?.querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toBe('Details for your admin');
    expect(details?.textContent).toContain('SERVER_UNAVAILABLE: Server unavailable');
  });

  it('turns the pill red for a write that gave up on another record, until dismissed', async () => {
    const other = { ...record, id: '500000000000002AAA' };
    const alerts = signal([{ journalId: 7, target: other, at: 1 }]);
    const onDismiss = vi.fn();
    const root = await mount(
      <Widget
        view={signal(
          forPanel(viewWith({ fields: [field({ field: 'A__c', outcome: 'written' })] })),
        )}
        busy={signal(false)}
        onRetry={() => {}}
        onVerify={() => {}}
        initiallyCollapsed
        gaveUp={alerts}
        onDismissGaveUp={onDismiss}
      />,
    );
    const aside = root.querySelector('aside');
    expect(aside?.getAttribute('data-tone')).toBe('error');
    const alert = root.querySelector('.hf-alert');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toContain(
      'A write gave up on Case 500000000000002AAA — open it to retry',
    );
    // The pill says the alert, not this record's summary.
    expect(root.querySelector('.hf-summary')).toBeNull();
    await click(button(root, 'Dismiss this alert'));
    expect(onDismiss).toHaveBeenCalledWith([{ journalId: 7, target: other, at: 1 }]);

    // About the open record itself: its own panel says it, no alert.
    await act(() => {
      alerts.value = [{ journalId: 8, target: record, at: 2 }];
    });
    expect(root.querySelector('.hf-alert')).toBeNull();
    expect(aside?.getAttribute('data-tone')).toBe('ok');
  });

  it('says it is loading before the first answer, not that it waits for the bot', async () => {
    const { root } = await renderWidget(null);
    expect(root.querySelector('.hf-empty')?.textContent).toBe(LOADING_TEXT);
    expect(root.querySelector('.hf-summary')?.textContent).toBe('Loading…');
    expect(root.querySelector('table')).toBeNull();
    expect(button(root, 'Retry').disabled).toBe(true);
  });

  it('shows the empty state when the view has no context yet', async () => {
    const { root } = await renderWidget(viewWith({ state: 'waiting', context: undefined }));
    expect(root.querySelector('.hf-empty')?.textContent).toBe(WAITING_TEXT);
    expect(root.querySelector('.hf-summary')?.textContent).toBe('Waiting for context');
    expect(root.textContent).not.toContain('Context received');
  });

  it('collapses to the summary pill and expands again', async () => {
    const { root, onCollapsedChange } = await renderWidget(
      viewWith({
        fields: [
          field({ field: 'A__c', outcome: 'written' }),
          field({ field: 'B__c', outcome: 'skipped', reason: 'empty' }),
        ],
      }),
      { collapsed: true },
    );
    const aside = root.querySelector('aside');
    expect(aside?.classList.contains('hf-root--collapsed')).toBe(true);
    expect(root.querySelector('.hf-body')).toBeNull();
    expect(root.querySelector('.hf-title')).toBeNull();
    // Settled with nothing to fix: the pill says how many were filled.
    expect(root.querySelector('.hf-summary')?.textContent).toBe('1 filled ✓');
    const toggle = button(root, 'Show Handoff Fields details');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');

    await click(toggle);
    expect(aside?.classList.contains('hf-root--expanded')).toBe(true);
    expect(root.querySelector('table')).not.toBeNull();
    // The same button stays focused-able and flips its state, so focus is not lost on toggle.
    expect(button(root, 'Collapse Handoff Fields')).toBe(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(onCollapsedChange).toHaveBeenLastCalledWith(false);
    // The field the bot did not send is no news: not counted as skipped.
    expect(root.querySelector('.hf-summary')?.textContent).toBe('1 written');

    await click(toggle);
    expect(root.querySelector('table')).toBeNull();
    expect(onCollapsedChange).toHaveBeenLastCalledWith(true);
  });

  it('names the keys the extension left out of the context, as text', async () => {
    const base = viewWith();
    const context = base.context as NonNullable<HandoffView['context']>;
    const { root } = await renderWidget(
      viewWith({
        context: {
          ...context,
          dropped: ["Handoff context key '<img src=x onerror=alert(1)>' was left out: too long"],
        },
      }),
    );
    const item = root.querySelector('.hf-dropped li');
    expect(item?.textContent).toBe(
      "Handoff context key '<img src=x onerror=alert(1)>' was left out: too long",
    );
    expect(root.querySelector('.hf-dropped img')).toBeNull();
  });

  it('updates when the view signal changes', async () => {
    const { root, view } = await renderWidget(null);
    await act(() => {
      view.value = viewWith({ fields: [field({ field: 'A__c', outcome: 'written' })] });
    });
    expect(root.querySelector('.hf-summary')?.textContent).toBe('1 written');
    expect(root.querySelector('.hf-empty')).toBeNull();
  });
});

describe('verify only and a newer refused context', () => {
  const verified = (f: string, state: 'verified' | 'different', actual: string | null) =>
    field({
      object: 'Case',
      field: f,
      outcome: 'skipped',
      reason: state === 'verified' ? 'unchanged' : 'verify-only',
      verification: { state, expected: 'x', actual, at: 1, by: 'verify-now' },
    });

  it('says Verify only, that nothing was written, and what matched, in the header and the pill', async () => {
    const view = viewWith({
      state: 'verify-only',
      verifyOnly: true,
      fields: [
        verified('A__c', 'verified', 'x'),
        verified('B__c', 'verified', 'x'),
        verified('C__c', 'different', null),
      ],
    });
    const open = await renderWidget(view);
    expect(open.root.querySelector('.hf-summary')?.textContent).toBe(
      'Verify only · nothing written · 2 match · 1 different',
    );
    const row = open.root.querySelector('tr[data-field="C__c"]');
    expect(row?.textContent).toContain('not written: Verify only');
    expect(row?.textContent).toContain('differs: the record is empty');
    const pill = await renderWidget(view, { collapsed: true });
    expect(pill.root.querySelector('.hf-summary')?.textContent).toMatch(/^Verify only · /);
  });

  it('offers no write in a browser set to Verify only: no Fill N fields, no bot value', async () => {
    const onUseBotValue = vi.fn();
    const onAnswerPlan = vi.fn();
    const kept = field({
      object: 'Case',
      field: 'Tier__c',
      value: 'Gold',
      outcome: 'skipped',
      reason: 'kept-existing',
    });
    const root = await mount(
      <Widget
        view={signal(
          forPanel(
            viewWith({
              state: 'awaiting-confirmation',
              planId: 3,
              verifyOnly: true,
              fields: [kept, field({ field: 'A__c', outcome: 'planned' })],
            }),
          ),
        )}
        busy={signal(false)}
        onRetry={vi.fn()}
        onVerify={vi.fn()}
        onUseBotValue={onUseBotValue}
        onAnswerPlan={onAnswerPlan}
      />,
    );
    expect(root.querySelector('.hf-summary')?.textContent).toMatch(/^Verify only · /);
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain(
      "Use the bot's value",
    );
    expect(root.textContent).not.toMatch(/Fill 1 field/);
  });

  it("keeps the handoff's state and shows the newer refusal as a line under it", async () => {
    const { root } = await renderWidget(
      viewWith({
        fields: [field({ field: 'A__c', outcome: 'written' })],
        newerRefusal: {
          code: 'context-untrusted',
          message: 'A newer context was not used. It was posted by the customer.',
        },
      }),
    );
    expect(root.querySelector('.hf-summary')?.textContent).toBe('1 written');
    expect(root.querySelector('.hf-root')?.getAttribute('data-tone')).toBe('ok');
    const line = root.querySelector('.hf-notice[data-code="context-untrusted"]');
    expect(line?.textContent).toContain('A newer context was not used.');
  });
});
