import { describe, expect, it } from 'vitest';
import { defaultSettings, parseSettings, SETTINGS_FORMAT } from '@/lib/settings/schema';

const file = (more: Record<string, unknown>) => ({ format: SETTINGS_FORMAT, version: 1, ...more });

function errors(input: unknown): string[] {
  const result = parseSettings(input);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.settings)}`);
  return result.errors;
}

describe('privacy settings: redaction and retention', () => {
  it('default to no redaction and 30 days, so older files stay valid', () => {
    expect(defaultSettings()).toMatchObject({ redaction: 'none', retentionDays: 30 });
    const older = parseSettings(file({ trust: { policy: 'signed-only' } }));
    expect(older).toMatchObject({ ok: true, settings: { redaction: 'none', retentionDays: 30 } });
  });

  it.each(['none', 'mask', 'hash'] as const)('accepts redaction "%s"', (redaction) => {
    expect(parseSettings(file({ redaction }))).toMatchObject({ ok: true, settings: { redaction } });
  });

  it('accepts retention from one day to ten years', () => {
    for (const retentionDays of [1, 7, 30, 365, 3650]) {
      expect(parseSettings(file({ retentionDays }))).toMatchObject({
        ok: true,
        settings: { retentionDays },
      });
    }
  });

  it('refuses an unknown redaction, naming the path', () => {
    expect(errors(file({ redaction: 'encrypt' }))).toEqual([
      'redaction: redaction must be "none", "mask" or "hash"',
    ]);
    expect(errors(file({ redaction: true }))).toEqual([
      'redaction: redaction must be "none", "mask" or "hash"',
    ]);
  });

  it.each([
    [0, 'retentionDays: retentionDays must be at least 1 day'],
    [-5, 'retentionDays: retentionDays must be at least 1 day'],
    [1.5, 'retentionDays: retentionDays must be a whole number of days'],
    [3651, 'retentionDays: retentionDays can be at most 3650 (ten years)'],
    ['30', 'retentionDays: retentionDays must be a whole number of days'],
  ])('refuses retentionDays %o', (retentionDays, message) => {
    expect(errors(file({ retentionDays }))).toEqual([message]);
  });

  it('names a misspelt privacy key instead of ignoring it', () => {
    expect(errors(file({ retention: 7 }))).toEqual(['unknown setting "retention"']);
  });
});
