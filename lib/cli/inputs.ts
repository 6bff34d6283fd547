/**
 * The CLI's input files, from text to checked values. Pure: main.ts reads the files and hands over
 * their text with the name the user typed, so every message names the file it is about.
 */
import { type FieldLabelOf, parseMappingsFile } from '../mapping/file';
import type { PreviewCatalog } from '../mapping/preview';
import type { Mapping } from '../mapping/schema';
import { catalogFromPlatformResponse } from '../platforms/catalog-import';
import { type NamedText, parseJsonText } from '../text/json-text';

/** A file's text and the path the user gave for it. */
export type { NamedText };
export type Loaded<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export { firstSyntaxError, parseJsonText } from '../text/json-text';

/** A mappings file, all or nothing; each error a path-named line. */
export function loadMappings(input: NamedText, labelOf?: FieldLabelOf): Loaded<Mapping[]> {
  const json = parseJsonText(input);
  if (!json.ok) return json;
  const parsed = parseMappingsFile(json.value, labelOf);
  return parsed.ok
    ? { ok: true, value: parsed.file.mappings }
    : { ok: false, errors: parsed.errors };
}

/** Catalogs from raw describe / metadata responses; two files of the same object are refused. */
export function loadCatalogs(inputs: readonly NamedText[]): Loaded<PreviewCatalog[]> {
  const catalogs: (PreviewCatalog & { name: string })[] = [];
  const errors: string[] = [];
  for (const input of inputs) {
    const json = parseJsonText(input);
    if (!json.ok) {
      errors.push(...json.errors);
      continue;
    }
    const catalog = catalogFromPlatformResponse(json.value);
    if ('error' in catalog) {
      errors.push(`${input.name}: ${catalog.error}`);
      continue;
    }
    const twin = catalogs.find(
      (c) => c.platform === catalog.platform && c.object === catalog.object,
    );
    if (twin) {
      errors.push(
        `${input.name} describes ${catalog.platform} ${catalog.object} again (so does ${twin.name}): give one catalog per object`,
      );
      continue;
    }
    catalogs.push({ ...catalog, name: input.name });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: catalogs.map(({ platform, object, fields }) => ({ platform, object, fields })),
  };
}

/** `--current`: a JSON object of current values by field API name. */
export function loadCurrent(input: NamedText): Loaded<Record<string, unknown>> {
  const json = parseJsonText(input);
  if (!json.ok) return json;
  const v = json.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return {
      ok: false,
      errors: [
        `${input.name} must be a JSON object of current values by field API name, e.g. {"Account_Tier__c": "tier_basic"}`,
      ],
    };
  }
  return { ok: true, value: v as Record<string, unknown> };
}

/** "1 mapping", "3 mappings". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
