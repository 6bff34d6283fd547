// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../sim/seed';
import { CASE1, CASE2, MS1, type SimFixture, startFixture, V } from '../../sim/testing';
import { readRealJson } from '../../support/real-fixtures';

let f: SimFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.sim.close();
});
beforeEach(async () => {
  await f.client.reset();
});

type Field = Record<string, unknown> & { name: string; type: string };

describe('metadata', () => {
  it('lists the versions like a real org, up to 67.0 Summer ’26', async () => {
    const res = await f.sf('GET', '/services/data/', { sid: null });
    expect(res.status).toBe(200);
    const list = res.json as { label: string; url: string; version: string }[];
    const real = readRealJson('sf_versions_list_nango.json') as typeof list;
    expect(list.slice(0, real.length)).toEqual(real);
    expect(list.at(-1)).toEqual({
      label: "Summer '26",
      url: '/services/data/v67.0',
      version: '67.0',
    });
  });

  it('serves 62.0 to 67.0 and answers 404 NOT_FOUND for other versions', async () => {
    for (const v of ['62.0', '65.0', '67.0']) {
      expect((await f.sf('GET', `/services/data/v${v}/sobjects/`)).status).toBe(200);
    }
    for (const v of ['61.0', '68.0', '48.0']) {
      const res = await f.sf('GET', `/services/data/v${v}/sobjects/`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual([
        { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
      ]);
    }
  });

  it('global describe has the real shape and key prefixes', async () => {
    const res = await f.sf('GET', 'sobjects/');
    expect(res.status).toBe(200);
    const body = res.json as {
      encoding: string;
      maxBatchSize: number;
      sobjects: Record<string, unknown>[];
    };
    expect(body.encoding).toBe('UTF-8');
    expect(body.maxBatchSize).toBe(200);
    const prefixes = Object.fromEntries(body.sobjects.map((s) => [s.name, s.keyPrefix]));
    expect(prefixes).toMatchObject({
      Case: '500',
      MessagingSession: '0Mw',
      Account: '001',
      Contact: '003',
      User: '005',
      LiveChatTranscript: '570',
    });
    const real = readRealJson('sf_sobjects_global_describe_cumulusci.json') as {
      sobjects: Record<string, unknown>[];
    };
    const realKeys = Object.keys(real.sobjects[0] ?? {}).sort();
    for (const s of body.sobjects) expect(Object.keys(s).sort()).toEqual(realKeys);
    const caseEntry = body.sobjects.find((s) => s.name === 'Case') as {
      urls: Record<string, string>;
    };
    expect(caseEntry.urls.describe).toBe(`/services/data/${V}/sobjects/Case/describe`);
  });

  it('Case describe: real field shape, ≥ 30 fields, every type the planner handles', async () => {
    const res = await f.sf('GET', 'sobjects/Case/describe');
    expect(res.status).toBe(200);
    const body = res.json as { name: string; keyPrefix: string; fields: Field[] };
    const real = readRealJson('sf_describe_Case_cumulusci_v48.json') as {
      fields: Field[];
    } & Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(Object.keys(real).sort());
    expect(body.name).toBe('Case');
    expect(body.keyPrefix).toBe('500');
    const realFieldKeys = Object.keys(real.fields[0] ?? {}).sort();
    for (const field of body.fields) expect(Object.keys(field).sort()).toEqual(realFieldKeys);
    expect(body.fields.length).toBeGreaterThanOrEqual(30);
    const types = new Set(body.fields.map((x) => x.type));
    for (const t of [
      'id',
      'reference',
      'string',
      'textarea',
      'picklist',
      'multipicklist',
      'boolean',
      'int',
      'double',
      'currency',
      'percent',
      'date',
      'datetime',
      'email',
      'phone',
      'url',
    ]) {
      expect(types, t).toContain(t);
    }
    // Standard fields as captured from a real org.
    for (const rf of real.fields) {
      const mine = body.fields.find((x) => x.name === rf.name);
      expect(mine, rf.name).toBeDefined();
      if (rf.name !== 'Origin') expect(mine).toEqual(rf);
    }
    const by = (name: string) => body.fields.find((x) => x.name === name) as Field;
    expect(by('CaseNumber')).toMatchObject({ updateable: false, autoNumber: true });
    expect(by('Priority').picklistValues).toEqual([
      { active: true, defaultValue: false, label: 'High', validFor: null, value: 'High' },
      { active: true, defaultValue: true, label: 'Medium', validFor: null, value: 'Medium' },
      { active: true, defaultValue: false, label: 'Low', validFor: null, value: 'Low' },
    ]);
    expect(by('Account_Tier__c')).toMatchObject({
      type: 'picklist',
      restrictedPicklist: true,
      custom: true,
      updateable: true,
    });
    expect(by('Account_Tier__c').picklistValues).toEqual([
      { active: true, defaultValue: false, label: 'Basic', validFor: null, value: 'tier_basic' },
      {
        active: true,
        defaultValue: false,
        label: 'Premium',
        validFor: null,
        value: 'tier_premium',
      },
      {
        active: true,
        defaultValue: false,
        label: 'Enterprise',
        validFor: null,
        value: 'tier_enterprise',
      },
      { active: false, defaultValue: false, label: 'Legacy', validFor: null, value: 'tier_legacy' },
    ]);
    expect(by('Account_Number__c')).toMatchObject({ type: 'string', length: 20, byteLength: 60 });
    expect(by('Order_Id__c')).toMatchObject({ type: 'string', length: 40 });
    expect(by('Bot_Intent__c')).toMatchObject({ type: 'picklist', restrictedPicklist: false });
    expect(
      (by('Bot_Intent__c').picklistValues as { active: boolean }[]).some((p) => !p.active),
    ).toBe(true);
    expect(by('Products__c')).toMatchObject({ type: 'multipicklist', restrictedPicklist: true });
    expect(by('VIP__c')).toMatchObject({ type: 'boolean', nillable: false, defaultValue: false });
    expect(by('Attempts__c')).toMatchObject({ type: 'int', digits: 3, soapType: 'xsd:int' });
    expect(by('Weight_Kg__c')).toMatchObject({ type: 'double', precision: 8, scale: 3 });
    expect(by('Refund_Amount__c')).toMatchObject({ type: 'currency', precision: 16, scale: 2 });
    expect(by('Satisfaction__c')).toMatchObject({ type: 'percent', precision: 5, scale: 2 });
    expect(by('Customer_Since__c')).toMatchObject({ type: 'date', soapType: 'xsd:date' });
    expect(by('Last_Contact__c')).toMatchObject({ type: 'datetime', soapType: 'xsd:dateTime' });
    expect(by('Contact_Email__c')).toMatchObject({ type: 'email', length: 80 });
    expect(by('Callback_Phone__c')).toMatchObject({ type: 'phone', length: 40 });
    expect(by('Order_Url__c')).toMatchObject({ type: 'url', length: 255 });
    expect(by('Chat_Summary__c')).toMatchObject({
      type: 'textarea',
      length: 255,
      extraTypeInfo: 'plaintextarea',
    });
    expect(by('Bot_Transcript__c')).toMatchObject({
      type: 'textarea',
      length: 32768,
      byteLength: 98304,
      sortable: false,
    });
    expect(by('Escalation_Score__c')).toMatchObject({
      calculated: true,
      updateable: false,
      createable: false,
    });
    expect(by('Escalation_Score__c').calculatedFormula).toContain('VIP__c');
    expect(by('Fraud_Flag__c')).toMatchObject({
      type: 'boolean',
      calculated: false,
      updateable: false,
    });
    expect(body.fields.find((x) => x.name === 'Internal_Cost__c')).toBeUndefined();
  });

  it('MessagingSession describe', async () => {
    const res = await f.sf('GET', 'sobjects/MessagingSession/describe');
    expect(res.status).toBe(200);
    const body = res.json as { keyPrefix: string; fields: Field[] };
    expect(body.keyPrefix).toBe('0Mw');
    const names = body.fields.map((x) => x.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Id',
        'Name',
        'CaseId',
        'Status',
        'ChannelType',
        'Handoff_Context__c',
      ]),
    );
    expect(body.fields.find((x) => x.name === 'CaseId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Case'],
    });
    expect(body.fields.find((x) => x.name === 'Handoff_Context__c')).toMatchObject({
      type: 'textarea',
      length: 32768,
    });
  });

  it('object basic info and unknown objects', async () => {
    const info = await f.sf('GET', 'sobjects/Case/');
    expect(info.status).toBe(200);
    expect((info.json as { objectDescribe: { keyPrefix: string } }).objectDescribe.keyPrefix).toBe(
      '500',
    );
    const missing = await f.sf('GET', 'sobjects/Foo__c/describe');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
    ]);
  });
});

