/**
 * The options page's state as signals, and the actions that change it through the OptionsApi.
 * Built for 5,000 mappings: each row's display text and lowercase search string are computed once
 * per mapping (and cached by the mapping object), the sort runs only when the mappings or the sort
 * change, and a filter keystroke is one `includes` per row.
 */
import { batch, computed, signal } from '@preact/signals';
import type { MergeMode } from '../../lib/mapping/file';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import {
  byTableOrder,
  cmp,
  type FirstScreen,
  fieldsByObject,
  type LabelledSpec,
  type OrderKeys,
  objectKey,
  type SpecIndex,
  specIndexOf,
  specIndexOfFields,
  whereOf,
} from '../../lib/mapping/table-order';
import type { Catalog, FieldSpec, PlatformId } from '../../lib/platforms/types';
import type { PolicyStatus } from '../../lib/settings/managed';
import type { Banner } from '../shared/BannerMessage';
import { afterFirstPaint } from '../shared/idle';
import { messageOf } from '../shared/message-of';
import { filterWords, matchesWords, rememberingFilter, searchText } from '../shared/search';
import type { OptionsApi } from './options-api';

/** One table row: the mapping and what the table shows and searches, computed once. */
export interface Row extends OrderKeys {
  mapping: Mapping;
  /** The catalog's label of the target, or its API name when the catalog does not know it. */
  label: string;
  /** The target's type in the catalog, or '' when unknown. */
  type: string;
  /** "Salesforce · Case". */
  where: string;
  /** Everything the filter matches, lower case: label, API name, source keys, object, id. */
  search: string;
}

export type SortKey = 'where' | 'label' | 'field' | 'sources' | 'policy' | 'enabled';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

const sortValue: Record<SortKey, (r: Row) => string> = {
  where: (r) => r.whereKey,
  label: (r) => r.labelKey,
  field: (r) => r.mapping.field.toLowerCase(),
  sources: (r) => r.mapping.sources.join(', ').toLowerCase(),
  policy: (r) => r.mapping.policy,
  enabled: (r) => (r.mapping.enabled ? '1' : '0'),
};

/** Rows in the chosen order; ties by object, then label, then id, so the order never jumps. */
export function sortRows(rows: readonly Row[], sort: Sort): Row[] {
  const pick = sortValue[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, key: pick(row) }));
  keyed.sort((a, b) => sign * cmp(a.key, b.key) || byTableOrder(a.row, b.row));
  return keyed.map((k) => k.row);
}

/** The rows whose search string holds every word of the filter (any order, any case). */
export function filterRows(rows: readonly Row[], filter: string): readonly Row[] {
  const words = filterWords(filter);
  return words.length === 0 ? rows : rowsWithWords(rows, words);
}

/** The rows whose search string holds every one of `words` (lower case). */
function rowsWithWords(rows: readonly Row[], words: readonly string[]): Row[] {
  if (words.length === 1) {
    const word = words[0] as string;
    return rows.filter((r) => r.search.includes(word));
  }
  return rows.filter((r) => matchesWords(r.search, words));
}

export function createOptionsStore(api: OptionsApi) {
  const s = optionsState();
  return {
    ...s,
    fieldsFor: (platform: PlatformId, object: string): FieldSpec[] | undefined =>
      s.fields.value.get(objectKey(platform, object)),
    /** The orgs with an imported catalog of the object (what `fieldsFor` merges), by name. */
    orgsFor: (platform: PlatformId, object: string): string[] =>
      [
        ...new Set(
          s.catalogs.value
            .filter((c) => c.platform === platform && c.object === object)
            .map((c) => c.org),
        ),
      ].sort(),
    load: () => load(api, s),
    reloadMappings: () => reloadMappings(api, s),
    reloadCatalogs: () => reloadCatalogs(api, s),
    save: (input: MappingInput) => save(api, s, input),
    remove: (mapping: Mapping) => remove(api, s, mapping),
    setShownEnabled: (enabled: boolean) => setShownEnabled(api, s, enabled),
    importFile: (file: unknown, mode: MergeMode) => importFile(api, s, file, mode),
  };
}

export type OptionsStore = ReturnType<typeof createOptionsStore>;
type OptionsState = ReturnType<typeof optionsState>;

