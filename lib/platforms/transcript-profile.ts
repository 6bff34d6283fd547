/**
 * A transcript profile: how one platform's console shows a conversation — named CSS selectors,
 * class names, attribute names and separators — and the names its bots post under. Each platform
 * ships its defaults in its folder (`lib/platforms/<platform>/profile.ts`); an admin overrides
 * any of them in the settings (`transcriptProfiles`), so a console whose markup changed is fixed on
 * site, without a release. The sensor reads every message through the profile in force.
 *
 * Content-script side: no zod. The settings schema checks an override's shape (known keys, text
 * lengths); whether a selector parses can only be checked where there is a DOM, so it is checked
 * here, when the override is applied: a value that does not parse is reported and the shipped
 * default stays in force for that key — never a crash, never a sensor without a profile.
 */

/**
 * Where the background copies the settings' `transcriptProfiles` in the extension's own storage
 * (`browser.storage.local`) for the content scripts (lib/sensor/profile-override.ts).
 */
export const PROFILES_STORAGE_KEY = 'transcriptProfiles';

/** What a profile value is: a CSS selector, a class name, an attribute name, or plain text. */
export type ProfileValueKind = 'selector' | 'class' | 'attribute' | 'text';

/** A platform's profile keys, each with its kind (how an override of it is checked). */
export type ProfileShape<K extends string = string> = Readonly<
  Record<K, { kind: ProfileValueKind }>
>;

/**
 * What each key of a profile names, for the admin (the options page reads it through the
 * descriptor). Apart from the shape, so the content scripts, which load with every console page,
 * do not carry the words.
 */
export type ProfileWords<K extends string = string> = Readonly<Record<K, string>>;

export interface TranscriptProfile<K extends string = string> {
  values: Readonly<Record<K, string>>;
  /** Outbound messages whose sender has one of these names are the bot's (case and spaces aside). */
  botNames: readonly string[];
}

/** What an admin sets: any of the values, and the bot names (which replace the shipped list). */
export interface ProfileOverride {
  values?: Readonly<Record<string, string>>;
  botNames?: readonly string[];
}

/** An override value that could not be used, and why. */
export interface ProfileProblem {
  key: string;
  value: string;
  message: string;
}

/** The shipped profile of a platform: its keys' kinds and values. */
export interface ProfileDefinition<K extends string = string> {
  shape: ProfileShape<K>;
  defaults: TranscriptProfile<K>;
}

/** The shipped profile as the pages know it: with what each key names. */
export interface DescribedProfile<K extends string = string> extends ProfileDefinition<K> {
  words: ProfileWords<K>;
}

const NAME = /^-?[A-Za-z_][A-Za-z0-9_-]*$/;

/** Whether `selector` parses as a CSS selector in this document's engine. */
export function selectorParses(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** Why a profile value of this kind cannot be used ("is not a CSS selector this browser can read"), or undefined. */
export function profileValueProblem(
  kind: ProfileValueKind,
  value: string,
  parses: (s: string) => boolean = selectorParses,
): string | undefined {
  if (value.trim() === '') return 'is empty';
  if (kind === 'selector' && !parses(value)) return 'is not a CSS selector this browser can read';
  if ((kind === 'class' || kind === 'attribute') && !NAME.test(value)) {
    return `is not a single ${kind === 'class' ? 'class' : 'attribute'} name (letters, digits, - and _, no spaces or dots)`;
  }
  return undefined;
}

/**
 * The profile in force: the shipped defaults with the admin's override on top. A key the platform
 * does not have, or a value that cannot be used, is reported and leaves the default in place.
 */
export function profileWithOverride<K extends string>(
  definition: ProfileDefinition<K>,
  override: ProfileOverride | undefined,
  parses: (selector: string) => boolean = selectorParses,
): { profile: TranscriptProfile<K>; problems: ProfileProblem[] } {
  const values: Record<string, string> = { ...definition.defaults.values };
  const problems: ProfileProblem[] = [];
  for (const [key, value] of Object.entries(override?.values ?? {})) {
    const spec = (definition.shape as Record<string, { kind: ProfileValueKind } | undefined>)[key];
    if (!spec) {
      problems.push({ key, value, message: `'${key}' is not a key of this platform's profile` });
      continue;
    }
    const problem = profileValueProblem(spec.kind, value, parses);
    if (problem) problems.push({ key, value, message: `'${key}' ${problem}: the default is used` });
    else values[key] = value;
  }
  const names = override?.botNames?.map((n) => n.trim()).filter((n) => n !== '');
  return {
    profile: {
      values: values as Record<K, string>,
      botNames: names && names.length > 0 ? names : definition.defaults.botNames,
    },
    problems,
  };
}

/** How names compare: spaces collapsed, case ignored. */
export const sameName = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

export const isBotName = (profile: TranscriptProfile, name: string): boolean =>
  profile.botNames.some((bot) => sameName(bot, name));
