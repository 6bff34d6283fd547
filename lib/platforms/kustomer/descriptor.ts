/**
 * Kustomer as the extension's pages, the engine and the zod schemas know it (its descriptor,
 * ../platform-descriptor.ts; no zod, so the pages load it cheaply): the agent desktop's addresses, the
 * objects mappings fill, the field rules, the API keys an admin may enter, and the words the
 * pages use. The background half is ./index.ts; the content script's half is ./content.ts.
 */
import type { PlatformDescriptor } from '../platform-descriptor';
import { kustomerProfile, kustomerProfileWords } from './profile';
import { kustomerRules, kustomerTypes } from './rules';
import { apiHostForOrg, kustomerConsole, orgFromConsoleUrl, recordUrl } from './url';

/** A system name: camelCase ending in its type (app attributes may carry a leading `@`). */
const SYSTEM_NAME = new RegExp(`^@?\\S+?(${kustomerTypes.join('|')})$`);
/** A context field holds text: a Txt (or Str) attribute. */
const TEXT_ATTRIBUTE = /^[a-z][A-Za-z0-9]*(Txt|Str)$/;
/** What the credentials request accepts as an org: one host label. */
const KEY_ORG = /^[a-z0-9][a-z0-9-]{0,62}$/i;

export const kustomerDescriptor: PlatformDescriptor = {
  id: kustomerConsole.id,
  name: 'Kustomer',
  objects: {
    writable: ['conversation', 'customer'],
    catalogs: ['conversation', 'customer'],
    contextFields: ['conversation', 'customer'],
    onlyWritable: true,
  },
  console: {
    matches: kustomerConsole.matches,
    excludeMatches: kustomerConsole.excludeMatches,
    word: 'desktop',
    exampleHost: 'acme.kustomerapp.com',
    orgFromUrl: orgFromConsoleUrl,
    recordUrl,
  },
  // The desktop (content script) and the API hosts (session cookies, API calls).
  hostPermissions: ['https://*.kustomerapp.com/*'],
  transcriptProfile: { ...kustomerProfile, words: kustomerProfileWords },
  rules: kustomerRules,
  fieldNamesIgnoreCase: false,
  // A conversation and a customer may each have an attribute of the same name.
  mappingIds: { splitCamelCase: true, prefixObject: true },
  auth: {
    kind: 'api-key',
    orgFromInput(text) {
      // `acme`, `ACME`, `acme.kustomerapp.com` or a whole `https://acme.kustomerapp.com/app/…`
      // address all give `acme`; anything else is kept (trimmed, lower case) for orgProblem.
      const trimmed = text.trim();
      const host = /^(?:[a-z]+:\/\/)?([^/\s:?#]+)/i.exec(trimmed)?.[1] ?? trimmed;
      const org = /^([^.]+)\.(?:api\.)?kustomerapp\.com\.?$/i.exec(host)?.[1];
      return (org ?? trimmed).toLowerCase();
    },
    orgProblem: (org) =>
      KEY_ORG.test(org) ? null : 'the org is the first part of its kustomerapp.com host',
    orgHint: 'The first part of <org>.kustomerapp.com.',
    orgMissing: 'enter the org: acme for acme.kustomerapp.com',
    keyRoles: 'conversation update and customer update',
  },
  words: {
    fieldNoun: 'attribute',
    placeholder: 'accountTierStr',
    startTyping: 'Start typing a label or system name.',
    noCatalog:
      'No attribute list cached yet: type the attribute’s system name, e.g. accountTierStr — never its display name.',
    notInCatalog:
      'Not in the cached attribute list; Kustomer will check it when a context arrives.',
    unmappedDefault: 'Default: refuse for lists and trees, pass otherwise',
    optionsNoun: (spec) => (spec.type.startsWith('Tree') ? 'tree values' : 'list values'),
    notAnOption: 'not a value of this list',
    nameProblem: (name) =>
      SYSTEM_NAME.test(name.trim())
        ? null
        : `A system name is camelCase and ends in its type (${kustomerTypes.join(', ')}), e.g. accountTierStr — not the display name.`,
    noConsoleOpen:
      'No Kustomer tab is open: open Kustomer in this browser (signed in), then press Import fields again — or paste the metadata below.',
    pasteHelp: { requests: ['GET /v1/metadata/conversation', '/v1/metadata/customer'] },
  },
  orgProblem(org) {
    try {
      apiHostForOrg(org);
      return null;
    } catch {
      return `'${org.slice(0, 100)}' is not a Kustomer org: use the first part of <org>.kustomerapp.com.`;
    }
  },
  contextFieldProblem: (field) =>
    TEXT_ATTRIBUTE.test(field)
      ? null
      : `"${field.slice(0, 100)}" is not a text attribute: use the system name of a Txt (or Str) attribute, like handoffContextTxt`,
  // The desktop names a conversation by its customer. `name` is the customer's standard
  // attribute (custom ones end in their type, so none is called that): api.ts reads it when asked.
  recordNames: {
    customer: { field: 'name', words: 'customer {name}' },
    conversation: { of: 'customer', words: 'conversation with {name}' },
  },
};
