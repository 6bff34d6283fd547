import { useEffect, useRef } from 'preact/hooks';
import type { ContextValue } from '../../lib/context/types';
import type { FieldOutcome, Notice } from '../../lib/handoff/types';
import type { PresentedEntry } from '../../lib/journal/export';
import { handoffStatus } from '../../lib/journal/summary';
import { recordUrl } from '../../lib/platforms/console-tabs';
import { platformNames } from '../../lib/platforms/descriptor-registry';
import { ContextValuesTable } from './ContextValuesTable';
import { RecordLink } from './QaTable';
import type { Detail } from './qa-store';
import {
  formWords,
  localDateTime,
  outcomeWords,
  reasonWords,
  sourceWords,
  statusWords,
  trustWords,
  verificationWords,
  verifiedByWords,
} from './qa-text';

/**
 * One handoff's evidence in a side panel: the context (how it was read, who vouches for it, its
 * values), the notices, and per field what was written and what the platform held when read back.
 * Every value is page-derived data and is rendered as text. Escape or Close ends it; the owner puts
 * the focus back on the row.
 */
export function QaDetail({ detail, onClose }: { detail: Detail; onClose(): void }) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, [detail.id]);

  return (
    <section
      class="qa-detail"
      id="qa-detail"
      aria-labelledby="qa-detail-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div class="qa-detail__bar">
        <h3 class="qa-detail__title" id="qa-detail-title" tabIndex={-1} ref={titleRef}>
          Handoff {detail.id}
        </h3>
        <button type="button" class="button button--neutral button--small" onClick={onClose}>
          Close
        </button>
      </div>
      {detail.state === 'loading' && <p class="empty">Loading…</p>}
      {detail.state === 'missing' && (
        <p class="notice notice--error">
          This handoff is no longer in the journal (retention deleted it).
        </p>
      )}
      {detail.state === 'failed' && (
        <p class="notice notice--error" role="alert">
          {detail.message}
        </p>
      )}
      {detail.state === 'ready' && <Evidence entry={detail.entry} />}
    </section>
  );
}

function Evidence({ entry }: { entry: PresentedEntry }) {
  const values = Object.entries(entry.context?.values ?? {});
  return (
    <div class="qa-detail__body">
      <dl class="plan__context qa-facts">
        <RecordFacts entry={entry} />
        <ContextFacts entry={entry} />
      </dl>
      {entry.notice && <NoticeText label="Notice" notice={entry.notice} />}
      {entry.verifyNotice && <NoticeText label="Read-back" notice={entry.verifyNotice} />}
      <ContextValuesTable
        caption="Context values"
        className="qa-values"
        values={values}
        render={(value) => <ValueText value={value} />}
      />
      <FieldEvidence fields={entry.fields} />
    </div>
  );
}

