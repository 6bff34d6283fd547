/**
 * What the pages know of the organisation's policy (lib/settings/policy.ts reads it, the background
 * applies it): which entries it sets, whether the last policy the browser delivered was refused, and
 * the words every face uses for a managed entry. A leaf without zod, so the popup stays light.
 */

/** The policies the extension declares (public/managed_schema.json), as the browser names them. */
export const POLICY_NAMES = ['mappings', 'settings', 'transcriptProfiles'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** The badge and the lead of every refusal: an entry the organisation's policy sets. */
export const MANAGED_LABEL = 'Set by your organisation';

/** Why a local change of a managed entry is refused, and what to do instead. */
export function managedRefusal(what: string): string {
  return `${what}: ${MANAGED_LABEL}. It comes from your organisation's policy and cannot be changed here: ask your admin to change the policy.`;
}

/** `policy:status`: what the policy in force manages, and the last policy refused, if any. */
export interface PolicyStatus {
  managed: {
    /** Mappings the policy sets (they replace a local mapping with the same id). */
    mappingIds: string[];
    /** Top-level settings keys the policy sets (`trust`, `retentionDays`…). */
    settingsKeys: string[];
    /** Platforms whose transcript profile the policy sets. */
    transcriptProfilePlatforms: string[];
  };
  /**
   * The last policy the browser delivered was refused (nothing of it applies): when it arrived,
   * and every problem, one a line, each naming its policy and path.
   */
  error?: { receivedAt: number; errors: string[] };
  /** When the policy in force was first applied (absent: none was ever set). */
  appliedAt?: number;
}

export const NO_POLICY: PolicyStatus = {
  managed: { mappingIds: [], settingsKeys: [], transcriptProfilePlatforms: [] },
};
