import { describe, expect, it } from 'vitest';
import { parseKustomerError, retryAfterMs } from '@/lib/platforms/kustomer/errors';
import { readRealJson } from '../../../support/real-fixtures';

interface RealError {
  httpStatus: number;
  body: unknown;
  quoted: string;
}
const REAL = (readRealJson('kustomer_error_bodies.json') as { errors: RealError[] }).errors;
const examples = (
  readRealJson('kustomer_openapi_doc_examples.json') as {
    examples: Record<string, unknown>;
  }
).examples;

describe('every real Kustomer error body', () => {
  it('finds the three captured bodies', () => {
    expect(REAL).toHaveLength(3);
  });

  it.each(REAL.map((e, i) => [i, e] as const))(
    'entry %i: parsed from the object and from the quoted text alike',
    (_i, e) => {
      const fromObject = parseKustomerError(e.httpStatus, e.body);
      const fromText = parseKustomerError(e.httpStatus, e.quoted);
      expect(fromText).toEqual(fromObject);
      expect(fromObject.errors).toHaveLength(1);
      expect(fromObject.attributes).toEqual([]);
    },
  );

  it('422 WORKFLOW_NOT_CALLABLE: code and title + detail, no attribute, not retried as attributes', () => {
    expect(parseKustomerError(422, REAL[0]?.body)).toEqual({
      status: 422,
      kind: 'other',
      errors: [{ code: 'unprocessable', message: 'Unprocessable Entity: WORKFLOW_NOT_CALLABLE' }],
      attributes: [],
    });
  });

  it('404 notfound, with and without a detail', () => {
    expect(parseKustomerError(404, REAL[1]?.body)).toMatchObject({
      kind: 'not-found',
      errors: [{ code: 'notfound', message: 'Not Found: workflow ID' }],
    });
    expect(parseKustomerError(404, REAL[2]?.body)).toMatchObject({
      kind: 'not-found',
      errors: [{ code: 'notfound', message: 'Not Found' }],
    });
  });

  it('the OpenAPI placeholder examples still parse', () => {
    for (const status of [400, 401, 404]) {
      const parsed = parseKustomerError(status, examples[`GET /v1/conversations/{id} ${status}`]);
      expect(parsed.errors).toHaveLength(2);
      expect(parsed.errors[0]).toEqual({ code: '<string>', message: '<string>' });
    }
  });
});

describe('the {code, message, meta} shape', () => {
  it('names the attribute from meta and classifies a 400 as attributes', () => {
    const parsed = parseKustomerError(400, {
      errors: [
        {
          code: 'invalid',
          message: 'accountTierStr length must be less than or equal to 1024 characters long',
          meta: { attribute: 'accountTierStr' },
        },
        { code: 'invalid', message: 'bad value', meta: { path: ['custom', 'orderTotalNum'] } },
        { code: 'invalid', message: 'bad value', meta: 'custom.vipBool' },
      ],
    });
    expect(parsed.kind).toBe('attributes');
    expect(parsed.errors.map((e) => e.attribute)).toEqual([
      'accountTierStr',
      'orderTotalNum',
      'vipBool',
    ]);
    expect(parsed.attributes).toEqual(['accountTierStr', 'orderTotalNum', 'vipBool']);
  });

  it('finds the attribute in the message text when meta does not name it', () => {
    const cases: Array<[string, string]> = [
      ['"custom.accountTierStr" must be a string', 'accountTierStr'],
      [
        'child "custom" fails because [child "lastOrderAt" fails because ["lastOrderAt" must be a valid ISO 8601 date]]',
        'lastOrderAt',
      ],
      ['"vipBool" must be a boolean', 'vipBool'],
      ['Invalid custom attribute suffix: fooBar (attributes.custom.fooBar)', 'fooBar'],
    ];
    for (const [message, attribute] of cases) {
      const parsed = parseKustomerError(400, { errors: [{ code: 'invalid', message, meta: {} }] });
      expect(parsed.errors[0]?.attribute, message).toBe(attribute);
      expect(parsed.kind).toBe('attributes');
    }
  });

  it('takes any attribute name meta gives, also one without a suffix or an app attribute', () => {
    const parsed = parseKustomerError(400, {
      errors: [
        {
          code: 'bad_request',
          message: "Custom attribute 'fooBar' must be camelCase and end in a type suffix.",
          meta: { attribute: 'fooBar' },
        },
        { code: 'bad_request', message: 'x', meta: { attribute: '@shopify.lastOrderStr' } },
        { code: 'bad_request', message: 'x', meta: { name: 'ValidationError' } },
      ],
    });
    expect(parsed.errors.map((e) => e.attribute)).toEqual([
      'fooBar',
      '@shopify.lastOrderStr',
      undefined,
    ]);
  });

  it('reads the name of an unknown attribute from the message alone', () => {
    const parsed = parseKustomerError(400, {
      errors: [
        { code: 'bad_request', message: "Unknown custom attribute 'fooBar' for conversation." },
      ],
    });
    expect(parsed).toMatchObject({ kind: 'attributes', attributes: ['fooBar'] });
  });

  it('a 400 that names no attribute is other, never attributes', () => {
    const parsed = parseKustomerError(400, {
      errors: [{ code: 'invalid', message: 'Invalid request body', meta: {} }],
    });
    expect(parsed).toMatchObject({ kind: 'other', attributes: [] });
    expect(parsed.errors[0]?.attribute).toBeUndefined();
  });
});

