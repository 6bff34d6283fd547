import type { ReadonlySignal, Signal } from '@preact/signals';
import { useSignal } from '@preact/signals';
import { useId, useRef } from 'preact/hooks';
import type {
  FieldOutcome,
  GaveUpAlert,
  HandoffView,
  SignInRequest,
} from '../../lib/handoff/types';
import { ConfirmPlan, type PlanAnswer } from './ConfirmPlan';
import { ConnectAction } from './ConnectAction';
import { ContextReceived } from './ContextReceived';
import { dragToCorner } from './drag';
import { FieldOutcomesTable } from './FieldOutcomesTable';
import { NoticeBanner } from './NoticeBanner';
import { type Corner, nextCorner, pillWords } from './panel-state';
import { QueueStatus } from './QueueStatus';
import { connectOffer, IDLE, type SignInProgress } from './sign-in';
import {
  canRetry,
  gaveUpElsewhere,
  gaveUpWords,
  recordId,
  recordWords,
  retryTraceWords,
  summaryParts,
  viewTone,
} from './view-text';
import { WidgetActions } from './WidgetActions';

export interface WidgetProps {
  /** The background's latest view of the open record; null until the first answer. */
  view: ReadonlySignal<HandoffView | null>;
  /** True while a request (retry, refresh) is in flight. */
  busy: ReadonlySignal<boolean>;
  onRetry(): void;
  /** "Verify now": read the record back and compare it with the context. */
  onVerify(): void;
  /** "Refresh the record": the console's view of it, in place (no button when undefined). */
  onRefreshRecord?: (() => unknown) | undefined;
  /** True when the in-place refresh could not run: the console may show older values. */
  olderValues?: ReadonlySignal<boolean>;
  /** The content script decides (e.g. from the agent's last choice); the widget remembers nothing. */
  initiallyCollapsed?: boolean;
  /** Told on every toggle, so the content script can keep the choice if it wants to. */
  onCollapsedChange?(collapsed: boolean): void;
  /** Folded or open, when the content script decides it too (it folds a settled handoff). */
  collapsed?: Signal<boolean>;
  /** The window's corner the panel sits in (bottom-right without it). */
  corner?: ReadonlySignal<Corner>;
  /** The agent dragged the panel, or pressed Move, to another corner (no move without it). */
  onMove?(corner: Corner): void;
  /** "Keep open": a settled handoff does not fold the panel (no button without onPin). */
  pinned?: ReadonlySignal<boolean>;
  onPin?(pinned: boolean): void;
  /** "What Handoff Fields sees": opens the admin page's section on this tab (no button without it). */
  onDiagnostics?(): void;
  /** **Fill N fields** or **Not now** on a plan waiting for the agent (settings `writeMode`). */
  onAnswerPlan?(answer: PlanAnswer): void;
  /** "Use the bot's value" on a kept field, confirmed (no button without it). */
  onUseBotValue?(field: FieldOutcome): void;
  /** Handoffs whose writes gave up, in any tab of this browser: the pill turns red for them. */
  gaveUp?: ReadonlySignal<readonly GaveUpAlert[]>;
  /** The agent dismissed that alert (no button without it). */
  onDismissGaveUp?(alerts: readonly GaveUpAlert[]): void;
  /**
   * **Connect Salesforce** / **Reconnect as …** under a notice that asks for a sign-in (no button
   * without it): the content script runs `auth:connect`, then retries (./connect.ts).
   */
  onConnect?(signIn: SignInRequest): void;
  /** Where that sign-in stands (idle without it). */
  signIn?: ReadonlySignal<SignInProgress>;
}

export const WAITING_TEXT = 'Waiting for a handoff context from the bot in this conversation.';
/** Before the background's first answer for the record: not yet known, which is not "waiting". */
export const LOADING_TEXT = 'Loading…';

/**
 * The agent-side panel. The header (summary + toggle) is the same element expanded and collapsed,
 * so the toggle keeps keyboard focus and the aria-live summary keeps announcing across a toggle.
 */
