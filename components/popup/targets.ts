/**
 * Which mappings the popup shows and edits: one platform object at a time, chosen at the top of
 * the popup and remembered in the popup's localStorage. The words that change with the platform
 * (field or attribute, picklist or enumeration…) live here, so components stay platform-neutral.
 */
import { kustomerTypes } from '../../lib/platforms/kustomer/rules';
import type { FieldSpec, PlatformId } from '../../lib/platforms/types';
import { type ChoiceStorage, storedTargetKey, TARGET_STORAGE_KEY } from './remembered';

export interface Target {
  /** Stable, stored in localStorage: `platform:object`. */
  key: string;
  platform: PlatformId;
  /** As in Mapping.object: a Salesforce object API name, or Kustomer `conversation` | `customer`. */
  object: string;
  platformName: string;
  /** The object as a title: "Case", "Conversation". */
  objectName: string;
  /** The object in running text: "Case", "conversation". */
  noun: string;
}

export const targets: readonly Target[] = [
  {
    key: 'salesforce:Case',
    platform: 'salesforce',
    object: 'Case',
    platformName: 'Salesforce',
    objectName: 'Case',
    noun: 'Case',
  },
  {
    key: 'kustomer:conversation',
    platform: 'kustomer',
    object: 'conversation',
    platformName: 'Kustomer',
    objectName: 'Conversation',
    noun: 'conversation',
  },
  {
    key: 'kustomer:customer',
    platform: 'kustomer',
    object: 'customer',
    platformName: 'Kustomer',
    objectName: 'Customer',
    noun: 'customer',
  },
];

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

/** The wording that differs between platforms. */
export interface PlatformWords {
  platformName: string;
  /** "field" (Salesforce) or "attribute" (Kustomer). */
  fieldNoun: string;
  placeholder: string;
  startTyping: string;
  noCatalog: string;
  notInCatalog: string;
  /** The default of "a value the value map lacks". */
  unmappedDefault: string;
  /** What a target's options are called: "picklist values", "tree values"… */
  optionsNoun(spec: FieldSpec): string;
  /** A value-map target outside a restricted option list. */
  notAnOption: string;
  /** A hint when the typed name cannot be right, or null. */
  nameProblem(name: string): string | null;
}

const KUSTOMER_NAME = new RegExp(`^@?\\S+?(${kustomerTypes.join('|')})$`);

const words: Record<PlatformId, PlatformWords> = {
  salesforce: {
    platformName: 'Salesforce',
    fieldNoun: 'field',
    placeholder: 'Account_Tier__c',
    startTyping: 'Start typing a label or API name.',
    noCatalog: 'No field list cached yet: type the field’s API name, e.g. Account_Tier__c.',
    notInCatalog: 'Not in the cached field list; Salesforce will check it when a context arrives.',
    unmappedDefault: 'Default: refuse for picklists, pass otherwise',
    optionsNoun: () => 'picklist values',
    notAnOption: 'not a value of this restricted picklist',
    nameProblem: (name) =>
      /\s/.test(name.trim()) ? 'An API name has no spaces: use the field’s API name.' : null,
  },
  kustomer: {
    platformName: 'Kustomer',
    fieldNoun: 'attribute',
    placeholder: 'accountTierStr',
    startTyping: 'Start typing a label or system name.',
    noCatalog:
      'No attribute list cached yet: type the attribute’s system name, e.g. accountTierStr — never its display name.',
    notInCatalog:
      'Not in the cached attribute list; Kustomer will check it when a context arrives.',
    unmappedDefault: 'Default: refuse for lists and trees, pass otherwise',
    optionsNoun: (spec) => (spec.type.startsWith('Tree') ? 'tree values' : 'list values'),
    notAnOption: 'not a value of this list',
    nameProblem: (name) =>
      KUSTOMER_NAME.test(name.trim())
        ? null
        : `A system name is camelCase and ends in its type (${kustomerTypes.join(', ')}), e.g. accountTierStr — not the display name.`,
  },
};

export const wordsFor = (platform: PlatformId): PlatformWords => words[platform];
