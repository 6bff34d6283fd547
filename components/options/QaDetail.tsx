import { useEffect, useRef } from 'preact/hooks';
import type { ContextValue } from '../../lib/context/types';
import type { FieldOutcome, Notice } from '../../lib/handoff/types';
import type { PresentedEntry } from '../../lib/journal/export';
import { recordNamesOf } from '../../lib/journal/record-names';
import {
  fieldCounts,
  handoffStatus,
  type JournalRow,
  NO_FIELDS_REASON,
} from '../../lib/journal/summary';
import { recordUrl } from '../../lib/platforms/console-tabs';
import { platformNames } from '../../lib/platforms/descriptor-registry';
import type { RecordRef } from '../../lib/platforms/types';
import { recordWords } from '../widget/view-text';
import { ContextValuesTable } from './ContextValuesTable';
import { RecordLink } from './QaTable';
import type { Detail } from './qa-store';
import {
  formWords,
  localDateTime,
  outcomeWords,
  reasonWords,
  sourceWords,
  statusClass,
  statusText,
  trustWords,
  verificationWords,
  verifiedByWords,
} from './qa-text';

/**
 * The detail's title: the record written, as the console names it ("Case 00001026", "conversation
 * with Jamie Customer"), else its object and id. From the entry once loaded, from its row before.
 */
function detailTitle(detail: Detail, row: JournalRow | undefined): string {
  if (detail.state === 'ready') {
    const { entry } = detail;
    return recordWords(entry.targets?.[0] ?? entry.record, recordNamesOf(entry));
  }
  if (row) return recordWords(row.target ?? row.record, row.names);
  return 'Handoff';
}

/**
 * One handoff's evidence in a side panel: the context (how it was read, who vouches for it, its
 * values), the notices, and per field what was written and what the platform held when read back.
 * Every value is page-derived data and is rendered as text. Escape or Close ends it; the owner puts
 * the focus back on the row.
 */
export function QaDetail({
  detail,
  row,
  onClose,
}: {
  detail: Detail;
  /** The handoff's row in the table, which names the record while the entry loads. */
  row?: JournalRow | undefined;
  onClose(): void;
}) {
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
          {detailTitle(detail, row)}
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
  const counts = fieldCounts(entry.fields);
  const names = recordNamesOf(entry);
  const link = (r: RecordRef) => <RecordLink record={r} names={names} url={recordUrl(r)} />;
  return (
    <>
      <dt>When</dt>
      <dd>
        <time dateTime={new Date(entry.at).toISOString()}>{localDateTime(entry.at)}</time>
      </dd>
      <dt>Record</dt>
      <dd>
        {platformNames[entry.record.platform] ?? entry.record.platform} · {entry.record.org}{' '}
        {link(entry.record)}
      </dd>
      {entry.targets && entry.targets.length > 0 && (
        <>
          <dt>Written to</dt>
          <dd>
            <ul class="qa-targets">
              {entry.targets.map((t) => (
                <li key={`${t.object}:${t.id}`}>{link(t)}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>State</dt>
      <dd>
        <span class={statusClass(status, counts)} data-state={status}>
          {statusText(status, counts)}
        </span>
      </dd>
      <dt>Handoff id</dt>
      <dd>
        <code data-handoff-id>{entry.handoffId}</code>
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

/**
 * Per field, what happened and what was read back: a plain table that wraps its text and grows
 * with the detail (no box of its own to scroll).
 */
function FieldEvidence({ fields }: { fields: readonly FieldOutcome[] }) {
  if (fields.length === 0) {
    return <p class="form-hint">{NO_FIELDS_REASON}</p>;
  }
  return (
    <div class="qa-evidence">
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
    </div>
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
