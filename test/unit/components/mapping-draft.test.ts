import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  draftFromMapping,
  emptyDraft,
  idBase,
  newRow,
  parseSources,
  prefillRows,
  rowTargetWarning,
  slugFromField,
  uniqueId,
} from '../../../components/popup/mapping-draft';
import { Mapping } from '../../../lib/mapping/schema';
import type { FieldSpec } from '../../../lib/platforms/types';

const none = new Set<string>();
const sfCase = { platform: 'salesforce', object: 'Case' } as const;
const conversation = { platform: 'kustomer', object: 'conversation' } as const;
const customer = { platform: 'kustomer', object: 'customer' } as const;

describe('mapping draft', () => {
  it('derives ids in account-tier__c style', () => {
    expect(slugFromField('Account_Tier__c')).toBe('account-tier__c');
    expect(slugFromField('acme__Order Id__c')).toBe('acme__order-id__c');
    expect(slugFromField('Subject')).toBe('subject');
    expect(
      uniqueId('Account_Tier__c', new Set(['account-tier__c', 'account-tier__c-2']), sfCase),
    ).toBe('account-tier__c-3');
    expect(uniqueId('___', none, sfCase)).toBe('mapping');
  });

  it('derives Kustomer ids from the object and the attribute’s words', () => {
    expect(idBase('accountTierStr', conversation)).toBe('conversation-account-tier-str');
    expect(idBase('vipBool', customer)).toBe('customer-vip-bool');
    expect(idBase('@acme/orderTree', conversation)).toBe('conversation-acme-order-tree');
    expect(idBase('CaseNumber', sfCase)).toBe('casenumber'); // Salesforce ids are unchanged
    // The same attribute on the other object does not collide; a taken id gets a suffix.
    const taken = new Set(['conversation-vip-bool']);
    expect(uniqueId('vipBool', taken, customer)).toBe('customer-vip-bool');
    expect(uniqueId('vipBool', taken, conversation)).toBe('conversation-vip-bool-2');
    expect(uniqueId('@@', none, customer)).toBe('mapping');
  });

  it('gives a new mapping the target’s platform and object, and an edit keeps its own', () => {
    const draft = { ...emptyDraft(), field: 'lastOrderAt', sources: 'last order' };
    const created = checkDraft(draft, null, none, customer);
    expect(created.ok && created.input).toMatchObject({
      id: 'customer-last-order-at',
      platform: 'kustomer',
      object: 'customer',
      field: 'lastOrderAt',
    });
    const base = Mapping.parse({
      id: 'x',
      platform: 'kustomer',
      object: 'conversation',
      field: 'aStr',
      sources: ['a'],
    });
    const edited = checkDraft(draftFromMapping(base), base, new Set(['x']), sfCase);
    expect(edited.ok && edited.input).toMatchObject({
      id: 'x',
      platform: 'kustomer',
      object: 'conversation',
    });
  });

  it('keeps a date format and a time zone through an edit, and leaves the defaults out', () => {
    const base = Mapping.parse({
      id: 'since',
      platform: 'salesforce',
      object: 'Case',
      field: 'Customer_Since__c',
      sources: ['since'],
      dateFormat: 'DD/MM/YYYY',
      timeZone: 'Europe/Paris',
    });
    const draft = draftFromMapping(base);
    expect([draft.dateFormat, draft.timeZone]).toEqual(['DD/MM/YYYY', 'Europe/Paris']);
    const kept = checkDraft(draft, base, new Set(['since']), sfCase);
    expect(kept.ok && kept.input).toMatchObject({
      dateFormat: 'DD/MM/YYYY',
      timeZone: 'Europe/Paris',
    });
    // Back to ISO and no zone: the keys go, as export leaves defaults out.
    const reset = checkDraft({ ...draft, dateFormat: 'ISO', timeZone: ' ' }, base, none, sfCase);
    expect(reset.ok && 'dateFormat' in reset.input).toBe(false);
    expect(reset.ok && 'timeZone' in reset.input).toBe(false);
  });

  it('places an unknown time zone next to its input', () => {
    const draft = {
      ...emptyDraft(),
      field: 'lastOrderAt',
      sources: 'last',
      timeZone: 'Mars/Olympus',
    };
    const checked = checkDraft(draft, null, none, conversation);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && Object.keys(checked.errors)).toContain('timeZone');
  });

  it('splits source keys on commas on one line, without blanks or repeats', () => {
    expect(parseSources(' Account Tier ,tier,, account_tier , tier,')).toEqual([
      'Account Tier',
      'tier',
      'account_tier',
    ]);
    expect(parseSources('tier\n')).toEqual(['tier']);
  });

  it('splits source keys one per line when there are several lines', () => {
    expect(parseSources(' Account Tier \n\n City, State \nAccount Tier')).toEqual([
      'Account Tier',
      'City, State',
    ]);
  });

  it('writes keys that contain a comma one per line, so saving again keeps them whole', () => {
    const m = Mapping.parse({
      id: 'x',
      platform: 'salesforce',
      object: 'Case',
      field: 'X__c',
      sources: ['City, State', 'zip'],
    });
    const draft = draftFromMapping(m);
    expect(draft.sources).toBe('City, State\nzip');
    expect(parseSources(draft.sources)).toEqual(['City, State', 'zip']);
    expect(draftFromMapping({ ...m, sources: ['a', 'b'] }).sources).toBe('a, b');
  });

  it('leaves unmapped out when the admin keeps the default', () => {
    const draft = { ...emptyDraft(), field: 'A__c', sources: 'a' };
    const check = checkDraft(draft, null, none, sfCase);
    expect(check.ok && 'unmapped' in check.input).toBe(false);
    const refuse = checkDraft({ ...draft, unmapped: 'refuse' }, null, none, sfCase);
    expect(refuse.ok && refuse.input.unmapped).toBe('refuse');
  });

  it('places schema issues on the input they concern', () => {
    const bad = newRow('', 'to-only');
    const check = checkDraft(
      {
        ...emptyDraft(),
        field: '',
        sources: '',
        separator: 'x'.repeat(21),
        valueMap: [newRow('a', 'b'), bad],
      },
      null,
      none,
      sfCase,
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.field).toBe('choose the target field');
    expect(check.errors.sources).toBe('add at least one context key');
    expect(check.errors.separator).toBeDefined();
    expect(check.errors[`valueMap.${bad.key}.from`]).toBe('a value map entry needs a "from" value');
  });

  it('keeps an edited mapping’s id and hidden settings', () => {
    const base = Mapping.parse({
      id: 'legacy-id',
      platform: 'salesforce',
      object: 'Case',
      field: 'A__c',
      sources: ['a'],
      transforms: ['lower'],
    });
    const check = checkDraft(
      { ...draftFromMapping(base), field: 'B__c' },
      base,
      new Set(['legacy-id']),
      sfCase,
    );
    expect(check.ok && check.input).toMatchObject({
      id: 'legacy-id',
      field: 'B__c',
      transforms: ['lower'],
    });
  });

  it('pre-fills rows after the ones typed, replacing blanks and skipping known labels', () => {
    const options = [
      { value: 'g', label: 'Gold', active: true },
      { value: 'p', label: 'Premium', active: true },
    ];
    const rows = prefillRows([newRow(' premium ', 'p2'), newRow()], options);
    expect(rows.map((r) => [r.from, r.to])).toEqual([
      [' premium ', 'p2'],
      ['Gold', 'g'],
    ]);
  });

  it('warns about inactive and unknown picklist targets', () => {
    const spec: FieldSpec = {
      name: 'T__c',
      label: 'T',
      type: 'picklist',
      updateable: true,
      restricted: true,
      options: [
        { value: 'on', label: 'On', active: true },
        { value: 'old', label: 'Old', active: false },
      ],
    };
    expect(rowTargetWarning(newRow('x', 'on'), spec, 'salesforce')).toBeNull();
    expect(rowTargetWarning(newRow('x', 'old'), spec, 'salesforce')).toBe(
      'inactive in Salesforce: writing it will be refused',
    );
    expect(rowTargetWarning(newRow('x', 'nope'), spec, 'salesforce')).toBe(
      'not a value of this restricted picklist',
    );
    expect(
      rowTargetWarning(newRow('x', 'nope'), { ...spec, restricted: false }, 'salesforce'),
    ).toBeNull();
  });

  it('words the warnings for Kustomer lists and trees', () => {
    const tree: FieldSpec = {
      name: 'reasonTree',
      label: 'Reason',
      type: 'Tree',
      updateable: true,
      restricted: true,
      options: [
        { value: 'billing.refund', label: 'Billing › Refund', active: true },
        { value: 'billing.old', label: 'Billing › Old', active: false },
      ],
    };
    expect(rowTargetWarning(newRow('x', 'billing.refund'), tree, 'kustomer')).toBeNull();
    expect(rowTargetWarning(newRow('x', 'billing.old'), tree, 'kustomer')).toBe(
      'inactive in Kustomer: writing it will be refused',
    );
    expect(rowTargetWarning(newRow('x', 'shipping'), tree, 'kustomer')).toBe(
      'not a value of this list',
    );
  });
});
