/**
 * A handoff's records as their console names them ("Case 00001026", "conversation with Jamie
 * Customer"), from the names the records' reads gave (the journal entry's `recordNames`, by
 * recordKey) and each platform's descriptor `recordNames`. The agent's panel (through the engine's
 * view) and the QA journal (its table and detail) name records with this one function.
 */
import { platformDescriptor } from '../platforms/descriptor-registry';
import { recordKey } from '../platforms/record-key';
import type { JournalEntry } from '../store/journal-schema';

/**
 * The entry's records named as their console names them: by the name its read gave, or by another
 * record's (a Kustomer conversation by its customer's). Undefined when none is named (a redacted
 * entry keeps no names).
 */
export function recordNamesOf(
  entry: Pick<JournalEntry, 'record' | 'targets' | 'recordNames'>,
): Record<string, string> | undefined {
  const read = entry.recordNames;
  if (!read) return undefined;
  const out: Record<string, string> = {};
  const records = entry.targets ?? [entry.record];
  for (const r of records) {
    const naming = platformDescriptor(r.platform).recordNames?.[r.object];
    if (!naming) continue;
    const source = 'of' in naming ? records.find((o) => o.object === naming.of) : r;
    const name = source ? read[recordKey(source)] : undefined;
    if (name !== undefined) out[recordKey(r)] = naming.words.replace('{name}', () => name);
  }
  return Object.keys(out).length ? out : undefined;
}
