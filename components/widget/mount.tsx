/**
 * Mounts the widget in a shadow root on the console page (./shadow-host.ts, keyboard events kept
 * from the page so the console's shortcuts do not fire while the agent uses the widget) and keeps it
 * in step with the record the sensor reports.
 */
import { effect, type Signal, signal } from '@preact/signals';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { mayHoldContext } from '../../lib/context/candidate';
import type { GaveUpAlert, HandoffView, SignInRequest } from '../../lib/handoff/types';
import { request } from '../../lib/messaging/request';
import type { ConsoleRefresh } from '../../lib/platforms/console-refresh';
import type { CandidateMessage, RecordRef } from '../../lib/platforms/types';
import type { RelayedPostMessage } from '../../lib/sensor/post-message';
import { connectAndRetry } from './connect';
import {
  loadPanelMemory,
  type PanelMemory,
  type PanelStorage,
  savePanelMemory,
} from './panel-memory';
import {
  autoFold,
  type Box,
  type Corner,
  clearCorner,
  handoffKey,
  openPanelSize,
  refreshDue,
} from './panel-state';
import { shadowHost } from './shadow-host';
import { IDLE, type SignInProgress } from './sign-in';
import { needsPoll } from './view-text';
import { Widget } from './Widget';
import widgetCss from './widget.css?inline';

/** How often the widget re-asks for the view while a write is pending or retrying. */
const POLL_MS = 1_000;
/** The newest context messages kept for Verify now (the request allows 50). */
const MAX_PAGE_MESSAGES = 50;

/** Where this console's panel may sit, and what it must never cover (the platform's content.ts). */
export interface PanelPlace {
  storage: PanelStorage;
  /** This console's memory key (platform and host). */
  memoryKey: string;
  /** The corners the panel takes by itself, in the platform's order of preference. */
  corners: readonly Corner[];
  /** The boxes to keep clear now: the composer, the newest message. */
  keepClear(): Box[];
  /** How this console shows values written through the API (the platform's content.ts). */
  refresh: ConsoleRefresh;
}

