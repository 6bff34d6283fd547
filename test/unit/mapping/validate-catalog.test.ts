import { describe, expect, it } from 'vitest';
import { Mapping, type MappingInput } from '@/lib/mapping/schema';
import {
  type CatalogFields,
  checkMapping,
  checkMappings,
  checkTargets,
  problemLine,
  uncheckedWarning,
} from '@/lib/mapping/validate-catalog';
import { catalogFromPlatformResponse } from '@/lib/platforms/catalog-import';
import { rulesFor, UnknownPlatformError } from '@/lib/platforms/descriptor-registry';
import { kustomerRules } from '@/lib/platforms/kustomer/rules';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { FieldSpec } from '@/lib/platforms/types';
import { metadataResponse } from '../../sim/kustomer/metadata';
import { describeObject } from '../../sim/salesforce/describe';
import { CASE as SIM_CASE } from '../../sim/salesforce/objects';
import { readRealJson, realFixtureNames } from '../../support/real-fixtures';

function catalog(json: unknown): CatalogFields {
  const c = catalogFromPlatformResponse(json);
  if ('error' in c) throw new Error(c.error);
  return c;
}

const realCase = catalog(readRealJson('sf_describe_Case_cumulusci_v48.json'));
const realAccount = catalog(readRealJson('sf_describe_Account_nango_v58_devorg.json'));
const kustomerExample = catalog(
  (readRealJson('kustomer_openapi_doc_examples.json') as { examples: Record<string, unknown> })
    .examples['GET /v1/metadata/{resource} 200'],
);
const simCase = catalog(describeObject('62.0', SIM_CASE, 'https://acme.my.salesforce.com'));
const simConversation = catalog(metadataResponse('conversation', 'org', 'user'));

const sf = (id: string, field: string, over: Partial<MappingInput> = {}, object = 'Case') =>
  Mapping.parse({ id, platform: 'salesforce', object, field, sources: ['Key'], ...over });
const ku = (id: string, object: string, field: string, over: Partial<MappingInput> = {}) =>
  Mapping.parse({ id, platform: 'kustomer', object, field, sources: ['Key'], ...over });

/** Problems of one mapping as lines, `error: …` / `warning: …`. */
function lines(mapping: Mapping, fields?: FieldSpec[]): string[] {
  return checkMapping(mapping, fields).map((p) => `${p.severity}: ${problemLine(p)}`);
}

describe('rulesFor', () => {
  it('gives each platform its own rules', () => {
    expect(rulesFor('salesforce')).toBe(salesforceRules);
    expect(rulesFor('kustomer')).toBe(kustomerRules);
  });

  it('refuses a platform that is not registered rather than guessing one', () => {
    expect(() => rulesFor('zendesk')).toThrow(UnknownPlatformError);
  });
});

describe('against every real Salesforce describe', () => {
  const names = realFixtureNames(/^sf_describe_.*\.json$/);

  it('has the fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(7);
  });

  it.each(names)('%s: a field is refused as a target exactly when it is read-only', (name) => {
    const { object, fields } = catalog(readRealJson(name));
    for (const field of fields) {
      const problems = checkMapping(sf('m', field.name, {}, object), fields);
      const refused = problems.some((p) => p.path === 'field' && p.severity === 'error');
      expect(refused, `${object}.${field.name} (${field.type})`).toBe(
        !field.updateable || field.calculated === true,
      );
    }
  });

  it.each(names)('%s: every active picklist value is a valid value-map "to"', (name) => {
    const { object, fields } = catalog(readRealJson(name));
    for (const field of fields.filter((f) => f.options && f.updateable)) {
      const valueMap = (field.options ?? []).map((o, i) => ({ from: `v${i}`, to: o.value }));
      expect(lines(sf('m', field.name, { valueMap }, object), fields), field.name).toEqual([]);
    }
  });
});

