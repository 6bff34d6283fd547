import { describe, expect, it } from 'vitest';
import {
  canRetry,
  noticeSeverity,
  outcomeWords,
  sourceWords,
  summaryParts,
  trustWords,
  verificationWords,
  viewTone,
} from '../../../components/widget/view-text';
import type { FieldOutcome, HandoffView } from '../../../lib/handoff/types';

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

  it('says what Verify found of a handoff written elsewhere, and when a mapping changed since', () => {
    const checked = { ...f('checked'), verification: undefined };
    expect(outcomeWords(checked)).toBe('compared');
    expect(
      summaryParts({ ...base, state: 'verify-only', fields: [checked, f('refused')] }),
    ).toEqual(['Compared, not written here', '1 refused']);
    const matched = {
      ...checked,
      verification: {
        state: 'verified' as const,
        expected: 'v',
        actual: 'v',
        at: 1,
        by: 'verify-now' as const,
      },
    };
    expect(summaryParts({ ...base, state: 'verify-only', fields: [matched] })).toEqual([
      'Compared, not written here',
      '1 match',
    ]);
    const v = {
      state: 'different' as const,
      expected: 'a',
      actual: 'b',
      at: 0,
      by: 'verify-now' as const,
    };
    expect(verificationWords(v)).toBe("differs: the record has 'b'");
    expect(verificationWords({ ...v, mappingChanged: true })).toBe(
      "differs: the record has 'b' (mapping changed since the handoff)",
    );
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
    expect(summaryParts(null)).toEqual(['Loading…']);
  });

  it('says Verify only first, then what the comparison found', () => {
    const check = (state: 'verified' | 'different'): FieldOutcome => ({
      ...f('skipped'),
      verification: { state, expected: 'v', actual: null, at: 0, by: 'verify-now' },
    });
    const fields = [check('verified'), check('verified'), check('verified'), check('different')];
    expect(summaryParts({ ...base, state: 'verify-only', verifyOnly: true, fields })).toEqual([
      'Verify only',
      'nothing written',
      '3 match',
      '1 different',
    ]);
    expect(
      summaryParts({ ...base, state: 'verify-only', verifyOnly: true, fields: [f('skipped')] }),
    ).toEqual(['Verify only', 'nothing written', 'nothing to compare']);
    // An earlier handoff, or none yet, in a browser now set to Verify only.
    expect(summaryParts({ ...base, verifyOnly: true, fields: [f('written')] })).toEqual([
      'Verify only',
      '1 written',
    ]);
    expect(summaryParts({ ...base, state: 'waiting', verifyOnly: true })).toEqual([
      'Verify only',
      'Waiting for context',
    ]);
  });

  it('picks the loudest tone', () => {
    expect(viewTone({ ...base, fields: [f('written'), f('refused')] })).toBe('error');
    expect(viewTone({ ...base, fields: [f('written'), f('pending')] })).toBe('busy');
    expect(
      viewTone({ ...base, fields: [f('written')], notice: { code: 'network', message: 'm' } }),
    ).toBe('warning');
    expect(viewTone({ ...base, fields: [f('written')] })).toBe('ok');
  });

  it('offers Retry exactly where the background says it helps', () => {
    expect(canRetry(null)).toBe(false);
    expect(canRetry(base)).toBe(false);
    expect(canRetry({ ...base, retryHelps: false })).toBe(false);
    expect(canRetry({ ...base, retryHelps: true })).toBe(true);
  });
});

describe('context sources and spoofing in the widget', () => {
  const context = (over: Partial<NonNullable<HandoffView['context']>>) => ({
    form: 'key-value' as const,
    trust: 'bot-authored' as const,
    author: 'bot',
    messageId: 'm1',
    values: {},
    ...over,
  });

  it('names where each context came from', () => {
    expect(sourceWords(context({}))).toBe('chat message');
    expect(sourceWords(context({ source: 'transcript' }))).toBe('chat message');
    expect(sourceWords(context({ source: 'api-messages' }))).toBe('conversation messages (API)');
    expect(
      sourceWords(context({ source: 'post-message', sourceDetail: 'https://assist.example.com' })),
    ).toBe('message from https://assist.example.com');
    expect(
      sourceWords(
        context({ source: 'record-field', sourceDetail: 'MessagingSession.Handoff_Context__c' }),
      ),
    ).toBe('field MessagingSession.Handoff_Context__c');
  });

  it('says which trusted source vouched for an unverified context', () => {
    expect(trustWords(context({ trust: 'trusted-source', source: 'record-field' }))).toBe(
      'from a trusted field',
    );
    expect(trustWords(context({ trust: 'trusted-source', source: 'post-message' }))).toBe(
      'from an allowed origin',
    );
  });

  it('shows every spoofing refusal as a warning that needs attention', () => {
    for (const code of [
      'context-quoted',
      'context-lookalike',
      'context-edited',
      'post-message-invalid',
      'post-message-conversation',
    ] as const) {
      expect(noticeSeverity(code)).toBe('warning');
      expect(summaryParts({ ...base, state: 'failed', notice: { code, message: 'm' } })).toEqual([
        'Nothing written',
        'needs attention',
      ]);
    }
  });
});