/** When, which record (and the records written to), and the handoff's state. */
function RecordFacts({ entry }: { entry: PresentedEntry }) {
  const status = handoffStatus(entry);
  return (
    <>
      <dt>When</dt>
      <dd>
        <time dateTime={new Date(entry.at).toISOString()}>{localDateTime(entry.at)}</time>
      </dd>
      <dt>Record</dt>
      <dd>
        {platformNames[entry.record.platform] ?? entry.record.platform} · {entry.record.org}{' '}
        <RecordLink record={entry.record} url={recordUrl(entry.record)} />
      </dd>
      {entry.targets && entry.targets.length > 0 && (
        <>
          <dt>Written to</dt>
          <dd>
            <ul class="qa-targets">
              {entry.targets.map((t) => (
                <li key={`${t.object}:${t.id}`}>
                  <RecordLink record={t} url={recordUrl(t)} />
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>State</dt>
      <dd>
        <span class={`badge qa-status qa-status--${status}`}>{statusWords[status] ?? status}</span>
      </dd>
    </>
  );
}

/** Where the context came from, how far it was trusted, who posted it, and what happened since. */
function ContextFacts({ entry }: { entry: PresentedEntry }) {
  const ctx = entry.context;
  return (
    <>
      <dt>Source</dt>
      <dd>
        {sourceWords[entry.source ?? 'transcript'] ?? entry.source}
        {entry.sourceDetail && <code class="cell--weak"> {entry.sourceDetail}</code>}
      </dd>
      <dt>Form</dt>
      <dd>{ctx ? (formWords[ctx.form] ?? ctx.form) : 'No context could be read'}</dd>
      <dt>Trust</dt>
      <dd>{ctx ? (trustWords[ctx.trust] ?? ctx.trust) : '—'}</dd>
      {ctx?.issuer && (
        <>
          <dt>Issuer</dt>
          <dd>
            <code>{ctx.issuer}</code>
          </dd>
        </>
      )}
      <dt>Posted by</dt>
      <dd>{ctx?.author ?? entry.author}</dd>
      <dt>Message id</dt>
      <dd>
        <code>{ctx?.messageId ?? entry.messageId}</code>
      </dd>
      <AnswerFacts entry={entry} />
      {entry.settledAt !== undefined && (
        <>
          <dt>Settled</dt>
          <dd>{localDateTime(entry.settledAt)}</dd>
        </>
      )}
      {entry.verifiedAt !== undefined && (
        <>
          <dt>Read back</dt>
          <dd>{localDateTime(entry.verifiedAt)}</dd>
        </>
      )}
      {entry.redacted && (
        <>
          <dt>Values</dt>
          <dd>{entry.redacted === 'mask' ? 'Masked' : 'Hashed (SHA-256)'} by the settings</dd>
        </>
      )}
    </>
  );
}

/** Settings `writeMode: 'confirm'`: who pressed Fill N fields and when, and an earlier Not now. */
function AnswerFacts({ entry }: { entry: PresentedEntry }) {
  return (
    <>
      {entry.declinedAt !== undefined && (
        <>
          <dt>Not now</dt>
          <dd>{localDateTime(entry.declinedAt)}</dd>
        </>
      )}
      {entry.confirmedAt !== undefined && (
        <>
          <dt>Confirmed</dt>
          <dd data-confirmed-by={entry.confirmedBy}>
            {localDateTime(entry.confirmedAt)}
            {entry.confirmedBy && ` by ${entry.confirmedBy}`}
          </dd>
        </>
      )}
    </>
  );
}

function NoticeText({ label, notice }: { label: string; notice: Notice }) {
  return (
    <p class="notice notice--error qa-notice" data-code={notice.code}>
      <strong>{label}:</strong> {notice.message}
    </p>
  );
}

function ValueText({ value }: { value: ContextValue | undefined }) {
  if (value === null || value === undefined || value === '') {
    return <span class="cell--weak">(empty)</span>;
  }
  return <span class="qa-value">{String(value)}</span>;
}

function FieldEvidence({ fields }: { fields: readonly FieldOutcome[] }) {
  if (fields.length === 0) {
    return <p class="form-hint">No field was planned for this handoff.</p>;
  }
  return (
    <section
      class="qa-evidence"
      aria-label="Field evidence, scrolls sideways"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard to scroll it (WCAG 2.1.1)
      tabIndex={0}
    >
      <table class="table qa-evidence__table">
        <caption class="table__caption">Field evidence</caption>
        <thead>
          <tr>
            <th scope="col">Object</th>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">Outcome</th>
            <th scope="col">Reason</th>
            <th scope="col">Verification</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={`${f.object ?? ''}.${f.field}`} data-field={f.field} data-outcome={f.outcome}>
              <td>{f.object ?? ''}</td>
              <th scope="row">
                <span class="cell--strong">{f.label}</span>
                <code class="cell cell--weak">{f.field}</code>
              </th>
              <td>
                <ValueText value={f.value} />
              </td>
              <td>
                <span class={`badge qa-outcome qa-outcome--${f.outcome}`}>
                  {outcomeWords[f.outcome] ?? f.outcome}
                </span>
              </td>
              <td>{reasonWords(f.reason)}</td>
              <td>
                <Verification field={f} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Verification({ field }: { field: FieldOutcome }) {
  const v = field.verification;
  if (!v) return <span class="cell--weak">Not read back</span>;
  return (
    <div class="qa-verification" data-verification={v.state}>
      <span class={`badge qa-verification--${v.state}`}>
        {verificationWords[v.state] ?? v.state}
      </span>
      <dl class="qa-verification__facts">
        <dt>Expected</dt>
        <dd>
          <ValueText value={v.expected} />
        </dd>
        <dt>Actual</dt>
        <dd>
          <ValueText value={v.actual} />
        </dd>
        <dt>When</dt>
        <dd>{localDateTime(v.at)}</dd>
        <dt>By</dt>
        <dd>{verifiedByWords[v.by] ?? v.by}</dd>
      </dl>
    </div>
  );
}
