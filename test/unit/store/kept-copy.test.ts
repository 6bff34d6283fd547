/** The background's copy of an object store: read once, shared per database, never older than the store. */
import { describe, expect, it } from 'vitest';
import type { Db } from '@/lib/store/db';
import { keptCopies } from '@/lib/store/kept-copy';

/** A store of one number, read slowly when told to: enough to interleave reads and writes. */
function fakeStore() {
  const store = { value: 1, reads: 0, hold: null as null | Promise<void> };
  const read = async () => {
    store.reads++;
    const seen = store.value;
    await store.hold;
    return seen;
  };
  return { store, copies: keptCopies(read) };
}

describe('keptCopies', () => {
  it('reads once per database, shared by every copy of that database', async () => {
    const { store, copies } = fakeStore();
    const db = {} as Db;
    expect(copies(db).peek()).toBeUndefined();
    expect(await copies(db).get()).toBe(1);
    expect(await copies(db).get()).toBe(1);
    expect(copies(db).peek()).toBe(1);
    expect(store.reads).toBe(1);
    expect(await copies({} as Db).get()).toBe(1); // another database reads its own
    expect(store.reads).toBe(2);
  });

  it('drops the copy for a write, and does not keep a read that a write overtook', async () => {
    const { store, copies } = fakeStore();
    const copy = copies({} as Db);
    await copy.get();
    await copy.writing(async () => {
      store.value = 2;
    });
    expect(copy.peek()).toBeUndefined();
    expect(await copy.get()).toBe(2);

    // A read that saw the old value while a write began is answered, not kept.
    let release = () => {};
    store.hold = new Promise<void>((r) => (release = r));
    await copy.writing(async () => {}); // drop the copy
    const reading = copy.get();
    await copy.writing(async () => {
      store.value = 3;
    });
    release();
    expect(await reading).toBe(2);
    expect(copy.peek()).toBeUndefined();
    store.hold = null;
    expect(await copy.get()).toBe(3);
  });

  it('drops the copy also when the write fails', async () => {
    const { copies } = fakeStore();
    const copy = copies({} as Db);
    await copy.get();
    await expect(
      copy.writing(async () => {
        throw new Error('quota');
      }),
    ).rejects.toThrow('quota');
    expect(copy.peek()).toBeUndefined();
  });
});
