/**
 * The last good policy (lib/settings/policy.ts): what the browser delivered and was applied, kept
 * so that it stays in force across restarts while the browser delivers one that is refused. One row
 * in the `settings` object store (keyed rows, beside the settings file), so no schema version is
 * needed. The row holds the policy as delivered and is judged again when read, by today's rules.
 */
import { z } from 'zod';
import type { Db } from './db';

const KEY = 'managed-policy';

const StoredPolicy = z.object({
  /** What `storage.managed.get()` answered. */
  raw: z.record(z.string(), z.unknown()),
  /** When it was first applied. */
  appliedAt: z.number(),
});
export type StoredPolicy = z.infer<typeof StoredPolicy>;

export function policyRepo(db: Db) {
  return {
    /** The last good policy, or undefined (none kept, or a row that is not one). */
    async get(): Promise<StoredPolicy | undefined> {
      const parsed = StoredPolicy.safeParse(await db.get('settings', KEY));
      return parsed.success ? parsed.data : undefined;
    },
    async save(policy: StoredPolicy): Promise<void> {
      await db.put('settings', StoredPolicy.parse(policy), KEY);
    },
  };
}
export type PolicyRepo = ReturnType<typeof policyRepo>;
