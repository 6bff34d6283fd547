/**
 * Where an import of a mappings file stands, and the words for it: what the toolbar and the import
 * panel render. No zod here: the checking itself (./import-flow) loads when an import starts.
 */
import type { MergeMode, MergeSummary } from '../../lib/mapping/file';

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
  | {
      step: 'done';
      fileName: string;
      mode: MergeMode;
      summary: MergeSummary;
      /** What the background saved but could not check (a target with no catalog), one line each. */
      warnings: string[];
    }
  | { step: 'failed'; fileName: string; message: string };

/** "2 added, 1 updated, 0 removed, 9 unchanged". */
export function summaryText(s: MergeSummary): string {
  return `${s.added} added, ${s.updated} updated, ${s.removed} removed, ${s.unchanged} unchanged`;
}

/** "1 warning", "3 warnings". */
export const warningCount = (n: number): string => `${n} ${n === 1 ? 'warning' : 'warnings'}`;