/** The page's signals, and the rows computed from them (sorted, filtered). */
function optionsState() {
  const mappings = signal<Mapping[]>([]);
  const catalogs = signal<Catalog[]>([]);
  const status = signal<'loading' | 'ready' | 'failed'>('loading');
  const filter = signal('');
  const sort = signal<Sort>({ key: 'where', dir: 'asc' });
  /**
   * Before every mapping has arrived: the table's first screen in its default order (the background
   * sorts them as `sortRows` will), how many mappings there are, and the catalog fields its rows
   * show. Shown read-only.
   */
  const firstScreen = signal<FirstScreen | null>(null);
  const policy = signal<PolicyStatus | null>(null);

  const fields = computed(() => fieldsByObject(catalogs.value));
  /** platform · object → lowercase API name → the field and its lowercase label, for the rows. */
  const specIndex = computed(() => specIndexOf(fields.value));
  const rowsOf = cachedRows();
  const rows = computed(() => rowsOf(mappings.value, specIndex.value));
  const firstRows = computed(() => {
    const first = firstScreen.value;
    return first ? rowsOf(first.mappings, specIndexOfFields(first.fields)) : [];
  });
  const sorted = computed(() => sortRows(rows.value, sort.value));
  const filterShown = rememberingFilter(rowsWithWords);
  /** The rows the table shows: the filtered, sorted mappings; the first screen while they load. */
  const shown = computed(() => {
    if (status.value === 'ready') return filterShown(sorted.value, filter.value);
    return filterWords(filter.value).length === 0 ? firstRows.value : [];
  });
  return {
    mappings,
    catalogs,
    status,
    banner: signal<Banner | null>(null),
    filter,
    sort,
    busy: signal(false),
    firstScreen,
    rows,
    sorted,
    shown,
    takenIds: computed(() => new Set(mappings.value.map((m) => m.id))),
    fields,
    specIndex,
    /**
     * The organisation's policy: what it sets (read-only here: mapping ids, settings keys,
     * transcript-profile platforms) and the last policy refused. Null until known.
     */
    policy,
    /** The mappings the policy sets. */
    managedIds: computed(
      (): ReadonlySet<string> => new Set(policy.value?.managed.mappingIds ?? []),
    ),
  };
}

/**
 * Rows cached by mapping object: an edit recomputes one row, not 5,000. Reset when the spec index
 * changes (new catalogs).
 */
function cachedRows(): (list: readonly Mapping[], index: SpecIndex) => Row[] {
  let rowCache = new WeakMap<Mapping, Row>();
  let cacheFor: SpecIndex | null = null;
  return (list, index) => {
    if (cacheFor !== index) {
      rowCache = new WeakMap();
      cacheFor = index;
    }
    /** "Salesforce · Case" and its lower case, built once per object rather than once per row. */
    const places = new Map<string, Place>();
    return list.map((m) => {
      let row = rowCache.get(m);
      if (!row) {
        const key = objectKey(m.platform, m.object);
        let place = places.get(key);
        if (!place) {
          const where = whereOf(m.platform, m.object);
          place = { where, whereKey: where.toLowerCase(), fields: index.get(key) };
          places.set(key, place);
        }
        row = toRow(m, place, place.fields?.get(m.field.toLowerCase()));
        rowCache.set(m, row);
      }
      return row;
    });
  };
}

// ─── Actions ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Loads the catalogs and every mapping. With 5,000 mappings their transfer and rows take longer
 * than the page's first frame, so the table's first screen (with the labels its rows show) is
 * asked for first and shown as soon as it is here; every mapping and the catalogs are asked for
 * once that screen is painted, so they do not arrive while the page draws it.
 */
async function load(api: OptionsApi, s: OptionsState): Promise<void> {
  s.status.value = 'loading';
  s.firstScreen.value = null;
  const first = api.firstScreen?.();
  first?.then(
    (screen) => {
      if (s.status.peek() !== 'loading') return;
      performance.mark?.('hf:first-screen-loaded');
      s.firstScreen.value = screen;
    },
    () => undefined,
  );
  // Asked beside the mappings: which rows are read-only. Without an answer none is marked (the
  // background still refuses a change to them).
  const policy = afterFirstPaint(first, async () => api.policyStatus?.()).catch(() => undefined);
  try {
    const [[list, c], status] = await Promise.all([
      afterFirstPaint(first, () => Promise.all([api.list(), api.catalogs()])),
      policy,
    ]);
    // User Timing for the benchmark and the e2e measurement: every mapping at hand.
    performance.mark?.('hf:mappings-loaded');
    batch(() => {
      if (status) s.policy.value = status;
      s.mappings.value = list;
      s.catalogs.value = c;
      s.firstScreen.value = null;
      s.status.value = 'ready';
    });
  } catch (error) {
    batch(() => {
      s.firstScreen.value = null;
      s.status.value = 'failed';
      s.banner.value = { tone: 'error', title: 'Mappings not loaded.', text: messageOf(error) };
    });
  }
}

