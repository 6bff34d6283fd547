import { describe, expect, it } from 'vitest';
import { parseSalesforceError, type SalesforceErrorKind } from '@/lib/platforms/salesforce/errors';
import { readRealJson } from '../../../support/real-fixtures';

interface RealError {
  errorCode: string;
  httpStatus: number | null;
  body: unknown;
  quoted: string;
}

const REAL = (readRealJson('sf_rest_error_bodies.json') as { errors: RealError[] }).errors;

/** Most sources did not record the status: use the one Salesforce sends with that code. */
const USUAL_STATUS: Record<string, number> = {
  INVALID_SESSION_ID: 401,
  REQUEST_LIMIT_EXCEEDED: 403,
  NOT_FOUND: 404,
  ENTITY_IS_DELETED: 404,
};

/** What each real entry must give: [kind, fields]. The first error code must be the fixture's own. */
const EXPECTED: Array<[SalesforceErrorKind, string[]]> = [
  ['session', []], // 0 INVALID_SESSION_ID
  ['fields', ['Name']], // 1 INVALID_FIELD_FOR_INSERT_UPDATE, single object
  ['fields', ['Provider__c']], // 2
  ['fields', ['Job_Category__c']], // 3 INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST
  ['rate-limit', []], // 4 REQUEST_LIMIT_EXCEEDED
  ['fields', ['View_Date__c']], // 5 FIELD_INTEGRITY_EXCEPTION
  ['fields', ['Name']], // 6 REQUIRED_FIELD_MISSING
  ['not-found', []], // 7 ENTITY_IS_DELETED
  ['fields', ['RecordTypeId']], // 8 INVALID_CROSS_REFERENCE_KEY
  ['fields', []], // 9 INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY
  ['fields', ['Name']], // 10 STRING_TOO_LONG
  ['other', []], // 11 INVALID_OPERATION_WITH_EXPIRED_PASSWORD
  ['fields', ['IsClosedOnCreate']], // 12
  ['fields', ['Name']], // 13
  ['api-access-control', []], // 14 "not valid for use with the REST API"
  ['session', []], // 15
  ['fields', []], // 16 JSON_PARSER_ERROR inside a PHP dump
  ['fields', []], // 17 JSON_PARSER_ERROR text
  ['fields', []], // 18
  ['fields', []], // 19 truncated JSON
  ['fields', []], // 20
  ['rate-limit', []], // 21 text
  ['rate-limit', []], // 22 prose with status 403
  ['fields', ['TotoId__c']], // 23 sObject Tree shape with statusCode
  ['fields', []], // 24 text, label only
  ['fields', ['npsp__DayOfMonth__c']], // 25 Apex text with [Field]
  ['fields', []], // 26
  ['fields', ['CloseDate', 'Amount']], // 27 {errors: [...]}
  ['server', []], // 28 Lightning Data Service shape, status 500
  ['not-found', []], // 29
  ['other', []], // 30 INVALID_TYPE
  ['not-found', []], // 31
  ['not-found', []], // 32
  ['fields', ['foo']], // 33 INVALID_FIELD, field named in the message
];

describe('parseSalesforceError over every real error body', () => {
  it('has an expectation for each of the 34 entries', () => {
    expect(REAL).toHaveLength(34);
    expect(EXPECTED).toHaveLength(REAL.length);
  });

  it.each(REAL.map((e, i) => [i, e.errorCode, e] as const))('#%i %s', (i, code, e) => {
    const status = e.httpStatus ?? USUAL_STATUS[code] ?? 400;
    // Complete bodies as parsed JSON; incomplete ones as the text that was seen.
    const result = parseSalesforceError(status, e.body ?? e.quoted);
    const [kind, fields] = EXPECTED[i] as [SalesforceErrorKind, string[]];
    expect(result.status).toBe(status);
    expect(result.errors[0]?.errorCode).toBe(code);
    expect(result.kind).toBe(kind);
    expect(result.fields).toEqual(fields);
    for (const entry of result.errors) {
      expect(entry.message.length).toBeGreaterThan(0);
      expect(Array.isArray(entry.fields)).toBe(true);
    }
  });

  it('reads the same body given as text (non-parsed) the same way', () => {
    for (const e of REAL.filter((x) => x.body !== null)) {
      const status = e.httpStatus ?? USUAL_STATUS[e.errorCode] ?? 400;
      expect(parseSalesforceError(status, JSON.stringify(e.body))).toEqual(
        parseSalesforceError(status, e.body),
      );
    }
  });

  it('keeps every entry of a multi-error body', () => {
    const result = parseSalesforceError(400, REAL[27]?.body);
    expect(result.errors).toEqual([
      {
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Invalid value passed to CloseDate',
        fields: ['CloseDate'],
      },
      {
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Invalid value passed to Amount',
        fields: ['Amount'],
      },
    ]);
  });

  it('reads where a JSON_PARSER_ERROR stopped, so the engine can tell which value it was', () => {
    expect(parseSalesforceError(400, REAL[18]?.quoted).errors[0]?.position).toEqual({
      line: 1,
      column: 57,
    });
  });
});

