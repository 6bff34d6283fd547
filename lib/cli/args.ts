/**
 * The CLI's command line: which command, which files, which options. Pure (node:util `parseArgs`
 * over the arguments given), so every usage error is a sentence the CLI prints before exiting 2.
 */
import { parseArgs } from 'node:util';
import { Author } from '../platforms/types';

export type Command =
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'version' }
  | { kind: 'validate'; mappings: string; catalogs: string[] }
  | PlanCommand
  | { kind: 'schema' }
  | JournalMergeCommand;

/** `journal merge`: journal exports of many browsers made one, with the audit's summary rates. */
export interface JournalMergeCommand {
  kind: 'journal-merge';
  /** The exports, as typed (relative to the current folder). */
  files: string[];
  /** Where the merged JSON goes; none: the summary only. */
  out?: string;
  /** Where the merged CSV goes. */
  csv?: string;
  /** The summary as JSON on stdout instead of the table. */
  jsonSummary: boolean;
}

/** `plan` over one message (`--context`, with its `--author`) or a whole conversation (`--transcript`). */
export type PlanCommand = {
  kind: 'plan';
  mappings: string;
  catalogs: string[];
  settings?: string;
  conversation?: string;
  current?: string;
  /** Epoch milliseconds from `--now`; the clock when absent. */
  now?: number;
} & (
  | { context: string; author: Author }
  | {
      /** A JSON array of `{author, text}` in posting order; `-` reads it from stdin. */
      transcript: string;
    }
);

export type CommandName = 'validate' | 'plan' | 'schema' | 'journal';
const COMMANDS: readonly CommandName[] = ['validate', 'plan', 'schema', 'journal'];

export type ArgsParse = { ok: true; command: Command } | { ok: false; error: string };

export function parseCliArgs(argv: readonly string[]): ArgsParse {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    return { ok: true, command: { kind: 'help' } };
  }
  if (first === '--version' || first === '-v') return { ok: true, command: { kind: 'version' } };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { ok: true, command: { kind: 'help' } };
    if (isCommand(topic)) return { ok: true, command: { kind: 'help', topic } };
    return usage(`there is no command "${topic}"; the commands are ${COMMANDS.join(', ')}`);
  }
  if (!isCommand(first)) {
    return usage(
      first.startsWith('-')
        ? `${first} must come after a command (${COMMANDS.join(', ')})`
        : `there is no command "${first}"; the commands are ${COMMANDS.join(', ')}`,
    );
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    return { ok: true, command: { kind: 'help', topic: first } };
  }
  try {
    switch (first) {
      case 'validate':
        return parseValidate(rest);
      case 'plan':
        return parsePlan(rest);
      case 'schema':
        return parseSchema(rest);
      case 'journal':
        return parseJournal(rest);
    }
  } catch (error) {
    return usage(`${first}: ${parseArgsMessage(error)}`);
  }
}

function parseValidate(args: readonly string[]): ArgsParse {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { catalog: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) {
    return usage('validate: name the mappings file, e.g. handoff-fields validate mappings.json');
  }
  if (positionals.length > 1) {
    return usage(
      `validate: one mappings file at a time (got ${positionals.length}: ${positionals.join(', ')}); for catalogs use --catalog <file>`,
    );
  }
  const mappings = positionals[0] as string;
  return {
    ok: true,
    command: { kind: 'validate', mappings, catalogs: values.catalog ?? [] },
  };
}

