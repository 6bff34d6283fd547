/**
 * A field catalog from a platform's raw response, whichever registered platform it came from (a
 * Salesforce describe, a Kustomer metadata answer…), saved as the platform returned it: the CLI's
 * `--catalog`, a catalog pasted on the options page. Each platform recognises its own responses
 * (`Platform.catalog`, in its folder); this only asks them in turn.
 */
import { wordList } from './descriptor-registry';
import type { FieldSpec } from './field-rules';
import { backgroundPlatforms } from './registry';
import type { PlatformId } from './types';

export type CatalogImport =
  | { platform: PlatformId; object: string; fields: FieldSpec[] }
  | { error: string };

export function catalogFromPlatformResponse(json: unknown): CatalogImport {
  for (const platform of backgroundPlatforms()) {
    const read = platform.catalog.read(json);
    if (read) return 'error' in read ? read : { platform: platform.id, ...read };
  }
  const what = Array.isArray(json)
    ? 'a list'
    : typeof json === 'object' && json !== null
      ? 'an object of another kind'
      : kindOf(json);
  const expected = backgroundPlatforms().map((p) => p.catalog.expected);
  return {
    error: `Expected ${wordList(expected)}, saved as the platform returned it; this is ${what}`,
  };
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'a text';
  return `a ${typeof v}`;
}
