/**
 * Mounts the widget in a shadow root on the console page (WXT createShadowRootUi, events isolated
 * so the console's keyboard shortcuts do not fire while the agent uses the widget) and keeps it in
 * step with the record the sensor reports.
 */
import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { mayHoldContext } from '../../lib/context/candidate';
import type { HandoffView } from '../../lib/handoff/types';
import { request } from '../../lib/messaging/request';
import type { CandidateMessage, RecordRef } from '../../lib/platforms/types';
import type { RelayedPostMessage } from '../../lib/sensor/post-message';
import { needsPoll } from './view-text';
import { Widget } from './Widget';
import { widgetCss } from './widget.css';

/** How often the widget re-asks for the view while a write is pending or retrying. */
const POLL_MS = 1_000;
/** The newest context messages kept for Verify now (the request allows 50). */
const MAX_PAGE_MESSAGES = 50;

export async function mountWidget(ctx: ContentScriptContext) {
  const view = signal<HandoffView | null>(null);
  const busy = signal(false);
  let record: RecordRef | null = null;
  /**
   * The context messages the page showed for the open record, for "Verify now" on a handoff whose
   * journaled text was redacted: the background matches them by digest (page memory only).
   */
  let pageMessages: CandidateMessage[] = [];

  // While a write is pending or retrying, re-ask for the view about once a second: the background
  // pushes nothing to pages, and the question itself restarts a stopped service worker, which then
  // resumes the due writes. Polling stops as soon as nothing is pending.
  let pollTimer: number | undefined;
  effect(() => {
    const current = view.value;
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    pollTimer = undefined;
    if (!needsPoll(current)) return;
    pollTimer = ctx.setTimeout(async () => {
      pollTimer = undefined;
      const forRecord = record;
      if (!forRecord || ctx.isInvalid) return;
      try {
        const next = await request({ type: 'handoff:view', record: forRecord, poll: true });
        // A request the agent started answers for itself (and polls again from its answer).
        if (record === forRecord && !busy.value) view.value = next;
      } catch {
        // The extension went away (reloaded): the next request the agent makes says so.
      }
    }, POLL_MS);
  });

  /** Runs a request for the current record and shows its answer (or its failure, as a notice). */
  const show = async (run: (r: RecordRef) => Promise<HandoffView>) => {
    const forRecord = record;
    if (!forRecord) return;
    busy.value = true;
    try {
      const next = await run(forRecord);
      if (record === forRecord) view.value = next;
    } catch (error) {
      if (record === forRecord) {
        view.value = {
          record: forRecord,
          state: 'failed',
          fields: view.value?.fields ?? [],
          notice: {
            code: 'internal',
            message: error instanceof Error ? error.message : String(error),
          },
          at: Date.now(),
        };
      }
    } finally {
      busy.value = false;
    }
  };

  const ui = await createShadowRootUi(ctx, {
    name: 'handoff-fields-widget',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    css: widgetCss,
    isolateEvents: true,
    onMount(container) {
      render(
        <Widget
          view={view}
          busy={busy}
          onRetry={() => show((r) => request({ type: 'handoff:retry', record: r }))}
          onVerify={() =>
            show((r) => request({ type: 'handoff:verify', record: r, messages: pageMessages }))
          }
          onRefreshView={() => location.reload()}
        />,
        container,
      );
      return container;
    },
    onRemove(container) {
      if (container) render(null, container);
    },
  });

  return {
    setRecord(next: RecordRef | null) {
      record = next;
      pageMessages = [];
      view.value = null;
      if (!next) return ui.remove();
      if (!ui.mounted) ui.mount();
      void show((r) => request({ type: 'handoff:view', record: r }));
    },
    candidates(forRecord: RecordRef, messages: CandidateMessage[]) {
      if (forRecord !== record) return;
      // Only messages that may hold a context: the others are relayed for the echo check alone.
      const contexts = messages.filter((m) => mayHoldContext(m.text));
      pageMessages = [...pageMessages, ...contexts].slice(-MAX_PAGE_MESSAGES);
      void show((r) => request({ type: 'handoff:messages', record: r, messages }));
    },
    /** A context a frame from an allowed origin posted (lib/sensor/post-message.ts), for the open record. */
    postedContext(message: RelayedPostMessage) {
      void show((r) =>
        request({
          type: 'handoff:post-message',
          record: r,
          origin: message.origin,
          data: message.data,
        }),
      );
    },
  };
}
