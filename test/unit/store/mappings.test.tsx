/**
 * The mappings repository with 5,000 rows in mind: rows read back without zod when they are
 * canonical, the background's copy of every mapping never older than the store, and a damaged row
 * reported by name — to the options page and the popup too, which show it instead of crashing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '@/components/options/OptionsApp';
import type { OptionsApi } from '@/components/options/options-api';
import { MappingsPanel } from '@/components/popup/MappingsPanel';
import type { MappingsApi } from '@/components/popup/mappings-api';
import { backgroundHandlers } from '@/lib/background/services';
import { Mapping, type MappingInput } from '@/lib/mapping/schema';
import { UnreadableMappingError } from '@/lib/mapping/stored';
import { createRouter } from '@/lib/messaging/router';
import { catalogsRepo } from '@/lib/store/catalogs';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { mappingsRepo } from '@/lib/store/mappings';
import { button, click, flush, mount } from '../components/dom';

let n = 0;
let db: Db;
beforeEach(async () => {
  db = await openHandoffDb(`mappings-store-test-${n++}`);
});

const m = (id: string, extra: Partial<MappingInput> = {}): MappingInput => ({
  id,
  platform: 'salesforce',
  object: 'Case',
  field: `${id}__c`,
  sources: [id],
  ...extra,
});
const ids = (list: readonly Mapping[]) => list.map((x) => x.id);

describe('the background’s copy of the mappings', () => {
  it('answers every write made through any repository of the database', async () => {
    const repo = mappingsRepo(db);
    const other = mappingsRepo(db);
    await repo.save(m('b'));
    await repo.save(m('a', { platform: 'kustomer', object: 'conversation', field: 'aStr' }));
    expect(ids(await repo.list())).toEqual(['a', 'b']);

    await other.save(m('c'));
    expect(ids(await repo.list())).toEqual(['a', 'b', 'c']);
    expect(ids(await repo.list('salesforce'))).toEqual(['b', 'c']);
    expect(ids(await repo.forObject('salesforce', 'Case'))).toEqual(['b', 'c']);

    await other.remove('b');
    expect(ids(await repo.list())).toEqual(['a', 'c']);

    await other.setEnabled(['c'], false);
    expect((await repo.list()).find((x) => x.id === 'c')?.enabled).toBe(false);

    await other.update(() => ({ put: [Mapping.parse(m('d'))], remove: ['a'] }));
    expect(ids(await repo.list())).toEqual(['c', 'd']);
    // What is answered is a copy of the list: changing it changes nothing kept.
    (await repo.list()).pop();
    expect(ids(await repo.list())).toEqual(['c', 'd']);
  });

  it('never keeps what a read saw when a write began while it read', async () => {
    const repo = mappingsRepo(db);
    await repo.save(m('a'));
    const reading = repo.list();
    const saving = repo.save(m('b'));
    await Promise.all([reading, saving]);
    expect(ids(await repo.list())).toEqual(['a', 'b']);

    // And the other way round: a write, then a read while it is under way.
    const removing = repo.remove('a');
    const readingAgain = repo.list();
    await Promise.all([removing, readingAgain]);
    expect(ids(await repo.list())).toEqual(['b']);
  });

  it('answers the same from the copy as from the index', async () => {
    const repo = mappingsRepo(db);
    for (const id of ['c', 'a', 'b']) await repo.save(m(id));
    await repo.save(m('k', { platform: 'kustomer', object: 'conversation', field: 'kStr' }));
    const fromIndex = await repo.forObject('salesforce', 'Case');
    await repo.list(); // keeps the copy
    expect(await repo.forObject('salesforce', 'Case')).toEqual(fromIndex);
    expect(ids(await repo.forObject('kustomer', 'conversation'))).toEqual(['k']);
  });
});

describe('a screenful of one object', () => {
  it('answers its first mappings by id, with or without the copy', async () => {
    const repo = mappingsRepo(db);
    for (const id of ['e', 'c', 'a', 'd', 'b']) await repo.save(m(id));
    await repo.save(m('0k', { platform: 'kustomer', object: 'conversation', field: 'kStr' }));
    const first = () => repo.list('salesforce', { object: 'Case', limit: 3 });
    expect(ids(await first())).toEqual(['a', 'b', 'c']); // through the index
    await repo.list(); // keeps the copy
    expect(ids(await first())).toEqual(['a', 'b', 'c']);
    expect(ids(await repo.list('salesforce', { object: 'Case' }))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(ids(await repo.list(undefined, { limit: 2 }))).toEqual(['0k', 'a']);
  });

  it('is a request the background answers', async () => {
    await mappingsRepo(db).save(m('b'));
    await mappingsRepo(db).save(m('a'));
    const route = createRouter(backgroundHandlers({ db, cookies: noCookies }));
    const reply = await route({
      type: 'mappings:list',
      platform: 'salesforce',
      object: 'Case',
      limit: 1,
    });
    expect(reply.ok && ids(reply.data as Mapping[])).toEqual(['a']);
    const refused = await route({ type: 'mappings:list', limit: 0 });
    expect(refused.ok).toBe(false);
  });
});

describe('the options table’s first screen', () => {
  it('is answered by the background in the table’s order, with labels from the stored catalogs', async () => {
    const repo = mappingsRepo(db);
    for (const id of ['c', 'a', 'b']) await repo.save(m(id));
    await repo.save(m('k', { platform: 'kustomer', object: 'conversation', field: 'kStr' }));
    // Labels put c before a before b: the table sorts by label, not by API name.
    await db.put('catalogs', {
      platform: 'salesforce',
      org: 'acme',
      object: 'Case',
      fetchedAt: 1,
      fields: [
        { name: 'c__c', label: 'Alpha', type: 'string', updateable: true },
        { name: 'a__c', label: 'Beta', type: 'string', updateable: true },
        { name: 'b__c', label: 'Gamma', type: 'string', updateable: true },
      ],
    });
    const route = createRouter(backgroundHandlers({ db, cookies: noCookies }));
    const reply = await route({ type: 'mappings:first-screen', limit: 3 });
    expect(reply.ok).toBe(true);
    const screen = reply.ok ? (reply.data as { total: number; mappings: Mapping[] }) : null;
    expect(screen?.total).toBe(4);
    expect(ids(screen?.mappings ?? [])).toEqual(['k', 'c', 'a']);
    expect((await route({ type: 'mappings:first-screen', limit: 0 })).ok).toBe(false);
    // An extension page's request only: a console page's content script is refused.
    const fromPage = await route({ type: 'mappings:first-screen', limit: 3 }, 'content-script');
    expect(fromPage.ok).toBe(false);
  });

  it('is answered again from what the background kept, and never older than a write or a describe', async () => {
    const repo = mappingsRepo(db);
    for (const id of ['b', 'c']) await repo.save(m(id));
    const route = createRouter(backgroundHandlers({ db, cookies: noCookies }));
    const firstIds = async (limit: number) => {
      const reply = await route({ type: 'mappings:first-screen', limit });
      if (!reply.ok) throw new Error(reply.error.message);
      const screen = reply.data as { total: number; mappings: Mapping[] };
      return { total: screen.total, ids: ids(screen.mappings) };
    };
    expect(await firstIds(2)).toEqual({ total: 2, ids: ['b', 'c'] });
    expect(await firstIds(1)).toEqual({ total: 2, ids: ['b'] });
    // A mapping saved through the background: the next answer has it.
    await route({ type: 'mappings:save', mapping: m('a') });
    expect(await firstIds(2)).toEqual({ total: 3, ids: ['a', 'b'] });
    // A describe stored through the repository: labels now put c first.
    await catalogsRepo(db).put({
      platform: 'salesforce',
      org: 'acme',
      object: 'Case',
      fetchedAt: 2,
      fields: [
        { name: 'c__c', label: 'Alpha', type: 'string', updateable: true },
        { name: 'a__c', label: 'Beta', type: 'string', updateable: true },
        { name: 'b__c', label: 'Gamma', type: 'string', updateable: true },
      ],
    });
    expect(await firstIds(2)).toEqual({ total: 3, ids: ['c', 'a'] });
  });
});

describe('a stored row that is not a mapping', () => {
  const damaged = { ...m('broken'), sources: 'not a list' };

  it('is named, with what is wrong, and is never answered as a mapping', async () => {
    await mappingsRepo(db).save(m('fine'));
    await db.put('mappings', damaged as unknown as Mapping);
    const repo = mappingsRepo(db);
    await expect(repo.list()).rejects.toBeInstanceOf(UnreadableMappingError);
    await expect(repo.list()).rejects.toThrow(/"broken" cannot be read:[\s\S]*sources/);
    await expect(repo.forObject('salesforce', 'Case')).rejects.toThrow(/"broken"/);
  });

  it('reaches the options page and the popup as a message they show, not a crash', async () => {
    await db.put('mappings', damaged as unknown as Mapping);
    const route = createRouter(backgroundHandlers({ db, cookies: noCookies }));
    /** As lib/messaging/request.ts does: a refused request throws its message. */
    const ask = async <T,>(message: unknown): Promise<T> => {
      const reply = await route(message);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.data as T;
    };
    const reply = await route({ type: 'mappings:list' });
    expect(reply.ok).toBe(false);

    const optionsApi = {
      list: () => ask({ type: 'mappings:list' }),
      firstScreen: () => ask({ type: 'mappings:first-screen', limit: 20 }),
      catalogs: () => ask({ type: 'catalog:list' }),
    } as unknown as OptionsApi;
    const options = await mount(<OptionsApp api={optionsApi} initialSection="mappings" />);
    expect(options.querySelector('[role="alert"]')?.textContent).toMatch(
      /Mappings not loaded\.[\s\S]*"broken" cannot be read/,
    );
    expect(button(options, 'Try again')).toBeTruthy();

    const popupApi = {
      list: () => ask({ type: 'mappings:list' }),
      fields: async () => [],
      credentials: async () => [],
    } as unknown as MappingsApi;
    const popup = await mount(<MappingsPanel api={popupApi} storage={null} />);
    expect(popup.querySelector('[role="alert"]')?.textContent).toMatch(/"broken" cannot be read/);

    // Once the row is deleted (its id is in the message), the page loads on "Try again".
    await ask({ type: 'mappings:delete', id: 'broken' });
    await ask({ type: 'mappings:save', mapping: m('fine') });
    await click(button(options, 'Try again'));
    await flush();
    expect(options.querySelector('tr[data-id="fine"]')).not.toBeNull();
  });
});

const noCookies = {
  async get() {
    return null;
  },
  async getAll() {
    return [];
  },
};