export function Widget(props: WidgetProps) {
  const own = useSignal(props.initiallyCollapsed ?? false);
  const collapsed = props.collapsed ?? own;
  const panel = useRef<HTMLElement>(null);
  const bodyId = useId();
  const view = props.view.value;
  const busy = props.busy.value;
  // Writes that gave up on another record: the open one's panel says its own.
  const elsewhere = gaveUpElsewhere(props.gaveUp?.value ?? [], view);
  const alert = gaveUpWords(elsewhere);

  const toggle = () => {
    collapsed.value = !collapsed.value;
    props.onCollapsedChange?.(collapsed.value);
  };

  return (
    <aside
      // biome-ignore lint/a11y/noRedundantRoles: explicit, as an aside inside sectioning content loses its implicit role and the page decides what wraps the shadow root
      role="complementary"
      aria-label="Handoff Fields"
      aria-busy={busy}
      class={`hf-root ${collapsed.value ? 'hf-root--collapsed' : 'hf-root--expanded'}`}
      data-tone={alert ? 'error' : viewTone(view)}
      data-corner={props.corner?.value ?? 'bottom-right'}
      ref={panel}
    >
      <header
        class="hf-header"
        onPointerDown={(event) => {
          const move = props.onMove;
          if (move && panel.current) dragToCorner(event, panel.current, move);
        }}
      >
        {!collapsed.value && <h2 class="hf-title">Handoff Fields</h2>}
        {!collapsed.value && view && <RecordLine view={view} />}
        {!(alert && collapsed.value) && (
          <p class="hf-summary" aria-live="polite">
            <span class="hf-dot" aria-hidden="true" />
            <SummaryText view={view} pill={collapsed.value} />
          </p>
        )}
        {alert && (
          <p class="hf-alert" role="alert">
            <span class="hf-dot" aria-hidden="true" />
            <span class="hf-alert__text">{alert}</span>
            {props.onDismissGaveUp && (
              <button
                type="button"
                class="hf-toggle hf-alert__dismiss"
                aria-label="Dismiss this alert"
                title="Dismiss"
                onClick={() => props.onDismissGaveUp?.(elsewhere)}
              >
                ×
              </button>
            )}
          </p>
        )}
        {!collapsed.value && props.onPin && (
          <button
            type="button"
            class="hf-toggle hf-pin"
            aria-pressed={props.pinned?.value ?? false}
            aria-label="Keep Handoff Fields open"
            onClick={() => props.onPin?.(!(props.pinned?.value ?? false))}
          >
            <span class="hf-pin__icon" aria-hidden="true" />
          </button>
        )}
        {!collapsed.value && props.onMove && (
          <button
            type="button"
            class="hf-toggle hf-move"
            aria-label="Move Handoff Fields to the next corner"
            onClick={() => props.onMove?.(nextCorner(props.corner?.value ?? 'bottom-right'))}
          >
            <span class="hf-move__icon" aria-hidden="true" />
          </button>
        )}
        <button
          type="button"
          class="hf-toggle"
          aria-expanded={!collapsed.value}
          aria-controls={collapsed.value ? undefined : bodyId}
          aria-label={collapsed.value ? 'Show Handoff Fields details' : 'Collapse Handoff Fields'}
          title={collapsed.value ? 'Show details' : 'Collapse'}
          onClick={toggle}
        >
          <span class="hf-chevron" aria-hidden="true" />
        </button>
      </header>
      {!collapsed.value && view?.planId !== undefined && !view.verifyOnly && props.onAnswerPlan && (
        // Above the scrolling body: the answer is in reach at once.
        <ConfirmPlan view={view} busy={busy} onAnswer={props.onAnswerPlan} />
      )}
      {!collapsed.value && (
        // Focusable, so its scrolled rows can be read with the keyboard alone.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region, as WCAG 2.1.1 asks
        <section class="hf-body" id={bodyId} tabIndex={0} aria-label="Handoff details">
          <WidgetBody
            view={view}
            busy={busy}
            // Verify only: nothing can be written from here (the background refuses it too).
            onUseBotValue={view?.verifyOnly ? undefined : props.onUseBotValue}
            signIn={props.signIn?.value ?? IDLE}
            onConnect={props.onConnect}
          />
        </section>
      )}
      {!collapsed.value && (
        // Outside the scrolling body, so Retry and Refresh the record are always in reach.
        <WidgetActions
          busy={busy}
          retryEnabled={canRetry(view)}
          retryTrace={view && retryTraceWords(view.lastRetry, view)}
          olderValues={props.olderValues?.value ?? false}
          onRetry={props.onRetry}
          onVerify={props.onVerify}
          onRefreshRecord={props.onRefreshRecord}
          {...(props.onDiagnostics && { onDiagnostics: props.onDiagnostics })}
        />
      )}
    </aside>
  );
}