describe('the target field (real Case describe, v48)', () => {
  it('a field that is not in the catalog, with the likely one when there is one', () => {
    expect(lines(sf('a', 'Account_Tier__c'), realCase.fields)).toEqual([
      'error: field: Account_Tier__c is not a field of Case in the catalog: it was deleted or renamed, or your profile cannot see it; import the fields again or fix the mapping',
    ]);
    expect(lines(sf('a', 'Supplied_Email'), realCase.fields)).toEqual([
      'error: field: Supplied_Email is not a field of Case in the catalog — did you mean SuppliedEmail (Email Address)?',
    ]);
    expect(lines(sf('a', 'Case Reason'), realCase.fields)).toEqual([
      'error: field: Case Reason is not a field of Case in the catalog — did you mean Reason (Case Reason)?',
    ]);
  });

  it('API names ignore case, as the planner finds them', () => {
    expect(lines(sf('a', 'suppliedemail'), realCase.fields)).toEqual([]);
  });

  it('a read-only field: a system field, and a formula', () => {
    expect(lines(sf('a', 'CaseNumber'), realCase.fields)).toEqual([
      'error: field: Case Number (CaseNumber) is read-only: a system field, or field-level security for the user who imported the catalog; nothing can be written to it',
    ]);
    expect(lines(sf('a', 'Escalation_Score__c'), simCase.fields)).toEqual([
      'error: field: Escalation Score (Escalation_Score__c) is read-only: a formula or roll-up; nothing can be written to it',
    ]);
  });

  it('a field of a type no context can fill (an address made writable)', () => {
    const fields = realAccount.fields.map((f) =>
      f.name === 'BillingAddress' ? { ...f, updateable: true } : f,
    );
    expect(lines(sf('a', 'BillingAddress', {}, 'Account'), fields)).toEqual([
      'error: field: Billing Address: fields of type address cannot be filled from a handoff context',
    ]);
  });

  it('a restricted picklist without any active value', () => {
    const fields = simCase.fields.map((f) =>
      f.name === 'Account_Tier__c'
        ? { ...f, options: (f.options ?? []).map((o) => ({ ...o, active: false })) }
        : f,
    );
    expect(lines(sf('a', 'Account_Tier__c'), fields)).toEqual([
      'error: field: Account Tier (Account_Tier__c) has no active values: nothing can be written to it until one is activated',
    ]);
  });
});

describe('value-map "to" values', () => {
  it('a checkbox refuses "maybe" (real Case.IsEscalated)', () => {
    const m = sf('a', 'IsEscalated', {
      valueMap: [
        { from: 'yes', to: 'true' },
        { from: 'perhaps', to: 'maybe' },
      ],
    });
    expect(lines(m, realCase.fields)).toEqual([
      "error: valueMap[1].to: Escalated is a checkbox: expected true or false (or yes/no, y/n, 1/0, on/off), not 'maybe'",
    ]);
  });

  it('a restricted picklist refuses a value it lacks, takes a label (real Account.BillingCountryCode)', () => {
    const m = sf(
      'a',
      'BillingCountryCode',
      {
        valueMap: [
          { from: 'Deutschland', to: 'Germany' },
          { from: 'Italia', to: 'IT' },
          { from: 'Italien', to: 'Germania' },
        ],
      },
      'Account',
    );
    const [problem, ...rest] = lines(m, realAccount.fields);
    expect(rest).toEqual([]);
    expect(problem).toMatch(
      /^error: valueMap\[2\]\.to: 'Germania' is not a value of Billing Country Code, a restricted picklist: use one of AF, AX, AL, /,
    );
  });

  it('an inactive picklist value (simulated Case.Bot_Intent__c, an open picklist)', () => {
    const m = sf('a', 'Bot_Intent__c', { valueMap: [{ from: 'other', to: 'other_legacy' }] });
    expect(lines(m, simCase.fields)).toEqual([
      'error: valueMap[0].to: other_legacy is an inactive value of Bot Intent',
    ]);
  });

  it('a multi-select takes several values joined with ";", each checked', () => {
    const ok = sf('a', 'Products__c', { valueMap: [{ from: 'bundle', to: 'router;modem' }] });
    expect(lines(ok, simCase.fields)).toEqual([]);
    const bad = sf('a', 'Products__c', { valueMap: [{ from: 'tv', to: 'router;set_top_box' }] });
    expect(lines(bad, simCase.fields)).toEqual([
      'error: valueMap[0].to: set_top_box is an inactive value of Products',
    ]);
  });

  it('an open picklist takes any value, with a warning for one outside its list (real Case.Priority)', () => {
    const m = sf('a', 'Priority', {
      valueMap: [
        { from: 'urgent', to: 'Urgent' },
        { from: 'hi', to: 'high' },
      ],
    });
    expect(lines(m, realCase.fields)).toEqual([
      "warning: valueMap[0].to: 'Urgent' is not among the values of Priority: the picklist is not restricted, so it would be written, but agents will not find it in the list",
    ]);
  });

  it('an empty "to" skips the value on purpose: not checked', () => {
    expect(
      lines(sf('a', 'IsEscalated', { valueMap: [{ from: 'x', to: '' }] }), realCase.fields),
    ).toEqual([]);
  });

  it('a "to" longer than a text field takes (real Case.SuppliedName)', () => {
    const m = sf('a', 'SuppliedName', { valueMap: [{ from: 'x', to: 'y'.repeat(81) }] });
    expect(lines(m, realCase.fields)).toEqual([
      'error: valueMap[0].to: Name takes at most 80 characters; the value has 81',
    ]);
  });

  it('Kustomer enumeration, multi id and tree (vendor example and simulated metadata)', () => {
    const enumeration = ku('a', 'customer', 'myCustomStr', {
      valueMap: [
        { from: '1', to: 'Option One' },
        { from: '4', to: 'option four' },
      ],
    });
    expect(lines(enumeration, kustomerExample.fields)).toEqual([
      "error: valueMap[1].to: 'option four' is not a value of My Custom String!: use one of option one, option two, option three",
    ]);
    const ids = ku('b', 'customer', 'ordersId', {
      valueMap: [{ from: 'a', to: '0123456789abcdef01234567, zz' }],
    });
    expect(lines(ids, kustomerExample.fields)).toEqual([
      "error: valueMap[0].to: Orders takes a Kustomer object id of 24 hexadecimal characters, not 'zz'",
    ]);
    const tree = ku('c', 'conversation', 'contactReasonTree', {
      valueMap: [
        { from: 'broken', to: 'orders.damaged' },
        { from: 'refund', to: 'Billing › Refund request' },
        { from: 'billing', to: 'billing' },
      ],
    });
    // lastNodeRequired: only leaves are values.
    expect(lines(tree, simConversation.fields)).toEqual([
      "error: valueMap[2].to: 'billing' is not a value of Contact Reason: use one of orders.damaged, orders.missing, orders.late, billing.double_charge, billing.refund, technical.connectivity, other",
    ]);
  });
});

