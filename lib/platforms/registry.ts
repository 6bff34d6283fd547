/**
 * The platforms Handoff Fields supports, as the background uses them (./platform.ts): with
 * ./descriptor-registry.ts (the same platforms' descriptors, which the pages read without zod) the only place that lists platforms. Everything else asks, by id; an
 * id that is not registered throws `UnknownPlatformError` rather than falling through to some
 * other platform's behaviour.
 *
 * Adding a platform: one folder under lib/platforms/ with its `descriptor.ts`, `index.ts` and
 * `content.ts`, a line in each registry, and the content script's entrypoint
 * (`entrypoints/<platform>.content/`, which WXT finds by file name).
 */
import {
  addPlatformDescriptor,
  type PlatformId,
  platformDescriptors,
  UnknownPlatformError,
} from './descriptor-registry';
import { kustomer } from './kustomer';
import type { Platform } from './platform';
import { salesforce } from './salesforce';

export type { Platform } from './platform';

const listed: Platform[] = [salesforce, kustomer];

// The two lists must name the same platforms in the same order: a platform known to the pages but
// not here (or the other way round) would fail only when first used.
const differ = (a: readonly { id: string }[], b: readonly { id: string }[]) =>
  a.map((p) => p.id).join() !== b.map((p) => p.id).join();
if (differ(listed, platformDescriptors())) {
  throw new Error('lib/platforms/registry.ts and descriptor-registry.ts list different platforms.');
}

/** The background descriptor of a registered platform; throws UnknownPlatformError for any other id. */
export function backgroundPlatform(id: PlatformId): Platform {
  const found = listed.find((p) => p.id === id);
  if (!found) throw new UnknownPlatformError(id);
  return found;
}

/** Every registered platform, in order. */
export function backgroundPlatforms(): readonly Platform[] {
  return listed;
}

/**
 * Registers a platform on both sides (this registry and the descriptors). Only tests call
 * this, to run a made-up platform through the whole extension (test/unit/platforms/fictional/):
 * the extension's own platforms are the lists above. Answers the function that removes it again.
 */
export function registerPlatform(platform: Platform): () => void {
  const removeContent = addPlatformDescriptor(platform);
  listed.push(platform);
  return () => {
    const at = listed.indexOf(platform);
    if (at >= 0) listed.splice(at, 1);
    removeContent();
  };
}
