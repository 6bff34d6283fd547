/** Every kind of refusal gets a sentence an agent can act on, without the admin's words. */
import { describe, expect, it } from 'vitest';
import { refusalWords } from '@/lib/handoff/refusal-words';
import type { RefusalKind } from '@/lib/handoff/types';

const tier = (refusal: RefusalKind | undefined, value: string | null = 'Gold') => ({
  label: 'Account Tier',
  value,
  ...(refusal ? { refusal } : {}),
});

describe('refusalWords', () => {
  const cases: [RefusalKind, string][] = [
    [
      'not-a-choice',
      "The bot said 'Gold', which is not a choice of Account Tier here. Set Account Tier by hand if you know it.",
    ],
    [
      'bad-date',
      "The bot said 'Gold', which is not a date Handoff Fields can read. Set Account Tier by hand if you know it.",
    ],
    [
      'bad-format',
      "The bot said 'Gold', which does not fit Account Tier. Set Account Tier by hand if you know it.",
    ],
    [
      'too-long',
      "The bot's value is longer than Account Tier holds. Copy what matters into it by hand.",
    ],
    [
      'read-only',
      'Account Tier cannot be changed from here. Ask your admin if it should be filled.',
    ],
    [
      'not-in-catalog',
      'Handoff Fields is not set up right for Account Tier: tell your admin. Set Account Tier by hand if you know it.',
    ],
    [
      'duplicate-mapping',
      'Handoff Fields is not set up right for Account Tier: tell your admin. Set Account Tier by hand if you know it.',
    ],
    [
      'platform',
      "The record did not accept 'Gold' for Account Tier. Set Account Tier by hand if you know it.",
    ],
    [
      'conflict',
      'The record kept changing while Handoff Fields wrote Account Tier. Press Retry, or set Account Tier by hand if you know it.',
    ],
  ];
  it.each(cases)('says what the agent can do about %s', (kind, words) => {
    expect(refusalWords(tier(kind))).toBe(words);
  });

  it('never names an API name, a mapping or a value map', () => {
    for (const [kind] of cases) {
      expect(refusalWords(tier(kind))).not.toMatch(/__c|mapping|value map/i);
    }
  });

  it('has a general sentence for a refusal without a kind (a write given up, an old entry)', () => {
    expect(refusalWords(tier(undefined))).toBe(
      'Not written. Set Account Tier by hand if you know it.',
    );
  });

  it('cuts a long bot value, does without an empty one, and never reads placeholders in it', () => {
    const long = refusalWords(tier('not-a-choice', 'x'.repeat(500)));
    expect(long).toContain(`'${'x'.repeat(60)}…'`);
    expect(long.length).toBeLessThan(200);
    expect(refusalWords(tier('platform', null))).toBe(
      "The record did not accept the bot's value for Account Tier. Set Account Tier by hand if you know it.",
    );
    expect(refusalWords(tier('not-a-choice', ' '))).toBe(
      "The bot's value is not a choice of Account Tier here. Set Account Tier by hand if you know it.",
    );
    expect(refusalWords(tier('bad-format', '{label}{byHand}'))).toBe(
      "The bot said '{label}{byHand}', which does not fit Account Tier. Set Account Tier by hand if you know it.",
    );
  });
});
