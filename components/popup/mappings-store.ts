/**
 * The panel's state as signals, and the actions that change it through the MappingsApi. Components
 * read these signals and call these actions; none of them talks to the api directly.
 */
import { batch, computed, signal } from '@preact/signals';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import type { FieldSpec } from '../../lib/platforms/types';
import type { Banner } from '../shared/BannerMessage';
import { afterFirstPaint, whenIdle } from '../shared/idle';
import { messageOf } from '../shared/message-of';
import { matchesWords, rememberingFilter, searchText } from '../shared/search';
import { fieldIndex } from './field-index';
import { FIRST_ASKED } from './list-sizes';
import type { MappingsApi } from './mappings-api';
import { isTargetOf, type Target } from './targets';

/**
 * @param initial the target shown first (the remembered choice)
 * @param onTarget told of every new choice, to remember it
 */
export function createMappingsStore(
  api: MappingsApi,
  initial: Target,
  onTarget: (target: Target) => void = () => {},
) {
  /** Every platform's mappings: the list filters them, and new ids must avoid all of them. */
  const all = signal<Mapping[]>([]);
  const status = signal<'loading' | 'ready' | 'failed'>('loading');
  /**
   * While every mapping is on its way: the chosen target's first ones by id (one more than the
   * list's first screen, to know whether it needs a filter), shown at once, read-only. Empty
   * otherwise.
   */
  const firstRows = signal<Mapping[]>([]);
  const target = signal<Target>(initial);
  /** Fields per target key, fetched the first time a target is chosen. */
  const catalogs = signal<ReadonlyMap<string, FieldSpec[]>>(new Map());
  const banner = signal<Banner | null>(null);
  /** Ids with a toggle or delete in flight: their controls wait, so clicks are not doubled. */
  const pending = signal<ReadonlySet<string>>(new Set());

  const mappings = computed(() => all.value.filter((m) => isTargetOf(target.value, m)));
  const catalog = computed(() => catalogs.value.get(target.value.key) ?? []);
  /** The list's filter (shown once the list is long): label, API name or context key. */
  const filter = signal('');
  /** Each mapping's lowercase search text, computed once per mapping and catalog. */
  let searchCache = new WeakMap<Mapping, string>();
  let searchFor: readonly FieldSpec[] | null = null;
  const searchOf = (m: Mapping): string => {
    const fields = catalog.value;
    if (searchFor !== fields) {
      searchCache = new WeakMap();
      searchFor = fields;
      filterList = rememberingFilter(matching);
    }
    let text = searchCache.get(m);
    if (text === undefined) {
      text = searchText(m, fieldIndex(fields).get(m.field)?.label ?? '');
      searchCache.set(m, text);
    }
    return text;
  };
  const matching = (list: readonly Mapping[], words: readonly string[]) =>
    list.filter((m) => matchesWords(searchOf(m), words));
  let filterList = rememberingFilter(matching);
  const shown = computed(() => {
    const list = mappings.value;
    const text = filter.value;
    // Read before filtering: a new catalog (other labels) starts a new filter.
    if (searchFor !== catalog.value && list[0]) searchOf(list[0]);
    return filterList(list, text);
  });
  /** All ids, other platforms' too: a new id must not collide with any of them. */
  const takenIds = computed(() => new Set(all.value.map((m) => m.id)));

  const setPending = (id: string, on: boolean) => {
    const next = new Set(pending.value);
    if (on) next.add(id);
    else next.delete(id);
    pending.value = next;
  };

  const upsert = (saved: Mapping) => {
    const at = all.value.findIndex((m) => m.id === saved.id);
    all.value = at === -1 ? [...all.value, saved] : all.value.map((m, i) => (i === at ? saved : m));
  };

  /** The target's fields, once per popup; the catalog only helps, so a failure leaves it empty. */
  const requested = new Set<string>();
  async function loadCatalog(t: Target): Promise<void> {
    if (requested.has(t.key)) return;
    requested.add(t.key);
    const fields = await api.fields(t.platform, t.object).catch(() => [] as FieldSpec[]);
    catalogs.value = new Map(catalogs.value).set(t.key, fields);
  }

  async function load(): Promise<void> {
    status.value = 'loading';
    if (firstRows.peek().length > 0) firstRows.value = [];
    const t = target.value;
    const labelled = loadCatalog(t);
    // With the labels, as the whole list will show them: no row changes its words afterwards.
    const first = api.firstRows
      ? Promise.all([api.firstRows(t.platform, t.object, FIRST_ASKED), labelled])
      : undefined;
    first?.then(
      ([rows]) => {
        if (status.value === 'loading' && target.value.key === t.key) firstRows.value = rows;
      },
      () => undefined,
    );
    // Every mapping is asked for once the first rows are painted, so the whole list (5,000 rows
    // to receive) does not arrive while the popup draws them.
    const listed = afterFirstPaint(first, () => api.list());
    try {
      const [list] = await Promise.all([listed, labelled]);
      batch(() => {
        all.value = list;
        firstRows.value = [];
        status.value = 'ready';
      });
      // The filter's search texts, built while the admin looks at the list, not at the first keystroke.
      whenIdle(() => {
        for (const m of mappings.value) searchOf(m);
      });
    } catch (error) {
      firstRows.value = [];
      status.value = 'failed';
      banner.value = { tone: 'error', title: 'Mappings not loaded.', text: messageOf(error) };
    }
  }

  /** Saves; on refusal shows the background's message and returns null (the form keeps the draft). */
  async function save(input: MappingInput): Promise<Mapping | null> {
    banner.value = null;
    try {
      const saved = await api.save(input);
      upsert(saved);
      banner.value = { tone: 'success', title: 'Saved.', text: `${saved.field} is mapped.` };
      return saved;
    } catch (error) {
      banner.value = { tone: 'error', title: 'Not saved.', text: messageOf(error) };
      return null;
    }
  }

  function selectTarget(next: Target): void {
    if (next.key === target.value.key) return;
    target.value = next;
    filter.value = '';
    // The first rows shown while every mapping is on its way are the previous target's.
    if (firstRows.peek().length > 0) firstRows.value = [];
    // A message about the other target's mappings would now be read as about these.
    banner.value = null;
    onTarget(next);
    void loadCatalog(next);
  }

  async function setEnabled(mapping: Mapping, enabled: boolean): Promise<void> {
    banner.value = null;
    setPending(mapping.id, true);
    try {
      upsert(await api.save({ ...mapping, enabled }));
    } catch (error) {
      banner.value = { tone: 'error', title: 'Not saved.', text: messageOf(error) };
    } finally {
      setPending(mapping.id, false);
    }
  }

  async function remove(mapping: Mapping): Promise<void> {
    banner.value = null;
    setPending(mapping.id, true);
    try {
      await api.remove(mapping.id);
      all.value = all.value.filter((m) => m.id !== mapping.id);
      banner.value = {
        tone: 'success',
        title: 'Deleted.',
        text: `${mapping.field} is no longer mapped.`,
      };
    } catch (error) {
      banner.value = { tone: 'error', title: 'Not deleted.', text: messageOf(error) };
    } finally {
      setPending(mapping.id, false);
    }
  }

  return {
    target,
    mappings,
    filter,
    shown,
    takenIds,
    status,
    firstRows,
    catalog,
    banner,
    pending,
    load,
    selectTarget,
    save,
    setEnabled,
    remove,
  };
}

export type MappingsStore = ReturnType<typeof createMappingsStore>;