function parsePlan(args: readonly string[]): ArgsParse {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      mappings: { type: 'string' },
      catalog: { type: 'string', multiple: true },
      context: { type: 'string' },
      transcript: { type: 'string' },
      settings: { type: 'string' },
      author: { type: 'string' },
      conversation: { type: 'string' },
      current: { type: 'string' },
      now: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) {
    return usage(
      `plan: unexpected ${positionals.map((p) => `"${p}"`).join(', ')}: plan takes its files as options (--mappings, --catalog, --context or --transcript)`,
    );
  }
  if (values.context !== undefined && values.transcript !== undefined) {
    return usage(
      'plan: give --context <message.txt> (one message) or --transcript <file.json> (a conversation), not both',
    );
  }
  const missing = [
    ...(['mappings', 'catalog'] as const)
      .filter((k) => values[k] === undefined)
      .map((k) => `--${k} <file>`),
    ...(values.context === undefined && values.transcript === undefined
      ? ['--context <file> or --transcript <file>']
      : []),
  ];
  if (missing.length > 0) {
    return usage(`plan: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required`);
  }
  if (values.transcript !== undefined && values.author !== undefined) {
    return usage(
      'plan: --author goes with --context only: a transcript names the author of each message',
    );
  }
  const author = Author.safeParse(values.author ?? 'bot');
  if (!author.success) {
    return usage(
      `plan: --author must be one of ${Author.options.join(', ')}, not "${values.author}"`,
    );
  }
  let now: number | undefined;
  if (values.now !== undefined) {
    now = Date.parse(values.now);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(values.now) || Number.isNaN(now)) {
      return usage(
        `plan: --now takes a date and time in ISO 8601 such as 2026-11-21T10:00:00Z, not "${values.now}"`,
      );
    }
  }
  if (values.conversation !== undefined && values.conversation.trim() === '') {
    return usage(
      'plan: --conversation needs the conversation id, e.g. --conversation 0Mw5g00000Ms0a1',
    );
  }
  return {
    ok: true,
    command: {
      kind: 'plan',
      mappings: values.mappings as string,
      catalogs: values.catalog as string[],
      ...(values.transcript !== undefined
        ? { transcript: values.transcript }
        : { context: values.context as string, author: author.data }),
      ...(values.settings !== undefined ? { settings: values.settings } : {}),
      ...(values.conversation !== undefined ? { conversation: values.conversation } : {}),
      ...(values.current !== undefined ? { current: values.current } : {}),
      ...(now !== undefined ? { now } : {}),
    },
  };
}

function parseSchema(args: readonly string[]): ArgsParse {
  parseArgs({ args: [...args], options: {}, allowPositionals: false, strict: true });
  return { ok: true, command: { kind: 'schema' } };
}

function parseJournal(args: readonly string[]): ArgsParse {
  const [action, ...rest] = args;
  if (action !== 'merge') {
    return usage(
      action === undefined || action.startsWith('-')
        ? 'journal: say what to do: handoff-fields journal merge <file.json>... [--out <file>] [--csv <file>]'
        : `journal: there is no "${action}"; journal has: merge`,
    );
  }
  const { values, positionals } = parseArgs({
    args: [...rest],
    options: {
      out: { type: 'string' },
      csv: { type: 'string' },
      'json-summary': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) {
    return usage(
      "journal merge: name the journal exports (the QA journal's Export JSON files), e.g. handoff-fields journal merge anna.json ben.json --out team.json",
    );
  }
  if (values.out?.trim() === '') return usage('journal merge: --out needs a file, e.g. team.json');
  if (values.csv?.trim() === '') return usage('journal merge: --csv needs a file, e.g. team.csv');
  return {
    ok: true,
    command: {
      kind: 'journal-merge',
      files: positionals,
      ...(values.out !== undefined ? { out: values.out } : {}),
      ...(values.csv !== undefined ? { csv: values.csv } : {}),
      jsonSummary: values['json-summary'] === true,
    },
  };
}

function isCommand(s: string): s is CommandName {
  return (COMMANDS as readonly string[]).includes(s);
}

function usage(error: string): ArgsParse {
  return { ok: false, error };
}

/** node:util's messages, shortened to what matters here. */
function parseArgsMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `${option ?? 'an option'} needs a value, e.g. ${option ?? '--option'} <file>`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? message}`;
    default:
      return message;
  }
}

// ─── Help ────────────────────────────────────────────────────────────────────────────────────────

export const OVERVIEW = `handoff-fields — check Handoff Fields mappings and preview a handoff, with the extension's own code

Usage:
  handoff-fields validate <mappings.json> [--catalog <file>]...
  handoff-fields plan --mappings <file> --catalog <file> [--catalog <file>]...
                      --context <message.txt> [--settings <file>] [--author <who>]
                      [--conversation <id>] [--current <values.json>] [--now <time>]
  handoff-fields plan --mappings <file> --catalog <file> [--catalog <file>]...
                      --transcript <conversation.json> [--settings <file>]
                      [--conversation <id>] [--current <values.json>] [--now <time>]
  handoff-fields schema
  handoff-fields journal merge <export.json>... [--out <team.json>] [--csv <team.csv>]
                      [--json-summary]
  handoff-fields help <command>      (or: handoff-fields <command> --help)
  handoff-fields --version

Commands:
  validate  Check a mappings file: every problem, one a line, named by its path
            (mappings[3].valueMap[1].to: …); with --catalog, also each mapping against its
            object's fields.
  plan      Show what a bot message would fill: the context found, whether it is trusted, and
            for each mapped field the action (write, skip or refuse) and why. With --transcript,
            the same for every message of a whole conversation. Writes nothing.
  schema    Print the JSON Schema of the mappings file (the one in docs/mappings.schema.json).
  journal   merge: combine the QA journal's JSON exports from many browsers, each handoff once
            (by its handoff id), into one file (--out, --csv), and print the audit's summary
            rates: records as expected, different, missing or refused, per field and per bot.

Catalog files (--catalog) are an object's fields saved exactly as the platform returns them:
  Salesforce  GET /services/data/v62.0/sobjects/Case/describe
  Kustomer    GET /v1/metadata/conversation   (or /v1/metadata/customer)

Exit codes:
  0  validate: the file is valid (warnings, if any, on stderr). plan: the plan was printed, also
     when fields are refused or the context is not trusted. journal merge: merged and written.
  1  validate: the file has errors, printed on stdout one a line.
  2  Unusable arguments or files: an unknown option, a missing or unreadable file, a catalog that
     is not a describe or metadata response, invalid settings or current values (plan: invalid
     mappings or transcript too; journal merge: a file that is not a journal export, is altered,
     too large or newer, or an output that would overwrite an input). The reason is on stderr.

File paths are relative to the current folder. Run from a checkout: npx handoff-fields …`;

export const VALIDATE_HELP = `handoff-fields validate <mappings.json> [--catalog <file>]...

Checks a mappings file as the extension's import does: all or nothing, every problem reported,
one a line, named by its path:

  mappings[3].valueMap[1].to: must be text, not the number 2
  mappings[7].id: "tier" is used by mappings[2] too
  mappings[4].polcy: unknown key: did you mean "policy"? a mapping has id, platform, …

It also reports what the planner would refuse at every handoff: two mappings filling one field,
a Kustomer object other than conversation or customer.

  --catalog <file>  An object's fields, saved exactly as the platform returns them (Salesforce
                    GET /services/data/vXX.X/sobjects/<Object>/describe, Kustomer
                    GET /v1/metadata/conversation or /customer). Repeat it for several objects.
                    Each mapping of that object is then checked against it: a target field that
                    is missing or read-only, a value-map "to" the field refuses (not in the
                    picklist or enumeration, an inactive value, "maybe" for a checkbox), a combine
                    rule or transform that turns good values into refused ones. Mappings of
                    objects without a catalog are listed on stderr as not checked.

