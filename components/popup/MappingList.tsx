import type { Mapping } from '../../lib/mapping/schema';
import type { FieldSpec } from '../../lib/platforms/types';
import { MappingRow } from './MappingRow';
import { findFieldSpec } from './mapping-draft';
import { type Target, wordsFor } from './targets';

interface MappingListProps {
  target: Target;
  mappings: readonly Mapping[];
  catalog: readonly FieldSpec[];
  pending: ReadonlySet<string>;
  onToggle(mapping: Mapping, enabled: boolean): void;
  onEdit(mapping: Mapping): void;
  onDelete(mapping: Mapping): void;
}

export function MappingList({
  target,
  mappings,
  catalog,
  pending,
  onToggle,
  onEdit,
  onDelete,
}: MappingListProps) {
  const name = listName(target);
  if (mappings.length === 0) {
    return (
      <p class="empty">
        No {name} yet. Add one to fill a {target.noun} {wordsFor(target.platform).fieldNoun} from a
        key of the bot’s handoff context.
      </p>
    );
  }
  return (
    <ul class="mapping-list" aria-label={name}>
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

/** "Salesforce Case mappings", "Kustomer customer mappings". */
export const listName = (t: Target) => `${t.platformName} ${t.noun} mappings`;
