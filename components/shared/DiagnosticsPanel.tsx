/**
 * "What Handoff Fields sees", shown alike in the widget (inside its shadow root) and on the options
 * page (components/options/DiagnosticsSection.tsx): the record, where the transcript was found,
 * each message read with its author and why, each context found and why it was taken or not, the
 * API sources reached or their error — and "Copy diagnostic report", structure only.
 *
 * It lives with the widget because a content script may import nothing from components/shared/
 * (test/unit/architecture/content-boundary.test.ts); the options page imports it from here.
 * Everything shown is page- or platform-derived text: rendered as text nodes only.
 */
import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { SourceDiagnostics } from '../../lib/messaging/protocol';
import type { SensorDiagnostics } from '../../lib/sensor/diagnostics';
import { diagnosticReport, type SourcesAnswer } from './diagnostic-report';
import {
  apiLine,
  apiMessageDetails,
  apiMessageWhy,
  authorLabels,
  candidateLine,
  messageDetails,
  NO_RECORD,
  profileLine,
  recordFieldLine,
  recordLine,
  skipWords,
  transcriptLine,
  whyWords,
} from './diagnostics-text';

export interface DiagnosticsPanelProps {
  sensor: SensorDiagnostics;
  /** The background's part: 'loading' while asked for; null when not asked (no record open). */
  sources: SourcesAnswer | 'loading';
  /** The level of the parts' headings (under the host's own title). */
  level: 3 | 4;
  /** The host's button look (the widget's or the options page's). */
  buttonClass: string;
  /** Writes the report (the clipboard by default). */
  copy?(text: string): Promise<void>;
}

