/**
 * The QA section's audit (loaded lazily): name records — pasted Case numbers, record ids or
 * conversation ids, or a creation-date range — and the background reads each one read only, as
 * the signed-in user, comparing its fields with its handoff context through today's mappings.
 * The page polls the job (about once a second) for the rows that came since; Cancel stops after
 * the records in flight and keeps the rows so far.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditProgress } from '../../lib/audit/types';
import { platformIds, platformNames } from '../../lib/platforms/descriptor-registry';
import { AuditResults } from './AuditResults';
import { type AuditApi, type AuditStart, requestAuditApi } from './audit-api';
import { dayRange, endWords, pastedWords, progressWords } from './audit-text';

const POLL_MS = 800;

interface AuditForm {
  platform: string;
  org: string;
  mode: 'ids' | 'range';
  text: string;
  from: string;
  to: string;
  /** Percent of a per-minute budget. */
  share: string;
}

export function AuditPanel({
  api = requestAuditApi,
  save,
}: {
  /** The background's audit (default: the typed messages); tests pass a fake. */
  api?: AuditApi;
  save(name: string, text: string): void;
}) {
  const [form, setForm] = useState<AuditForm>({
    platform: platformIds[0] ?? '',
    org: '',
    mode: 'ids',
    text: '',
    from: '',
    to: '',
    share: '25',
  });
  const [error, setError] = useState('');
  const job = useAuditJob(api, setError);
  const patch = (p: Partial<AuditForm>) => setForm((f) => ({ ...f, ...p }));
  const running = job.progress?.state === 'running' || job.starting;

  const start = () => {
    const request = startRequest(form);
    if ('error' in request) return setError(request.error);
    setError('');
    void job.start(request);
  };

  return (
    <section class="audit" aria-labelledby="audit-title">
      <h3 class="toolbar__title" id="audit-title">
        Audit handoffs
      </h3>
      <p class="section__lead">
        Check records other agents handled, read only and as you: each record's handoff context is
        found on the platform (the conversation its API lists, the record fields set as sources) and
        its fields are compared with what the context says through today's mappings. Nothing is
        written. At most 500 records per audit.
      </p>
      <AuditFormView form={form} patch={patch} disabled={running} onStart={start} />
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {job.progress && (
        <AuditProgressView progress={job.progress} onCancel={() => void job.cancel()} />
      )}
      {job.progress && job.rows.length > 0 && (
        <AuditResults progress={job.progress} rows={job.rows} save={save} />
      )}
    </section>
  );
}

/** The request for the form, or what is missing. */
function startRequest(form: AuditForm): AuditStart | { error: string } {
  const org = form.org.trim();
  if (!org) return { error: 'Enter the org, as in its host name (e.g. acme).' };
  const share = Number(form.share) / 100;
  if (!(share >= 0.01 && share <= 0.9))
    return { error: 'The budget share is a percent from 1 to 90.' };
  if (form.mode === 'ids') {
    const tokens = pastedWords(form.text);
    if (tokens.length === 0)
      return {
        error: 'Paste Case numbers, record ids or conversation ids, or choose a date range.',
      };
    return { platform: form.platform, org, share, query: { kind: 'ids', tokens } };
  }
  const range = dayRange(form.from, form.to);
  if ('error' in range) return range;
  return { platform: form.platform, org, share, query: { kind: 'range', ...range } };
}

/** A job started from this page: its progress and its rows so far, polled while it runs. */
function useAuditJob(api: AuditApi, onError: (message: string) => void) {
  const [progress, setProgress] = useState<AuditProgress | undefined>();
  const [rows, setRows] = useState<AuditProgress['rows']>([]);
  const [starting, setStarting] = useState(false);
  const seen = useRef(0);
  const take = (p: AuditProgress) => {
    seen.current += p.rows.length;
    if (p.rows.length) setRows((r) => [...r, ...p.rows]);
    setProgress(p);
  };
  useEffect(() => {
    if (progress?.state !== 'running') return;
    const timer = setTimeout(() => {
      api.progress(progress.jobId, seen.current).then(take, (e: Error) => {
        onError(e.message);
        setProgress({ ...progress, state: 'stopped', notice: e.message });
      });
    }, POLL_MS);
    return () => clearTimeout(timer);
  });
  return {
    progress,
    rows,
    starting,
    async start(request: AuditStart) {
      setStarting(true);
      seen.current = 0;
      setRows([]);
      setProgress(undefined);
      try {
        take(await api.start(request));
      } catch (e) {
        onError((e as Error).message);
      } finally {
        setStarting(false);
      }
    },
    async cancel() {
      if (!progress) return;
      try {
        take(await api.cancel(progress.jobId));
      } catch (e) {
        onError((e as Error).message);
      }
    },
  };
}

