import type { FieldOutcome, HandoffView, Notice } from '../messaging/protocol';
import type { RecordRef } from '../platforms/types';

/** One handoff: what arrived, what was planned and what the platform answered. */
export interface JournalEntry {
  id?: number;
  /** recordKey() of the record the widget was on and, when different, of the record written. */
  recordKeys: string[];
  record: RecordRef;
  targets?: RecordRef[];
  at: number;
  source: 'transcript';
  messageId: string;
  contextDigest: string;
  context?: HandoffView['context'];
  fields: FieldOutcome[];
  notice?: Notice;
  state: HandoffView['state'];
  /** The raw message text, kept so that Retry can run the same context again. */
  text: string;
  author: string;
}