describe('the JSON:API {status, code, title, detail, source} shape', () => {
  it('names the attribute from source.pointer, both pointer forms', () => {
    const parsed = parseKustomerError(400, {
      errors: [
        {
          status: 400,
          code: 'invalid',
          title: 'Bad Request',
          detail: 'must be a number',
          source: { pointer: '/custom/orderTotalNum' },
        },
        {
          status: 400,
          code: 'invalid',
          title: 'Bad Request',
          detail: 'must be a string',
          source: { pointer: '/data/attributes/custom/accountTierStr' },
        },
      ],
    });
    expect(parsed).toEqual({
      status: 400,
      kind: 'attributes',
      errors: [
        {
          code: 'invalid',
          message: 'Bad Request: must be a number',
          attribute: 'orderTotalNum',
        },
        {
          code: 'invalid',
          message: 'Bad Request: must be a string',
          attribute: 'accountTierStr',
        },
      ],
      attributes: ['orderTotalNum', 'accountTierStr'],
    });
  });

  it('app attributes in pointers and dotted paths keep their @ and dots', () => {
    const body = (pointer: string) => ({
      errors: [{ status: 400, code: 'invalid', title: 'Bad Request', source: { pointer } }],
    });
    expect(parseKustomerError(400, body('/custom/@shopify.lastOrderStr')).attributes).toEqual([
      '@shopify.lastOrderStr',
    ]);
    // An item of a multi attribute is still that attribute.
    expect(parseKustomerError(400, body('/custom/ordersId/1')).attributes).toEqual(['ordersId']);
    const dotted = parseKustomerError(400, {
      errors: [{ code: 'invalid', message: 'bad value at custom.@shopify.lastOrderStr.' }],
    });
    expect(dotted.attributes).toEqual(['@shopify.lastOrderStr']);
  });

  it('a 409 on /rev names no attribute', () => {
    const parsed = parseKustomerError(409, {
      errors: [
        {
          status: 409,
          code: 'conflict',
          title: 'Conflict',
          detail: 'rev 3 is not the current revision (4)',
          source: { pointer: '/rev' },
          meta: { rev: 4 },
        },
      ],
    });
    expect(parsed).toMatchObject({ kind: 'conflict', attributes: [] });
  });

  it('a 422 naming an attribute is attributes too; the status stands in for a missing code', () => {
    const parsed = parseKustomerError(422, {
      errors: [
        { status: 422, title: 'Unprocessable Entity', source: { pointer: '/custom/fooStr' } },
      ],
    });
    expect(parsed.kind).toBe('attributes');
    expect(parsed.errors).toEqual([
      { code: 'http-422', message: 'Unprocessable Entity', attribute: 'fooStr' },
    ]);
  });
});

describe('other bodies', () => {
  it.each([
    [undefined, 'Kustomer answered HTTP 502 without details'],
    ['', 'Kustomer answered HTTP 502 without details'],
    ['   ', 'Kustomer answered HTTP 502 without details'],
    ['<html><body>502 Bad Gateway</body></html>', '<html><body>502 Bad Gateway</body></html>'],
    [{ errors: [] }, 'Kustomer answered HTTP 502 without details'],
    [{ unexpected: true }, 'Kustomer answered HTTP 502 without details'],
    [42, 'Kustomer answered HTTP 502 without details'],
  ])('%j → one entry with the status as code', (body, message) => {
    const parsed = parseKustomerError(502, body);
    expect(parsed.kind).toBe('server');
    expect(parsed.errors).toEqual([{ code: 'http-502', message }]);
  });

  it('reads a single error object, {error: …} and a list of strings', () => {
    expect(parseKustomerError(400, { code: 'invalid', message: 'x' }).errors).toEqual([
      { code: 'invalid', message: 'x' },
    ]);
    expect(parseKustomerError(400, { error: { code: 'invalid', message: 'y' } }).errors).toEqual([
      { code: 'invalid', message: 'y' },
    ]);
    expect(parseKustomerError(400, { errors: ['"fooNum" must be a number'] }).errors).toEqual([
      { code: 'http-400', message: '"fooNum" must be a number', attribute: 'fooNum' },
    ]);
  });

  it('cuts huge bodies and bounds the entries', () => {
    const parsed = parseKustomerError(500, 'x'.repeat(50_000));
    expect(parsed.errors[0]?.message).toHaveLength(2_000);
    const many = { errors: Array.from({ length: 500 }, () => ({ code: 'c', message: 'm' })) };
    expect(parseKustomerError(400, many).errors).toHaveLength(100);
  });
});

