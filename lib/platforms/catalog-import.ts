/**
 * A field catalog from a platform's raw response, whichever platform it came from: a Salesforce
 * `GET …/sobjects/<Object>/describe` or a Kustomer `GET /v1/metadata/{conversation|customer}`, saved
 * as the platform returned it (the CLI's `--catalog`, a catalog pasted on the options page). Responses
 * that are close but wrong — the global describe, an object's basic info, an error body — are named,
 * with the request that gives the right one.
 */
import { readMetadata } from './kustomer/catalog';
import { readDescribe } from './salesforce/catalog';
import type { FieldSpec, PlatformId } from './types';

export type CatalogImport =
  | { platform: PlatformId; object: string; fields: FieldSpec[] }
  | { error: string };

const DESCRIBE_HINT = 'GET /services/data/vXX.X/sobjects/Case/describe';
const METADATA_HINT = 'GET /v1/metadata/conversation (or /v1/metadata/customer)';

export function catalogFromPlatformResponse(json: unknown): CatalogImport {
  if (Array.isArray(json)) {
    const first = json[0] as Record<string, unknown> | undefined;
    if (first && typeof first === 'object' && ('errorCode' in first || 'message' in first)) {
      return {
        error: `This is a Salesforce error response${typeof first.message === 'string' ? ` ("${cut(first.message)}")` : ''}, not a describe: fetch it again (${DESCRIBE_HINT})`,
      };
    }
    return { error: notACatalog('a list') };
  }
  if (typeof json !== 'object' || json === null) return { error: notACatalog(kindOf(json)) };
  const o = json as Record<string, unknown>;

  if ('data' in o && isObject(o.data) && 'attributes' in o.data) {
    const read = readMetadata(json);
    if (!read.ok) return { error: read.error };
    if (!read.resource) {
      return {
        error: `The Kustomer metadata response has no data.id, so it does not say whether it describes the conversation or the customer: save the response of ${METADATA_HINT} as it is`,
      };
    }
    return { platform: 'kustomer', object: read.resource, fields: read.fields };
  }
  if ('fields' in o && 'name' in o) {
    const read = readDescribe(json);
    if (!read.ok) return { error: read.error };
    return { platform: 'salesforce', object: read.object, fields: read.fields };
  }
  if ('sobjects' in o) {
    return {
      error: `This is Salesforce's list of objects (the global describe), not one object's describe: save the response of ${DESCRIBE_HINT}`,
    };
  }
  if ('objectDescribe' in o) {
    const name = isObject(o.objectDescribe) ? o.objectDescribe.name : undefined;
    const object = typeof name === 'string' ? name : 'Case';
    return {
      error: `This is the basic information of ${object} (GET …/sobjects/${object}), which lists no fields: save the response of GET /services/data/vXX.X/sobjects/${object}/describe`,
    };
  }
  if ('errors' in o && Array.isArray(o.errors)) {
    const first = o.errors[0];
    const detail =
      isObject(first) && typeof first.title === 'string' ? ` ("${cut(first.title)}")` : '';
    return {
      error: `This is a Kustomer error response${detail}, not metadata: fetch it again (${METADATA_HINT})`,
    };
  }
  return { error: notACatalog('an object of another kind') };
}

function notACatalog(what: string): string {
  return `Expected a Salesforce describe response (${DESCRIBE_HINT}) or a Kustomer metadata response (${METADATA_HINT}), saved as the platform returned it; this is ${what}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'a text';
  return `a ${typeof v}`;
}

function cut(s: string): string {
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