describe('combine and transforms', () => {
  it("'join' into a field that refuses joined values, unless the separator is the field's own", () => {
    const email = sf('a', 'SuppliedEmail', { combine: 'join', sources: ['A', 'B'] });
    expect(lines(email, realCase.fields)).toEqual([
      "warning: combine: 'join' makes values such as 'name@example.com, name@example.com' when several sources have a value, and Email Address refuses them (Email Address takes an email address such as name@example.com, not 'name@example.com, name@example.com'); use 'first'",
    ]);
    const products = sf('b', 'Products__c', { combine: 'join', sources: ['A', 'B'] });
    expect(lines(products, simCase.fields)).toEqual([
      "warning: combine: 'join' makes values such as 'router, modem' when several sources have a value, and Products refuses them ('router, modem' is not a value of Products, a restricted picklist: use one of router, modem, mesh_extender, smart_plug); use 'first' or the separator ';'",
    ]);
    const fixed = sf('c', 'Products__c', { combine: 'join', separator: ';', sources: ['A', 'B'] });
    expect(lines(fixed, simCase.fields)).toEqual([]);
    expect(
      lines(sf('d', 'Subject', { combine: 'join', sources: ['A', 'B'] }), realCase.fields),
    ).toEqual([]);
  });

  it("'join' is fine when a value map decides every value", () => {
    const m = sf('a', 'Products__c', {
      combine: 'join',
      sources: ['A', 'B'],
      valueMap: [{ from: 'router, modem', to: 'router;modem' }],
    });
    expect(lines(m, simCase.fields)).toEqual([]);
  });

  it("a transform that breaks values the field takes: 'lower' on a Salesforce id", () => {
    expect(lines(sf('a', 'ContactId', { transforms: ['trim', 'lower'] }), realCase.fields)).toEqual(
      [
        "warning: transforms[1]: 'lower' turns values Contact ID takes, such as '5005g00000HfCa1AAF', into values it refuses: Contact ID: '5005g00000hfca1aaf' is not a valid Salesforce id (its last three characters do not match the first fifteen)",
      ],
    );
    // Picklists match ignoring case, so 'upper' is harmless there.
    expect(lines(sf('b', 'Status', { transforms: ['upper'] }), realCase.fields)).toEqual([]);
  });

  it('a repeated transform, and lower/upper undoing each other (no catalog needed)', () => {
    expect(lines(sf('a', 'Subject', { transforms: ['trim', 'lower', 'trim', 'upper'] }))).toEqual([
      "warning: transforms[2]: 'trim' is listed twice",
      "warning: transforms[3]: 'upper' undoes the 'lower' before it: keep only the one you mean",
    ]);
  });

  it("value-map entries never used: a repeated 'from', and runs of spaces under collapse-spaces", () => {
    const m = sf('a', 'Subject', {
      transforms: ['collapse-spaces'],
      valueMap: [
        { from: 'Gold  Plus', to: 'gold' },
        { from: 'premium', to: 'p' },
        { from: ' PREMIUM ', to: 'q' },
      ],
    });
    expect(lines(m)).toEqual([
      "warning: valueMap[0].from: 'Gold  Plus' has several spaces (or a tab or line break) in a row, but the transform 'collapse-spaces' turns them into one space before the value map runs: this entry is never used; write it with single spaces",
      "warning: valueMap[2].from: ' PREMIUM ' is already mapped by valueMap[1] (matching ignores case and spaces around): this entry is never used",
    ]);
  });
});

