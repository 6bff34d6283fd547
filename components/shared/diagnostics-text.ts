/**
 * The words of "What Handoff Fields sees" (the widget's panel and the options page's section), kept
 * apart from the markup so they can be reviewed and tested in one place. Each reader's rule
 * (`basis`) in plain words; a rule this file does not know is named as it is.
 */
import type { ContextSource } from '../../lib/context/types';
import type {
  ApiMessageDiagnostics,
  ApiSourceDiagnostics,
  CandidateDiagnostics,
  RecordFieldDiagnostics,
} from '../../lib/messaging/protocol';
import type { Author, RecordRef } from '../../lib/platforms/types';
import type {
  MessageDiagnostics,
  SensorDiagnostics,
  SkipReason,
} from '../../lib/sensor/diagnostics';

export const authorLabels: Record<Author, string> = {
  bot: 'Bot',
  customer: 'Customer',
  agent: 'Agent',
  system: 'System',
  unknown: 'Unknown',
};

const named = (m: MessageDiagnostics, how: string) =>
  m.sender !== undefined ? `${m.sender} • ${how}` : how;

/** Why an entry's author is what it is, e.g. "Chatbot • from the meta". */
export function whyWords(m: MessageDiagnostics): string {
  const notBot = m.author === 'agent' ? ', not a bot name' : '';
  switch (m.basis) {
    case 'meta':
      return named(m, `from the meta${notBot}`);
    case 'run':
      return `from its run's last message (${m.sender ?? 'no name'})${notBot}`;
    case 'outbound-agent':
      return "another agent's message (outbound-agent)";
    case 'inbound':
      return "the end user's message (inbound)";
    case 'event':
      return 'an event (event)';
    case 'bookend':
      return 'the start or end of the chat (bookend)';
    case 'no-sender':
      return "outbound, but no sender in its meta or its run's (no-sender)";
    case 'no-direction':
      return 'neither inbound nor outbound (no-direction)';
    case 'bot-badge':
      return named(m, 'the bot badge');
    case 'header-name':
      return named(m, `from the header name${notBot}`);
    case 'no-type':
      return 'neither a message nor an event (no-type)';
    default:
      return named(m, `(${m.basis})`);
  }
}

export const skipWords: Record<SkipReason, string> = {
  bookend: 'not a message',
  'no-sender': 'not read: no sender yet, or the profile no longer matches',
  nested: 'not read: inside another message',
  empty: 'not read: no text yet',
};

/** "Case 5005g00000HfCa1AAF in acme". */
export const recordLine = (r: RecordRef): string => `${r.object} ${r.id} in ${r.org}`;

export const NO_RECORD =
  'No record open: Handoff Fields follows the record in the console’s address.';

/** Where the transcript was found, or what was found instead. */
export function transcriptLine(d: SensorDiagnostics): string {
  const n = d.lists.length;
  if (n > 0) {
    return `Found ${n} transcript list${n === 1 ? '' : 's'} (${d.entries} entr${d.entries === 1 ? 'y' : 'ies'}):`;
  }
  const loose = d.itemsOutsideLists ?? 0;
  if (loose > 0) {
    return `No transcript list found, but ${loose} entr${loose === 1 ? 'y matches' : 'ies match'} the item selector elsewhere in the page: the list selector (profile "list") may no longer match.`;
  }
  return 'No transcript list and no entry found: the conversation is not shown in this tab, or the profile no longer matches the page.';
}

/** What the admin's profile changed, in one sentence. */
export function profileLine(d: SensorDiagnostics): string {
  const { overridden, botNames } = d.profile;
  const values =
    overridden.length > 0
      ? `with the admin's changes to ${overridden.join(', ')}`
      : 'with the shipped profile';
  const names = `${botNames.count} bot name${botNames.count === 1 ? '' : 's'} (${botNames.shipped ? 'the shipped ones' : "the admin's"})`;
  return `Reads ${values}; ${names}.`;
}

/** "3 bot, 9 customer". */
const byAuthorWords = (byAuthor: Record<Author, number>) =>
  (Object.entries(byAuthor) as [Author, number][])
    .filter(([, n]) => n > 0)
    .map(([author, n]) => `${n} ${author}`)
    .join(', ');

export function apiLine(api: ApiSourceDiagnostics): string {
  if (!api.supported) return 'This platform offers no API for the conversation’s messages.';
  if (!api.reached) return `Not reached: ${api.notice.message} (${api.notice.code})`;
  const split = byAuthorWords(api.byAuthor);
  return `Reached: ${api.messages} message${api.messages === 1 ? '' : 's'}${split ? ` (${split})` : ''}.`;
}

/** Why the API says who wrote it: "from the API: role Chatbot". */
export const apiMessageWhy = (m: ApiMessageDiagnostics): string => `from the API: ${m.basis}`;

/** Details of an API message: its id, length and context hint (never its text). */
export function apiMessageDetails(m: ApiMessageDiagnostics): string {
  const parts = [`id ${m.id}`, `${m.chars} characters`];
  if (m.mayHoldContext) parts.push('may hold a context');
  return parts.join(' · ');
}

export function recordFieldLine(f: RecordFieldDiagnostics): string {
  if (!f.reached) {
    return `${f.object}.${f.field}: not reached: ${f.notice?.message ?? 'unknown error'}${f.notice ? ` (${f.notice.code})` : ''}`;
  }
  return `${f.object}.${f.field}: read, ${f.filled ? `${f.filled} with a value` : 'empty'}.`;
}

const sourceWords: Record<ContextSource, string> = {
  transcript: 'chat message',
  'api-messages': 'API message',
  'post-message': 'postMessage',
  'record-field': 'record field',
};

/** "chat message by bot, key-value: taken — done: 2 written". */
export function candidateLine(c: CandidateDiagnostics): string {
  const form = c.form ? `, ${c.form}` : '';
  const why = c.reason.code ? `${c.reason.code}: ${c.reason.message}` : c.reason.message;
  return `${sourceWords[c.source] ?? c.source} by ${c.author}${form}: ${c.trust} — ${why}`;
}

/** Details of an entry: its id, length, context hint and structure. */
export function messageDetails(m: MessageDiagnostics): string {
  const parts = [`id ${m.id}`];
  if (m.chars !== undefined) parts.push(`${m.chars} characters`);
  if (m.mayHoldContext) parts.push('may hold a context');
  parts.push(m.block ? `${m.entry} > ${m.block}` : m.entry);
  return parts.join(' · ');
}
