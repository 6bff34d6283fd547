/**
 * An audit's results: rates per field and per bot, the records with problems first (each named
 * as its console names it, with what differs), and the CSV / JSON exports of every row.
 */
import { auditCsv, auditJson } from '../../lib/audit/export';
import { percent, problemsFirst, summarise } from '../../lib/audit/summary';
import type { AuditProgress, AuditRow } from '../../lib/audit/types';
import { fieldWords, RECORD_STATE_WORDS } from './audit-text';

export function AuditResults({
  progress,
  rows,
  save,
}: {
  progress: AuditProgress;
  rows: readonly AuditRow[];
  save(name: string, text: string): void;
}) {
  const summary = summarise(rows);
  const stamp = new Date(progress.startedAt).toISOString().slice(0, 19).replaceAll(':', '-');
  const info = {
    platform: progress.platform,
    org: progress.org,
    query: { unknown: progress.unknown, truncated: progress.truncated },
    startedAt: progress.startedAt,
    ...(progress.finishedAt !== undefined ? { finishedAt: progress.finishedAt } : {}),
    state: progress.state,
    requests: progress.requests,
  };
  return (
    <div class="audit-results">
      <div class="toolbar__actions">
        <button
          type="button"
          class="button button--neutral"
          onClick={() => save(`handoff-fields-audit-${stamp}.csv`, auditCsv(rows))}
        >
          Export CSV
        </button>
        <button
          type="button"
          class="button button--neutral"
          onClick={() => save(`handoff-fields-audit-${stamp}.json`, auditJson(info, rows))}
        >
          Export JSON
        </button>
      </div>
      <table class="table table--compact" aria-label="Audit by field">
        <caption class="table__caption">By field ({summary.records} records)</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">As expected</th>
            <th scope="col">Different</th>
            <th scope="col">Missing</th>
            <th scope="col">Refused</th>
          </tr>
        </thead>
        <tbody>
          {summary.fields.map((f) => (
            <tr key={`${f.object}.${f.field}`} data-field={f.field}>
              <th scope="row">
                {f.label} <code class="cell cell--weak">{f.field}</code>
              </th>
              {(['expected', 'different', 'missing', 'refused'] as const).map((s) => (
                <td key={s} data-state={s}>
                  {f.counts[s]} ({percent(f.counts[s], f.total)})
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <table class="table table--compact" aria-label="Audit by bot">
        <caption class="table__caption">By bot (who signed or posted the context)</caption>
        <thead>
          <tr>
            <th scope="col">Bot</th>
            <th scope="col">Records</th>
            <th scope="col">As expected</th>
            <th scope="col">With problems</th>
          </tr>
        </thead>
        <tbody>
          {summary.bots.map((b) => {
            const fine = b.counts['as-expected'] ?? 0;
            return (
              <tr key={b.bot} data-bot={b.bot}>
                <th scope="row">{b.bot}</th>
                <td>{b.records}</td>
                <td>
                  {fine} ({percent(fine, b.records)})
                </td>
                <td>
                  {b.records - fine} ({percent(b.records - fine, b.records)})
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <AuditRecords rows={rows} />
    </div>
  );
}

function AuditRecords({ rows }: { rows: readonly AuditRow[] }) {
  return (
    <table class="table table--compact audit-records" aria-label="Audited records">
      <caption class="table__caption">Records, problems first</caption>
      <thead>
        <tr>
          <th scope="col">Record</th>
          <th scope="col">Result</th>
          <th scope="col">Bot</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {problemsFirst(rows).map((row) => (
          <tr
            key={`${row.record.object}:${row.record.id}`}
            data-record={row.record.id}
            data-state={row.state}
          >
            <th scope="row">
              {row.name}
              {row.name !== row.record.id && <code class="cell cell--weak"> {row.record.id}</code>}
            </th>
            <td>{RECORD_STATE_WORDS[row.state]}</td>
            <td>{row.bot ?? '—'}</td>
            <td>
              {row.notice && <p class="audit-notice">{row.notice.message}</p>}
              <ul class="audit-fields">
                {row.fields
                  .filter((f) => f.state !== 'expected' || row.state !== 'as-expected')
                  .map((f) => (
                    <li key={`${f.object}.${f.field}`} data-field={f.field} data-state={f.state}>
                      {fieldWords(f)}
                    </li>
                  ))}
              </ul>
              {row.state === 'as-expected' && `${row.fields.length} fields as expected`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
