import { useEffect, useRef, useState } from 'preact/hooks';
import type { FieldOutcome } from '../../lib/handoff/types';
import { OutcomeBadge } from './OutcomeBadge';
import { canUseBotValue, fieldValueText, isNotInHandoff, verificationWords } from './view-text';

/** "Use the bot's value" on a kept field, once the agent confirmed (absent: no button). */
export type UseBotValue = (field: FieldOutcome) => void;

/**
 * One row per mapped field the bot sent: which field (its label; the API name is in the admin's
 * details), which value (as the console shows it), what happened. A table so a screen reader
 * announces "Field / Value / Result" with each cell. What needs the agent (a refusal's sentence,
 * a kept value's button) sits on a full-width line under its row. Fields the bot did not send fold
 * under "N not in this handoff". Values and reasons come from the page or the platform, so they
 * are text nodes only; long ones are clamped by CSS with the full text in `title`.
 */
export function FieldOutcomesTable({
  fields,
  onUseBotValue,
  busy = false,
}: {
  fields: readonly FieldOutcome[];
  onUseBotValue?: UseBotValue | undefined;
  busy?: boolean;
}) {
  const sent = fields.filter((f) => !isNotInHandoff(f));
  const absent = fields.filter(isNotInHandoff);
  return (
    <>
      {sent.length > 0 && (
        <table class="hf-fields">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {sent.map((f) => (
              <FieldOutcomeRows
                key={`${f.object ?? ''}.${f.field}`}
                field={f}
                onUseBotValue={onUseBotValue}
                busy={busy}
              />
            ))}
          </tbody>
        </table>
      )}
      {absent.length > 0 && (
        <details class="hf-absent">
          <summary>{absent.length} not in this handoff</summary>
          <ul>
            {absent.map((f) => (
              <li key={`${f.object ?? ''}.${f.field}`} data-field={f.field} title={f.field}>
                {f.label}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function FieldOutcomeRows({
  field,
  onUseBotValue,
  busy,
}: {
  field: FieldOutcome;
  onUseBotValue: UseBotValue | undefined;
  busy: boolean;
}) {
  const value = fieldValueText(field);
  const refused = field.outcome === 'refused';
  const useBot = onUseBotValue && canUseBotValue(field);
  return (
    <>
      <tr
        class={`hf-field hf-field--${field.outcome}`}
        data-field={field.field}
        data-object={field.object}
      >
        <th scope="row" class="hf-field__name">
          <span class="hf-clamp" title={field.label}>
            {field.label}
          </span>
        </th>
        <td class="hf-field__value">
          {value === null ? (
            <span class="hf-muted">
              <span aria-hidden="true">—</span>
              <span class="hf-sr-only">no value</span>
            </span>
          ) : (
            <span class="hf-clamp" title={value}>
              {value}
            </span>
          )}
        </td>
        <td class="hf-field__result">
          <OutcomeBadge field={field} />
          {field.verification && (
            <span
              class={`hf-check hf-check--${field.verification.state} hf-clamp`}
              data-verification={field.verification.state}
              title={
                field.verification.state === 'different'
                  ? `The context says '${field.verification.expected ?? ''}'; the record has '${field.verification.actual ?? ''}'`
                  : verificationWords(field.verification)
              }
            >
              <span aria-hidden="true">
                {field.verification.state === 'verified' ? '✓ ' : '≠ '}
              </span>
              {verificationWords(field.verification)}
            </span>
          )}
        </td>
      </tr>
      {(refused || useBot) && (
        <tr class="hf-field-note" data-note-for={field.field}>
          <td colSpan={3}>
            {refused && <RefusalNote field={field} />}
            {useBot && <UseBotValueButton field={field} onUse={onUseBotValue} busy={busy} />}
          </td>
        </tr>
      )}
    </>
  );
}

/** What the agent can do, then the admin's detail (the planner's or platform's words, API name). */
function RefusalNote({ field }: { field: FieldOutcome }) {
  return (
    <>
      <p class="hf-reason">{field.hint ?? field.reason}</p>
      <details class="hf-admin">
        <summary>Details for your admin</summary>
        {field.reason && <p class="hf-admin__reason">{field.reason}</p>}
        <p class="hf-api-name">API name: {field.field}</p>
      </details>
    </>
  );
}

/**
 * "Use the bot's value", asked first in place: the record has a value the agent (or someone) put
 * there, so writing over it is the agent's decision. Cancel takes the focus back to the button.
 */
function UseBotValueButton({
  field,
  onUse,
  busy,
}: {
  field: FieldOutcome;
  onUse: UseBotValue;
  busy: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const focusNext = useRef(false);
  const target = useRef<HTMLButtonElement>(null);
  // Focus moves only when the agent pressed one of these buttons: never on a re-render (a poll).
  useEffect(() => {
    if (focusNext.current) target.current?.focus();
    focusNext.current = false;
  }, [asking]);
  const ask = (next: boolean) => {
    focusNext.current = true;
    setAsking(next);
  };
  const value = fieldValueText(field) ?? '';
  if (!asking) {
    return (
      <button
        type="button"
        class="hf-button hf-button--small"
        ref={target}
        disabled={busy}
        onClick={() => ask(true)}
      >
        Use the bot's value
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of two buttons, not a form's fieldset
    <div class="hf-confirm" role="group" aria-label={`Use the bot's value for ${field.label}?`}>
      <p>
        Write '{value}' into {field.label}, over the record's value?
      </p>
      <button
        type="button"
        class="hf-button hf-button--brand hf-button--small"
        ref={target}
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onUse(field);
        }}
      >
        Write it
      </button>
      <button type="button" class="hf-button hf-button--small" onClick={() => ask(false)}>
        Cancel
      </button>
    </div>
  );
}
