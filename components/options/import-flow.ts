/**
 * Import of a mappings file on the options page, as pure steps: read the text, check it with
 * `parseMappingsFile` (all or nothing, path-named errors), and say what Merge and Replace would each
 * change before anything is saved. The background checks the file again when it applies it.
 * Loaded when first needed (it brings zod): the options page's first paint does not wait for it.
 */
import {
  exportMappings,
  mergeMappings,
  parseMappingsFile,
  stringifyMappingsFile,
} from '../../lib/mapping/file';
import { Mapping } from '../../lib/mapping/schema';
import { readJson } from '../../lib/text/json-text';
import type { ImportState } from './import-state';

/** Reads a file's text into the next state: its errors, or the choice between Merge and Replace. */
export function readImport(
  fileName: string,
  text: string,
  existing: readonly Mapping[],
): Extract<ImportState, { step: 'invalid' | 'choose' }> {
  const read = readJson(text);
  if (!read.ok) {
    return {
      step: 'invalid',
      fileName,
      errors: [
        read.empty
          ? 'The file is empty: export the mappings again.'
          : `The file is not JSON (${read.error}): export the mappings again, or fix the file in an editor that checks JSON.`,
      ],
    };
  }
  const json = read.value;
  const parsed = parseMappingsFile(json);
  if (!parsed.ok) return { step: 'invalid', fileName, errors: parsed.errors };
  const incoming = parsed.file.mappings.map((m) => Mapping.parse(m));
  return {
    step: 'choose',
    fileName,
    file: json,
    count: incoming.length,
    summaries: {
      merge: mergeMappings(existing, incoming, 'merge').summary,
      replace: mergeMappings(existing, incoming, 'replace').summary,
    },
  };
}

/** The export file's text for these mappings (deterministic: sorted, defaults left out). */
export function exportText(mappings: readonly Mapping[]): string {
  return stringifyMappingsFile(exportMappings(mappings));
}
