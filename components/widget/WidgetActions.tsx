interface WidgetActionsProps {
  busy: boolean;
  /** Retry can help (lib/handoff/retry-helps.ts): only then is it enabled, and the main button. */
  retryEnabled: boolean;
  /** What the agent's last Retry came to ("Tried again at 10:44:03: still not written."). */
  retryTrace?: string | null;
  /** The in-place refresh could not run: the console may show older values until the tab is reopened. */
  olderValues: boolean;
  onRetry(): void;
  onVerify(): void;
  /** "Refresh the record" (undefined: no button, as the console updates itself). */
  onRefreshRecord: (() => unknown) | undefined;
  /** "What Handoff Fields sees" (absent: no button): the admin page's section, on this tab. */
  onDiagnostics?(): void;
}

/**
 * Retry, Verify now and Refresh the record. They wait while a request is in flight, so a click is
 * never lost or doubled. Refresh the record refreshes the console's view in place, never the page.
 */
export function WidgetActions(props: WidgetActionsProps) {
  return (
    <div class="hf-actions">
      <div class="hf-actions__buttons">
        <button
          type="button"
          class={props.retryEnabled ? 'hf-button hf-button--brand' : 'hf-button'}
          disabled={props.busy || !props.retryEnabled}
          onClick={() => props.onRetry()}
        >
          Retry
        </button>
        <button
          type="button"
          class="hf-button"
          disabled={props.busy}
          title="Read the fields from the record and compare them with the handoff context"
          onClick={() => props.onVerify()}
        >
          Verify now
        </button>
        {props.onRefreshRecord && (
          <button
            type="button"
            class="hf-button"
            disabled={props.busy}
            onClick={() => props.onRefreshRecord?.()}
          >
            Refresh the record
          </button>
        )}
        {props.onDiagnostics && (
          // Read-only: never waits for a request in flight.
          <button
            type="button"
            class="hf-button"
            data-action="diagnostics"
            title="Opens the Handoff Fields admin page on what it reads in this tab"
            onClick={() => props.onDiagnostics?.()}
          >
            What Handoff Fields sees
          </button>
        )}
        {props.busy && (
          <span class="hf-working" role="status">
            <span class="hf-spinner" aria-hidden="true" />
            Working…
          </span>
        )}
      </div>
      {props.retryTrace && (
        <p class="hf-hint hf-retry-trace" role="status">
          {props.retryTrace}
        </p>
      )}
      {props.olderValues && (
        <p class="hf-hint" role="status">
          Could not refresh the record in place: reopen its tab to see the values written.
        </p>
      )}
    </div>
  );
}
