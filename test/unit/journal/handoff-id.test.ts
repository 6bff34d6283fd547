import { describe, expect, it } from 'vitest';
import { handoffId, isHandoffId } from '../../../lib/journal/handoff-id';

const parts = {
  record: { platform: 'salesforce', org: 'acme', object: 'Case', id: '5005g00000HfCa1AAF' },
  messageId: '0Mw5g000000ABCD',
  contextDigest: 'a'.repeat(64),
};

describe('handoffId', () => {
  it('is the same for the same handoff seen in two browsers', async () => {
    const a = await handoffId(parts);
    const b = await handoffId({ ...parts, record: { ...parts.record } });
    expect(a).toBe(b);
    expect(isHandoffId(a)).toBe(true);
  });

  it('ignores the case of the org handle (a host-name label) only', async () => {
    const upper = await handoffId({ ...parts, record: { ...parts.record, org: 'ACME' } });
    expect(upper).toBe(await handoffId(parts));
    const otherCaseId = await handoffId({
      ...parts,
      record: { ...parts.record, id: '5005g00000hfca1aaf' },
    });
    expect(otherCaseId).not.toBe(await handoffId(parts));
  });

  it('differs when any part differs', async () => {
    const base = await handoffId(parts);
    const variants = [
      { ...parts, record: { ...parts.record, platform: 'kustomer' } },
      { ...parts, record: { ...parts.record, org: 'globex' } },
      { ...parts, record: { ...parts.record, object: 'MessagingSession' } },
      { ...parts, record: { ...parts.record, id: '5005g00000HfCa2AAF' } },
      { ...parts, messageId: '0Mw5g000000ABCE' },
      { ...parts, contextDigest: 'b'.repeat(64) },
    ];
    const ids = await Promise.all(variants.map(handoffId));
    expect(new Set([base, ...ids]).size).toBe(variants.length + 1);
  });

  it('cannot be forged by moving a separator between parts', async () => {
    // Joined with a separator, ("a|b", "c") and ("a", "b|c") would be the same text.
    const one = await handoffId({ ...parts, messageId: 'm|x', contextDigest: 'd' });
    const two = await handoffId({ ...parts, messageId: 'm', contextDigest: 'x|d' });
    const three = await handoffId({ ...parts, messageId: 'm","x', contextDigest: 'd' });
    expect(new Set([one, two, three]).size).toBe(3);
  });

  it('tells its own shape from a per-browser counter or a foreign id', () => {
    expect(isHandoffId('2')).toBe(false);
    expect(isHandoffId('hf1-XYZ')).toBe(false);
    expect(isHandoffId(`hf1-${'0'.repeat(32)}`)).toBe(true);
    expect(isHandoffId(`hf2-${'0'.repeat(32)}`)).toBe(false);
  });
});
