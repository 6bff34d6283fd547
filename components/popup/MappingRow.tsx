import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { Mapping } from '../../lib/mapping/schema';
import type { FieldSpec } from '../../lib/platforms/types';
import { InlineConfirm } from '../shared/InlineConfirm';
import { ManagedBadge } from '../shared/ManagedBadge';

interface MappingRowProps {
  mapping: Mapping;
  /** The target in the catalog, for its label; absent when the catalog does not know the field. */
  spec: FieldSpec | undefined;
  /** A toggle or delete of this mapping is in flight. */
  pending: boolean;
  /** The list is not ready for changes yet (every mapping is still on its way): controls wait. */
  locked?: boolean;
  /** Set by the organisation's policy: shown with a badge, and not switched, edited or deleted here. */
  managed?: boolean;
  /** Its place in the whole list, when only some rows are rendered (1-based). */
  position?: { index: number; size: number };
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
  locked = false,
  managed = false,
  position,
  onToggle,
  onEdit,
  onDelete,
}: MappingRowProps) {
  const question = useDeleteQuestion(mapping.id);
  const label = spec?.label ?? mapping.field;
  const fixed = locked || managed;

  return (
    <li
      class={mapping.enabled ? 'mapping' : 'mapping mapping--disabled'}
      data-id={mapping.id}
      aria-posinset={position?.index}
      aria-setsize={position?.size}
    >
      <MappingSummary mapping={mapping} label={label} managed={managed} />
      <div class="mapping__actions">
        {/* Not re-created when the row shows another mapping: the switch animates only when focused. */}
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={mapping.enabled}
            aria-checked={mapping.enabled}
            disabled={pending || fixed}
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
          data-action="edit"
          disabled={fixed}
          onClick={onEdit}
        >
          Edit
        </button>
        <button
          type="button"
          class="button button--neutral button--small button--destructive-text"
          aria-label={`Delete ${label}`}
          disabled={pending || fixed}
          ref={question.deleteRef}
          onClick={question.ask}
        >
          Delete
        </button>
      </div>
      {question.asking && !managed && (
        <InlineConfirm
          question={`Delete the mapping for ${label}? The field keeps its values.`}
          confirmLabel="Delete mapping"
          pending={pending}
          cancelRef={question.cancelRef}
          onConfirm={() => {
            question.drop();
            onDelete();
          }}
          onCancel={question.drop}
        />
      )}
    </li>
  );
}

/** The target, its context keys and its policy; whether the organisation sets it. */
function MappingSummary({
  mapping,
  label,
  managed,
}: {
  mapping: Mapping;
  label: string;
  managed: boolean;
}) {
  return (
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
      {managed && (
        <p class="mapping__managed">
          <ManagedBadge />
        </p>
      )}
    </div>
  );
}

/**
 * The delete question of the mapping a row shows. By id, not a flag: the list reuses its rows for
 * other mappings as the filter changes, and a question belongs to one mapping.
 */
function useDeleteQuestion(mappingId: string) {
  const confirmingId = useSignal<string | null>(null);
  const asking = confirmingId.value === mappingId;
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef<string | null>(null);

  // Keep keyboard focus in the row: onto the question's safe answer, then back to Delete.
  useEffect(() => {
    // (Not when the row now shows another mapping: focus stays where the admin is, e.g. the filter.)
    if (asking) cancelRef.current?.focus();
    else if (wasConfirming.current === mappingId) deleteRef.current?.focus();
    // The row shows another mapping now: the question about the one it showed is dropped.
    else if (confirmingId.peek() !== null) confirmingId.value = null;
    wasConfirming.current = asking ? mappingId : null;
  }, [asking, mappingId]);

  return {
    asking,
    cancelRef,
    deleteRef,
    ask() {
      confirmingId.value = mappingId;
    },
    drop() {
      confirmingId.value = null;
    },
  };
}
