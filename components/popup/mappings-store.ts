/**
 * The panel's state as signals, and the actions that change it through the MappingsApi. Components
 * read these signals and call these actions; none of them talks to the api directly.
 */
import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
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
  const s = mappingsState(initial);
  return {
    target: s.target,
    mappings: s.mappings,
    filter: s.filter,
    shown: s.shown,
    takenIds: s.takenIds,
    status: s.status,
    firstRows: s.firstRows,
    catalog: s.catalog,
    banner: s.banner,
    pending: s.pending,
    managedIds: s.managedIds,
    load: () => load(api, s),
    selectTarget: (next: Target) => selectTarget(api, s, next, onTarget),
    save: (input: MappingInput) => save(api, s, input),
    setEnabled: (mapping: Mapping, enabled: boolean) => setEnabled(api, s, mapping, enabled),
    remove: (mapping: Mapping) => remove(api, s, mapping),
  };
}

export type MappingsStore = ReturnType<typeof createMappingsStore>;
type MappingsState = ReturnType<typeof mappingsState>;

function mappingsState(initial: Target) {
  /** Every platform's mappings: the list filters them, and new ids must avoid all of them. */
  const all = signal<Mapping[]>([]);
  const target = signal<Target>(initial);
  /** Fields per target key, fetched the first time a target is chosen. */
  const catalogs = signal<ReadonlyMap<string, FieldSpec[]>>(new Map());
  const mappings = computed(() => all.value.filter((m) => isTargetOf(target.value, m)));
  const catalog = computed(() => catalogs.value.get(target.value.key) ?? []);
  /** The list's filter (shown once the list is long): label, API name or context key. */
  const filter = signal('');
  const search = catalogSearch(catalog);
  return {
    all,
    status: signal<'loading' | 'ready' | 'failed'>('loading'),
    /**
     * While every mapping is on its way: the chosen target's first ones by id (one more than the
     * list's first screen, to know whether it needs a filter), shown at once, read-only. Empty
     * otherwise.
     */
    firstRows: signal<Mapping[]>([]),
    target,
    catalogs,
    /** Target keys whose fields were asked for (once per popup). */
    requested: new Set<string>(),
    banner: signal<Banner | null>(null),
    /** Ids with a toggle or delete in flight: their controls wait, so clicks are not doubled. */
    pending: signal<ReadonlySet<string>>(new Set()),
    mappings,
    catalog,
    filter,
    search,
    shown: computed(() => search.filter(mappings.value, filter.value)),
    /** All ids, other platforms' too: a new id must not collide with any of them. */
    takenIds: computed(() => new Set(all.value.map((m) => m.id))),
    /** The mappings the organisation's policy sets (read-only rows; the background refuses edits). */
    managedIds: signal<ReadonlySet<string>>(new Set()),
  };
}

/**
 * The list's filter over each mapping's lowercase search text, computed once per mapping and
 * catalog: a new catalog (other labels) starts over.
 */
function catalogSearch(catalog: ReadonlySignal<FieldSpec[]>) {
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
  return {
    searchOf,
    filter(list: readonly Mapping[], text: string): readonly Mapping[] {
      // Read before filtering: a new catalog (other labels) starts a new filter.
      if (searchFor !== catalog.value && list[0]) searchOf(list[0]);
      return filterList(list, text);
    },
  };
}

function setPending(s: MappingsState, id: string, on: boolean): void {
  const next = new Set(s.pending.value);
  if (on) next.add(id);
  else next.delete(id);
  s.pending.value = next;
}

/** How the popup names a mapping in its messages: its field's label, as the list shows it. */
function labelOf(s: MappingsState, m: Mapping): string {
  const fields = s.catalogs.value.get(`${m.platform}:${m.object}`) ?? [];
  return fieldIndex(fields).get(m.field)?.label ?? m.field;
}

function upsert(s: MappingsState, saved: Mapping): void {
  const at = s.all.value.findIndex((m) => m.id === saved.id);
  s.all.value =
    at === -1 ? [...s.all.value, saved] : s.all.value.map((m, i) => (i === at ? saved : m));
}

// ─── Actions ─────────────────────────────────────────────────────────────────────────────────────

