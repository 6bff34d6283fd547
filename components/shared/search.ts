/**
 * The mapping filter of the popup and the options page. Each mapping's lower-case search text is
 * built once (and cached by the caller); a keystroke that narrows the filter (typing on) searches
 * only what the previous filter matched, and one that widens it back (deleting) finds the earlier
 * answer again, so a keystroke costs far less than one `includes` per mapping.
 */
import type { Mapping } from '../../lib/mapping/schema';

/** The filter's words, lower case; a mapping matches when its text holds every one, in any order. */
export function filterWords(filter: string): string[] {
  return filter.toLowerCase().split(/\s+/).filter(Boolean);
}

/** What the filter searches: the target's label and API name, the context keys, `where`, the id. */
export function searchText(mapping: Mapping, label: string, where?: string): string {
  const parts = [label, mapping.field, ...mapping.sources];
  if (where !== undefined) parts.push(where);
  parts.push(mapping.id);
  return parts.join('\n').toLowerCase();
}

export function matchesWords(text: string, words: readonly string[]): boolean {
  for (const w of words) if (!text.includes(w)) return false;
  return true;
}

/**
 * True when every text matching `words` also matches `earlier`: each earlier word is part of one
 * of the new words (`acc` → `acco`, or `acc` → `acc tier`).
 */
export function narrows(words: readonly string[], earlier: readonly string[]): boolean {
  return earlier.every((e) => words.some((w) => w.includes(e)));
}

/** How many earlier answers a filter keeps (a word typed and deleted again is well within it). */
const REMEMBERED = 32;

/**
 * A filter over a list that remembers its last answers. Call it with the list and the filter text;
 * a new list (another identity: mappings changed, another sort) forgets them. `scan` picks the
 * items that hold every word (in the list's order), e.g. with `matchesWords`.
 */
export function rememberingFilter<T>(scan: (items: readonly T[], words: string[]) => readonly T[]) {
  let source: readonly T[] | null = null;
  /** Normalised filter (its words joined by a space) → its words and the items that match. */
  const answers = new Map<string, { words: string[]; items: readonly T[] }>();
  return (items: readonly T[], filter: string): readonly T[] => {
    const words = filterWords(filter);
    if (words.length === 0) return items;
    if (items !== source) {
      source = items;
      answers.clear();
    }
    const key = words.join(' ');
    const known = answers.get(key);
    if (known) {
      // Most recently used last, so the oldest answer is the one forgotten.
      answers.delete(key);
      answers.set(key, known);
      return known.items;
    }
    // Start from the smallest earlier answer this filter narrows.
    let from = items;
    for (const a of answers.values()) {
      if (a.items.length < from.length && narrows(words, a.words)) from = a.items;
    }
    const matched = scan(from, words);
    answers.set(key, { words, items: matched });
    if (answers.size > REMEMBERED) answers.delete(answers.keys().next().value as string);
    return matched;
  };
}
