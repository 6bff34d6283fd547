/**
 * What a handoff message would do, without doing it: the options page's test bench and the CLI's
 * `plan` both call this. It decides exactly as the engine does, by calling the same functions —
 * `parseContext`, `evaluateContext` (trust) and `planFill` (per record, with the platform's rules and
 * the mappings in the store's order) — and never writes or remembers anything: a `jti` always counts
 * as unseen, so the same signed sample can be previewed again and again.
 */
import { memorySaid, saidBy } from '../context/echo';
import { type Evaluation, evaluateContext, mayWrite, type Trust } from '../context/evaluate';
import { parseContext } from '../context/parse';
import type { ContextForm, ContextValue, ContextValues } from '../context/types';
import { rulesFor, sameConversationOn } from '../platforms/descriptor-registry';
import type { FieldSpec, PlatformId } from '../platforms/types';
import { defaultSettings, type Settings } from '../settings/schema';
import { planFill } from './plan';
import type { PlannedField } from './plan-types';
import type { Mapping } from './schema';

/** The fields of one object, as a catalog import gives them. */
export interface PreviewCatalog {
  platform: PlatformId;
  object: string;
  fields: FieldSpec[];
}

export interface PreviewInput {
  /** The chat message (or a bare context) as the bot would post it. */
  text: string;
  /** Who the platform would say posted it: `bot`, `customer`, `agent`, `system` or `unknown`. */
  author: string;
  /** Trust policy and trusted issuers; the defaults (no issuer, signed-or-bot) when absent. */
  settings?: Settings;
  mappings: readonly Mapping[];
  /**
   * The records to plan, in write order (a Kustomer conversation, then its customer): each object
   * with its fields. Only mappings of these objects are planned.
   */
  catalogs: readonly PreviewCatalog[];
  /** The records' current values, by field API name; absent fields count as empty. */
  current?: Readonly<Record<string, unknown>>;
  /** The conversation open in the console: a signed context's `conv` must then name it. */
  conversationId?: string;
  /** Epoch milliseconds, for a signed context's `iat`/`exp`. */
  now: number;
}

export interface PreviewContext {
  form: ContextForm | null;
  trust: Trust;
  /** The values as the context gave them (also when refused); `{}` when none could be read. */
  values: ContextValues;
  /** Why nothing would be written; absent when the context may be applied. */
  error?: string;
  /** Keys left out of `values` (reserved, invalid, beyond a limit), one sentence each; absent when none. */
  dropped?: string[];
}

export interface PreviewField {
  object: string;
  field: string;
  action: 'write' | 'skip' | 'refuse';
  /** The coerced value that would be sent (also for `unchanged`/`kept-existing`); null when none. */
  value: unknown;
  /** `empty`, `unchanged` or `kept-existing` for a skip; the error for a refusal. */
  reason?: string;
  /** The context keys the value came from, as the context spells them; [] when none matched. */
  source: string[];
  /** The value as the context gave it (joined for `combine: join`); null when absent. */
  raw: ContextValue;
  /** After transforms and the value map, before coercion; null when not reached. */
  mapped: string | number | boolean | null;
  /** The catalog's label of the field. */
  label: string;
  /** The id of the mapping that planned it. */
  mapping: string;
}

export interface Preview {
  context: PreviewContext;
  fields: PreviewField[];
}

export const NO_CONTEXT_ERROR =
  "No handoff context was found in the message. A context is a 'handoff-context: <signed token>' line, a 'handoff-context' line followed by a JSON object, or a 'Handoff context' line followed by 'Key: Value' lines.";

export async function previewHandoff(input: PreviewInput): Promise<Preview> {
  const parsed = parseContext(input.text);
  if (!parsed.found) {
    return {
      context: { form: null, trust: 'refused', values: {}, error: NO_CONTEXT_ERROR },
      fields: [],
    };
  }
  const settings = input.settings ?? defaultSettings();
  const evaluation = await evaluateContext(parsed, {
    author: input.author,
    trust: settings.trust,
    now: input.now,
    conversationIds: input.conversationId ? [input.conversationId] : undefined,
    sameConversation: sameConversationFor(input.catalogs),
    // A preview never consumes a jti: the same sample may be tried again.
    seenJti: () => false,
  });
  return planned(evaluation, input);
}

/** The records' platform's conversation-id rule (the catalogs are all one platform's). */
const sameConversationFor = (catalogs: readonly PreviewCatalog[]) =>
  catalogs[0] === undefined ? undefined : sameConversationOn(catalogs[0].platform);

/** One message of a conversation, in posting order, with the author the platform would show. */
export interface ConversationMessage {
  author: string;
  text: string;
}

/** What a whole conversation would fill: one handoff per message that holds a context. */
export interface ConversationPreview {
  handoffs: Array<{ message: number } & Preview>;
}

/**
 * A whole conversation as the extension reads it, message by message in posting order (the CLI's
 * `plan --transcript`, the test bench's conversation): what non-bot authors wrote is remembered,
 * so an unverified context from the bot that repeats it is refused (echo.ts), and a signed
 * context's `jti` counts as used once an earlier message of the conversation applied it. Every
 * message holding a context gives a handoff, refused ones included.
 */
