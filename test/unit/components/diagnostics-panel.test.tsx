/**
 * "What Handoff Fields sees": the widget's button (which opens the admin page's section on its tab),
 * and the panel the section shows — the four parts in plain words for a published-markup
 * transcript, the background's part once it answers, and "Copy diagnostic report" (structure only).
 */
import { signal } from '@preact/signals';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiagnosticsPanel } from '../../../components/shared/DiagnosticsPanel';
import type { SourcesAnswer } from '../../../components/shared/diagnostic-report';
import { Widget } from '../../../components/widget/Widget';
import {
  CASE,
  CONTEXT,
  CUSTOMER_TEXT,
  sensorNow,
  sampleSources as sources,
} from '../sensor/published-markup';
import { button, click, flush, mount } from './dom';

afterEach(() => {
  document.body.innerHTML = '';
});

const DIAG = 'What Handoff Fields sees';

/** The panel as the admin page shows it, with the background's part answering when the test says. */
async function renderPanel() {
  const part = signal<SourcesAnswer | 'loading'>('loading');
  const { h } = await import('preact');
  const Host = () =>
    h(DiagnosticsPanel, {
      sensor: sensorNow(),
      sources: part.value,
      level: 3,
      buttonClass: 'button',
    });
  const root = await mount(h(Host, {}));
  return {
    root,
    answer: (s: SourcesAnswer) =>
      act(async () => {
        part.value = s;
      }),
  };
}

describe('the widget’s "What Handoff Fields sees"', () => {
  const renderWidget = (onDiagnostics?: () => void) =>
    mount(
      <Widget
        view={signal(null)}
        busy={signal(false)}
        onRetry={vi.fn()}
        onVerify={vi.fn()}
        onRefreshRecord={vi.fn()}
        onDiagnostics={onDiagnostics}
      />,
    );

  it('has no button when the content script gives no way to look', async () => {
    const root = await renderWidget();
    expect(() => button(root, DIAG)).toThrow();
  });

  it('is a secondary button that asks for the admin page’s section on this tab', async () => {
    const open = vi.fn();
    const root = await renderWidget(open);
    const b = button(root, DIAG);
    expect(b.className).toBe('hf-button'); // secondary, not the brand button
    await click(b);
    expect(open).toHaveBeenCalledOnce();
  });
});

describe('the panel', () => {
  it('shows the record, where the transcript is, each message with its author and why', async () => {
    const { root, answer } = await renderPanel();
    const text = root.textContent ?? '';
    expect(text).toContain('Case 5005g00000HfCa1AAF in acme');
    expect(text).toContain('Found 1 transcript list (7 entries):');
    expect(text).toContain(
      'one-record-home ⟶#shadow⟶ runtime-messaging-transcript ⟶#shadow⟶ section.slds-chat > ul.slds-chat-list',
    );
    const lines = [...root.querySelectorAll('.hf-diag__messages > li')].map((li) =>
      li.textContent?.replace(/id .*$/, '').trim(),
    );
    expect(lines).toEqual([
      'System — the start or end of the chat (bookend) — not a message',
      "Customer — the end user's message (inbound)",
      "Bot — from its run's last message (Chatbot)",
      'Bot — Chatbot • from the meta',
      "Agent — another agent's message (outbound-agent)",
      'System — an event (event)',
      "Unknown — outbound, but no sender in its meta or its run's (no-sender) — not read: no sender yet, or the profile no longer matches",
    ]);
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Asking the extension');

    await answer(sources);
    const after = root.textContent ?? '';
    expect(after).toContain('chat message by bot, key-value: taken — done: 2 written');
    expect(after).toContain('Conversation messages: Reached: 4 messages (1 bot, 3 customer).');
    expect(after).toContain('Case.Handoff_Context__c: read, empty.');
    const apiLines = [...root.querySelectorAll('.hf-diag__api-messages > li')].map(
      (li) => li.textContent,
    );
    expect(apiLines).toEqual([
      'Customer — from the API: role EndUserid 0Mw1 · 12 characters',
      'Bot — from the API: role Botid 0Mw2 · 140 characters · may hold a context',
    ]);
    // What the page shows is the page's business: the panel never repeats a message's text.
    expect(after).not.toContain(CUSTOMER_TEXT);
    expect(after).not.toContain(CONTEXT.split('\n')[1]);
  });

  it('says why the background part is missing', async () => {
    const { root, answer } = await renderPanel();
    await answer({ error: { code: 'extension-unavailable', message: 'Reload this page.' } });
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'The extension did not say what it reaches: Reload this page.',
    );
  });
});

describe('Copy diagnostic report', () => {
  it('writes the structure-only report to the clipboard and says so', async () => {
    const writeText = vi.fn(async (_: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { root, answer } = await renderPanel();
    await answer(sources);
    await flush();
    await click(button(root, 'Copy diagnostic report'));
    expect(writeText).toHaveBeenCalledOnce();
    const copied = JSON.parse(writeText.mock.calls[0]?.[0] ?? '{}');
    expect(copied).toMatchObject({
      report: 'handoff-fields-diagnostics',
      record: CASE,
      sources: {
        api: {
          reached: true,
          messages: 4,
          recent: [
            { author: 'customer', basis: 'role EndUser', chars: 12, mayHoldContext: false },
            { author: 'bot', basis: 'role Bot', chars: 140, mayHoldContext: true },
          ],
        },
      },
    });
    const json = JSON.stringify(copied);
    for (const secret of [CUSTOMER_TEXT, 'Premium', 'A-7731', 'Chatbot', 'Jamie Rivera']) {
      expect(json).not.toContain(secret);
    }
    expect(root.textContent).toContain('Copied: the structure only');
  });

  it('says when the clipboard refused', async () => {
    const copy = vi.fn(async () => {
      throw new Error('Document is not focused.');
    });
    const root = await mount(
      <DiagnosticsPanel
        sensor={sensorNow()}
        sources={null}
        level={3}
        buttonClass="button"
        copy={copy}
      />,
    );
    await click(button(root, 'Copy diagnostic report'));
    expect(root.textContent).toContain('Could not copy (Document is not focused.).');
  });
});
