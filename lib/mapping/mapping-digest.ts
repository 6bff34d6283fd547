/**
 * A short digest of what decides the value a mapping plans (its target, context keys, how they are
 * combined, transforms, value map, dates): recorded with each handoff (journal `mappingsUsed`), so
 * Verify now can tell a mapping changed since the handoff from one that did not. Whether it is
 * enabled and its write policy are left out: they decide whether a value is written, not which.
 */
import { sha256Hex } from '../context/digest';
import type { MappingUsed } from '../store/journal-schema';
import type { Mapping } from './schema';

/** 16 hex digits: enough to tell two versions of one mapping apart, short enough for every entry. */
const DIGEST_LENGTH = 16;

/**
 * Per mapping object: the repository hands out the same objects until the mappings change, so a
 * handoff does not hash its 50 mappings again on its way to the first request.
 */
const digests = new WeakMap<Mapping, Promise<string>>();

export function mappingDigest(m: Mapping): Promise<string> {
  let digest = digests.get(m);
  if (!digest) {
    digest = computeDigest(m);
    digests.set(m, digest);
    // A failed digest is not kept.
    digest.catch(() => digests.delete(m));
  }
  return digest;
}

async function computeDigest(m: Mapping): Promise<string> {
  const decides = [
    m.platform,
    m.object,
    m.field,
    m.sources,
    m.combine,
    m.separator,
    m.transforms,
    m.valueMap.map((v) => [v.from, v.to]),
    m.unmapped ?? null,
    m.dateFormat ?? null,
    m.timeZone ?? null,
  ];
  return (await sha256Hex(JSON.stringify(decides))).slice(0, DIGEST_LENGTH);
}

export async function mappingsUsed(mappings: readonly Mapping[]): Promise<MappingUsed[]> {
  return Promise.all(mappings.map(async (m) => ({ id: m.id, digest: await mappingDigest(m) })));
}

/** The mappings an entry used, with `next` in place of any of the same id (a later attempt's). */
export function withMappingsUsed(
  known: readonly MappingUsed[] | undefined,
  next: readonly MappingUsed[],
): MappingUsed[] {
  const ids = new Set(next.map((m) => m.id));
  return [...(known ?? []).filter((m) => !ids.has(m.id)), ...next];
}