Output: on success, one summary line on stdout (and warnings, "warning: <path>: …", on stderr);
on failure, the errors on stdout, one a line, and a count on stderr.

Exit codes: 0 valid (warnings allowed); 1 errors; 2 unusable arguments or an unreadable file or
catalog.`;

export const PLAN_HELP = `handoff-fields plan --mappings <file> --catalog <file> [--catalog <file>]...
                    --context <message.txt> [--settings <file>] [--author <who>]
                    [--conversation <id>] [--current <values.json>] [--now <time>]
handoff-fields plan --mappings <file> --catalog <file> [--catalog <file>]...
                    --transcript <conversation.json> [--settings <file>]
                    [--conversation <id>] [--current <values.json>] [--now <time>]

Shows what Handoff Fields would do with a bot message: it finds the handoff context, decides
whether it may be used (as the extension does: a signed context verified against --settings, or
an unsigned one from the bot), and plans each mapped field of each catalog's object. It never
writes anything and never remembers a signed context's jti from one run to the next, so a
sample can be planned again.

With --transcript it reads a whole conversation as the extension does, message by message in
posting order: what the customer (or anyone but the bot) wrote earlier is remembered, so a bot
context that repeats one of their "Key: Value" lines is refused; and a signed context whose jti
an earlier message already used is refused as replayed. Give --context or --transcript, not both.

  --mappings <file>       The mappings file (as exported, or kept in git).
  --catalog <file>        The target object's fields, saved exactly as the platform returns them:
                            Salesforce  GET /services/data/v62.0/sobjects/Case/describe
                            Kustomer    GET /v1/metadata/conversation   (or /v1/metadata/customer)
                          Repeat it to plan several records in one go, e.g. a Kustomer
                          conversation and its customer:
                            --catalog conversation.json --catalog customer.json
                          Only mappings of these objects are planned (others are noted on stderr).
  --context <file>        The bot's message as text (- reads it from stdin). The context may be
                          signed (a "handoff-context: <token>" line), JSON or "Key: Value" lines.
  --transcript <file>     A conversation (- reads it from stdin): a JSON array of messages in
                          posting order, each {"author": <who>, "text": "<the message>"}, e.g.
                            [{"author": "bot", "text": "What is your account number?"},
                             {"author": "customer", "text": "AC-4242"},
                             {"author": "bot", "text": "Handoff context\nAccount Number: AC-4242"}]
                          At most 2,000 messages of 70,000 characters each; no other members.
  --settings <file>       The settings file the options page's Settings section exports
                          ("handoff-fields/settings"): trust policy, audiences and trusted
                          issuers' public keys, and the rest of the settings. Needed to
                          verify a signed context. Default: no trusted issuer, policy signed-or-bot.
  --author <who>          Who posted the --context message: bot (default), customer, agent,
                          system, unknown. An unsigned context is used only from the bot.
  --conversation <id>     The conversation open in the console; a signed context's "conv" must
                          name it. Without it, "conv" is not checked.
  --current <file>        A JSON object of the record's current values by field API name, e.g.
                          {"Account_Tier__c": "tier_basic"}; fields left out are empty.
  --now <time>            Evaluate as at this time (ISO 8601, e.g. 2026-11-21T10:00:00Z) instead
                          of now: for signed samples kept in git, whose exp has passed.

