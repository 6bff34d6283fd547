import { useRef } from 'preact/hooks';
import {
  isPlatformId,
  platformDescriptor,
  platformDescriptors,
} from '../../lib/platforms/descriptor-registry';
import type { Catalog, FieldSpec, PlatformId } from '../../lib/platforms/types';
import { acceptUnsignedWarning, SETTINGS_LIMITS } from '../../lib/settings/schema';
import { describedBy, ErrorText, WarningText } from '../shared/ErrorText';
import { errorAt, type SettingsForm } from './settings-controls';
import { newUid, type SourceDraft } from './settings-draft';
import { controlId } from './settings-problems';

/**
 * Record fields whose value is a context (`recordFieldSources`): each a platform, an object and
 * a field picked from the field catalogs, signed contexts only unless the admin opts the field in
 * to unsigned ones — with what that means said next to the box.
 */
export function RecordFieldSources({
  form,
  catalogs,
}: {
  form: SettingsForm;
  catalogs: readonly Catalog[];
}) {
  const rows = form.draft.recordFieldSources;
  const addRef = useRef<HTMLButtonElement>(null);
  const setRow = (i: number, path: string, change: Partial<SourceDraft>) =>
    form.edit(
      (d) => ({
        ...d,
        recordFieldSources: d.recordFieldSources.map((r, j) => (j === i ? { ...r, ...change } : r)),
      }),
      path,
    );
  const first = platformDescriptors()[0];
  return (
    <div class="fieldset" id={controlId('recordFieldSources')}>
      {rows.length === 0 && (
        <p class="form-hint">None: contexts come from the conversation only.</p>
      )}
      {rows.map((row, i) => (
        <SourceRow
          key={row.uid}
          form={form}
          row={row}
          index={i}
          fields={fieldsOf(catalogs, row.platform, row.object)}
          onChange={(path, change) => setRow(i, path, change)}
          onRemove={() => {
            form.edit(
              (d) => ({
                ...d,
                recordFieldSources: d.recordFieldSources.filter((_, j) => j !== i),
              }),
              'recordFieldSources',
            );
            addRef.current?.focus();
          }}
        />
      ))}
      <ErrorText
        id={`${controlId('recordFieldSources')}-error`}
        error={errorAt(form, 'recordFieldSources')}
      />
      {first && (
        <div>
          <button
            type="button"
            class="button button--neutral button--small"
            ref={addRef}
            disabled={rows.length >= SETTINGS_LIMITS.recordFieldSources}
            onClick={() =>
              form.edit(
                (d) => ({
                  ...d,
                  recordFieldSources: [
                    ...d.recordFieldSources,
                    {
                      uid: newUid(),
                      platform: first.id as PlatformId,
                      object: first.objects.contextFields[0] ?? '',
                      field: '',
                      acceptUnsigned: false,
                    },
                  ],
                }),
                'recordFieldSources',
              )
            }
          >
            Add record field
          </button>
        </div>
      )}
    </div>
  );
}

/** Every field a catalog of this object has (any org), by label: a context field is read, not written. */
function fieldsOf(catalogs: readonly Catalog[], platform: string, object: string): FieldSpec[] {
  const byName = new Map<string, FieldSpec>();
  for (const c of catalogs) {
    if (c.platform === platform && c.object === object)
      for (const f of c.fields) byName.set(f.name, f);
  }
  return [...byName.values()].sort((a, b) => a.label.localeCompare(b.label));
}

function SourceRow({
  form,
  row,
  index: i,
  fields,
  onChange,
  onRemove,
}: {
  form: SettingsForm;
  row: SourceDraft;
  index: number;
  fields: FieldSpec[];
  onChange(path: string, change: Partial<SourceDraft>): void;
  onRemove(): void;
}) {
  const at = (key: string) => `recordFieldSources[${i}].${key}`;
  const platform = isPlatformId(row.platform) ? platformDescriptor(row.platform) : undefined;
  const objects = platform?.objects.contextFields ?? [row.object];
  const fieldId = controlId(at('field'));
  const fieldError = errorAt(form, at('field'));
  const unsignedId = controlId(at('acceptUnsigned'));
  const n = i + 1;
  return (
    <fieldset class="fieldset settings__source" data-source={i}>
      <legend class="form-label">Record field {n}</legend>
      <div class="settings__row">
        <div class="form-row">
          <label class="form-label" for={controlId(at('platform'))}>
            Platform
          </label>
          <select
            id={controlId(at('platform'))}
            class="input"
            value={row.platform}
            onChange={(e) => {
              const id = e.currentTarget.value as PlatformId;
              const next = platformDescriptor(id);
              onChange(at('platform'), {
                platform: id,
                object: next.objects.contextFields[0] ?? '',
              });
            }}
          >
            {platformDescriptors().map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="form-row">
          <label class="form-label" for={controlId(at('object'))}>
            Object
          </label>
          <select
            id={controlId(at('object'))}
            class="input"
            value={row.object}
            aria-invalid={errorAt(form, at('object')) ? true : undefined}
            aria-describedby={
              errorAt(form, at('object')) ? `${controlId(at('object'))}-error` : undefined
            }
            onChange={(e) => onChange(at('object'), { object: e.currentTarget.value })}
          >
            {objects.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <ErrorText id={`${controlId(at('object'))}-error`} error={errorAt(form, at('object'))} />
        </div>
        <div class="form-row">
          <label class="form-label" for={fieldId}>
            Field
          </label>
          <input
            id={fieldId}
            class="input input--code"
            type="text"
            list={fields.length > 0 ? `${fieldId}-list` : undefined}
            value={row.field}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy(
              `${fieldId}-hint`,
              fieldError ? `${fieldId}-error` : undefined,
            )}
            onInput={(e) => onChange(at('field'), { field: e.currentTarget.value })}
          />
          {fields.length > 0 && (
            <datalist id={`${fieldId}-list`}>
              {fields.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.label} · {f.type}
                </option>
              ))}
            </datalist>
          )}
          <p class="form-hint" id={`${fieldId}-hint`}>
            {fields.length > 0
              ? `Pick from the ${row.object} ${platform?.words.fieldNoun ?? 'field'}s of the catalog, or type the API name.`
              : `No ${row.object} catalog yet: type the API name, or import the fields (Field catalogs).`}
          </p>
          <ErrorText id={`${fieldId}-error`} error={fieldError} />
        </div>
      </div>
      <label class="choice">
        <input
          id={unsignedId}
          type="checkbox"
          checked={row.acceptUnsigned}
          aria-describedby={row.acceptUnsigned ? `${unsignedId}-warning` : undefined}
          onChange={(e) =>
            onChange(at('acceptUnsigned'), { acceptUnsigned: e.currentTarget.checked })
          }
        />
        <span>Also accept unsigned contexts from this field</span>
      </label>
      <WarningText
        id={`${unsignedId}-warning`}
        warning={
          row.acceptUnsigned
            ? acceptUnsignedWarning({ object: row.object, field: row.field || 'this field' })
            : undefined
        }
      />
      <div>
        <button
          type="button"
          class="button button--neutral button--small button--destructive-text"
          onClick={onRemove}
        >
          Remove record field {n}
          {row.field.trim() ? ` (${row.object}.${row.field.trim()})` : ''}
        </button>
      </div>
    </fieldset>
  );
}
