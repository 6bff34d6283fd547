import { useSignal } from '@preact/signals';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { SensorDiagnostics, SourcesAnswer } from '../../lib/sensor/diagnostics';
import { DiagnosticsPanel } from './DiagnosticsPanel';

/** One look: what the tab reads now, and the background's part on its way. */
export interface DiagnosticsRun {
  sensor: SensorDiagnostics;
  /** Resolves to null when there is nothing to ask (no record open); never rejects. */
  sources: Promise<SourcesAnswer>;
}

export interface DiagnosticsViewProps {
  id: string;
  /** Looks now (null: the sensor has not started yet). */
  diagnose(): DiagnosticsRun | null;
  onClose(): void;
}

export const DIAGNOSTICS_TITLE = 'What Handoff Fields sees';

/**
 * The widget's "What Handoff Fields sees": in place of the handoff's details while open, its title
 * focused when it opens (a screen reader starts there), with Look again and Close.
 */
export function DiagnosticsView(props: DiagnosticsViewProps) {
  const titleId = useId();
  const title = useRef<HTMLHeadingElement>(null);
  const shown = useSignal<{ sensor: SensorDiagnostics; sources: SourcesAnswer | 'loading' } | null>(
    null,
  );

  const look = () => {
    const run = props.diagnose();
    if (!run) {
      shown.value = null;
      return;
    }
    shown.value = { sensor: run.sensor, sources: 'loading' };
    void run.sources.then((sources) => {
      // A later look replaced this one: its answer is the one to show.
      if (shown.value?.sensor === run.sensor) shown.value = { sensor: run.sensor, sources };
    });
  };

  useEffect(() => {
    look();
    title.current?.focus();
  }, []);

  const current = shown.value;
  return (
    <section class="hf-diag-view" id={props.id} aria-labelledby={titleId}>
      <div class="hf-diag-view__bar">
        <h3 class="hf-diag-view__title" id={titleId} ref={title} tabIndex={-1}>
          {DIAGNOSTICS_TITLE}
        </h3>
        <div class="hf-actions__buttons">
          <button type="button" class="hf-button" onClick={look}>
            Look again
          </button>
          <button type="button" class="hf-button" onClick={props.onClose}>
            Close
          </button>
        </div>
      </div>
      {current ? (
        <DiagnosticsPanel
          sensor={current.sensor}
          sources={current.sources}
          level={4}
          buttonClass="hf-button"
        />
      ) : (
        <p class="hf-diag__meta">The page is not read yet: look again in a moment.</p>
      )}
    </section>
  );
}
