/**
 * `handoff-fields plan …`: what a bot message (`--context`) or a whole conversation (`--transcript`)
 * would fill, as JSON — `previewHandoff` and `previewConversation`, the functions the options page's
 * test bench calls, so the CLI and the bench cannot disagree.
 */
import { labelsIn } from '../mapping/naming';
import { previewConversation, previewHandoff, unplannedMappings } from '../mapping/preview';
import type { Mapping } from '../mapping/schema';
import type { Author } from '../platforms/types';
import { parseSettings, type Settings, settingsWarnings } from '../settings/schema';
import {
  count,
  loadCatalogs,
  loadCurrent,
  loadMappings,
  type NamedText,
  parseJsonText,
} from './inputs';
import { type CommandResult, lines, unusable } from './result';
import { loadTranscript } from './transcript-file';

export type PlanInput = {
  mappings: NamedText;
  catalogs: readonly NamedText[];
  settings?: NamedText;
  current?: NamedText;
  conversation?: string;
  now: number;
} & (
  | {
      /** The message text itself. */
      context: string;
      author: Author;
    }
  | {
      /** The transcript file: a JSON array of `{author, text}` in posting order. */
      transcript: NamedText;
    }
);

export async function runPlan(input: PlanInput): Promise<CommandResult> {
  const errors: string[] = [];
  const catalogs = loadCatalogs(input.catalogs);
  if (!catalogs.ok) errors.push(...catalogs.errors);
  const mappings = loadMappings(input.mappings, catalogs.ok ? labelsIn(catalogs.value) : undefined);
  if (!mappings.ok) {
    errors.unshift(...mappings.errors.map((e) => `--mappings ${input.mappings.name}: ${e}`));
  }
  const transcript = 'transcript' in input ? loadTranscript(input.transcript) : undefined;
  if (transcript && !transcript.ok) errors.push(...transcript.errors);
  let settings: Settings | undefined;
  if (input.settings) {
    const loaded = loadSettings(input.settings);
    if (loaded.ok) settings = loaded.settings;
    else errors.push(...loaded.errors);
  }
  let current: Record<string, unknown> = {};
  if (input.current) {
    const loaded = loadCurrent(input.current);
    if (loaded.ok) current = loaded.value;
    else errors.push(...loaded.errors);
  }
  if (!mappings.ok || !catalogs.ok || errors.length > 0) {
    return unusable(
      errors,
      'Nothing was planned. Fix the files named above (handoff-fields validate <mappings.json> checks a mappings file); see handoff-fields plan --help.',
    );
  }

  const common = {
    settings,
    mappings: mappings.value,
    catalogs: catalogs.value,
    current,
    conversationId: input.conversation,
    now: input.now,
  };
  const stderr = [
    ...(settings ? settingsWarnings(settings).map((w) => `warning: --settings: ${w}`) : []),
    ...notes(mappings.value, catalogs.value),
  ];
  if ('context' in input) {
    const preview = await previewHandoff({ ...common, text: input.context, author: input.author });
    for (const d of preview.context.dropped ?? []) stderr.push(`warning: ${d}`);
    return printed(preview, stderr);
  }
  const messages = transcript?.ok ? transcript.value : [];
  const conversation = await previewConversation({ ...common, messages });
  for (const h of conversation.handoffs) {
    for (const d of h.context.dropped ?? []) stderr.push(`warning: message ${h.message}: ${d}`);
  }
  if (conversation.handoffs.length === 0) {
    stderr.push(
      messages.length === 0
        ? 'note: the transcript has no messages, so nothing is planned'
        : `note: no message holds a handoff context (${count(messages.length, 'message')} read), so nothing is planned`,
    );
  }
  return printed(conversation, stderr);
}

/** Exit 0, the answer as 2-space JSON, the notes on stderr. */
function printed(output: unknown, stderr: readonly string[]): CommandResult {
  return { code: 0, stdout: `${JSON.stringify(output, null, 2)}\n`, stderr: lines(stderr) };
}

function loadSettings(
  input: NamedText,
): { ok: true; settings: Settings } | { ok: false; errors: string[] } {
  const json = parseJsonText(input);
  if (!json.ok) return json;
  const parsed = parseSettings(json.value);
  if (parsed.ok) return parsed;
  return { ok: false, errors: parsed.errors.map((e) => `--settings ${input.name}: ${e}`) };
}

/** What the plan leaves out, so an empty `fields` is never a mystery. */
function notes(
  mappings: readonly Mapping[],
  catalogs: readonly { platform: Mapping['platform']; object: string }[],
): string[] {
  const out: string[] = [];
  for (const u of unplannedMappings(
    mappings,
    catalogs.map((c) => ({ ...c, fields: [] })),
  )) {
    out.push(
      `note: ${count(u.count, 'enabled mapping')} of ${u.platform} ${u.object} ${u.count === 1 ? 'was' : 'were'} not planned: no --catalog for ${u.object}`,
    );
  }
  for (const c of catalogs) {
    if (!mappings.some((m) => m.enabled && m.platform === c.platform && m.object === c.object)) {
      out.push(
        `note: no enabled mapping fills ${c.platform} ${c.object}, so none of its fields is planned`,
      );
    }
  }
  return out;
}
