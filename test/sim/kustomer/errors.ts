/**
 * Kustomer error bodies. The API uses two shapes (developer.kustomer.com, errors): most answers are
 * `{errors: [{code, message, meta}]}`; some are JSON:API error objects `{errors: [{status, code,
 * title, detail, source}]}` (the captured real 404/422 bodies are of this kind).
 */

/** `{code, message, meta}`. */
export interface PlainError {
  code: string;
  message: string;
  meta: Record<string, unknown>;
}

/** The JSON:API error object. */
export interface JsonApiError {
  status: number;
  code: string;
  title: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
}

export type KustomerErrorBody = { errors: PlainError[] } | { errors: JsonApiError[] };

const plain = (code: string, message: string, meta: Record<string, unknown> = {}): PlainError => ({
  code,
  message,
  meta,
});

export const kErrors = {
  // ---- {code, message, meta} -----------------------------------------------------------------
  unknownAttribute: (resource: string, name: string) =>
    plain('bad_request', `Unknown custom attribute '${name}' for ${resource}.`, {
      attribute: name,
      resource,
    }),
  badSuffix: (name: string) =>
    plain(
      'bad_request',
      `Custom attribute '${name}' must be camelCase and end in a type suffix (Str, Txt, Num, At, Bool, Url, Id, Tree).`,
      { attribute: name },
    ),
  invalidJson: (reason: string) =>
    plain('bad_request', `Invalid request body: ${reason}`, { reason }),
  payloadTooLarge: (bytes: number, limit: number) =>
    plain('payload_too_large', `Request body of ${bytes} bytes exceeds the limit of ${limit}.`, {
      size: bytes,
      limit,
    }),
  rateLimited: (limit: number, reset: number) =>
    plain('too_many_requests', 'Rate limit exceeded. Try again after the reset.', {
      limit,
      reset,
    }),

  // ---- JSON:API --------------------------------------------------------------------------------
  invalidValue: (name: string, detail: string, value: unknown): JsonApiError => ({
    status: 400,
    code: 'invalid',
    title: 'Bad Request',
    detail: `${name}: ${detail}`,
    source: { pointer: `/custom/${name}` },
    meta: { attribute: name, value },
  }),
  invalidMember: (pointer: string, detail: string): JsonApiError => ({
    status: 400,
    code: 'invalid',
    title: 'Bad Request',
    detail,
    source: { pointer },
  }),
  invalidParameter: (parameter: string, detail: string): JsonApiError => ({
    status: 400,
    code: 'invalid',
    title: 'Bad Request',
    detail,
    source: { parameter },
  }),
  unauthorized: (detail = 'Missing or invalid credentials'): JsonApiError => ({
    status: 401,
    code: 'unauthorized',
    title: 'Unauthorized',
    detail,
  }),
  forbidden: (detail: string): JsonApiError => ({
    status: 403,
    code: 'forbidden',
    title: 'Forbidden',
    detail,
  }),
  /** The captured production body for an unknown path. */
  pathNotFound: (): JsonApiError => ({
    status: 404,
    source: { parameter: 'path' },
    code: 'notfound',
    title: 'Not Found',
  }),
  notFound: (what: string): JsonApiError => ({
    status: 404,
    code: 'notfound',
    title: 'Not Found',
    detail: what,
  }),
  methodNotAllowed: (method: string): JsonApiError => ({
    status: 405,
    code: 'method_not_allowed',
    title: 'Method Not Allowed',
    detail: `${method} is not supported on this path`,
  }),
  conflict: (sent: number, current: number): JsonApiError => ({
    status: 409,
    code: 'conflict',
    title: 'Conflict',
    detail: `rev ${sent} is not the current revision (${current})`,
    source: { pointer: '/rev' },
    meta: { rev: current },
  }),
  internal: (): JsonApiError => ({
    status: 500,
    code: 'internal',
    title: 'Internal Server Error',
  }),
  unavailable: (): JsonApiError => ({
    status: 503,
    code: 'unavailable',
    title: 'Service Unavailable',
  }),
};
