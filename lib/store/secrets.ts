import type { Db } from './db';

/** What the faces may see of a secret: that it exists, and its last four characters. */
export interface SecretHint {
  key: string;
  last4: string;
  savedAt: number;
}

export function secretsRepo(db: Db) {
  return {
    /** The secret itself: for the background's API clients only, never for a reply to a face. */
    async reveal(key: string): Promise<string | undefined> {
      return (await db.get('secrets', key))?.value;
    },
    async save(key: string, value: string, now = Date.now()): Promise<SecretHint> {
      await db.put('secrets', { key, value, savedAt: now });
      return { key, last4: value.slice(-4), savedAt: now };
    },
    async remove(key: string): Promise<void> {
      await db.delete('secrets', key);
    },
    async hints(prefix = ''): Promise<SecretHint[]> {
      const rows = await db.getAll('secrets');
      return rows
        .filter((r) => r.key.startsWith(prefix))
        .map((r) => ({ key: r.key, last4: r.value.slice(-4), savedAt: r.savedAt }));
    },
  };
}
export type SecretsRepo = ReturnType<typeof secretsRepo>;