/** The target's fields, once per popup; the catalog only helps, so a failure leaves it empty. */
async function loadCatalog(api: MappingsApi, s: MappingsState, t: Target): Promise<void> {
  if (s.requested.has(t.key)) return;
  s.requested.add(t.key);
  const fields = await api.fields(t.platform, t.object).catch(() => [] as FieldSpec[]);
  s.catalogs.value = new Map(s.catalogs.value).set(t.key, fields);
}

async function load(api: MappingsApi, s: MappingsState): Promise<void> {
  s.status.value = 'loading';
  if (s.firstRows.peek().length > 0) s.firstRows.value = [];
  const t = s.target.value;
  const labelled = loadCatalog(api, s, t);
  // With the labels, as the whole list will show them: no row changes its words afterwards.
  const first = api.firstRows
    ? Promise.all([api.firstRows(t.platform, t.object, FIRST_ASKED), labelled])
    : undefined;
  first?.then(
    ([rows]) => {
      if (s.status.value === 'loading' && s.target.value.key === t.key) s.firstRows.value = rows;
    },
    () => undefined,
  );
  // Every mapping is asked for once the first rows are painted, so the whole list (5,000 rows
  // to receive) does not arrive while the popup draws them.
  const listed = afterFirstPaint(first, () => api.list());
  // Asked beside the list: which rows are read-only. Without an answer none is marked (the
  // background still refuses a change to them).
  const managed = afterFirstPaint(first, async () => api.policyStatus?.()).catch(() => undefined);
  try {
    const [list, , status] = await Promise.all([listed, labelled, managed]);
    batch(() => {
      if (status) s.managedIds.value = new Set(status.managed.mappingIds);
      s.all.value = list;
      s.firstRows.value = [];
      s.status.value = 'ready';
    });
    // The filter's search texts, built while the admin looks at the list, not at the first keystroke.
    whenIdle(() => {
      for (const m of s.mappings.value) s.search.searchOf(m);
    });
  } catch (error) {
    s.firstRows.value = [];
    s.status.value = 'failed';
    s.banner.value = { tone: 'error', title: 'Mappings not loaded.', text: messageOf(error) };
  }
}

/** Saves; on refusal shows the background's message and returns null (the form keeps the draft). */
async function save(
  api: MappingsApi,
  s: MappingsState,
  input: MappingInput,
): Promise<Mapping | null> {
  s.banner.value = null;
  try {
    const saved = await api.save(input);
    upsert(s, saved);
    s.banner.value = { tone: 'success', title: 'Saved.', text: `${labelOf(s, saved)} is mapped.` };
    return saved;
  } catch (error) {
    s.banner.value = { tone: 'error', title: 'Not saved.', text: messageOf(error) };
    return null;
  }
}

function selectTarget(
  api: MappingsApi,
  s: MappingsState,
  next: Target,
  onTarget: (target: Target) => void,
): void {
  if (next.key === s.target.value.key) return;
  s.target.value = next;
  s.filter.value = '';
  // The first rows shown while every mapping is on its way are the previous target's.
  if (s.firstRows.peek().length > 0) s.firstRows.value = [];
  // A message about the other target's mappings would now be read as about these.
  s.banner.value = null;
  onTarget(next);
  void loadCatalog(api, s, next);
}

async function setEnabled(
  api: MappingsApi,
  s: MappingsState,
  mapping: Mapping,
  enabled: boolean,
): Promise<void> {
  s.banner.value = null;
  setPending(s, mapping.id, true);
  try {
    upsert(s, await api.save({ ...mapping, enabled }));
  } catch (error) {
    s.banner.value = { tone: 'error', title: 'Not saved.', text: messageOf(error) };
  } finally {
    setPending(s, mapping.id, false);
  }
}

async function remove(api: MappingsApi, s: MappingsState, mapping: Mapping): Promise<void> {
  s.banner.value = null;
  setPending(s, mapping.id, true);
  try {
    await api.remove(mapping.id);
    s.all.value = s.all.value.filter((m) => m.id !== mapping.id);
    s.banner.value = {
      tone: 'success',
      title: 'Deleted.',
      text: `${labelOf(s, mapping)} is no longer mapped.`,
    };
  } catch (error) {
    s.banner.value = { tone: 'error', title: 'Not deleted.', text: messageOf(error) };
  } finally {
    setPending(s, mapping.id, false);
  }
}