function SummaryText({ view, pill }: { view: HandoffView | null; pill: boolean }) {
  const settled = pill ? pillWords(view) : null;
  const parts = settled ? [settled] : summaryParts(view);
  return (
    <span class="hf-summary__text">
      {parts.map((part, i) => (
        <span key={part}>
          {i > 0 && <span aria-hidden="true"> · </span>}
          {part}
        </span>
      ))}
    </span>
  );
}

/**
 * The record the values went to, as the console names it (its id in the title); a MessagingSession's
 * Case is named with the session it came from.
 */
function RecordLine({ view }: { view: HandoffView }) {
  const main = view.targets?.[0];
  const written = main ?? view.record;
  const via =
    main && (main.object !== view.record.object || main.id !== view.record.id) ? view.record : null;
  const names = view.recordNames;
  return (
    <p class="hf-record">
      <span class="hf-record__ref" title={recordId(written)}>
        {recordWords(written, names)}
      </span>
      {via && <span class="hf-muted"> for {recordWords(via, names)}</span>}
      {view.at > 0 && (
        <>
          <span aria-hidden="true"> · </span>
          <time class="hf-muted" dateTime={new Date(view.at).toISOString()}>
            {new Date(view.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
          </time>
        </>
      )}
    </p>
  );
}

/**
 * What happened first (notice, then the fields), what was received after: the agent glances for
 * outcomes; the context is there to check them against.
 */
function WidgetBody({
  view,
  busy,
  onUseBotValue,
  signIn,
  onConnect,
}: {
  view: HandoffView | null;
  busy: boolean;
  onUseBotValue: ((field: FieldOutcome) => void) | undefined;
  signIn: SignInProgress;
  onConnect: ((signIn: SignInRequest) => void) | undefined;
}) {
  const headingIds = { context: useId(), fields: useId() };
  const fields = view?.fields ?? [];
  return (
    <>
      {view?.notice && <NoticeBanner notice={view.notice} />}
      {view?.verifyNotice && <NoticeBanner notice={view.verifyNotice} />}
      {onConnect && (
        // Right under the notice that asks for it: the one thing the agent can do about it.
        <ConnectAction offer={connectOffer(view)} progress={signIn} onConnect={onConnect} />
      )}
      {view?.newerRefusal && <NoticeBanner notice={view.newerRefusal} />}
      {view?.queue && view.queue.length > 0 && (
        <QueueStatus queue={view.queue} record={view.targets?.[0] ?? view.record} />
      )}
      {fields.length > 0 && (
        <section class="hf-section" aria-labelledby={headingIds.fields}>
          <h3 class="hf-section__title" id={headingIds.fields}>
            Fields
          </h3>
          <FieldOutcomesTable fields={fields} busy={busy} onUseBotValue={onUseBotValue} />
        </section>
      )}
      {view?.context ? (
        <ContextReceived context={view.context} headingId={headingIds.context} />
      ) : (
        <p class="hf-empty">{view ? WAITING_TEXT : LOADING_TEXT}</p>
      )}
    </>
  );
}
