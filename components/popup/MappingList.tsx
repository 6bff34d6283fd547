import type { Mapping } from '../../lib/mapping/schema';
import type { FieldSpec } from '../../lib/platforms/types';
import { MappingRow } from './MappingRow';
import { findFieldSpec } from './mapping-draft';

interface MappingListProps {
  mappings: readonly Mapping[];
  catalog: readonly FieldSpec[];
  pending: ReadonlySet<string>;
  onToggle(mapping: Mapping, enabled: boolean): void;
  onEdit(mapping: Mapping): void;
  onDelete(mapping: Mapping): void;
}

export function MappingList({
  mappings,
  catalog,
  pending,
  onToggle,
  onEdit,
  onDelete,
}: MappingListProps) {
  if (mappings.length === 0) {
    return (
      <p class="empty">
        No Case mappings yet. Add one to fill a Case field from a key of the bot’s handoff context.
      </p>
    );
  }
  return (
    <ul class="mapping-list" aria-label="Case mappings">
      {mappings.map((m) => (
        <MappingRow
          key={m.id}
          mapping={m}
          spec={findFieldSpec(catalog, m.field)}
          pending={pending.has(m.id)}
          onToggle={(enabled) => onToggle(m, enabled)}
          onEdit={() => onEdit(m)}
          onDelete={() => onDelete(m)}
        />
      ))}
    </ul>
  );
}
