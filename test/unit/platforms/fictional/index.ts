/**
 * Fictiondesk's background half: ./descriptor.ts plus a client that talks to no network — an
 * in-memory desk (`fictionalDesk`) the test reads the writes from — and its catalog format, a
 * saved `GET /api/slots` answer: `{"fictiondesk": "slots", "object": "ticket", "slots": […]}`.
 */
import type { FieldSpec } from '@/lib/platforms/field-rules';
import type { CatalogRead, Platform } from '@/lib/platforms/platform';
import type { PlatformClient } from '@/lib/platforms/platform-client';
import { fictionalDescriptor, fictionalRules } from './descriptor';

/** The desk's tickets by id, and every write the client made (which ticket, which values). */
export const fictionalDesk = {
  tickets: new Map<string, Record<string, unknown>>(),
  writes: [] as { id: string; values: Record<string, unknown> }[],
  /** How many clients the background built (one per platform, when first needed). */
  clients: 0,
};

export const fictionalSlots: FieldSpec[] = [
  { name: 'tier', label: 'Tier', type: 'Shout', updateable: true },
  { name: 'level', label: 'Level', type: 'Level', updateable: true },
  { name: 'note', label: 'Note', type: 'Text', updateable: true },
  { name: 'handoffNotes', label: 'Handoff notes', type: 'Text', updateable: true },
];

function readSlots(json: unknown): CatalogRead | null {
  const o = json as { fictiondesk?: unknown; object?: unknown; slots?: unknown } | null;
  if (typeof o !== 'object' || o === null || o.fictiondesk !== 'slots') return null;
  if (typeof o.object !== 'string' || !Array.isArray(o.slots)) {
    return { error: 'This Fictiondesk answer lists no slots: save GET /api/slots as it is' };
  }
  return { object: o.object, fields: o.slots as FieldSpec[] };
}

function fictionalClient(): PlatformClient {
  fictionalDesk.clients++;
  return {
    rules: fictionalRules,
    resolveTargets: async (record) => [record],
    describe: async () => fictionalSlots,
    async read(target, fields) {
      const ticket = fictionalDesk.tickets.get(target.id) ?? {};
      return { values: Object.fromEntries(fields.map((f) => [f, ticket[f] ?? null])) };
    },
    async write(target, values) {
      fictionalDesk.writes.push({ id: target.id, values });
      fictionalDesk.tickets.set(target.id, { ...fictionalDesk.tickets.get(target.id), ...values });
      return { ok: true };
    },
  };
}

export const fictional: Platform = {
  ...fictionalDescriptor,
  catalog: { expected: 'a Fictiondesk slot list (GET /api/slots)', read: readSlots },
  createClient: () => fictionalClient(),
};