/** The background's answer, or why it could not be had, as the panel shows it. */
export async function sourcesAnswer(ask: () => Promise<SourceDiagnostics>): Promise<SourcesAnswer> {
  try {
    return await ask();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      error: {
        code: typeof code === 'string' ? code : 'internal',
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

const clipboard = (text: string) => navigator.clipboard.writeText(text);

export function DiagnosticsPanel(props: DiagnosticsPanelProps) {
  const { sensor, sources, level } = props;
  return (
    <div class="hf-diag">
      <Part title="Record" level={level}>
        <p>{sensor.record ? recordLine(sensor.record) : NO_RECORD}</p>
      </Part>
      <Part title="Transcript" level={level}>
        <TranscriptPart sensor={sensor} />
      </Part>
      <Part title={messagesTitle(sensor)} level={level}>
        <MessagesPart sensor={sensor} />
      </Part>
      <SourcesParts sources={sources} level={level} />
      <CopyReport {...props} />
    </div>
  );
}

const messagesTitle = (s: SensorDiagnostics) =>
  s.messages.length < s.entries
    ? `Messages (the last ${s.messages.length} of ${s.entries})`
    : 'Messages';

function Part(props: { title: string; level: 3 | 4; children: ComponentChildren }) {
  const id = useId();
  const Heading = props.level === 3 ? 'h3' : 'h4';
  return (
    <section class="hf-diag__part" aria-labelledby={id}>
      <Heading class="hf-diag__title" id={id}>
        {props.title}
      </Heading>
      {props.children}
    </section>
  );
}

function TranscriptPart({ sensor }: { sensor: SensorDiagnostics }) {
  return (
    <>
      <p>{transcriptLine(sensor)}</p>
      {sensor.lists.length > 0 && (
        <ul class="hf-diag__list">
          {sensor.lists.map((list, i) => (
            <li key={i}>
              <code class="hf-diag__path">{list.where}</code>{' '}
              <span class="hf-diag__meta">({list.items} entries)</span>
            </li>
          ))}
        </ul>
      )}
      <p class="hf-diag__meta">{profileLine(sensor)}</p>
      {sensor.profile.problems.length > 0 && (
        <ul class="hf-diag__list hf-diag__problems">
          {sensor.profile.problems.map((p) => (
            <li key={`${p.key}|${p.value}`}>{p.message}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function MessagesPart({ sensor }: { sensor: SensorDiagnostics }) {
  if (sensor.messages.length === 0) return <p class="hf-diag__meta">No entry to read.</p>;
  return (
    <ol class="hf-diag__list hf-diag__messages">
      {sensor.messages.map((m, i) => (
        <li key={i} data-basis={m.basis} data-author={m.author}>
          <span class="hf-diag__author">{authorLabels[m.author] ?? m.author}</span>
          {' — '}
          {whyWords(m)}
          {m.skipped && <span class="hf-diag__skipped"> — {skipWords[m.skipped]}</span>}
          <span class="hf-diag__meta hf-diag__details">{messageDetails(m)}</span>
        </li>
      ))}
    </ol>
  );
}

function SourcesParts({ sources, level }: { sources: SourcesAnswer | 'loading'; level: 3 | 4 }) {
  if (sources === null) return null;
  if (sources === 'loading') {
    return (
      <p class="hf-diag__meta" role="status">
        Asking the extension what it reaches…
      </p>
    );
  }
  if ('error' in sources) {
    return (
      <p class="hf-diag__error" role="alert">
        The extension did not say what it reaches: {sources.error.message}
      </p>
    );
  }
  return (
    <>
      <Part title="Contexts found" level={level}>
        {sources.candidates.length === 0 ? (
          <p class="hf-diag__meta">None yet for this record.</p>
        ) : (
          <ul class="hf-diag__list hf-diag__candidates">
            {sources.candidates.map((c) => (
              <li key={`${c.at}|${c.messageId}`} data-trust={c.trust}>
                <time dateTime={new Date(c.at).toISOString()}>{timeOf(c.at)}</time>{' '}
                {candidateLine(c)}
              </li>
            ))}
          </ul>
        )}
      </Part>
      <Part title="API sources" level={level}>
        <p data-api={sources.api.supported ? 'supported' : 'none'}>
          Conversation messages: {apiLine(sources.api)}
        </p>
        {sources.api.supported && sources.api.reached && sources.api.recent.length > 0 && (
          <ol class="hf-diag__list hf-diag__api-messages">
            {sources.api.recent.map((m) => (
              <li key={m.id} data-author={m.author}>
                <span class="hf-diag__author">{authorLabels[m.author] ?? m.author}</span>
                {' — '}
                {apiMessageWhy(m)}
                <span class="hf-diag__meta hf-diag__details">{apiMessageDetails(m)}</span>
              </li>
            ))}
          </ol>
        )}
        {sources.recordFields.length > 0 && (
          <ul class="hf-diag__list">
            {sources.recordFields.map((f) => (
              <li key={`${f.object}.${f.field}`}>{recordFieldLine(f)}</li>
            ))}
          </ul>
        )}
      </Part>
    </>
  );
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const timeOf = (at: number) => timeFormat.format(new Date(at));

/** "Copy diagnostic report": the report as JSON, structure only; what happened, announced. */
function CopyReport(props: DiagnosticsPanelProps) {
  const status = useSignal<{ ok: boolean; text: string } | null>(null);
  const copy = async () => {
    const sources = props.sources === 'loading' ? null : props.sources;
    const text = JSON.stringify(diagnosticReport(props.sensor, sources), null, 2);
    try {
      await (props.copy ?? clipboard)(text);
      status.value = {
        ok: true,
        text: 'Copied: the structure only, with no message text, names or values.',
      };
    } catch (error) {
      status.value = {
        ok: false,
        text: `Could not copy (${error instanceof Error ? error.message : String(error)}).`,
      };
    }
  };
  return (
    <div class="hf-diag__copy">
      <button type="button" class={props.buttonClass} onClick={() => void copy()}>
        Copy diagnostic report
      </button>
      <p
        class={status.value?.ok === false ? 'hf-diag__error' : 'hf-diag__meta'}
        role="status"
        aria-live="polite"
      >
        {status.value?.text ?? ''}
      </p>
    </div>
  );
}
