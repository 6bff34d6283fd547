/**
 * The organisation's policy in the background: read from the browser's managed storage at start
 * and again whenever the browser says it changed (`storage.onChanged`, area `managed`), judged by
 * lib/settings/policy.ts, and kept when good (lib/store/policy.ts) so that a refused policy leaves
 * the last good one in force, across restarts too. The stores' effective views
 * (./effective.ts) ask it for the policy in force.
 */
import type { Handlers } from '../messaging/router';
import type { PolicyStatus } from '../settings/managed';
import {
  EMPTY_POLICY,
  type ManagedPolicy,
  managedEntries,
  parsePolicy,
  sameJson,
} from '../settings/policy';
import type { PolicyRepo } from '../store/policy';

/** `browser.storage.managed`: the policies the browser delivers for this extension. */
export interface ManagedStorage {
  get(): Promise<Record<string, unknown>>;
}

export interface PolicyService {
  /** The policy in force (the last good one), once the start's reading is done. */
  current(): Promise<ManagedPolicy>;
  /** Reads the browser's policy again; told apart from the one in force, applied or refused. */
  refresh(): Promise<void>;
  status(): Promise<PolicyStatus>;
  /** Called after a new policy is applied (not at start): what mirrors the settings follows it. */
  onApplied(listener: () => Promise<void>): void;
}

interface InForce {
  policy: ManagedPolicy;
  /** As the browser delivered it: a delivery equal to it changes nothing. */
  raw: Record<string, unknown>;
  appliedAt?: number;
}

export function policyService(deps: {
  repo: PolicyRepo;
  /** Absent where the browser has none (unit tests): no policy, ever. */
  managed?: ManagedStorage;
  now(): number;
}): PolicyService {
  let inForce: InForce = { policy: EMPTY_POLICY, raw: {} };
  let refused: PolicyStatus['error'];
  const listeners: Array<() => Promise<void>> = [];

  /** The browser's policy, applied when good and new; true when it was applied. */
  async function readBrowser(): Promise<boolean> {
    if (!deps.managed) return false;
    // Firefox answers a rejection when no policy names the add-on: that is no policy.
    const raw: unknown = await deps.managed.get().catch(() => ({}));
    if (sameJson(raw, inForce.raw)) {
      refused = undefined;
      return false;
    }
    const parsed = parsePolicy(raw);
    if (!parsed.ok) {
      refused = { receivedAt: deps.now(), errors: parsed.errors };
      return false;
    }
    const applied = { raw: raw as Record<string, unknown>, appliedAt: deps.now() };
    inForce = { policy: parsed.policy, ...applied };
    refused = undefined;
    // Kept for the next start; if it cannot be written, that start reads the browser again anyway.
    await deps.repo.save(applied).catch(() => undefined);
    return true;
  }

  async function start(): Promise<void> {
    const kept = await deps.repo.get().catch(() => undefined);
    const parsed = kept && parsePolicy(kept.raw);
    // A kept policy that today's rules refuse is not kept: the browser's is read as new.
    if (kept && parsed?.ok) inForce = { policy: parsed.policy, ...kept };
    await readBrowser();
  }

  const ready = start();
  let refreshing: Promise<void> = ready;

  return {
    async current() {
      await ready;
      return inForce.policy;
    },
    refresh() {
      const next = async () => {
        if (!(await readBrowser())) return;
        for (const listener of listeners) await listener().catch(() => undefined);
      };
      refreshing = refreshing.then(next, next);
      return refreshing;
    },
    async status() {
      await ready;
      const set = Object.keys(inForce.raw).length > 0;
      return {
        managed: managedEntries(inForce.policy),
        ...(refused && { error: refused }),
        ...(set && inForce.appliedAt !== undefined && { appliedAt: inForce.appliedAt }),
      };
    },
    onApplied(listener) {
      listeners.push(listener);
    },
  };
}

export function policyHandlers(policy: PolicyService): Pick<Handlers, 'policy:status'> {
  return { 'policy:status': () => policy.status() };
}
