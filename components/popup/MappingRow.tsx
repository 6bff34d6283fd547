import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Mapping } from '../../lib/mapping/schema';
import type { FieldSpec } from '../../lib/platforms/types';
import { InlineConfirm } from './InlineConfirm';

interface MappingRowProps {
  mapping: Mapping;
  /** The target in the catalog, for its label; absent when the catalog does not know the field. */
  spec: FieldSpec | undefined;
  /** A toggle or delete of this mapping is in flight. */
  pending: boolean;
  onToggle(enabled: boolean): void;
  onEdit(): void;
  onDelete(): void;
}

const policyWords = { 'fill-empty': 'fills empty fields only', overwrite: 'overwrites' } as const;

/** One mapping in the list; delete asks inline (no window.confirm, which a popup cannot style). */
export function MappingRow({
  mapping,
  spec,
  pending,
  onToggle,
  onEdit,
  onDelete,
}: MappingRowProps) {
  const confirming = useSignal(false);
  const label = spec?.label ?? mapping.field;
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Keep keyboard focus in the row: onto the question's safe answer, then back to Delete.
  useEffect(() => {
    if (confirming.value) cancelRef.current?.focus();
    else if (wasConfirming.current) deleteRef.current?.focus();
    wasConfirming.current = confirming.value;
  }, [confirming.value]);

  return (
    <li class={mapping.enabled ? 'mapping' : 'mapping mapping--disabled'} data-id={mapping.id}>
      <div class="mapping__main">
        <p class="mapping__target">
          <span class="mapping__label">{label}</span>
          {label !== mapping.field && <code class="mapping__api">{mapping.field}</code>}
        </p>
        <p class="mapping__detail">
          <span class="sr-only">Context keys: </span>
          {mapping.sources.join(mapping.combine === 'join' ? ' + ' : ', ')}
        </p>
        <p class="mapping__detail mapping__detail--weak">
          {policyWords[mapping.policy]}
          {mapping.valueMap.length > 0 &&
            ` · ${mapping.valueMap.length} mapped ${mapping.valueMap.length === 1 ? 'value' : 'values'}`}
        </p>
      </div>
      <div class="mapping__actions">
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={mapping.enabled}
            aria-checked={mapping.enabled}
            disabled={pending}
            aria-label={`Enabled: ${label}`}
            onChange={(e) => onToggle(e.currentTarget.checked)}
          />
          <span class="switch__track" aria-hidden="true" />
          <span class="switch__text" aria-hidden="true">
            {mapping.enabled ? 'On' : 'Off'}
          </span>
        </label>
        <button
          type="button"
          class="button button--neutral button--small"
          aria-label={`Edit ${label}`}
          onClick={onEdit}
        >
          Edit
        </button>
        <button
          type="button"
          class="button button--neutral button--small button--destructive-text"
          aria-label={`Delete ${label}`}
          disabled={pending}
          ref={deleteRef}
          onClick={() => {
            confirming.value = true;
          }}
        >
          Delete
        </button>
      </div>
      {confirming.value && (
        <InlineConfirm
          question={`Delete the mapping for ${label}? The field keeps its values.`}
          confirmLabel="Delete mapping"
          pending={pending}
          cancelRef={cancelRef}
          onConfirm={() => {
            confirming.value = false;
            onDelete();
          }}
          onCancel={() => {
            confirming.value = false;
          }}
        />
      )}
    </li>
  );
}
