/**
 * Which mappings the popup shows and edits: one platform object at a time, chosen at the top of
 * the popup and remembered in the popup's localStorage. The targets and the words that change with
 * the platform (field or attribute, picklist or enumeration…) come from the platforms' descriptors
 * (lib/platforms/descriptor-registry.ts), so components stay platform-neutral.
 */

import {
  onPlatformsChanged,
  type PlatformDescriptor,
  type PlatformId,
  platformDescriptor,
  platformDescriptors,
} from '../../lib/platforms/descriptor-registry';
import type { PlatformWording } from '../../lib/platforms/platform-descriptor';
import { type ChoiceStorage, storedTargetKey, TARGET_STORAGE_KEY } from './remembered';

export interface Target {
  /** Stable, stored in localStorage: `platform:object`. */
  key: string;
  platform: PlatformId;
  /** As in Mapping.object: one of the platform's writable objects (`PlatformDescriptor.objects`). */
  object: string;
  platformName: string;
  /** The object as a title: "Case", "Conversation". */
  objectName: string;
  /** The object in running text: "Case", "conversation". */
  noun: string;
}

/** A target per object mappings fill, platform by platform, in the registry's order. */
function targetsOf(platforms: readonly PlatformDescriptor[]): Target[] {
  return platforms.flatMap((p) =>
    p.objects.writable.map((object) => ({
      key: `${p.id}:${object}`,
      platform: p.id,
      object,
      platformName: p.name,
      objectName: object.charAt(0).toUpperCase() + object.slice(1),
      noun: object,
    })),
  );
}

/**
 * Every target the popup offers. Kept in step with the registry (a test may register a platform
 * after this module has loaded), so it is always the list of the registered platforms.
 */
export const targets: readonly Target[] = targetsOf(platformDescriptors());
onPlatformsChanged(() => {
  (targets as Target[]).splice(0, targets.length, ...targetsOf(platformDescriptors()));
});

export const defaultTarget: Target = targets[0] as Target;

export const targetLabel = (t: Target) => `${t.platformName} · ${t.objectName}`;

/** The mappings a target lists: its platform and object. */
export const isTargetOf = (t: Target, m: { platform: PlatformId; object: string }) =>
  m.platform === t.platform && m.object === t.object;

export { type ChoiceStorage, popupStorage, TARGET_STORAGE_KEY } from './remembered';

export function rememberedTarget(storage: ChoiceStorage | null): Target {
  const key = storedTargetKey(storage);
  return targets.find((t) => t.key === key) ?? defaultTarget;
}

export function rememberTarget(storage: ChoiceStorage | null, target: Target): void {
  try {
    storage?.setItem(TARGET_STORAGE_KEY, target.key);
  } catch {
    // A full or disabled storage only costs the memory of the choice.
  }
}

/** The wording that differs between platforms: each platform's descriptor holds it. */
export type PlatformWords = PlatformWording & { platformName: string };

const wordsOf = new WeakMap<PlatformDescriptor, PlatformWords>();

/** A platform's words (the same object each time); throws for a platform that is not registered. */
export function wordsFor(platform: PlatformId): PlatformWords {
  const p = platformDescriptor(platform);
  let words = wordsOf.get(p);
  if (!words) {
    words = { platformName: p.name, ...p.words };
    wordsOf.set(p, words);
  }
  return words;
}
