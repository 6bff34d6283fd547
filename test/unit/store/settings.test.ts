import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '@/lib/settings/schema';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { settingsRepo } from '@/lib/store/settings';

const freshDb = () => openHandoffDb(`settings-${Math.random()}`);

describe('settingsRepo', () => {
  it('reads and checks the stored row once, until the next save', async () => {
    const db = await freshDb();
    const repo = settingsRepo(db);
    await repo.save({ ...defaultSettings(), retentionDays: 7 });
    const get = vi.spyOn(db, 'get');
    expect((await repo.get()).retentionDays).toBe(7);
    expect((await repo.get()).retentionDays).toBe(7);
    expect(get).not.toHaveBeenCalled();
    await repo.save({ ...defaultSettings(), retentionDays: 9 });
    expect((await repo.get()).retentionDays).toBe(9);
  });

  it('gives each caller its own copy: a change by one is not what the next reads', async () => {
    const db = await freshDb();
    const repo = settingsRepo(db);
    const first = await repo.get();
    first.retentionDays = 1;
    first.postMessageOrigins.push('https://evil.example');
    const second = await repo.get();
    expect(second.retentionDays).toBe(defaultSettings().retentionDays);
    expect(second.postMessageOrigins).toEqual([]);
  });

  it('reads the database again after a failed read', async () => {
    const get = vi
      .fn()
      .mockRejectedValueOnce(new Error('IndexedDB closed'))
      .mockResolvedValueOnce(undefined);
    const repo = settingsRepo({ get } as unknown as Db);
    await expect(repo.get()).rejects.toThrow('IndexedDB closed');
    expect((await repo.get()).retentionDays).toBe(defaultSettings().retentionDays);
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('keeps what it had when a save is refused', async () => {
    const db = await freshDb();
    const repo = settingsRepo(db);
    await repo.save({ ...defaultSettings(), retentionDays: 7 });
    const refused = await repo.save({ ...defaultSettings(), retentionDays: -1 });
    expect(refused.ok).toBe(false);
    expect((await repo.get()).retentionDays).toBe(7);
  });
});
