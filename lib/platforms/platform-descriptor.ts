/**
 * A platform's descriptor: everything the extension's pages, the engine and the zod schemas need
 * to know about a platform, as plain values and pure functions. Each platform's
 * `lib/platforms/<platform>/descriptor.ts` exports one; `descriptor-registry.ts` lists them. No
 * zod, idb, jose, store or engine here or in what it imports: the popup opens without zod, and
 * types.ts validates platform ids against this registry (so nothing here may import types.ts).
 *
 * The background half (`Platform`, ./platform.ts) extends it with the API client and catalog
 * reading. The content script's half — the console pages and the transcript profile, which reads
 * the page's DOM — is `<platform>/content.ts`: only the platform's content script loads it.
 */

import type { FieldRules, FieldSpec } from './field-rules';
import type { DescribedProfile } from './transcript-profile';

export interface PlatformDescriptor {
  /**
   * Stored in every mapping, catalog, journal entry and settings file, and the first part of a
   * popup target key (`salesforce:Case`): never change a platform's id.
   */
  readonly id: string;
  /** The product's name as the extension shows it: "Salesforce". */
  readonly name: string;
  readonly objects: PlatformObjects;
  readonly console: ConsolePages;
  /** The hosts the background calls and reads cookies of (the manifest's `host_permissions`). */
  readonly hostPermissions: readonly string[];
  /** How a value is coerced for, compared with and judged empty in a target field. */
  readonly rules: FieldRules;
  /** Field names that differ only in case name one field (Salesforce API names). */
  readonly fieldNamesIgnoreCase: boolean;
  /** How a new mapping's id is made from its field (mapping-draft.ts `idBase`). */
  readonly mappingIds: MappingIdRule;
  readonly auth: PlatformAuth;
  /** The words the extension's pages use about this platform. */
  readonly words: PlatformWording;
  /**
   * How its console shows a conversation (the content script reads messages through it): the keys
   * an admin may override in the settings (`transcriptProfiles`), their shipped values and what
   * each names.
   */
  readonly transcriptProfile: DescribedProfile;
  /**
   * Why `org` is not an org of this platform (the message an admin reads, naming what to type),
   * or null when it is one. Checked before any request carries it into a host name.
   */
  orgProblem(org: string): string | null;
  /**
   * Why `field` cannot be a context field (settings `recordFieldSources`), or null: Salesforce
   * wants a field API name, Kustomer a text attribute.
   */
  contextFieldProblem(field: string): string | null;
  /**
   * Whether a conversation id a signed context names is the open record's although it is not
   * written the same way (Salesforce: a 15- and an 18-character id of one record). Exact equality
   * when absent.
   */
  sameConversation?(open: string, conv: string): boolean;
  /**
   * How the console names a record of each object, where it is not by its id (the widget's record
   * line): read with the record before a write, so naming costs no request of its own.
   */
  readonly recordNames?: Readonly<Record<string, RecordNaming>>;
}

/** `words` holds `{name}`: "Case {name}" → "Case 00001026". */
export type RecordNaming =
  /** A field of the record holds its name (a Salesforce Case's CaseNumber). */
  | { readonly field: string; readonly words: string }
  /** Another record of the same handoff names it (a Kustomer conversation, by its customer). */
  | { readonly of: string; readonly words: string };

export interface PlatformObjects {
  /** The objects mappings fill, in the order the popup offers them (and the bench names them). */
  readonly writable: readonly string[];
  /** The objects "Import fields" reads: those mappings fill and those a context field may be on. */
  readonly catalogs: readonly string[];
  /** The objects a context field (settings `recordFieldSources`) may be on, as messages list them. */
  readonly contextFields: readonly string[];
  /**
   * The API has no other object a mapping could fill (Kustomer): a mapping naming another is an
   * error. When false, a mapping may name any object the platform has (a Salesforce API name).
   */
  readonly onlyWritable: boolean;
}

export interface ConsolePages {
  /** Match patterns of the console pages: the content script's `matches`, the options page's tab search. */
  readonly matches: readonly string[];
  /** Pages under `matches` that are not the console (Kustomer's API host). */
  readonly excludeMatches?: readonly string[];
  /** What the console is called in running text: "console", "desktop". */
  readonly word: string;
  /** A console host, for hints that show where the org name is: "acme.lightning.force.com". */
  readonly exampleHost: string;
  /** The org a console address belongs to, or null for any other address. */
  orgFromUrl(url: string): string | null;
  /**
   * The console address that opens a record (the QA journal's links), or null when the record's
   * parts are not ones the platform gives: no crafted part may become another host or path.
   */
  recordUrl(record: { org: string; object: string; id: string }): string | null;
}

export interface MappingIdRule {
  /** `accountTierStr` → `account-tier-str`. */
  readonly splitCamelCase: boolean;
  /** Start with the object (`customer-…`): two objects of the platform may have fields of one name. */
  readonly prefixObject: boolean;
}

/**
 * How the background authenticates: as the signed-in agent only (`session`), or also with an API
 * key an admin enters in the popup, per org, for orgs that refuse the agent's session (`api-key`).
 */
export type PlatformAuth = { readonly kind: 'session' } | ApiKeyAuth;

export interface ApiKeyAuth {
  readonly kind: 'api-key';
  /** The org from what the admin typed or pasted (a name, a host, a console address). */
  orgFromInput(text: string): string;
  /** Why the org cannot carry a key (the credentials request's refusal), or null. */
  orgProblem(org: string): string | null;
  /** Where the org name is, for the org input's hint: "The first part of <org>.kustomerapp.com." */
  readonly orgHint: string;
  /** What an empty org input is told: "enter the org: acme for acme.kustomerapp.com". */
  readonly orgMissing: string;
  /** The roles a restricted key needs, in running text: "conversation update and customer update". */
  readonly keyRoles: string;
}

/** The words the popup, the options page and the bench use about a platform. */
export interface PlatformWording {
  /** What a target is called: "field" (Salesforce) or "attribute" (Kustomer). */
  readonly fieldNoun: string;
  readonly placeholder: string;
  readonly startTyping: string;
  readonly noCatalog: string;
  readonly notInCatalog: string;
  /** The default of "a value the value map lacks". */
  readonly unmappedDefault: string;
  /** What a target's options are called: "picklist values", "tree values"… */
  optionsNoun(spec: FieldSpec): string;
  /** A value-map target outside a restricted option list. */
  readonly notAnOption: string;
  /** A hint when the typed name cannot be right, or null. */
  nameProblem(name: string): string | null;
  /** What "Import fields" says when no console tab of the platform is open. */
  readonly noConsoleOpen: string;
  /** A catalog response an admin may paste, as the options page names it (HTML-free text parts). */
  readonly pasteHelp: PasteHelp;
}

/** "Salesforce: the response of `GET …/describe` (Workbench or Salesforce Inspector show it)." */
export interface PasteHelp {
  /** The requests whose response is a catalog, shown as code, joined with "or". */
  readonly requests: readonly string[];
  /** Said after the requests, in parentheses: where to find the response. */
  readonly where?: string;
}
