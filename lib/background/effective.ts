/**
 * The mappings and settings in force: the local stores with the organisation's policy on top
 * (lib/settings/policy.ts). Everything in the background reads through these — the engine's
 * handoffs, the test bench, the pages' lists — so a managed entry wins everywhere at once; and every
 * local change goes through them, so a change to a managed entry is refused in one place.
 */
import { Mapping } from '../mapping/schema';
import { PlatformError } from '../platforms/platform-client';
import type { PlatformId } from '../platforms/types';
import {
  effectiveMappings,
  effectiveSettings,
  localSettingsEdit,
  type ManagedPolicy,
  managedMappingsRefusal,
} from '../settings/policy';
import { parseSettings } from '../settings/schema';
import type { MappingsRepo } from '../store/mappings';
import type { SettingsRepo } from '../store/settings';
import type { PolicyService } from './policy';

/** Throws the refusal when any of `ids` is a managed mapping. */
function refuseManaged(ids: readonly string[], policy: ManagedPolicy): void {
  const refusal = managedMappingsRefusal(ids, policy);
  if (refusal) throw new PlatformError('managed-by-policy', refusal);
}

/**
 * The mappings repository as the background uses it: reads merge the managed mappings in (the
 * same array until the local mappings or the policy change, as `every()` promises); writes to a
 * managed id are refused. Without managed mappings, every read is the local store's own.
 */
export function effectiveMappingsRepo(local: MappingsRepo, policy: PolicyService): MappingsRepo {
  let kept: {
    local: readonly Mapping[];
    policy: ManagedPolicy;
    merged: readonly Mapping[];
  } | null = null;
  const every = async (): Promise<readonly Mapping[]> => {
    const [rows, inForce] = await Promise.all([local.every(), policy.current()]);
    if (kept?.local !== rows || kept.policy !== inForce) {
      kept = { local: rows, policy: inForce, merged: effectiveMappings(rows, inForce.mappings) };
    }
    return kept.merged;
  };
  const managing = async () => (await policy.current()).mappings.length > 0;

  return {
    async list(platform?: PlatformId, options: { object?: string; limit?: number } = {}) {
      if (!(await managing())) return local.list(platform, options);
      const { object, limit } = options;
      const found = (await every()).filter(
        (m) =>
          (!platform || m.platform === platform) &&
          (!platform || object === undefined || m.object === object),
      );
      return limit === undefined ? found : found.slice(0, limit);
    },
    every,
    async forObject(platform: PlatformId, object: string) {
      if (!(await managing())) return local.forObject(platform, object);
      return (await every()).filter((m) => m.platform === platform && m.object === object);
    },
    async save(input: unknown) {
      const mapping = Mapping.parse(input);
      refuseManaged([mapping.id], await policy.current());
      return local.save(mapping);
    },
    async remove(id: string) {
      refuseManaged([id], await policy.current());
      return local.remove(id);
    },
    async update(change) {
      const inForce = await policy.current();
      return local.update((existing) => {
        const decided = change(existing);
        refuseManaged(
          decided.put.map((m) => m.id),
          inForce,
        );
        return decided;
      });
    },
    async setEnabled(ids: readonly string[], enabled: boolean) {
      refuseManaged(ids, await policy.current());
      return local.setEnabled(ids, enabled);
    },
  };
}

/**
 * The settings repository as the background uses it: `get` answers the settings in force; `save`
 * stores the admin's own settings, refusing an edit of a managed key (lib/settings/policy.ts
 * `localSettingsEdit`) and answering the settings in force after it.
 */
export function effectiveSettingsRepo(local: SettingsRepo, policy: PolicyService): SettingsRepo {
  return {
    async get() {
      const [stored, inForce] = await Promise.all([local.get(), policy.current()]);
      return effectiveSettings(stored, inForce);
    },
    async save(input: unknown) {
      const parsed = parseSettings(input);
      if (!parsed.ok) return parsed;
      const [stored, inForce] = await Promise.all([local.get(), policy.current()]);
      const edit = localSettingsEdit(input, parsed.settings, stored, inForce);
      if (!edit.ok) return edit;
      const saved = await local.save(edit.settings);
      return saved.ok ? { ok: true, settings: effectiveSettings(saved.settings, inForce) } : saved;
    },
  };
}