describe('parseSalesforceError — shapes and statuses', () => {
  it('array, single object and statusCode variants give the same entry', () => {
    const entry = {
      errorCode: 'STRING_TOO_LONG',
      message: 'Subject: data value too large: x (max length=255)',
      fields: ['Subject'],
    };
    const expected = { status: 400, kind: 'fields', errors: [entry], fields: ['Subject'] };
    expect(parseSalesforceError(400, [entry])).toEqual(expected);
    expect(parseSalesforceError(400, entry)).toEqual(expected);
    const { errorCode, ...rest } = entry;
    expect(parseSalesforceError(400, [{ ...rest, statusCode: errorCode }])).toEqual(expected);
  });

  it('API_DISABLED_FOR_ORG', () => {
    const body = [
      {
        message: 'The REST API is not enabled for this Organization.',
        errorCode: 'API_DISABLED_FOR_ORG',
      },
    ];
    expect(parseSalesforceError(403, body).kind).toBe('api-disabled');
    expect(parseSalesforceError(401, body).kind).toBe('api-disabled');
  });

  it('any other 403 is a missing permission (forbidden)', () => {
    const body = [
      {
        errorCode: 'INSUFFICIENT_ACCESS',
        message: "You don't have access to conversation entries.",
      },
    ];
    expect(parseSalesforceError(403, body).kind).toBe('forbidden');
    expect(parseSalesforceError(400, body).kind).toBe('other');
  });

  it.each([
    [401, '', 'session', 'HTTP_401'],
    [429, '', 'rate-limit', 'HTTP_429'],
    [404, null, 'not-found', 'HTTP_404'],
    [503, '<html><body>Service Unavailable</body></html>', 'server', 'HTTP_503'],
    [500, undefined, 'server', 'HTTP_500'],
    [403, [], 'forbidden', 'HTTP_403'],
    [400, 'Bad Request', 'other', 'HTTP_400'],
  ] as const)('status %i with body %j → %s', (status, body, kind, code) => {
    const result = parseSalesforceError(status, body);
    expect(result.kind).toBe(kind);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.errorCode).toBe(code);
    expect(result.errors[0]?.message.length).toBeGreaterThan(0);
  });

  it('says so when the body is empty', () => {
    expect(parseSalesforceError(502, '').errors[0]?.message).toBe(
      'Salesforce answered HTTP 502 without details',
    );
  });

  it('keeps the text of a non-JSON body, cut to a readable size', () => {
    const html = `<html>${'x'.repeat(10_000)}</html>`;
    const message = parseSalesforceError(502, html).errors[0]?.message ?? '';
    expect(message.startsWith('<html>')).toBe(true);
    expect(message.length).toBe(2_000);
  });

  it('survives hostile bodies', () => {
    let deep: unknown = [{ errorCode: 'DEEP', message: 'x' }];
    for (let i = 0; i < 10_000; i++) deep = { errors: [deep] };
    expect(() => parseSalesforceError(400, deep)).not.toThrow();
    expect(parseSalesforceError(400, { errors: 'nope', fields: 7 }).errors[0]?.errorCode).toBe(
      'HTTP_400',
    );
    expect(
      parseSalesforceError(400, [{ errorCode: 'X', message: 5, fields: ['A', 3, null] }]).errors[0],
    ).toEqual({
      errorCode: 'X',
      message: '',
      fields: ['A'],
    });
    const many = Array.from({ length: 5_000 }, () => ({ errorCode: 'E', message: 'm' }));
    expect(parseSalesforceError(400, many).errors).toHaveLength(100);
  });
});
