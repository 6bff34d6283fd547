/**
 * Field catalog import from `GET /v1/metadata/{conversation|customer}` (platform-facts: Attribute
 * definitions). The response is `{data: {type: 'metadata', id, attributes: {properties}}}` with
 * `properties` keyed by attribute name: `{type, displayName, enumeration[], multi, target, tree:
 * {children: [{id, displayName, deleted, children}]}, lastNodeRequired, sensitive, …}`.
 *
 * The schema checks only the envelope; each property is read field by field and a malformed detail
 * (a display name that is not text, a tree node without an id) is dropped rather than failing the
 * whole catalog, because the attribute's name alone — its suffix — already gives its type.
 */
import { z } from 'zod';
import { cut, isJsonObject } from '../json';
import type { CatalogFormat } from '../platform';
import type { FieldOption, FieldSpec } from '../types';
import { kustomerTypes, multiTypeOf, STR_MAX } from './rules';

/** The parts of one property the catalog uses; each falls back to "absent" when malformed. */
const MetadataProperty = z.object({
  type: z.string().nullish().catch(undefined),
  displayName: z.string().nullish().catch(undefined),
  enumeration: z.array(z.unknown()).nullish().catch(undefined),
  multi: z.boolean().nullish().catch(undefined),
  tree: z
    .object({ children: z.array(z.unknown()).nullish().catch(undefined) })
    .nullish()
    .catch(undefined),
  lastNodeRequired: z.boolean().nullish().catch(undefined),
});
type MetadataProperty = z.infer<typeof MetadataProperty>;

const PlainObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'expected an object',
);

export const KustomerMetadata = z.object({
  data: z.object({
    id: z.string().nullish(),
    attributes: z.object({ properties: PlainObject }),
  }),
});

export type MetadataRead =
  | { ok: true; resource: string | undefined; fields: FieldSpec[] }
  | { ok: false; error: string };

/** Attribute names this long or these prototype names are not attributes (and never object keys here). */
const MAX_NAME = 200;
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
/** A camelCase name ending in a type suffix (app attributes may carry a leading `@`). */
const SUFFIX = new RegExp(`^.+?(${kustomerTypes.join('|')})$`);
/** Tree walks are bounded: the metadata comes from the network. */
const MAX_TREE_DEPTH = 12;
const MAX_TREE_NODES = 5_000;

/** Reads a metadata response; the error names the first offending path, e.g. `data.attributes`. */
export function readMetadata(json: unknown): MetadataRead {
  const parsed = KustomerMetadata.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join('.') : '';
    return {
      ok: false,
      error: `The Kustomer metadata response is not in the expected shape${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unknown problem'}`,
    };
  }
  const properties = parsed.data.data.attributes.properties;
  const fields: FieldSpec[] = [];
  for (const name of Object.keys(properties)) {
    if (name.length === 0 || name.length > MAX_NAME || FORBIDDEN_NAMES.has(name)) continue;
    const raw = properties[name];
    const property = MetadataProperty.safeParse(
      typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {},
    );
    fields.push(toFieldSpec(name, property.success ? property.data : {}));
  }
  return { ok: true, resource: parsed.data.data.id ?? undefined, fields };
}

/** The fields of a metadata response; throws an Error with `readMetadata`'s message when it is not one. */
export function fieldsFromMetadata(json: unknown): FieldSpec[] {
  const read = readMetadata(json);
  if (!read.ok) throw new Error(read.error);
  return read.fields;
}

/** The type suffix of an attribute name (`accountTierStr` → `Str`), or undefined. */
export function suffixOf(name: string): string | undefined {
  return SUFFIX.exec(name)?.[1];
}

function toFieldSpec(name: string, p: MetadataProperty): FieldSpec {
  const suffix = suffixOf(name);
  // The suffix sets the type (developer.kustomer.com, custom attributes); without one, the
  // metadata's own type is kept so the rules can say why the attribute cannot be filled.
  const base = suffix ?? (p.type || 'unknown');
  const spec: FieldSpec = {
    name,
    label: p.displayName?.trim() || defaultDisplayName(name, suffix),
    type: p.multi === true && suffix ? multiTypeOf(base) : base,
    updateable: true,
  };
  if (suffix === 'Str') {
    spec.length = STR_MAX;
    const options = enumerationOptions(p.enumeration);
    if (options.length > 0) {
      spec.options = options;
      spec.restricted = true;
    }
  } else if (suffix === 'Tree' && p.tree?.children) {
    spec.options = treeOptions(p.tree.children, p.lastNodeRequired === true);
    spec.restricted = true;
  }
  return spec;
}

