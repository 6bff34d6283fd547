/**
 * Salesforce as the extension's pages, the engine and the zod schemas know it (its descriptor,
 * ../platform-descriptor.ts; no zod, so the pages load it cheaply): the Service Console's addresses,
 * the objects mappings fill, the field rules, and the words the pages use. The background half is
 * ./index.ts; the content script's half is ./content.ts.
 */
import type { PlatformDescriptor } from '../platform-descriptor';
import { sameConversation } from './ids';
import { salesforceProfile, salesforceProfileWords } from './profile';
import { salesforceRules } from './rules';
import { myDomainHostForOrg, orgFromConsoleUrl, recordUrl, salesforceConsole } from './url';

const FIELD_API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export const salesforceDescriptor: PlatformDescriptor = {
  id: salesforceConsole.id,
  name: 'Salesforce',
  objects: {
    writable: ['Case'],
    // MessagingSession: where an admin's context field usually lives (a pre-chat field's copy).
    catalogs: ['Case', 'MessagingSession'],
    contextFields: ['MessagingSession', 'Case'],
    onlyWritable: false,
  },
  console: {
    matches: salesforceConsole.matches,
    word: 'console',
    exampleHost: 'acme.lightning.force.com',
    orgFromUrl: orgFromConsoleUrl,
    recordUrl,
  },
  // The Lightning pages (their `sid` names the org id) and the My Domain API hosts.
  hostPermissions: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'],
  transcriptProfile: { ...salesforceProfile, words: salesforceProfileWords },
  rules: salesforceRules,
  fieldNamesIgnoreCase: true,
  mappingIds: { splitCamelCase: false, prefixObject: false },
  auth: { kind: 'session' },
  words: {
    fieldNoun: 'field',
    placeholder: 'Account_Tier__c',
    startTyping: 'Start typing a label or API name.',
    noCatalog: 'No field list cached yet: type the field’s API name, e.g. Account_Tier__c.',
    notInCatalog: 'Not in the cached field list; Salesforce will check it when a context arrives.',
    unmappedDefault: 'Default: refuse for picklists, pass otherwise',
    optionsNoun: () => 'picklist values',
    notAnOption: 'not a value of this restricted picklist',
    nameProblem: (name) =>
      /\s/.test(name.trim()) ? 'An API name has no spaces: use the field’s API name.' : null,
    noConsoleOpen:
      'No Salesforce console tab is open: open the Service Console in this browser (signed in), then press Import fields again — or paste a describe below.',
    pasteHelp: {
      requests: ['GET /services/data/vXX.X/sobjects/Case/describe'],
      where: 'Workbench or Salesforce Inspector show it',
    },
  },
  orgProblem(org) {
    try {
      myDomainHostForOrg(org);
      return null;
    } catch {
      return `'${org.slice(0, 100)}' is not a Salesforce My Domain name: use the first part of <name>.lightning.force.com.`;
    }
  },
  contextFieldProblem: (field) =>
    FIELD_API_NAME.test(field)
      ? null
      : `"${field.slice(0, 100)}" is not a field API name (like Handoff_Context__c)`,
  sameConversation,
  // The console's tab and header name a Case by its number (00001026), not its id.
  recordNames: { Case: { field: 'CaseNumber', words: 'Case {name}' } },
};