Output (stdout, JSON, 2-space indent):
  {
    "context": {
      "form": "signed" | "json" | "key-value" | null,
      "trust": "signed" | "bot-authored" | "unverified" | "refused",
      "values": { "<key>": <value>, … },
      "error": "<why nothing would be written>"            (only when so)
    },
    "fields": [
      {
        "object": "Case", "field": "Account_Tier__c",
        "action": "write" | "skip" | "refuse",
        "value": <the value that would be sent, or null>,
        "reason": "empty" | "unchanged" | "kept-existing" | "<the error>",  (not for write)
        "source": ["<context key>", …], "raw": <as the context gave it>,
        "mapped": <after transforms and value map>, "label": "<field label>", "mapping": "<id>"
      }
    ]
  }
A message without a context gives form null, trust "refused", an error, and no fields. A context
that may not be used (unverified, refused) gives its values (those that could be read), the error,
and no fields.

With --transcript: one handoff per message that holds a context, refused ones included, each
with the message's index in the file (from 0) and "context" and "fields" as above:
  {
    "handoffs": [
      { "message": 2, "context": { … }, "fields": [ … ] }
    ]
  }

Exit codes: 0 the plan was printed (also when fields or contexts are refused); 2 unusable
arguments or files (a transcript that is not such an array names each problem: [3].author: …).`;

export const SCHEMA_HELP = `handoff-fields schema

Prints the JSON Schema (draft 2020-12) of the mappings file on stdout: the same as
docs/mappings.schema.json, generated from the schema import and validate use. Point an editor at
it to complete and check a mappings file: "$schema": "./mappings.schema.json".`;

export const JOURNAL_HELP = `handoff-fields journal merge <export.json>... [--out <team.json>] [--csv <team.csv>]
                             [--json-summary]

Combines the QA journal's JSON exports (Export JSON in the options page's QA section) from many
agents' browsers into one. Each handoff is kept once, by its handoff id (platform, org, record,
message id and context digest: the same in every browser). When several files hold a handoff, the
copy kept is the more settled one (done or failed over pending), then the one read back last; its
"seenIn" names every file that held it. Version 1 exports (before handoff ids) are read too.

Nothing is un-redacted: a handoff one file held redacted is kept redacted, and a warning says when
the files disagree in redaction. A merged file can be merged again (with new exports, or with
one of its own sources again: that adds nothing).

  --out <file>      Write the merged journal (JSON, "format": "handoff-fields/journal", version 2,
                    with a "merged" header naming the exports it was made from).
  --csv <file>      Write it as the journal's CSV export (one row per field per handoff; the
                    handoff_id column holds the handoff id).
  --json-summary    Print the summary as JSON instead of the table.

Neither --out nor --csv: the summary only. An output is written whole or not at all (a temporary
file, then renamed), and never over one of the exports given.

Output (stdout): the exports read, the records (handoffs) by state and the duplicates dropped;
per field, how many records hold what the context says (expected), another value (different),
nothing (missing) or had it refused; per bot (the context's signer, else its source or author),
its records as expected. The same states and rates as the options page's audit.

Each export may be 200 MB and 200,000 handoffs at most. A file that is not JSON, not a journal
export, of a newer version ("update this checkout"), or altered (a key such as "__proto__", a
handoff id that is not its entry's) is refused with each problem named by file and path:
  anna.json: entries[12].record.platform: must be one of salesforce, kustomer, not "salesforc"

Exit codes: 0 merged (warnings, if any, on stderr); 2 unusable arguments or files, or an output
that cannot be written (nothing is written then).`;

export function helpText(topic?: CommandName): string {
  switch (topic) {
    case 'journal':
      return JOURNAL_HELP;
    case 'validate':
      return VALIDATE_HELP;
    case 'plan':
      return PLAN_HELP;
    case 'schema':
      return SCHEMA_HELP;
    default:
      return OVERVIEW;
  }
}
