/**
 * Field catalog import from `GET /services/data/vXX.X/sobjects/<Object>/describe`. The schema lists
 * only what the planner uses; zod objects ignore the dozens of other keys, which change between API
 * versions, so every real describe (v48 to v66) is accepted.
 */
import { z } from 'zod';
import { cut, isJsonObject } from '../json';
import type { CatalogFormat } from '../platform';
import type { FieldOption, FieldSpec } from '../types';

const PicklistValue = z.object({
  value: z.string(),
  // Salesforce documents `label` as nullable; the value is what the record stores anyway.
  label: z.string().nullish(),
  active: z.boolean().nullish(),
});

const DescribeField = z.object({
  name: z.string().min(1),
  label: z.string().nullish(),
  type: z.string().min(1),
  length: z.number().int().nonnegative().nullish(),
  precision: z.number().int().nonnegative().nullish(),
  scale: z.number().int().nonnegative().nullish(),
  digits: z.number().int().nonnegative().nullish(),
  picklistValues: z.array(PicklistValue).nullish(),
  restrictedPicklist: z.boolean().nullish(),
  updateable: z.boolean(),
  calculated: z.boolean().nullish(),
});
type DescribeField = z.infer<typeof DescribeField>;

export const SalesforceDescribe = z.object({
  name: z.string().min(1),
  fields: z.array(DescribeField),
});

const OPTION_TYPES = new Set(['picklist', 'multipicklist', 'combobox']);
const DECIMAL_TYPES = new Set(['double', 'currency', 'percent']);

export type DescribeRead =
  | { ok: true; object: string; fields: FieldSpec[] }
  | { ok: false; error: string };

/** Reads a describe response; the error names the first offending path, e.g. `fields[3].type`. */
export function readDescribe(json: unknown): DescribeRead {
  const parsed = SalesforceDescribe.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? pathText(issue.path) : '';
    return {
      ok: false,
      error: `The Salesforce describe response is not in the expected shape${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unknown problem'}`,
    };
  }
  return { ok: true, object: parsed.data.name, fields: parsed.data.fields.map(toFieldSpec) };
}

/** The fields of a describe response; throws an Error with `readDescribe`'s message when it is not one. */
export function fieldsFromDescribe(json: unknown): FieldSpec[] {
  const read = readDescribe(json);
  if (!read.ok) throw new Error(read.error);
  return read.fields;
}

function toFieldSpec(f: DescribeField): FieldSpec {
  const spec: FieldSpec = {
    name: f.name,
    label: f.label || f.name,
    type: f.type,
    updateable: f.updateable,
  };
  if (f.calculated) spec.calculated = true;
  // Describe sends 0 for "not applicable": only real limits are kept.
  if (f.length) spec.length = f.length;
  if (f.type === 'int') {
    // An int's size is its `digits`; `precision` is 0 for it.
    if (f.digits) spec.precision = f.digits;
    spec.scale = 0;
  } else if (DECIMAL_TYPES.has(f.type)) {
    if (f.precision) spec.precision = f.precision;
    spec.scale = f.scale ?? 0;
  }
  // (A multipicklist's `precision` is its number of visible lines: deliberately not copied.)
  if (OPTION_TYPES.has(f.type)) {
    spec.options = (f.picklistValues ?? []).map(toOption);
    spec.restricted = f.restrictedPicklist === true;
  }
  return spec;
}

function toOption(p: z.infer<typeof PicklistValue>): FieldOption {
  return { value: p.value, label: p.label || p.value, active: p.active !== false };
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

const DESCRIBE_HINT = 'GET /services/data/vXX.X/sobjects/Case/describe';

/**
 * A describe an admin saved (pasted, the CLI's `--catalog`), recognised by its shape. Responses
 * that are close but wrong — an error body, the global describe, an object's basic info — are
 * named, with the request that gives the right one.
 */
export const describeFormat: CatalogFormat = {
  expected: `a Salesforce describe response (${DESCRIBE_HINT})`,
  read(json) {
    if (Array.isArray(json)) {
      const first = json[0] as Record<string, unknown> | undefined;
      if (first && typeof first === 'object' && ('errorCode' in first || 'message' in first)) {
        return {
          error: `This is a Salesforce error response${typeof first.message === 'string' ? ` ("${cut(first.message)}")` : ''}, not a describe: fetch it again (${DESCRIBE_HINT})`,
        };
      }
      return null;
    }
    if (!isJsonObject(json)) return null;
    if ('fields' in json && 'name' in json) {
      const read = readDescribe(json);
      return read.ok ? { object: read.object, fields: read.fields } : { error: read.error };
    }
    if ('sobjects' in json) {
      return {
        error: `This is Salesforce's list of objects (the global describe), not one object's describe: save the response of ${DESCRIBE_HINT}`,
      };
    }
    if ('objectDescribe' in json) {
      const name = isJsonObject(json.objectDescribe) ? json.objectDescribe.name : undefined;
      const object = typeof name === 'string' ? name : 'Case';
      return {
        error: `This is the basic information of ${object} (GET …/sobjects/${object}), which lists no fields: save the response of GET /services/data/vXX.X/sobjects/${object}/describe`,
      };
    }
    return null;
  },
};
