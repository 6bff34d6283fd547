/**
 * Import of a mappings file on the options page, as pure steps: read the text, check it with
 * `parseMappingsFile` (all or nothing, path-named errors), and say what Merge and Replace would each
 * change before anything is saved. The background checks the file again when it applies it.
 */
import {
  exportMappings,
  type MergeMode,
  type MergeSummary,
  mergeMappings,
  parseMappingsFile,
  stringifyMappingsFile,
} from '../../lib/mapping/file';
import { Mapping } from '../../lib/mapping/schema';

export const EXPORT_FILE_NAME = 'handoff-fields-mappings.json';
/** A mappings file of 5,000 mappings is about 2 MB; anything far larger is not one. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export type ImportState =
  | { step: 'idle' }
  | { step: 'invalid'; fileName: string; errors: string[] }
  | {
      step: 'choose';
      fileName: string;
      /** The parsed file, sent as is to the background. */
      file: unknown;
      count: number;
      summaries: Record<MergeMode, MergeSummary>;
    }
  | { step: 'applying'; fileName: string; mode: MergeMode }
  | { step: 'done'; fileName: string; mode: MergeMode; summary: MergeSummary }
  | { step: 'failed'; fileName: string; message: string };

/** Reads a file's text into the next state: its errors, or the choice between Merge and Replace. */
export function readImport(
  fileName: string,
  text: string,
  existing: readonly Mapping[],
): Extract<ImportState, { step: 'invalid' | 'choose' }> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      step: 'invalid',
      fileName,
      errors: [
        `The file is not JSON (${error instanceof Error ? error.message : 'unreadable'}): export the mappings again, or fix the file in an editor that checks JSON.`,
      ],
    };
  }
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

/** "2 added, 1 updated, 0 removed, 9 unchanged". */
export function summaryText(s: MergeSummary): string {
  return `${s.added} added, ${s.updated} updated, ${s.removed} removed, ${s.unchanged} unchanged`;
}

/** The export file's text for these mappings (deterministic: sorted, defaults left out). */
export function exportText(mappings: readonly Mapping[]): string {
  return stringifyMappingsFile(exportMappings(mappings));
}
