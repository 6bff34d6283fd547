interface WidgetActionsProps {
  busy: boolean;
  retryEnabled: boolean;
  /** Values written through the API may not appear in the open console tab until it reloads. */
  showRefreshHint: boolean;
  onRetry(): void;
  onVerify(): void;
  onRefreshView(): void;
  /** "What Handoff Fields sees" (absent: no button): the admin page's section, on this tab. */
  onDiagnostics?(): void;
}

/** Retry, Verify now and Refresh view. Both wait while a request is in flight, so a click is never lost or doubled. */
export function WidgetActions(props: WidgetActionsProps) {
  return (
    <div class="hf-actions">
      <div class="hf-actions__buttons">
        <button
          type="button"
          class="hf-button hf-button--brand"
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
        <button
          type="button"
          class="hf-button"
          disabled={props.busy}
          onClick={() => props.onRefreshView()}
        >
          Refresh view
        </button>
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
      {props.showRefreshHint && (
        <p class="hf-hint">
          The console may not show values written through the API until you refresh the view.
        </p>
      )}
    </div>
  );
}