function AuditFormView({
  form,
  patch,
  disabled,
  onStart,
}: {
  form: AuditForm;
  patch(p: Partial<AuditForm>): void;
  disabled: boolean;
  onStart(): void;
}) {
  return (
    <form
      class="audit-form"
      aria-label="What to audit"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onStart();
      }}
    >
      <div class="toolbar">
        <div class="toolbar__filter">
          <label class="form-label" for="audit-platform">
            Platform
          </label>
          <select
            id="audit-platform"
            class="input"
            value={form.platform}
            onChange={(e) => patch({ platform: e.currentTarget.value })}
          >
            {platformIds.map((id) => (
              <option key={id} value={id}>
                {platformNames[id] ?? id}
              </option>
            ))}
          </select>
        </div>
        <div class="toolbar__filter">
          <label class="form-label" for="audit-org">
            Org
          </label>
          <input
            id="audit-org"
            class="input"
            value={form.org}
            maxLength={100}
            autocomplete="off"
            spellcheck={false}
            placeholder="e.g. acme"
            onInput={(e) => patch({ org: e.currentTarget.value })}
          />
        </div>
        <div class="toolbar__filter">
          <label class="form-label" for="audit-share">
            Budget share (%)
          </label>
          <input
            id="audit-share"
            class="input"
            type="number"
            min={1}
            max={90}
            value={form.share}
            aria-describedby="audit-share-help"
            onInput={(e) => patch({ share: e.currentTarget.value })}
          />
          <span class="form-help" id="audit-share-help">
            The most of a per-minute API budget the audit uses (Kustomer's is shared with your org's
            other integrations).
          </span>
        </div>
      </div>
      <fieldset class="audit-mode">
        <legend class="form-label">Records</legend>
        <label>
          <input
            type="radio"
            name="audit-mode"
            checked={form.mode === 'ids'}
            onChange={() => patch({ mode: 'ids' })}
          />{' '}
          Named
        </label>
        <label>
          <input
            type="radio"
            name="audit-mode"
            checked={form.mode === 'range'}
            onChange={() => patch({ mode: 'range' })}
          />{' '}
          Created in a date range (UTC)
        </label>
      </fieldset>
      {form.mode === 'ids' ? (
        <div class="toolbar__filter">
          <label class="form-label" for="audit-ids">
            Case numbers, record ids or conversation ids
          </label>
          <textarea
            id="audit-ids"
            class="input audit-ids"
            rows={4}
            value={form.text}
            spellcheck={false}
            placeholder="One per line, or separated by spaces or commas"
            onInput={(e) => patch({ text: e.currentTarget.value })}
          />
        </div>
      ) : (
        <div class="toolbar">
          <DayField
            id="audit-from"
            label="First day"
            value={form.from}
            onDay={(from) => patch({ from })}
          />
          <DayField id="audit-to" label="Last day" value={form.to} onDay={(to) => patch({ to })} />
        </div>
      )}
      <div class="toolbar__actions">
        <button type="submit" class="button button--primary" disabled={disabled}>
          Start audit
        </button>
      </div>
    </form>
  );
}

function AuditProgressView({ progress, onCancel }: { progress: AuditProgress; onCancel(): void }) {
  const running = progress.state === 'running';
  const share = progress.total ? Math.round((progress.done / progress.total) * 100) : 100;
  return (
    <div class="audit-progress">
      <div
        class="audit-progress__bar"
        role="progressbar"
        aria-label="Audit progress"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
        aria-valuetext={`${progress.done} of ${progress.total} records`}
      >
        <span class="audit-progress__fill" style={{ width: `${share}%` }} />
      </div>
      <p class="toolbar__count" id="audit-status" role="status" aria-atomic="true">
        {running ? progressWords(progress, Date.now()) : endWords(progress)}
        {!running && ` ${progressWords(progress, Date.now())}.`}
      </p>
      {running && (
        <button type="button" class="button button--neutral" onClick={onCancel}>
          Cancel audit
        </button>
      )}
      {progress.truncated && (
        <p class="notice notice--warning">
          More records matched than one audit reads: only the first {progress.total} are audited.
          Narrow the range and audit the rest in another run.
        </p>
      )}
      {progress.unknown.length > 0 && (
        <p class="notice notice--warning">
          Not found (or not visible to you): {progress.unknown.slice(0, 50).join(', ')}
          {progress.unknown.length > 50 ? ` and ${progress.unknown.length - 50} more` : ''}.
        </p>
      )}
    </div>
  );
}

/** One end of the audit's date range. */
function DayField(props: { id: string; label: string; value: string; onDay(day: string): void }) {
  return (
    <div class="toolbar__filter">
      <label class="form-label" for={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        class="input"
        type="date"
        value={props.value}
        onInput={(e) => props.onDay(e.currentTarget.value)}
      />
    </div>
  );
}
