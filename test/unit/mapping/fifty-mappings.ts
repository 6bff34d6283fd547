import type { MappingInput } from '@/lib/mapping/schema';

/**
 * A realistic 50-mapping set for one bot (35 Case fields, 15 Kustomer attributes) using every option
 * of a mapping: several sources, join with separators, value maps (with "to": "" and non-ASCII
 * values), each unmapped policy, each transform, both policies, disabled mappings. Deliberately not
 * in file order, and with some defaults spelt out, as the store or a hand-edited file would hold them.
 */
export function fiftyMappings(): MappingInput[] {
  const out: MappingInput[] = [];
  const tiers = [
    { from: 'Basic', to: 'tier_basic' },
    { from: 'Premium', to: 'tier_premium' },
    { from: 'Enterprise', to: 'tier_enterprise' },
    { from: 'Gold ★', to: 'tier_premium' },
    { from: 'Über', to: 'tier_enterprise' },
    { from: 'none', to: '' },
  ];
  for (let i = 0; i < 35; i++) {
    const n = String(i + 1).padStart(2, '0');
    const m: MappingInput = {
      id: i % 7 === 0 ? `Case-${n}` : `case-field-${n}`,
      platform: 'salesforce',
      object: 'Case',
      field: `Bot_Field_${n}__c`,
      sources: i % 3 === 0 ? [`Field ${n}`, `field_${n}`, `alt${n}`] : [`Field ${n}`],
    };
    if (i % 5 === 0) {
      m.combine = 'join';
      m.separator = i % 10 === 0 ? '; ' : ' | ';
    }
    if (i % 4 === 0) m.valueMap = tiers.slice(0, 2 + (i % 5));
    if (i % 6 === 0) m.unmapped = (['refuse', 'pass', 'skip'] as const)[i % 3];
    if (i % 3 === 1) m.transforms = ['trim', 'collapse-spaces'];
    if (i % 9 === 2) m.transforms = ['upper'];
    if (i % 2 === 0) m.policy = 'overwrite';
    if (i % 11 === 3) m.enabled = false;
    // Defaults written out, as an older export or a hand-edited file may have them.
    if (i % 8 === 5) Object.assign(m, { combine: 'first', separator: ', ', enabled: true });
    if (i % 13 === 4) Object.assign(m, { valueMap: [], transforms: [], policy: 'fill-empty' });
    out.push(m);
  }
  const attrs = [
    ['conversation', 'accountNumberStr', ['Account Number', 'Account']],
    ['conversation', 'accountTierStr', ['Account Tier']],
    ['conversation', 'contactReasonTree', ['Contact Reason', 'Intent']],
    ['conversation', 'vipBool', ['VIP']],
    ['conversation', 'orderTotalNum', ['Order Total']],
    ['conversation', 'lastOrderAt', ['Last Order']],
    ['conversation', 'orderPageUrl', ['Order Page']],
    ['conversation', 'linkedOrderId', ['Order Id']],
    ['conversation', 'handoffSummaryTxt', ['Summary', 'Notes', 'Bot Notes']],
    ['conversation', '@shopify.lastOrderStr', ['Shopify Order']],
    ['customer', 'loyaltyTierStr', ['Loyalty Tier']],
    ['customer', 'lifetimeValueNum', ['Lifetime Value']],
    ['customer', 'customerSinceAt', ['Customer Since']],
    ['customer', 'marketingOptInBool', ['Marketing Opt-In', 'opt_in']],
    ['customer', 'preferredLanguageStr', ['Language']],
  ] as const;
  attrs.forEach(([object, field, sources], i) => {
    const m: MappingInput = {
      id: `k-${object}-${field.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`,
      platform: 'kustomer',
      object,
      field,
      sources: [...sources],
    };
    if (field === 'handoffSummaryTxt') Object.assign(m, { combine: 'join', separator: '\n' });
    if (field === 'accountTierStr') {
      m.valueMap = [
        { from: 'Gold', to: 'premium' },
        { from: 'Silver', to: 'basic' },
      ];
      m.unmapped = 'pass';
    }
    if (field === 'contactReasonTree') m.transforms = ['trim', 'lower'];
    if (i % 4 === 1) m.policy = 'overwrite';
    if (i === 14) m.enabled = false;
    out.push(m);
  });
  // Store order is not file order: a stable shuffle.
  return out
    .map((m, i) => ({ m, k: (i * 37) % 50 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.m);
}