export async function previewConversation(
  input: Omit<PreviewInput, 'text' | 'author'> & { messages: readonly ConversationMessage[] },
): Promise<ConversationPreview> {
  const settings = input.settings ?? defaultSettings();
  const said = memorySaid();
  const usedJtis = new Set<string>();
  const handoffs: ConversationPreview['handoffs'] = [];
  for (const [index, message] of input.messages.entries()) {
    const messageId = `message-${index}`;
    if (message.author !== 'bot') {
      const by = saidBy(message.author);
      await said.remember([{ conversation: '', messageId, by, text: message.text, at: index }]);
    }
    const parsed = parseContext(message.text);
    if (!parsed.found) continue;
    const evaluation = await evaluateContext(parsed, {
      author: message.author,
      trust: settings.trust,
      now: input.now,
      conversationIds: input.conversationId ? [input.conversationId] : undefined,
      sameConversation: sameConversationFor(input.catalogs),
      saidBefore: (fingerprints) =>
        said.find({ conversation: '', messageId, fingerprints, before: index }),
      seenJti: (jti, iss) => usedJtis.has(`${iss}\u0000${jti}`),
    });
    if (mayWrite(evaluation) && evaluation.jti && evaluation.issuer) {
      usedJtis.add(`${evaluation.issuer}\u0000${evaluation.jti}`);
    }
    handoffs.push({ message: index, ...planned(evaluation, input) });
  }
  return { handoffs };
}

/** The preview of an evaluated context: its values, why it may not be used, or its plan per record. */
function planned(
  evaluation: Evaluation,
  input: Pick<PreviewInput, 'mappings' | 'catalogs' | 'current'>,
): Preview {
  const values = plainValues(evaluation.values);
  const context: PreviewContext = { form: evaluation.form, trust: evaluation.trust, values };
  if (evaluation.refusal) context.error = evaluation.refusal.message;
  if (evaluation.dropped) context.dropped = [...evaluation.dropped];
  // Like the engine: a context that may not be applied is not planned at all.
  if (!mayWrite(evaluation)) return { context, fields: [] };

  const fields: PreviewField[] = [];
  for (const catalog of uniqueCatalogs(input.catalogs)) {
    const mappings = mappingsFor(input.mappings, catalog.platform, catalog.object);
    if (mappings.length === 0) continue;
    const plan = planFill({
      context: values,
      mappings,
      fields: catalog.fields,
      current: { ...input.current },
      rules: rulesFor(catalog.platform),
    });
    for (const planned of plan.fields) fields.push(previewField(catalog.object, planned));
  }
  return { context, fields };
}

/**
 * The enabled mappings the engine would plan for one record, in its order: the store hands them out
 * sorted by id (`mappingsRepo.forObject`), and when two mappings name one field the first one wins.
 */
export function mappingsFor(
  mappings: readonly Mapping[],
  platform: PlatformId,
  object: string,
): Mapping[] {
  return mappings
    .filter((m) => m.enabled && m.platform === platform && m.object === object)
    .sort(planningOrder);
}

/**
 * The store's order of mappings (`mappingsRepo.forObject`: by id, in UTF-16 code units), which
 * decides which of two mappings of one field wins. A test keeps the two orders equal.
 */
export function planningOrder(a: Mapping, b: Mapping): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Enabled mappings of objects no catalog was given for: a preview leaves them out. */
export function unplannedMappings(
  mappings: readonly Mapping[],
  catalogs: readonly PreviewCatalog[],
): { platform: PlatformId; object: string; count: number }[] {
  const planned = new Set(catalogs.map((c) => `${c.platform}\u0000${c.object}`));
  const left = new Map<string, { platform: PlatformId; object: string; count: number }>();
  for (const m of mappings) {
    const key = `${m.platform}\u0000${m.object}`;
    if (!m.enabled || planned.has(key)) continue;
    const entry = left.get(key) ?? { platform: m.platform, object: m.object, count: 0 };
    entry.count++;
    left.set(key, entry);
  }
  return [...left.values()];
}

function uniqueCatalogs(catalogs: readonly PreviewCatalog[]): PreviewCatalog[] {
  const seen = new Set<string>();
  return catalogs.filter((c) => {
    const key = `${c.platform}\u0000${c.object}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One planned field in the CLI's shape, keys in its documented order (`reason` only when there is one). */
function previewField(object: string, p: PlannedField): PreviewField {
  return {
    object,
    field: p.field,
    action: p.action,
    value: p.value ?? null,
    ...(p.reason !== undefined ? { reason: p.reason } : {}),
    source: [...p.sourceKeys],
    raw: p.raw ?? null,
    mapped: p.mapped ?? null,
    label: p.label,
    mapping: p.mappingId,
  };
}

/** The evaluation's null-prototype values as a plain object (same keys; the parser refuses `__proto__`). */
function plainValues(values: ContextValues | undefined): ContextValues {
  const out: ContextValues = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    Object.defineProperty(out, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