describe('kinds', () => {
  it.each([
    [401, { errors: [{ code: 'unauthorized', message: 'Invalid token' }] }, 'session'],
    [401, undefined, 'session'],
    [
      401,
      {
        errors: [
          { code: 'unauthorized', message: 'Missing role org.permission.conversation.update' },
        ],
      },
      'forbidden',
    ],
    [401, { errors: [{ status: 401, title: 'Billing feature not enabled' }] }, 'forbidden'],
    [403, { errors: [{ code: 'forbidden', message: 'invalid csrf token' }] }, 'forbidden'],
    [404, undefined, 'not-found'],
    [409, { errors: [{ code: 'conflict', message: 'rev mismatch' }] }, 'conflict'],
    [413, 'request entity too large', 'too-large'],
    [429, undefined, 'rate-limit'],
    [400, { errors: [{ code: 'rate-limit', message: 'slow down' }] }, 'rate-limit'],
    [500, undefined, 'server'],
    [503, undefined, 'server'],
    [418, undefined, 'other'],
    [0, undefined, 'other'],
  ] as const)('%i %j → %s', (status, body, kind) => {
    expect(parseKustomerError(status, body).kind).toBe(kind);
  });
});

describe('rate-limit header maths', () => {
  const NOW = Date.UTC(2026, 10, 21, 12, 0, 0); // 2026-11-21T12:00:00Z

  it('x-ratelimit-reset as seconds until the reset', () => {
    expect(
      parseKustomerError(429, undefined, { 'x-ratelimit-reset': '17' }, NOW).retryAfterMs,
    ).toBe(17_000);
    expect(retryAfterMs({ 'X-RateLimit-Reset': '0.5' }, NOW)).toBe(500);
  });

  it('x-ratelimit-reset as an epoch in seconds or milliseconds', () => {
    expect(retryAfterMs({ 'x-ratelimit-reset': String(NOW / 1000 + 42) }, NOW)).toBe(42_000);
    expect(retryAfterMs({ 'x-ratelimit-reset': String(NOW + 1_500) }, NOW)).toBe(1_500);
    // A reset already past means "now", never a negative wait.
    expect(retryAfterMs({ 'x-ratelimit-reset': String(NOW / 1000 - 5) }, NOW)).toBe(0);
  });

  it('retry-after wins, as seconds or an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after': '3', 'x-ratelimit-reset': '50' }, NOW)).toBe(3_000);
    expect(retryAfterMs({ 'Retry-After': 'Sat, 21 Nov 2026 12:00:30 GMT' }, NOW)).toBe(30_000);
  });

  it('works with fetch Headers', () => {
    const headers = new Headers({ 'x-ratelimit-limit': '1000', 'x-ratelimit-reset': '12' });
    expect(parseKustomerError(429, '', headers, NOW)).toMatchObject({
      kind: 'rate-limit',
      retryAfterMs: 12_000,
    });
  });

  it('ignores unreadable headers and caps absurd waits at an hour', () => {
    expect(retryAfterMs({ 'x-ratelimit-reset': 'soon' }, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'x-ratelimit-reset': '-4' }, NOW)).toBeUndefined();
    expect(retryAfterMs({}, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'x-ratelimit-reset': '999999' }, NOW)).toBe(3_600_000);
    expect(parseKustomerError(429, undefined, undefined, NOW).retryAfterMs).toBeUndefined();
  });

  it('a 503 with retry-after carries the wait; a 400 never does', () => {
    expect(parseKustomerError(503, '', { 'retry-after': '2' }, NOW).retryAfterMs).toBe(2_000);
    expect(parseKustomerError(400, '', { 'retry-after': '2' }, NOW).retryAfterMs).toBeUndefined();
  });
});