/**
 * Kustomer's documented default display name: the camelCase name without its suffix, title-cased
 * (`totalOrdersNum` → `Total Orders`).
 */
function defaultDisplayName(name: string, suffix: string | undefined): string {
  const stem = (suffix ? name.slice(0, -suffix.length) : name).replace(/^@+/, '');
  const words = stem
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean);
  if (words.length === 0) return name;
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** Enumeration values are strings (the vendor example); numbers are read as their text. */
function enumerationOptions(values: unknown[] | null | undefined): FieldOption[] {
  const options: FieldOption[] = [];
  for (const v of values ?? []) {
    const value = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
    if (value === undefined || value.length === 0) continue;
    if (!options.some((o) => o.value === value))
      options.push({ value, label: value, active: true });
  }
  return options;
}

/**
 * A tree flattened to one option per node: the node-id path as value (`billing.refund`, as
 * Kustomer stores it — the audit log shows `account_subscription.billing1`), the label path as
 * label (`Billing › Refund`). A node flagged `deleted` (Kustomer's chat SDK filters those) and
 * everything under it is inactive. With `lastNodeRequired`, only leaves can be chosen, so inner
 * nodes are left out.
 */
function treeOptions(children: unknown[], leavesOnly: boolean): FieldOption[] {
  const options: FieldOption[] = [];
  let visited = 0;
  const walk = (nodes: unknown[], ids: string[], labels: string[], active: boolean) => {
    if (ids.length >= MAX_TREE_DEPTH) return;
    for (const node of nodes) {
      if (++visited > MAX_TREE_NODES) return;
      if (typeof node !== 'object' || node === null) continue;
      const n = node as Record<string, unknown>;
      const id = typeof n.id === 'string' ? n.id.trim() : '';
      if (!id) continue;
      const parent = ids.join('.');
      // Some trees give each node its full path as id already: do not repeat the parent.
      const path = parent && !id.startsWith(`${parent}.`) ? `${parent}.${id}` : id;
      const name =
        typeof n.displayName === 'string' && n.displayName.trim() ? n.displayName.trim() : id;
      const kids = Array.isArray(n.children) ? n.children : [];
      const live = active && n.deleted !== true;
      const hasKids = kids.some((k) => typeof k === 'object' && k !== null);
      if (!leavesOnly || !hasKids) {
        options.push({ value: path, label: [...labels, name].join(' › '), active: live });
      }
      walk(kids, path.split('.'), [...labels, name], live);
    }
  };
  walk(children, [], [], true);
  return options;
}

const METADATA_HINT = 'GET /v1/metadata/conversation (or /v1/metadata/customer)';

/**
 * Metadata an admin saved (pasted, the CLI's `--catalog`), recognised by its shape: the object is
 * the response's `data.id`. An error body is named, with the request that gives the right one.
 */
export const metadataFormat: CatalogFormat = {
  expected: `a Kustomer metadata response (${METADATA_HINT})`,
  read(json) {
    if (!isJsonObject(json)) return null;
    if ('data' in json && isJsonObject(json.data) && 'attributes' in json.data) {
      const read = readMetadata(json);
      if (!read.ok) return { error: read.error };
      if (!read.resource) {
        return {
          error: `The Kustomer metadata response has no data.id, so it does not say whether it describes the conversation or the customer: save the response of ${METADATA_HINT} as it is`,
        };
      }
      return { object: read.resource, fields: read.fields };
    }
    if ('errors' in json && Array.isArray(json.errors)) {
      const first = json.errors[0];
      const detail =
        isJsonObject(first) && typeof first.title === 'string' ? ` ("${cut(first.title)}")` : '';
      return {
        error: `This is a Kustomer error response${detail}, not metadata: fetch it again (${METADATA_HINT})`,
      };
    }
    return null;
  },
};
