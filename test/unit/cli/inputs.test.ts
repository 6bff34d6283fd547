// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { firstSyntaxError, loadCatalogs, loadCurrent, parseJsonText } from '@/lib/cli/inputs';

const json = (text: string) => parseJsonText({ name: 'f.json', text });

describe('parseJsonText', () => {
  it('reads JSON, also after a byte order mark', () => {
    expect(json('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('names the file and the line and column of a syntax error, without quoting the file', () => {
    expect(json('{\n  "a": 1,\n  "b": [\n  }\n')).toEqual({
      ok: false,
      errors: ["f.json is not valid JSON: Unexpected token '}' (line 4, column 3)"],
    });
    expect(json('{\n "a": 1,\n}')).toEqual({
      ok: false,
      errors: ['f.json is not valid JSON: Expected double-quoted property name (line 3, column 1)'],
    });
    expect(json('   ')).toEqual({ ok: false, errors: ['f.json is empty'] });
  });
});

describe('firstSyntaxError', () => {
  it('finds where JSON.parse fails', () => {
    const cases = [
      '{"a":}',
      '{"a":1',
      'abc',
      '{"a": tru}',
      '{"a": "x\ty"}',
      '[1,2] x',
      '{"a": 01}',
      '{"a": "\\x"}',
      '[1,]',
      '{"a" 1}',
    ];
    for (const text of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(firstSyntaxError(text), text).toBeTypeOf('number');
    }
    expect(firstSyntaxError('{"a":}')).toBe(5);
    expect(firstSyntaxError('[1,2] x')).toBe(6);
    expect(firstSyntaxError('{"a": tru}')).toBe(9);
  });

  it('finds nothing in valid JSON', () => {
    for (const text of [
      '{}',
      '[]',
      ' {"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]} ',
      '"x"',
      '0',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(firstSyntaxError(text), text).toBeUndefined();
    }
  });
});

describe('loadCatalogs and loadCurrent', () => {
  it('name the file of each problem', () => {
    expect(loadCatalogs([{ name: 'a.json', text: '{"x": 1}' }])).toEqual({
      ok: false,
      errors: [
        'a.json: Expected a Salesforce describe response (GET /services/data/vXX.X/sobjects/Case/describe) or a Kustomer metadata response (GET /v1/metadata/conversation (or /v1/metadata/customer)), saved as the platform returned it; this is an object of another kind',
      ],
    });
    expect(loadCurrent({ name: 'c.json', text: '"x"' })).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^c\.json must be a JSON object of current values/)],
    });
    expect(loadCurrent({ name: 'c.json', text: '{"VIP__c": true}' })).toEqual({
      ok: true,
      value: { VIP__c: true },
    });
  });
});
