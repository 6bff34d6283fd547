import type { MergeMode } from '../../lib/mapping/file';
import type { ConversationPreview, Preview } from '../../lib/mapping/preview';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import type { FirstScreen } from '../../lib/mapping/table-order';
import type {
  CatalogImportResult,
  CatalogPasteResult,
  MappingsImportResult,
} from '../../lib/messaging/protocol';
import type { Author, Catalog, PlatformId } from '../../lib/platforms/types';
import type { PolicyStatus } from '../../lib/settings/managed';

/** What the test bench sends: a sample message and the record it would land on. */
export interface BenchRequest {
  platform: PlatformId;
  /** Whose catalogs to plan with; the newest imported one when absent. */
  org?: string;
  text: string;
  author: Author;
  conversationId?: string;
  current?: Record<string, unknown>;
}

/** A whole conversation for the test bench: its messages in posting order, each with its author. */
export interface BenchConversationRequest extends Omit<BenchRequest, 'text' | 'author'> {
  messages: { author: Author; text: string }[];
}

/**
 * What the options page needs from the background (and from the browser: the open console tabs).
 * The entrypoint implements it with the typed messages; tests pass a fake. Every method rejects with
 * Error(message) when the background refuses; the message is shown as is.
 */
export interface OptionsApi {
  list(): Promise<Mapping[]>;
  /** The table's first screen, asked for before the whole list and the catalogs (absent: those alone). */
  firstScreen?(): Promise<FirstScreen>;
  save(m: MappingInput): Promise<Mapping>;
  remove(id: string): Promise<void>;
  /** Turns mappings on or off in one transaction; answers those that changed. */
  setEnabled(ids: string[], enabled: boolean): Promise<Mapping[]>;
  /** A parsed mappings file, validated again and applied all or nothing. */
  importFile(file: unknown, mode: MergeMode): Promise<MappingsImportResult>;
  catalogs(): Promise<Catalog[]>;
  importCatalog(platform: PlatformId, org: string): Promise<CatalogImportResult>;
  pasteCatalog(org: string, json: unknown): Promise<CatalogPasteResult>;
  preview(request: BenchRequest): Promise<Preview>;
  /** The test bench over a conversation: one handoff per message that holds a context. */
  previewConversation(request: BenchConversationRequest): Promise<ConversationPreview>;
  /** The addresses of the console tabs open in this browser (Salesforce Lightning, Kustomer desktop). */
  consoleTabs(platform: PlatformId): Promise<string[]>;
  /**
   * What the organisation's policy sets (read-only here) and the last policy refused. Optional:
   * without it nothing is marked as set by the organisation.
   */
  policyStatus?(): Promise<PolicyStatus>;
}
