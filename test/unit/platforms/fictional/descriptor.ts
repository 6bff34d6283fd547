/**
 * Fictiondesk, a help desk that does not exist: a third platform's
 * descriptor, made up so that a test can prove a platform is one folder (./index.ts is its
 * background half; ./fictional.test.ts registers both). Every choice differs from Salesforce's and
 * Kustomer's where a test can tell them apart: its one object is `ticket`, its targets are
 * "slots", names ignore case, ids split camelCase but take no object prefix, and its `Shout`
 * slots store capitals.
 */

import type { FieldRules } from '@/lib/platforms/field-rules';
import type { PlatformDescriptor } from '@/lib/platforms/platform-descriptor';
import type { ProfileDefinition } from '@/lib/platforms/transcript-profile';

const HOST = '.fictiondesk.example';
const ORG = /^[a-z]+$/;
const TICKET = /^T-\d+$/;

/** `Text` keeps what the bot said, `Shout` stores it in capitals, `Level` takes 1 to 5. */
export const fictionalRules: FieldRules = {
  coerce(field, raw) {
    const text = String(raw).trim();
    if (field.type === 'Text') return { ok: true, value: text };
    if (field.type === 'Shout') return { ok: true, value: text.toUpperCase() };
    if (field.type === 'Level') {
      const n = Number(text);
      return Number.isInteger(n) && n >= 1 && n <= 5
        ? { ok: true, value: n }
        : { ok: false, error: `'${text}' is not a Fictiondesk level (1 to 5)` };
    }
    return { ok: false, error: `Fictiondesk has no slot type ${field.type}` };
  },
  isEmpty: (_field, current) => current === null || current === undefined || current === '',
  same: (_field, current, next) => current === next,
};

function orgFromUrl(url: string): string | null {
  try {
    const { protocol, hostname, pathname } = new URL(url);
    const org = hostname.endsWith(HOST) ? hostname.slice(0, -HOST.length) : '';
    return protocol === 'https:' && pathname.startsWith('/desk') && ORG.test(org) ? org : null;
  } catch {
    return null;
  }
}

/** How its desk shows a ticket's conversation: one list of messages marked by attributes. */
const fictionalProfile: ProfileDefinition<'list' | 'item' | 'text' | 'authorAttribute'> = {
  shape: {
    list: { kind: 'selector' },
    item: { kind: 'selector' },
    text: { kind: 'selector' },
    authorAttribute: { kind: 'attribute' },
  },
  defaults: {
    values: {
      list: 'ol.fd-thread',
      item: 'li.fd-message',
      text: '.fd-text',
      authorAttribute: 'data-by',
    },
    botNames: ['Fictionbot'],
  },
};

export const fictionalDescriptor: PlatformDescriptor = {
  id: 'fictional',
  name: 'Fictiondesk',
  transcriptProfile: {
    ...fictionalProfile,
    words: {
      list: "the ticket's messages",
      item: 'one message',
      text: 'the text of a message',
      authorAttribute: 'on a message: bot, customer or agent',
    },
  },
  objects: {
    writable: ['ticket'],
    catalogs: ['ticket'],
    contextFields: ['ticket'],
    onlyWritable: true,
  },
  console: {
    matches: ['https://*.fictiondesk.example/desk/*'],
    word: 'desk',
    exampleHost: 'acme.fictiondesk.example',
    orgFromUrl,
    recordUrl: ({ org, object, id }) =>
      ORG.test(org) && object === 'ticket' && TICKET.test(id)
        ? `https://${org}${HOST}/desk/tickets/${id}`
        : null,
  },
  hostPermissions: ['https://*.fictiondesk.example/*'],
  rules: fictionalRules,
  fieldNamesIgnoreCase: true,
  mappingIds: { splitCamelCase: true, prefixObject: false },
  auth: { kind: 'session' },
  words: {
    fieldNoun: 'slot',
    placeholder: 'accountTier',
    startTyping: 'Start typing a slot.',
    noCatalog: 'No slot list yet: type the slot’s key.',
    notInCatalog: 'Not in the slot list; Fictiondesk checks it when a context arrives.',
    unmappedDefault: 'Default: pass',
    optionsNoun: () => 'choices',
    notAnOption: 'not a choice of this slot',
    nameProblem: (name) =>
      /^[a-z][A-Za-z]*$/.test(name.trim()) ? null : 'A slot key is camelCase.',
    noConsoleOpen: 'No Fictiondesk desk is open: open it, then press Import fields again.',
    pasteHelp: { requests: ['GET /api/slots'] },
  },
  orgProblem: (org) =>
    ORG.test(org) ? null : `'${org}' is not a Fictiondesk org: use the first part of <org>${HOST}.`,
  contextFieldProblem: (field) =>
    field.endsWith('Notes') ? null : `"${field}" is not a notes slot: its key ends in Notes`,
};
