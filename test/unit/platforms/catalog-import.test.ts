import { describe, expect, it } from 'vitest';
import { catalogFromPlatformResponse } from '@/lib/platforms/catalog-import';
import { fieldsFromMetadata } from '@/lib/platforms/kustomer/catalog';
import { fieldsFromDescribe } from '@/lib/platforms/salesforce/catalog';
import { metadataResponse } from '../../sim/kustomer/metadata';
import { readRealJson, realFixtureNames } from '../../support/real-fixtures';

const kustomerExamples = (
  readRealJson('kustomer_openapi_doc_examples.json') as { examples: Record<string, unknown> }
).examples;

describe('catalogFromPlatformResponse', () => {
  it.each(realFixtureNames(/^sf_describe_.*\.json$/))('%s: a Salesforce describe', (name) => {
    const json = readRealJson(name) as { name: string };
    expect(catalogFromPlatformResponse(json)).toEqual({
      platform: 'salesforce',
      object: json.name,
      fields: fieldsFromDescribe(json),
    });
  });

  it.each(['GET /v1/metadata/{resource} 200', 'PUT /v1/metadata/{resource} 200'])(
    'Kustomer vendor example %s: the customer metadata',
    (key) => {
      expect(catalogFromPlatformResponse(kustomerExamples[key])).toEqual({
        platform: 'kustomer',
        object: 'customer',
        fields: fieldsFromMetadata(kustomerExamples[key]),
      });
    },
  );

  it('the simulated Kustomer conversation metadata', () => {
    const result = catalogFromPlatformResponse(metadataResponse('conversation', 'org', 'user'));
    expect(result).toMatchObject({ platform: 'kustomer', object: 'conversation' });
    expect('fields' in result && result.fields.map((f) => f.name)).toContain('contactReasonTree');
  });

  it('names the close-but-wrong Salesforce responses, with the request to make', () => {
    expect(
      catalogFromPlatformResponse(readRealJson('sf_sobjects_global_describe_cumulusci.json')),
    ).toEqual({
      error:
        "This is Salesforce's list of objects (the global describe), not one object's describe: save the response of GET /services/data/vXX.X/sobjects/Case/describe",
    });
    expect(
      catalogFromPlatformResponse(readRealJson('sf_sobject_basic_info_Account_nango_v63.json')),
    ).toEqual({
      error:
        'This is the basic information of Account (GET …/sobjects/Account), which lists no fields: save the response of GET /services/data/vXX.X/sobjects/Account/describe',
    });
    const bodies = (readRealJson('sf_rest_error_bodies.json') as { errors: { body: unknown }[] })
      .errors;
    const session = bodies.find((e) => Array.isArray(e.body))?.body;
    expect(catalogFromPlatformResponse(session)).toEqual({
      error:
        'This is a Salesforce error response ("Session expired or invalid"), not a describe: fetch it again (GET /services/data/vXX.X/sobjects/Case/describe)',
    });
  });

  it('names a Kustomer error body', () => {
    const bodies = (readRealJson('kustomer_error_bodies.json') as { errors: { body: unknown }[] })
      .errors;
    expect(catalogFromPlatformResponse(bodies[0]?.body)).toEqual({
      error:
        'This is a Kustomer error response ("Unprocessable Entity"), not metadata: fetch it again (GET /v1/metadata/conversation (or /v1/metadata/customer))',
    });
  });

  it('refuses Kustomer metadata that does not say which object it describes', () => {
    const json = structuredClone(kustomerExamples['GET /v1/metadata/{resource} 200']) as {
      data: { id?: string };
    };
    delete json.data.id;
    expect(catalogFromPlatformResponse(json)).toEqual({
      error:
        'The Kustomer metadata response has no data.id, so it does not say whether it describes the conversation or the customer: save the response of GET /v1/metadata/conversation (or /v1/metadata/customer) as it is',
    });
  });

  it("passes on the platform reader's own error for a damaged response", () => {
    expect(catalogFromPlatformResponse({ name: 'Case', fields: [{ name: 'X' }] })).toEqual({
      error:
        'The Salesforce describe response is not in the expected shape at fields[0].type: Invalid input: expected string, received undefined',
    });
    expect(catalogFromPlatformResponse({ data: { id: 'customer', attributes: {} } })).toMatchObject(
      {
        error: expect.stringMatching(
          /^The Kustomer metadata response is not in the expected shape at data\.attributes\.properties/,
        ),
      },
    );
  });

  it('refuses anything else, saying what was expected', () => {
    const expected =
      'Expected a Salesforce describe response (GET /services/data/vXX.X/sobjects/Case/describe) or a Kustomer metadata response (GET /v1/metadata/conversation (or /v1/metadata/customer)), saved as the platform returned it; this is ';
    expect(catalogFromPlatformResponse(null)).toEqual({ error: `${expected}null` });
    expect(catalogFromPlatformResponse('Case')).toEqual({ error: `${expected}a text` });
    expect(catalogFromPlatformResponse([1, 2])).toEqual({ error: `${expected}a list` });
    expect(catalogFromPlatformResponse({ format: 'handoff-fields/mappings' })).toEqual({
      error: `${expected}an object of another kind`,
    });
  });
});
