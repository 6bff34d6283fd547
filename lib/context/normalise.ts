/**
 * Context keys are matched loosely because every bot spells them its own way: "Account Tier",
 * `account_tier`, `accountTier`, `ACCOUNT-TIER` and " Account.Tier " all name the same fact.
 * NFKC first, so full-width or ligature forms typed on some keyboards fold to plain letters.
 */
const SEPARATORS = /[\s_.-]+/g;

export function normaliseKey(key: string): string {
  return key.normalize('NFKC').toLowerCase().replace(SEPARATORS, '');
}