async function reloadMappings(api: OptionsApi, s: OptionsState): Promise<void> {
  s.mappings.value = await api.list();
}

async function reloadCatalogs(api: OptionsApi, s: OptionsState): Promise<void> {
  s.catalogs.value = await api.catalogs();
}

/** How the page names a mapping in its messages: its field's label, as the table shows it. */
function labelOf(s: OptionsState, m: Mapping): string {
  const key = objectKey(m.platform, m.object);
  return s.specIndex.value.get(key)?.get(m.field.toLowerCase())?.spec.label ?? m.field;
}

/** Saves; on refusal shows the background's message and returns null (the editor keeps the draft). */
async function save(
  api: OptionsApi,
  s: OptionsState,
  input: MappingInput,
): Promise<Mapping | null> {
  s.banner.value = null;
  try {
    const saved = await api.save(input);
    const at = s.mappings.value.findIndex((m) => m.id === saved.id);
    s.mappings.value =
      at === -1
        ? [...s.mappings.value, saved]
        : s.mappings.value.map((m, i) => (i === at ? saved : m));
    s.banner.value = { tone: 'success', title: 'Saved.', text: `${labelOf(s, saved)} is mapped.` };
    return saved;
  } catch (error) {
    s.banner.value = { tone: 'error', title: 'Not saved.', text: messageOf(error) };
    return null;
  }
}

async function remove(api: OptionsApi, s: OptionsState, mapping: Mapping): Promise<boolean> {
  s.banner.value = null;
  try {
    await api.remove(mapping.id);
    s.mappings.value = s.mappings.value.filter((m) => m.id !== mapping.id);
    s.banner.value = {
      tone: 'success',
      title: 'Deleted.',
      text: `${labelOf(s, mapping)} is no longer mapped.`,
    };
    return true;
  } catch (error) {
    s.banner.value = { tone: 'error', title: 'Not deleted.', text: messageOf(error) };
    return false;
  }
}

/**
 * Turns every shown (filtered) mapping on or off, in one transaction; those the organisation's
 * policy sets stay as the policy says.
 */
async function setShownEnabled(api: OptionsApi, s: OptionsState, enabled: boolean): Promise<void> {
  const managed = s.managedIds.value;
  const ids = s.shown.value
    .filter((r) => r.mapping.enabled !== enabled && !managed.has(r.mapping.id))
    .map((r) => r.mapping.id);
  s.banner.value = null;
  if (ids.length === 0) {
    s.banner.value = {
      tone: 'success',
      title: 'Nothing to change.',
      text: `Every shown mapping is already ${enabled ? 'enabled' : 'disabled'}${managed.size > 0 ? ' or set by your organisation' : ''}.`,
    };
    return;
  }
  s.busy.value = true;
  try {
    const changed = await api.setEnabled(ids, enabled);
    const byId = new Map(changed.map((m) => [m.id, m]));
    s.mappings.value = s.mappings.value.map((m) => byId.get(m.id) ?? m);
    s.banner.value = {
      tone: 'success',
      title: enabled ? 'Enabled.' : 'Disabled.',
      text: `${changed.length} ${changed.length === 1 ? 'mapping' : 'mappings'} ${enabled ? 'turned on' : 'turned off'}.`,
    };
  } catch (error) {
    s.banner.value = { tone: 'error', title: 'Nothing changed.', text: messageOf(error) };
  } finally {
    s.busy.value = false;
  }
}

/** Applies a parsed mappings file; the background validates it again. */
async function importFile(api: OptionsApi, s: OptionsState, file: unknown, mode: MergeMode) {
  const result = await api.importFile(file, mode);
  if (result.applied) await reloadMappings(api, s);
  return result;
}

/** Where a mapping's target lives, shared by every row of that object. */
interface Place {
  where: string;
  whereKey: string;
  fields: Map<string, LabelledSpec> | undefined;
}

function toRow(m: Mapping, place: Place, found: LabelledSpec | undefined): Row {
  const label = found?.spec.label ?? m.field;
  return {
    mapping: m,
    label,
    type: found?.spec.type ?? '',
    where: place.where,
    search: searchText(m, label, place.where),
    whereKey: place.whereKey,
    labelKey: found?.labelKey ?? label.toLowerCase(),
    id: m.id,
  };
}