describe('record reads', () => {
  it('GET with fields returns attributes, Id and the fields', async () => {
    const res = await f.sf('GET', `sobjects/Case/${CASE1}?fields=Subject,Account_Tier__c,Priority`);
    expect(res.status).toBe(200);
    expect(res.headers['sforce-limit-info']).toMatch(/^api-usage=\d+\/15000$/);
    expect(res.json).toEqual({
      attributes: { type: 'Case', url: `/services/data/${V}/sobjects/Case/${CASE1}` },
      Id: CASE1,
      Subject: SEED.acme.cases[0].subject,
      Account_Tier__c: null,
      Priority: 'High',
    });
  });

  it('GET without fields returns every visible field, not the hidden one', async () => {
    const res = await f.sf('GET', `sobjects/Case/${CASE1}`);
    const body = res.json as Record<string, unknown>;
    expect(Object.keys(body).length).toBeGreaterThan(50);
    expect(body).toMatchObject({
      CaseNumber: '00001026',
      VIP__c: false,
      Escalation_Score__c: 0,
      Fraud_Flag__c: false,
    });
    expect(body).not.toHaveProperty('Internal_Cost__c');
  });

  it('accepts 15-character ids case-sensitively and 18-character ids', async () => {
    expect((await f.sf('GET', `sobjects/Case/${CASE1.slice(0, 15)}?fields=Id`)).status).toBe(200);
    expect((await f.sf('GET', `sobjects/Case/${CASE1.toLowerCase()}?fields=Id`)).status).toBe(200);
    const wrongCase = await f.sf(
      'GET',
      `sobjects/Case/${CASE1.slice(0, 15).toLowerCase()}?fields=Id`,
    );
    expect(wrongCase.status).toBe(404);
  });

  it('unknown or hidden field in ?fields= → 400 INVALID_FIELD', async () => {
    for (const name of ['Nope__c', 'Internal_Cost__c']) {
      const res = await f.sf('GET', `sobjects/Case/${CASE1}?fields=Subject,${name}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual([
        {
          message: `No such column '${name}' on entity 'Case'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          errorCode: 'INVALID_FIELD',
        },
      ]);
    }
  });

  it('unknown record → 404 NOT_FOUND', async () => {
    const res = await f.sf('GET', 'sobjects/Case/5005g00000ZZZZZAAA');
    expect(res.status).toBe(404);
    expect(res.json).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
    ]);
    expect(
      (await f.sf('PATCH', 'sobjects/Case/5005g00000ZZZZZAAA', { body: { Subject: 'x' } })).status,
    ).toBe(404);
  });

  it('MessagingSession records', async () => {
    const res = await f.sf('GET', `sobjects/MessagingSession/${MS1}?fields=Name,CaseId`);
    expect(res.json).toMatchObject({ Name: 'MS-0001', CaseId: CASE1 });
    const patch = await f.sf('PATCH', `sobjects/MessagingSession/${MS1}`, {
      body: { Handoff_Context__c: 'Account Tier: Premium' },
    });
    expect(patch.status).toBe(204);
    expect(
      (await f.client.getRecord('acme', 'MessagingSession', MS1)).values.Handoff_Context__c,
    ).toBe('Account Tier: Premium');
  });
});