export async function mountWidget(ctx: ContentScriptContext, place: PanelPlace) {
  const memory = await loadPanelMemory(place.storage, place.memoryKey);
  const state: WidgetState = {
    view: signal<HandoffView | null>(null),
    busy: signal(false),
    record: null,
    pageMessages: [],
    collapsed: signal(memory.collapsed ?? false),
    pinned: signal(memory.pinned ?? false),
    corner: signal(memory.corner ?? place.corners[0] ?? 'bottom-right'),
    olderValues: signal(false),
    gaveUp: signal([]),
    signIn: signal<SignInProgress>(IDLE),
  };
  pollWhilePending(ctx, state);
  followHandoffs(state, place, memory);
  const refreshRecord = refreshInPlace(state, place.refresh);
  const show: Show = (run) => showAnswer(state, run);
  const connect = (signIn: SignInRequest) =>
    void connectAndRetry(
      { progress: state.signIn, send: request, show, record: () => state.record },
      signIn,
    );
  const ui = createWidgetUi(ctx, state, { show, connect }, refreshRecord, (change) => {
    Object.assign(memory, change);
    void savePanelMemory(place.storage, place.memoryKey, memory);
  });

  // Writes that gave up before this page loaded (the background pushes later changes).
  void request({ type: 'handoff:gave-up' })
    .then((alerts) => {
      state.gaveUp.value = alerts;
    })
    .catch(() => undefined);

  return {
    /** The background's list of handoffs whose writes gave up (lib/background/gave-up-push.ts). */
    gaveUp(alerts: unknown) {
      if (Array.isArray(alerts)) state.gaveUp.value = alerts.filter(isGaveUpAlert);
    },
    /** The browser's shortcut (the `commands` API): fold or open. */
    toggle() {
      state.collapsed.value = !state.collapsed.value;
    },
    setRecord(next: RecordRef | null) {
      state.record = next;
      state.pageMessages = [];
      state.view.value = null;
      state.olderValues.value = false;
      state.signIn.value = IDLE;
      if (!next) return ui.remove();
      if (!ui.mounted) ui.mount();
      void show((r) => request({ type: 'handoff:view', record: r }));
    },
    candidates(forRecord: RecordRef, messages: CandidateMessage[]) {
      if (forRecord !== state.record) return;
      // Only messages that may hold a context: the others are relayed for the echo check alone.
      const contexts = messages.filter((m) => mayHoldContext(m.text));
      state.pageMessages = [...state.pageMessages, ...contexts].slice(-MAX_PAGE_MESSAGES);
      void show((r) => request({ type: 'handoff:messages', record: r, messages }));
    },
    /**
     * The page changed while the transcript cannot be found: the background reads the conversation
     * through the platform's API (and answers the view).
     */
    activity(forRecord: RecordRef) {
      if (forRecord !== state.record) return;
      void show((r) => request({ type: 'handoff:view', record: r }));
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

/** What the widget shows, and for which record: shared by the poll, the requests and the page's calls. */
interface WidgetState {
  view: Signal<HandoffView | null>;
  busy: Signal<boolean>;
  record: RecordRef | null;
  /**
   * The context messages the page showed for the open record, for "Verify now" on a handoff whose
   * journaled text was redacted: the background matches them by digest (page memory only).
   */
  pageMessages: CandidateMessage[];
  collapsed: Signal<boolean>;
  pinned: Signal<boolean>;
  corner: Signal<Corner>;
  /** The in-place refresh could not run: the console may show older values of this record. */
  olderValues: Signal<boolean>;
  /** Handoffs whose writes gave up, on any record of this browser. */
  gaveUp: Signal<readonly GaveUpAlert[]>;
  /** The panel's Connect for the open record (./connect.ts). */
  signIn: Signal<SignInProgress>;
}

/** The background's push, checked for shape (it comes from the extension's own worker). */
function isGaveUpAlert(a: unknown): a is GaveUpAlert {
  const alert = a as GaveUpAlert | null;
  return (
    typeof alert?.journalId === 'number' &&
    typeof alert.at === 'number' &&
    typeof alert.target?.object === 'string' &&
    typeof alert.target.id === 'string'
  );
}

/**
 * The panel stays out of the way: it folds once a handoff settled with nothing to fix and opens
 * by itself only when the agent is needed — at the first corner, in the platform's order, where it
 * covers neither the composer nor the newest message, unless the agent put it somewhere.
 */
function followHandoffs(state: WidgetState, place: PanelPlace, memory: PanelMemory): void {
  let actedOn: string | null = null;
  effect(() => {
    const view = state.view.value;
    const decision = autoFold(view, actedOn, memory.dismissed ?? null, state.pinned.value);
    if (!decision) return;
    actedOn = decision.key;
    if (decision.open && !memory.corner) {
      const window = { width: innerWidth, height: innerHeight };
      const size = openPanelSize(innerHeight);
      state.corner.value = clearCorner(place.corners, size, window, place.keepClear());
    }
    state.collapsed.value = !decision.open;
  });
}

/**
 * Shows the values written through the API on a console that refreshes in place when asked
 * (Salesforce): by itself once a handoff's writes were read back, and when the agent presses
 * "Refresh the record" (the function returned; none where the console updates itself). Never
 * reloads the page: that would reload every tab and chat of the console and lose unsent drafts.
 */
function refreshInPlace(state: WidgetState, refresh: ConsoleRefresh) {
  if (refresh.kind !== 'in-place-event') return undefined;
  const run = () => {
    state.olderValues.value = !refresh.run();
  };
  // Read-backs before this page loaded are shown by the load itself.
  const since = Date.now();
  let refreshedFor: string | null = null;
  effect(() => {
    const due = refreshDue(state.view.value, since);
    if (due && due !== refreshedFor) {
      refreshedFor = due;
      run();
    }
  });
  return run;
}

type Show = (run: (r: RecordRef) => Promise<HandoffView>) => Promise<void>;

/**
 * While a write is pending or retrying, re-asks for the view about once a second: the background
 * pushes no view to pages (only the list of writes that gave up), and the question itself restarts
 * a stopped service worker, which then resumes the due writes. Polling stops as soon as nothing is
 * pending.
 */
function pollWhilePending(ctx: ContentScriptContext, state: WidgetState): void {
  let pollTimer: number | undefined;
  effect(() => {
    const current = state.view.value;
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    pollTimer = undefined;
    if (!needsPoll(current)) return;
    pollTimer = ctx.setTimeout(async () => {
      pollTimer = undefined;
      const forRecord = state.record;
      if (!forRecord || ctx.isInvalid) return;
      try {
        const next = await request({ type: 'handoff:view', record: forRecord, poll: true });
        // A request the agent started answers for itself (and polls again from its answer).
        if (state.record === forRecord && !state.busy.value) state.view.value = next;
      } catch {
        // The extension went away (reloaded): the next request the agent makes says so.
      }
    }, POLL_MS);
  });
}

/** Runs a request for the current record and shows its answer (or its failure, as a notice). */
async function showAnswer(
  state: WidgetState,
  run: (r: RecordRef) => Promise<HandoffView>,
): Promise<void> {
  const forRecord = state.record;
  if (!forRecord) return;
  state.busy.value = true;
  try {
    const next = await run(forRecord);
    if (state.record === forRecord) state.view.value = next;
  } catch (error) {
    if (state.record === forRecord) {
      state.view.value = {
        record: forRecord,
        state: 'failed',
        fields: state.view.value?.fields ?? [],
        notice: {
          code: 'internal',
          message: error instanceof Error ? error.message : String(error),
        },
        at: Date.now(),
      };
    }
  } finally {
    state.busy.value = false;
  }
}

function createWidgetUi(
  ctx: ContentScriptContext,
  state: WidgetState,
  { show, connect }: { show: Show; connect: (signIn: SignInRequest) => void },
  refreshRecord: (() => unknown) | undefined,
  remember: (change: PanelMemory) => void,
) {
  return shadowHost(ctx, {
    name: 'handoff-fields-widget',
    css: widgetCss,
    onMount(container) {
      render(
        <Widget
          view={state.view}
          busy={state.busy}
          collapsed={state.collapsed}
          corner={state.corner}
          onCollapsedChange={(collapsed) => {
            // Folded while it needed the agent: that handoff does not open it again by itself.
            const dismissed = collapsed ? handoffKey(state.view.value) : null;
            remember({ collapsed, ...(dismissed ? { dismissed } : {}) });
          }}
          pinned={state.pinned}
          onPin={(pinned) => {
            state.pinned.value = pinned;
            remember({ pinned });
          }}
          onMove={(corner) => {
            state.corner.value = corner;
            remember({ corner });
          }}
          onRetry={() => show((r) => request({ type: 'handoff:retry', record: r }))}
          onAnswerPlan={(answer) => {
            const planId = state.view.value?.planId;
            if (planId === undefined) return;
            void show((r) => request({ type: 'handoff:confirm', record: r, planId, answer }));
          }}
          onUseBotValue={(f) =>
            show((r) =>
              request({
                type: 'handoff:use-bot-value',
                record: r,
                object: f.object ?? r.object,
                field: f.field,
              }),
            )
          }
          onVerify={() =>
            show((r) =>
              request({ type: 'handoff:verify', record: r, messages: state.pageMessages }),
            )
          }
          olderValues={state.olderValues}
          gaveUp={state.gaveUp}
          onDismissGaveUp={(alerts) => {
            state.gaveUp.value = state.gaveUp.value.filter((a) => !alerts.includes(a));
            const journalIds = alerts.map((a) => a.journalId);
            void request({ type: 'handoff:gave-up-dismiss', journalIds }).catch(() => undefined);
          }}
          onRefreshRecord={refreshRecord}
          signIn={state.signIn}
          onConnect={connect}
          onDiagnostics={() => {
            // The admin page's "What it sees" on this tab: the panel is not carried in every
            // console page (the content script's budget); the page asks this tab what it reads.
            void request({ type: 'diagnostics:open' }).catch(() => undefined);
          }}
        />,
        container,
      );
    },
    onRemove(container) {
      render(null, container);
    },
  });
}