describe('checkMappings: a whole file', () => {
  it('names paths mappings[i]…, in file order', () => {
    const result = checkMappings(
      [
        sf('ok', 'Subject'),
        sf('tier', 'Account_Tier__c'),
        sf('esc', 'IsEscalated', { valueMap: [{ from: 'x', to: 'maybe' }] }),
      ],
      [realCase],
    );
    expect(result.problems.map(problemLine)).toEqual([
      'mappings[1].field (Account_Tier__c): Account_Tier__c is not a field of Case in the catalog: it was deleted or renamed, or your profile cannot see it; import the fields again or fix the mapping',
      "mappings[2].valueMap[0].to (Escalated): Escalated is a checkbox: expected true or false (or yes/no, y/n, 1/0, on/off), not 'maybe'",
    ]);
    expect(result.unchecked).toEqual([]);
  });

  it('two mappings of one field: the later by id is the one refused, wherever it is in the file', () => {
    const result = checkMappings(
      [sf('z-subject', 'Subject'), sf('other', 'Status'), sf('a-subject', 'subject')],
      [realCase],
    );
    expect(result.problems.map(problemLine)).toEqual([
      'mappings[0].field (Subject): Subject is already filled by mappings[2] (from "Key"), which comes first by id: this mapping would be refused at every handoff; remove one or disable it',
    ]);
  });

  it('finds two mappings of one field without a catalog too, ignoring case for Salesforce only', () => {
    const result = checkMappings(
      [
        sf('a', 'Subject'),
        sf('b', 'SUBJECT'),
        ku('c', 'conversation', 'vipBool'),
        ku('d', 'conversation', 'VipBool'),
      ],
      [],
    );
    expect(result.problems.map((p) => p.path)).toEqual(['mappings[1].field']);
  });

  it('a disabled mapping: its problems are warnings, and it fills nothing so it clashes with no one', () => {
    const result = checkMappings(
      [
        sf('a', 'Subject'),
        sf('b', 'Subject', { enabled: false }),
        sf('c', 'Gone__c', { enabled: false }),
      ],
      [realCase],
    );
    expect(result.problems.map((p) => `${p.severity}: ${problemLine(p)}`)).toEqual([
      'warning: mappings[2].field (Gone__c): Gone__c is not a field of Case in the catalog: it was deleted or renamed, or your profile cannot see it; import the fields again or fix the mapping (the mapping is disabled)',
    ]);
  });

  it('an object spelt differently from the catalog is an error (mappings are looked up by exact name)', () => {
    const result = checkMappings([sf('a', 'Subject', {}, 'case')], [realCase]);
    expect(result.problems.map(problemLine)).toEqual([
      'mappings[0].object (Subject): "case" must be written "Case", exactly as the platform names the object: mappings are looked up by the exact name',
    ]);
  });

  it('a Kustomer object other than conversation or customer', () => {
    const result = checkMappings([ku('a', 'Conversation', 'vipBool')], [simConversation]);
    expect(result.problems.map(problemLine)).toEqual([
      'mappings[0].object (VIP): "Conversation" must be written "conversation", exactly as the platform names the object: mappings are looked up by the exact name',
    ]);
    expect(checkMappings([ku('a', 'company', 'x')], []).problems.map(problemLine)).toEqual([
      'mappings[0].object (x): Kustomer mappings fill "conversation" or "customer", not "company"',
    ]);
  });

  it('lists the objects no catalog was given for', () => {
    const result = checkMappings(
      [
        sf('a', 'Subject'),
        ku('b', 'customer', 'x'),
        ku('c', 'customer', 'y'),
        sf('d', 'Status', {}, 'MessagingSession'),
      ],
      [realCase],
    );
    expect(result.unchecked).toEqual([
      { platform: 'kustomer', object: 'customer', count: 2 },
      { platform: 'salesforce', object: 'MessagingSession', count: 1 },
    ]);
  });

  it('the mappings of the demo are clean against the simulated catalogs', async () => {
    const { exampleMappings, kustomerExampleMappings } = await import(
      '../../support/example-mappings'
    );
    const customer = catalog(metadataResponse('customer', 'org', 'user'));
    const result = checkMappings(
      [...exampleMappings, ...kustomerExampleMappings].map((m) => Mapping.parse(m)),
      [simCase, simConversation, customer],
    );
    expect(result.problems).toEqual([]);
    expect(result.unchecked).toEqual([]);
  });
});