describe('record updates', () => {
  const patch = (body: unknown, id = CASE1) => f.sf('PATCH', `sobjects/Case/${id}`, { body });
  const stored = async (id = CASE1) => (await f.client.getRecord('acme', 'Case', id)).values;

  it('valid values → 204 without body, stored in Salesforce formats', async () => {
    const res = await patch({
      Account_Tier__c: 'tier_premium',
      Account_Number__c: '12345678901234567890',
      Order_Id__c: 'A-48213',
      Bot_Intent__c: 'something_new',
      Products__c: 'modem;router;modem',
      VIP__c: true,
      Attempts__c: 3,
      Weight_Kg__c: 12.3456,
      Refund_Amount__c: 4999.999,
      Satisfaction__c: 99.5,
      Customer_Since__c: '2019-02-28',
      Last_Contact__c: '2026-11-21T10:01:00+01:00',
      Contact_Email__c: 'jamie.customer@example.com',
      Callback_Phone__c: '+1 415 555 0100',
      Order_Url__c: 'https://shop.example.com/orders/A-48213',
      Chat_Summary__c: 'Line one\nLine two',
      Bot_Transcript__c: 'x'.repeat(32768),
      Subject: '',
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers['content-type']).toBeUndefined();
    const values = await stored();
    expect(values).toMatchObject({
      Account_Tier__c: 'tier_premium',
      Bot_Intent__c: 'something_new',
      Products__c: 'router;modem',
      VIP__c: true,
      Attempts__c: 3,
      Weight_Kg__c: 12.346,
      Refund_Amount__c: 5000,
      Satisfaction__c: 99.5,
      Customer_Since__c: '2019-02-28',
      Last_Contact__c: '2026-11-21T09:01:00.000+0000',
      Chat_Summary__c: 'Line one\nLine two',
      Subject: null,
      Escalation_Score__c: 80,
    });
    expect(values.LastModifiedDate).not.toBe(values.CreatedDate);
  });

  it('inactive values are accepted on an unrestricted picklist', async () => {
    expect((await patch({ Bot_Intent__c: 'other_legacy' })).status).toBe(204);
  });

  const cases: [string, unknown, unknown[]][] = [
    [
      'STRING_TOO_LONG',
      { Account_Number__c: '123456789012345678901' },
      [
        {
          message: 'Account Number: data value too large: 123456789012345678901 (max length=20)',
          errorCode: 'STRING_TOO_LONG',
          fields: ['Account_Number__c'],
        },
      ],
    ],
    [
      'restricted picklist',
      { Account_Tier__c: 'Gold' },
      [
        {
          message: 'Account Tier: bad value for restricted picklist field: Gold',
          errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          fields: ['Account_Tier__c'],
        },
      ],
    ],
    [
      'inactive value of a restricted picklist',
      { Account_Tier__c: 'tier_legacy' },
      [
        {
          message: 'Account Tier: bad value for restricted picklist field: tier_legacy',
          errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          fields: ['Account_Tier__c'],
        },
      ],
    ],
    [
      'restricted multipicklist',
      { Products__c: 'router;toaster' },
      [
        {
          message: 'Products: bad value for restricted picklist field: toaster',
          errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          fields: ['Products__c'],
        },
      ],
    ],
    [
      'read-only field',
      { Fraud_Flag__c: true },
      [
        {
          message:
            'Unable to create/update fields: Fraud_Flag__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
          errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          fields: ['Fraud_Flag__c'],
        },
      ],
    ],
    [
      'formula and read-only fields together',
      { Escalation_Score__c: 5, CaseNumber: '1', Subject: 'ok' },
      [
        {
          message:
            'Unable to create/update fields: Escalation_Score__c, CaseNumber. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
          errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
          fields: ['Escalation_Score__c', 'CaseNumber'],
        },
      ],
    ],
    [
      'hidden field',
      { Internal_Cost__c: 10 },
      [
        {
          message: "No such column 'Internal_Cost__c' on sobject of type Case",
          errorCode: 'INVALID_FIELD',
        },
      ],
    ],
    [
      'unknown field',
      { Subject: 'ok', Nope__c: 'x' },
      [{ message: "No such column 'Nope__c' on sobject of type Case", errorCode: 'INVALID_FIELD' }],
    ],
    [
      'validation rule',
      { Refund_Amount__c: 5000.01 },
      [
        {
          message: "Refunds over 5,000 need a manager's approval.",
          errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          fields: ['Refund_Amount__c'],
        },
      ],
    ],
    [
      'int out of range',
      { Attempts__c: 1000 },
      [
        {
          message: 'Attempts: value outside of valid range on numeric field: 1000',
          errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
          fields: ['Attempts__c'],
        },
      ],
    ],
    [
      'double out of range',
      { Weight_Kg__c: 123456.5 },
      [
        {
          message: 'Weight (kg): value outside of valid range on numeric field: 123456.5',
          errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
          fields: ['Weight_Kg__c'],
        },
      ],
    ],
    [
      'percent out of range',
      { Satisfaction__c: 1000 },
      [
        {
          message: 'Satisfaction: value outside of valid range on numeric field: 1000',
          errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
          fields: ['Satisfaction__c'],
        },
      ],
    ],
    [
      'bad email',
      { Contact_Email__c: 'jamie at example' },
      [
        {
          message: 'Customer Email: invalid email address: jamie at example',
          errorCode: 'INVALID_EMAIL_ADDRESS',
          fields: ['Contact_Email__c'],
        },
      ],
    ],
    [
      'several bad values',
      {
        Account_Tier__c: 'Gold',
        Order_Id__c: 'o'.repeat(41),
        Refund_Amount__c: 9000,
        Subject: 'fine',
      },
      [
        {
          message: 'Account Tier: bad value for restricted picklist field: Gold',
          errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          fields: ['Account_Tier__c'],
        },
        {
          message: `Order ID: data value too large: ${'o'.repeat(41)} (max length=40)`,
          errorCode: 'STRING_TOO_LONG',
          fields: ['Order_Id__c'],
        },
        {
          message: "Refunds over 5,000 need a manager's approval.",
          errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          fields: ['Refund_Amount__c'],
        },
      ],
    ],
  ];

  it.each(cases)(
    '%s → 400 with Salesforce’s body, nothing stored',
    async (_name, body, expected) => {
      const before = await stored();
      const res = await patch(body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual(expected);
      expect(await stored()).toEqual(before);
    },
  );

  const parserCases: [string, unknown, string][] = [
    [
      'string for a boolean',
      { VIP__c: '1' },
      'Cannot deserialize instance of boolean from VALUE_STRING value 1 or request may be missing a required field at [line:1, column:14]',
    ],
    [
      'string for a number',
      { Subject: 'ok', Attempts__c: '3' },
      'Cannot deserialize instance of int from VALUE_STRING value 3 or request may be missing a required field at [line:1, column:34]',
    ],
    [
      'decimal for an int',
      { Attempts__c: 2.5 },
      'Cannot deserialize instance of int from VALUE_NUMBER_FLOAT value 2.5 or request may be missing a required field at [line:1, column:19]',
    ],
    [
      'string for a currency',
      { Refund_Amount__c: '12.50' },
      'Cannot deserialize instance of double from VALUE_STRING value 12.50 or request may be missing a required field at [line:1, column:28]',
    ],
    [
      'date not YYYY-MM-DD',
      { Customer_Since__c: '02/28/2019' },
      'Cannot deserialize instance of date from VALUE_STRING value 02/28/2019 or request may be missing a required field at [line:1, column:34]',
    ],
    [
      'impossible date',
      { Customer_Since__c: '2019-02-30' },
      'Cannot deserialize instance of date from VALUE_STRING value 2019-02-30 or request may be missing a required field at [line:1, column:34]',
    ],
    [
      'datetime without T',
      { Last_Contact__c: '2017-10-17 00:00:00' },
      'Cannot deserialize instance of datetime from VALUE_STRING value 2017-10-17 00:00:00 or request may be missing a required field at [line:1, column:41]',
    ],
    [
      'array for a multipicklist',
      { Products__c: ['router', 'modem'] },
      'Cannot deserialize instance of string from START_ARRAY value [ or request may be missing a required field at [line:1, column:34]',
    ],
  ];

  it.each(parserCases)(
    '%s → 400 JSON_PARSER_ERROR alone, nothing stored',
    async (_name, body, message) => {
      const before = await stored();
      const res = await f.sf('PATCH', `sobjects/Case/${CASE1}`, {
        // Also with a bad value beside it: the parser error comes alone.
        body: JSON.stringify(body).replace(/}$/, ',"Account_Tier__c":"Gold"}'),
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual([{ message, errorCode: 'JSON_PARSER_ERROR' }]);
      expect(await stored()).toEqual(before);
    },
  );

  it('malformed JSON → JSON_PARSER_ERROR', async () => {
    const res = await f.sf('PATCH', `sobjects/Case/${CASE1}`, { body: '{"Subject": }' });
    expect(res.status).toBe(400);
    const [err] = res.json as { errorCode: string; message: string }[];
    expect(err?.errorCode).toBe('JSON_PARSER_ERROR');
    expect(err?.message).toMatch(
      /^Unexpected character \('}' \(code 125\)\).*at \[line:1, column:13\]$/,
    );
  });

  it('a validation rule checks the stored record too', async () => {
    await f.client.putRecord('acme', 'Case', CASE1, { Refund_Amount__c: 7000 });
    const res = await patch({ Subject: 'Anything' });
    expect(res.status).toBe(400);
    expect((res.json as { errorCode: string }[])[0]?.errorCode).toBe(
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    );
  });

  it('field names are case-insensitive; null clears a field; null on a checkbox stores false', async () => {
    expect((await patch({ account_tier__c: 'tier_basic', VIP__c: true })).status).toBe(204);
    expect(await stored()).toMatchObject({ Account_Tier__c: 'tier_basic', VIP__c: true });
    expect((await patch({ Account_Tier__c: null, VIP__c: null })).status).toBe(204);
    expect(await stored()).toMatchObject({ Account_Tier__c: null, VIP__c: false });
  });

  it('the other org is separate', async () => {
    const res = await f.sf('PATCH', `sobjects/Case/${CASE1}`, {
      body: { Subject: 'x' },
      host: SEED.globex.myDomainHost,
    });
    expect(res.status).toBe(401);
    const globex = await f.client.getSession('globex');
    const other = await f.sf('GET', `sobjects/Case/${CASE1}`, {
      host: SEED.globex.myDomainHost,
      sid: globex.apiSid,
    });
    expect(other.status).toBe(404);
    const own = await f.sf('GET', `sobjects/Case/${SEED.globex.cases[0].id}?fields=CaseNumber`, {
      host: SEED.globex.myDomainHost,
      sid: globex.apiSid,
    });
    expect(own.json).toMatchObject({ CaseNumber: '00001001' });
  });

  it('methods other than GET/PATCH on a record → 405', async () => {
    const res = await f.sf('DELETE', `sobjects/Case/${CASE2}`);
    expect(res.status).toBe(405);
    expect((res.json as { errorCode: string }[])[0]?.errorCode).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('sessions and org modes', () => {
  it('no token, a wrong token or the Lightning sid → 401 INVALID_SESSION_ID', async () => {
    const { lightningSid } = await f.client.getSession('acme');
    expect(lightningSid.startsWith(`${SEED.acme.orgId15}!`)).toBe(true);
    for (const sid of [null, 'nope', lightningSid]) {
      const res = await f.sf('GET', `sobjects/Case/${CASE1}`, { sid });
      expect(res.status).toBe(401);
      expect(res.json).toEqual([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
    }
  });

  it('accepts "OAuth <sid>" as well as "Bearer <sid>"', async () => {
    const res = await f.sf('GET', `sobjects/Case/${CASE1}?fields=Id`, {
      sid: null,
      headers: { Authorization: `OAuth ${await f.sid()}` },
    });
    expect(res.status).toBe(200);
  });

  it('frontdoor sets the API sid on My Domain and redirects to Lightning', async () => {
    const { simRequest } = await import('../../sim/client');
    const res = await simRequest(f.sim.origin, {
      path: `/secur/frontdoor.jsp?retURL=${encodeURIComponent(`/lightning/r/Case/${CASE1}/view`)}`,
      host: SEED.acme.myDomainHost,
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(
      `https://${SEED.acme.lightningHost}/lightning/r/Case/${CASE1}/view`,
    );
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toBe(`sid=${await f.sid()}; Path=/; Secure; HttpOnly; SameSite=None`);
    expect(cookie).not.toMatch(/Domain=/i);
    const page = await simRequest(f.sim.origin, {
      path: `/lightning/r/Case/${CASE1}/view`,
      host: SEED.acme.lightningHost,
    });
    expect(page.status).toBe(200);
    expect(String(page.headers['set-cookie'])).toMatch(
      new RegExp(`^sid=${SEED.acme.orgId15}!AQ[^;]+; Path=/; Secure; HttpOnly; SameSite=None$`),
    );
    expect(String(page.headers['set-cookie'])).not.toContain(await f.sid());
  });

  it('rotate: the old sid gets 401, the new one works, frontdoor hands out the new one', async () => {
    const old = await f.sid();
    const rotated = await f.client.setSession('acme', 'rotate');
    expect(rotated.apiSid).not.toBe(old);
    expect((await f.sf('GET', `sobjects/Case/${CASE1}`, { sid: old })).status).toBe(401);
    expect((await f.sf('GET', `sobjects/Case/${CASE1}?fields=Id`)).status).toBe(200);
  });

  it('expire: no valid session until the next frontdoor visit', async () => {
    const old = await f.sid();
    const expired = await f.client.setSession('acme', 'expire');
    expect(expired.apiSid).toBeNull();
    expect((await f.sf('GET', `sobjects/Case/${CASE1}`, { sid: old })).status).toBe(401);
    const { simRequest } = await import('../../sim/client');
    const door = await simRequest(f.sim.origin, {
      path: '/secur/frontdoor.jsp',
      host: SEED.acme.myDomainHost,
    });
    const fresh = /^sid=([^;]+)/.exec(String(door.headers['set-cookie']))?.[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(old);
    expect(door.headers.location).toBe(`https://${SEED.acme.lightningHost}/lightning/page/home`);
    expect((await f.sf('GET', `sobjects/Case/${CASE1}?fields=Id`, { sid: fresh })).status).toBe(
      200,
    );
  });

  it('api-access-control and api-disabled modes, then normal', async () => {
    await f.client.setSession('acme', 'api-access-control');
    const acc = await f.sf('GET', `sobjects/Case/${CASE1}`);
    expect(acc.status).toBe(401);
    expect(acc.json).toEqual([
      {
        message: 'This session is not valid for use with the REST API',
        errorCode: 'INVALID_SESSION_ID',
      },
    ]);
    await f.client.setSession('acme', 'api-disabled');
    const dis = await f.sf('PATCH', `sobjects/Case/${CASE1}`, { body: { Subject: 'x' } });
    expect(dis.status).toBe(403);
    expect(dis.json).toEqual([
      {
        message: 'The REST API is not enabled for this Organization.',
        errorCode: 'API_DISABLED_FOR_ORG',
      },
    ]);
    await f.client.setSession('acme', 'normal');
    expect((await f.sf('GET', `sobjects/Case/${CASE1}?fields=Id`)).status).toBe(200);
  });

  it('CORS: preflights from extension origins are allowed, the Lightning origin is not', async () => {
    const ext = await f.sf('OPTIONS', `sobjects/Case/${CASE1}`, {
      sid: null,
      headers: {
        Origin: 'chrome-extension://abcdefghijklmnop',
        'Access-Control-Request-Method': 'PATCH',
      },
    });
    expect(ext.status).toBe(204);
    expect(ext.headers['access-control-allow-origin']).toBe('chrome-extension://abcdefghijklmnop');
    expect(String(ext.headers['access-control-allow-headers'])).toContain('Authorization');
    const page = await f.sf('OPTIONS', `sobjects/Case/${CASE1}`, {
      sid: null,
      headers: {
        Origin: `https://${SEED.acme.lightningHost}`,
        'Access-Control-Request-Method': 'PATCH',
      },
    });
    expect(page.status).toBe(204);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('counts API usage in Sforce-Limit-Info', async () => {
    const a = await f.sf('GET', `sobjects/Case/${CASE1}?fields=Id`);
    const b = await f.sf('GET', `sobjects/Case/${CASE1}?fields=Id`);
    const n = (h: unknown) => Number(/api-usage=(\d+)\//.exec(String(h))?.[1]);
    expect(n(b.headers['sforce-limit-info'])).toBe(n(a.headers['sforce-limit-info']) + 1);
  });
});
