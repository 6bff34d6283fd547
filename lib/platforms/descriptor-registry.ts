/**
 * The platforms Handoff Fields supports, as their descriptors (./platform-descriptor.ts):
 * what the pages, the engine and the zod schemas ask about a platform. With ./registry.ts
 * (the same platforms' background descriptors) this is the only place that lists platforms;
 * everything else asks one of the two, by id. A lookup of an id that is not registered throws
 * `UnknownPlatformError`: no caller ever falls through to some other platform's behaviour.
 *
 * A platform is added by listing its descriptor here and in registry.ts (registry.ts refuses to
 * load when the two lists differ). Tests add a made-up platform with `registerPlatform`
 * (registry.ts), which also registers it here: the views below (`platformIds`, `platformNames`)
 * are updated in place, and lists built from the registry hear of it through `onPlatformsChanged`.
 */

import type { FieldRules } from './field-rules';
import { kustomerDescriptor } from './kustomer/descriptor';
import type { PlatformDescriptor } from './platform-descriptor';
import { salesforceDescriptor } from './salesforce/descriptor';

export type { PlatformDescriptor } from './platform-descriptor';

/** A registered platform's id: which ids exist is known at runtime, from this registry. */
export type PlatformId = string;

/** The registered platforms, in the order pages list them. */
const listed: PlatformDescriptor[] = [salesforceDescriptor, kustomerDescriptor];

/** The ids of the registered platforms, in order (updated in place when a test registers one). */
export const platformIds: readonly PlatformId[] = listed.map((p) => p.id);

/** Each registered platform's name as the pages show it, by id (updated in place likewise). */
export const platformNames: Readonly<Record<PlatformId, string>> = Object.fromEntries(
  listed.map((p) => [p.id, p.name]),
);

const listeners = new Set<() => void>();

/** Thrown for an id no platform is registered under: never guess which platform was meant. */
export class UnknownPlatformError extends Error {
  constructor(readonly id: unknown) {
    super(
      `Handoff Fields does not know the platform ${JSON.stringify(id)}: it knows ${quotedList(platformIds, 'and')}.`,
    );
    this.name = 'UnknownPlatformError';
  }
}

export function isPlatformId(id: unknown): id is PlatformId {
  return typeof id === 'string' && listed.some((p) => p.id === id);
}

/** The descriptor of a registered platform; throws UnknownPlatformError for any other id. */
export function platformDescriptor(id: PlatformId): PlatformDescriptor {
  const found = listed.find((p) => p.id === id);
  if (!found) throw new UnknownPlatformError(id);
  return found;
}

/** Every registered platform, in order. */
export function platformDescriptors(): readonly PlatformDescriptor[] {
  return listed;
}

/** The field rules of a platform: what the planner, the preview and the catalog checks coerce with. */
export function rulesFor(platform: PlatformId): FieldRules {
  return platformDescriptor(platform).rules;
}

/** A field name as the platform compares it: lower case where names ignore case (Salesforce API names). */
export function fieldNameKey(platform: PlatformId, name: string): string {
  return platformDescriptor(platform).fieldNamesIgnoreCase ? name.toLowerCase() : name;
}

/** Whether two field names of the platform name one field. */
export function sameFieldName(platform: PlatformId, a: string, b: string): boolean {
  return fieldNameKey(platform, a) === fieldNameKey(platform, b);
}

/**
 * The platform whose writes may use an API key an admin enters in the popup. The popup's
 * `MappingsApi.setCredential` (components/popup/mappings-api.ts) names no platform, so only one registered
 * platform may use API keys: a second one throws here until that API names the platform.
 */
export function apiKeyPlatform(): PlatformDescriptor | undefined {
  const keyed = listed.filter((p) => p.auth.kind === 'api-key');
  if (keyed.length > 1) {
    throw new Error(
      `Several platforms use API keys (${keyed.map((p) => p.id).join(', ')}), but the popup's setCredential names no platform.`,
    );
  }
  return keyed[0];
}

/**
 * Why an API key cannot be stored for `org` of `platform`, and which input is wrong: the platform
 * takes no API keys (it writes as the signed-in agent), or the org is not one of its org names.
 */
export function apiKeyOrgProblem(
  platform: PlatformId,
  org: string,
): { path: 'platform' | 'org'; message: string } | null {
  const { name, auth } = platformDescriptor(platform);
  if (auth.kind !== 'api-key') {
    return {
      path: 'platform',
      message: `${name} takes no API key: it writes as the signed-in agent`,
    };
  }
  const problem = auth.orgProblem(org);
  return problem ? { path: 'org', message: problem } : null;
}

/**
 * How a platform compares conversation ids: Salesforce names one record by a 15- or an
 * 18-character id (./salesforce/ids.ts); an exact match for every platform that says nothing.
 */
export function sameConversationOn(platform: PlatformId): (open: string, conv: string) => boolean {
  return platformDescriptor(platform).sameConversation ?? ((open, conv) => open === conv);
}

/** Calls `listener` whenever a platform is registered; answers the function that stops it. */
export function onPlatformsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Registers a descriptor. Only `registerPlatform` (registry.ts) calls this, so that a
 * test's platform is registered on both sides at once. Answers the function that removes it.
 */
export function addPlatformDescriptor(platform: PlatformDescriptor): () => void {
  if (listed.some((p) => p.id === platform.id)) {
    throw new Error(`A platform is already registered as "${platform.id}".`);
  }
  listed.push(platform);
  changed();
  return () => {
    const at = listed.indexOf(platform);
    if (at >= 0) listed.splice(at, 1);
    changed();
  };
}

function changed() {
  const ids = platformIds as PlatformId[];
  ids.splice(0, ids.length, ...listed.map((p) => p.id));
  const names = platformNames as Record<PlatformId, string>;
  for (const id of Object.keys(names)) delete names[id];
  for (const p of listed) names[p.id] = p.name;
  for (const listener of listeners) listener();
}

/** `a or b`, `a, b or c`: a list in running text, as many platforms as are registered. */
export function wordList(items: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** `"a" or "b"`, `"a", "b" or "c"`: quoted names in running text. */
export function quotedList(items: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  return wordList(
    items.map((i) => `"${i}"`),
    conjunction,
  );
}
