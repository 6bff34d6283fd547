/**
 * The field rules of each platform, by id: what the planner, the preview and the catalog checks use
 * to coerce a value for a target field. A third platform adds one line here.
 */
import { kustomerRules } from './kustomer/rules';
import { salesforceRules } from './salesforce/rules';
import type { FieldRules, PlatformId } from './types';

const RULES: Record<PlatformId, FieldRules> = {
  salesforce: salesforceRules,
  kustomer: kustomerRules,
};

export function rulesFor(platform: PlatformId): FieldRules {
  return RULES[platform];
}
