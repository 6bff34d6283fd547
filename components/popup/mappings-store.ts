/**
 * The panel's state as signals, and the actions that change it through the MappingsApi. Components
 * read these signals and call these actions; none of them talks to the api directly.
 */
import { computed, signal } from '@preact/signals';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import type { FieldSpec } from '../../lib/platforms/types';
import type { MappingsApi } from './api';
import { TARGET } from './mapping-draft';

export interface Banner {
  tone: 'error' | 'success';
  /** Bold lead-in, e.g. "Not saved." */
  title: string;
  text: string;
}

const messageOf = (error: unknown): string =>
  error instanceof Error && error.message
    ? error.message
    : 'The extension did not answer. Try again.';

export function createMappingsStore(api: MappingsApi) {
  const all = signal<Mapping[]>([]);
  const status = signal<'loading' | 'ready' | 'failed'>('loading');
  const catalog = signal<FieldSpec[]>([]);
  const banner = signal<Banner | null>(null);
  /** Ids with a toggle or delete in flight: their controls wait, so clicks are not doubled. */
  const pending = signal<ReadonlySet<string>>(new Set());

  const caseMappings = computed(() =>
    all.value.filter((m) => m.platform === TARGET.platform && m.object === TARGET.object),
  );
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

  async function load(): Promise<void> {
    status.value = 'loading';
    try {
      const [mappings, fields] = await Promise.all([
        api.list(),
        // The catalog only helps; without it the admin types API names.
        api.fields(TARGET.object).catch(() => [] as FieldSpec[]),
      ]);
      all.value = mappings;
      catalog.value = fields;
      status.value = 'ready';
    } catch (error) {
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
    caseMappings,
    takenIds,
    status,
    catalog,
    banner,
    pending,
    load,
    save,
    setEnabled,
    remove,
  };
}

export type MappingsStore = ReturnType<typeof createMappingsStore>;
