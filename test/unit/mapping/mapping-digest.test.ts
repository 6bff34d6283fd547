import { describe, expect, it, vi } from 'vitest';
import { mappingDigest, mappingsUsed } from '@/lib/mapping/mapping-digest';
import { Mapping } from '@/lib/mapping/schema';
import { exampleMappings } from '../../support/example-mappings';

const tier = Mapping.parse(exampleMappings[0]);

describe('mappingDigest', () => {
  it('changes with what decides the value, not with enabled or the write policy', async () => {
    const base = await mappingDigest({ ...tier });
    expect(await mappingDigest({ ...tier, enabled: !tier.enabled })).toBe(base);
    expect(await mappingDigest({ ...tier, sources: ['other key'] })).not.toBe(base);
    expect(await mappingDigest({ ...tier, valueMap: [{ from: 'x', to: 'y' }] })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes a mapping object once, however many handoffs use it', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const mapping = { ...tier };
    const first = await mappingsUsed([mapping]);
    const second = await mappingsUsed([mapping]);
    expect(second).toEqual(first);
    expect(digest).toHaveBeenCalledTimes(1);
    digest.mockRestore();
  });
});
