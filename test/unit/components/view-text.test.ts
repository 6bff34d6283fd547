import { describe, expect, it } from 'vitest';
import { canRetry, summaryParts, viewTone } from '../../../components/widget/view-text';
import type { FieldOutcome, HandoffView } from '../../../lib/messaging/protocol';

const base: HandoffView = {
  record: { platform: 'salesforce', org: 'acme', object: 'Case', id: '500x' },
  state: 'done',
  fields: [],
  at: 0,
};
const f = (outcome: FieldOutcome['outcome']): FieldOutcome => ({
  field: 'F__c',
  label: 'F',
  value: 'v',
  outcome,
});

describe('widget wording', () => {
  it('summarises counts in a fixed order and leaves zero counts out', () => {
    const fields = [f('refused'), f('written'), f('skipped'), f('written')];
    expect(summaryParts({ ...base, fields })).toEqual(['2 written', '1 skipped', '1 refused']);
  });

  it('flags errors in the summary, so the collapsed pill tells the agent to look', () => {
    const notice = { code: 'session-expired', message: 'm' } as const;
    expect(summaryParts({ ...base, fields: [f('written')], notice })).toEqual([
      '1 written',
      'needs attention',
    ]);
    expect(summaryParts({ ...base, notice: { code: 'no-mappings', message: 'm' } })).toEqual([
      'Nothing written',
    ]);
    expect(summaryParts(null)).toEqual(['Waiting for context']);
  });

  it('picks the loudest tone', () => {
    expect(viewTone({ ...base, fields: [f('written'), f('refused')] })).toBe('error');
    expect(viewTone({ ...base, fields: [f('written'), f('pending')] })).toBe('busy');
    expect(
      viewTone({ ...base, fields: [f('written')], notice: { code: 'network', message: 'm' } }),
    ).toBe('warning');
    expect(viewTone({ ...base, fields: [f('written')] })).toBe('ok');
  });

  it('offers retry for refusals, failures and notices only', () => {
    expect(canRetry({ ...base, fields: [f('written'), f('skipped')] })).toBe(false);
    expect(canRetry({ ...base, fields: [f('refused')] })).toBe(true);
    expect(canRetry({ ...base, state: 'failed' })).toBe(true);
    expect(canRetry(null)).toBe(false);
  });
});