describe('checkTargets: what save and import refuse', () => {
  const field = (name: string, label: string, type = 'string'): FieldSpec => ({
    name,
    label,
    type,
    updateable: true,
  });
  const prod: CatalogFields = {
    platform: 'salesforce',
    object: 'Case',
    fields: [field('VIP__c', 'VIP', 'boolean'), field('Subject', 'Subject')],
  };
  // Another org's catalog of the same object: a mapping fills its object in every org.
  const sandbox: CatalogFields = {
    platform: 'salesforce',
    object: 'Case',
    fields: [field('New_Field__c', 'New Field')],
  };

  it('a target no catalog of its object has: an error naming the field meant, with its label', () => {
    const check = checkTargets(
      [sf('a', 'VIPP__c'), sf('b', 'vip__C'), sf('c', 'New_Field__c')],
      [prod, sandbox],
    );
    expect(check.problems.map((p) => `${p.severity}: ${problemLine(p)}`)).toEqual([
      'error: mappings[0].field (VIPP__c): VIPP__c is not a field of Case in the field catalog — did you mean VIP__c (VIP)?',
    ]);
    expect(check.unchecked).toEqual([]);
  });

  it('a target with nothing close: what to do instead', () => {
    expect(checkTargets([sf('a', 'Nothing_Like_It__c')], [prod]).problems[0]?.message).toBe(
      'Nothing_Like_It__c is not a field of Case in the field catalog: it was deleted or renamed, or the profile that imported the catalog cannot see it; fix the field, or import the fields again',
    );
  });

  it('a disabled mapping: a warning; an object spelt otherwise: an error', () => {
    const check = checkTargets(
      [sf('a', 'VIPP__c', { enabled: false }), sf('b', 'Subject', {}, 'case')],
      [prod],
    );
    expect(check.problems.map((p) => `${p.severity}: ${problemLine(p)}`)).toEqual([
      'warning: mappings[0].field (VIPP__c): VIPP__c is not a field of Case in the field catalog — did you mean VIP__c (VIP)? (the mapping is disabled)',
      'error: mappings[1].object (Subject): "case" must be written "Case", exactly as the platform names the object: mappings are looked up by the exact name',
    ]);
  });

  it('no catalog for the object: not an error, a warning per object that says so', () => {
    const check = checkTargets(
      [sf('a', 'Anything__c', {}, 'MessagingSession'), sf('b', 'Other__c', {}, 'MessagingSession')],
      [prod],
    );
    expect(check.problems).toEqual([]);
    expect(check.unchecked.map(uncheckedWarning)).toEqual([
      '2 mappings of Salesforce MessagingSession were not checked against its fields: there is no field catalog for MessagingSession yet; import its fields under Field catalogs',
    ]);
  });

  it('one mapping, as save checks it: paths of its own keys', () => {
    const check = checkTargets([sf('a', 'VIPP__c')], [prod], () => '');
    expect(check.problems.map((p) => p.path)).toEqual(['field']);
  });
});

describe('date formats and time zones against the target', () => {
  const fields: FieldSpec[] = [
    { name: 'Opened__c', label: 'Opened', type: 'date', updateable: true },
    { name: 'Callback__c', label: 'Callback', type: 'datetime', updateable: true },
    { name: 'Subject', label: 'Subject', type: 'string', length: 255, updateable: true },
  ];

  it('are fine on the fields they apply to', () => {
    expect(lines(sf('a', 'Opened__c', { dateFormat: 'DD/MM/YYYY' }), fields)).toEqual([]);
    expect(
      lines(
        sf('a', 'Callback__c', { dateFormat: 'MM/DD/YYYY', timeZone: 'America/New_York' }),
        fields,
      ),
    ).toEqual([]);
  });

  it('warn where they do nothing', () => {
    expect(
      lines(sf('a', 'Subject', { dateFormat: 'DD/MM/YYYY', timeZone: 'Europe/Paris' }), fields),
    ).toEqual([
      'warning: dateFormat: Subject (Subject) is not a single date or date-time field: the date format is not used for it; remove it',
      'warning: timeZone: Subject (Subject) is not a single date-time field: the time zone is not used for it; remove it',
    ]);
    expect(lines(sf('a', 'Opened__c', { timeZone: 'Europe/Paris' }), fields)).toEqual([
      'warning: timeZone: Opened (Opened__c) is a date without a time: the day is taken as written, so the time zone is not used; remove it',
    ]);
  });
});
