/**
 * A platform is one folder: Fictiondesk (./descriptor.ts, ./index.ts), registered from this folder
 * alone, runs through every place that used to name Salesforce or Kustomer — the schemas, the
 * catalog checks, the popup's targets and words, the planner, the settings, the background (its
 * client, pasted catalogs, the handoff engine). Each expectation is one Salesforce or Kustomer
 * would answer differently (a `Shout` slot stores capitals, names ignore case, "slot", `ticket`),
 * so anything that still branches on a platform id, or falls through to Kustomer's behaviour,
 * fails here.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { idBase } from '@/components/popup/mapping-draft';
import { rememberedTarget, targets, wordsFor } from '@/components/popup/targets';
import { backgroundServices } from '@/lib/background/services';
import { planFill } from '@/lib/mapping/plan';
import { Mapping, type MappingInput } from '@/lib/mapping/schema';
import { checkMappings, problemLine } from '@/lib/mapping/validate-catalog';
import { createRouter } from '@/lib/messaging/router';
import { catalogFromPlatformResponse } from '@/lib/platforms/catalog-import';
import { recordUrl } from '@/lib/platforms/console-tabs';
import {
  isPlatformId,
  platformDescriptor,
  platformNames,
  rulesFor,
  UnknownPlatformError,
} from '@/lib/platforms/descriptor-registry';
import { backgroundPlatform, registerPlatform } from '@/lib/platforms/registry';
import type { RecordRef } from '@/lib/platforms/types';
import { RecordFieldSource } from '@/lib/settings/schema';
import { openHandoffDb } from '@/lib/store/db';
import { fictional, fictionalDesk, fictionalSlots } from './index';

const TICKET: RecordRef = { platform: 'fictional', org: 'acme', object: 'ticket', id: 'T-7' };
const slotsAnswer = { fictiondesk: 'slots', object: 'ticket', slots: fictionalSlots };
const mapping = (id: string, field: string, over: Partial<MappingInput> = {}) =>
  Mapping.parse({ id, platform: 'fictional', object: 'ticket', field, sources: [id], ...over });

let unregister: () => void;
beforeAll(() => {
  unregister = registerPlatform(fictional);
});
afterAll(() => unregister());

describe('a third platform, registered from one folder', () => {
  it('is known on both sides of the registry, and by the schemas', () => {
    expect(backgroundPlatform('fictional')).toBe(fictional);
    expect(platformDescriptor('fictional').name).toBe('Fictiondesk');
    expect(platformNames.fictional).toBe('Fictiondesk');
    expect(mapping('tier', 'tier').platform).toBe('fictional');
    expect(rulesFor('fictional').coerce(fictionalSlots[0] as never, 'gold')).toEqual({
      ok: true,
      value: 'GOLD',
    });
    expect(recordUrl(TICKET)).toBe('https://acme.fictiondesk.example/desk/tickets/T-7');
  });

  it('is offered by the popup with its own words and id rule', () => {
    const ticket = targets.find((t) => t.key === 'fictional:ticket');
    expect(ticket).toEqual({
      key: 'fictional:ticket',
      platform: 'fictional',
      object: 'ticket',
      platformName: 'Fictiondesk',
      objectName: 'Ticket',
      noun: 'ticket',
    });
    const remembered = { getItem: () => 'fictional:ticket', setItem: () => undefined };
    expect(rememberedTarget(remembered)).toBe(ticket);
    expect(wordsFor('fictional').fieldNoun).toBe('slot');
    // Salesforce would give `accounttier`, Kustomer `ticket-account-tier`.
    expect(idBase('accountTier', { platform: 'fictional', object: 'ticket' })).toBe('account-tier');
  });

  it('has its mappings checked against its catalog with its own rules', () => {
    const catalog = catalogFromPlatformResponse(slotsAnswer);
    expect(catalog).toEqual({ platform: 'fictional', object: 'ticket', fields: fictionalSlots });
    if ('error' in catalog) throw new Error(catalog.error);
    const check = checkMappings(
      [
        mapping('level', 'level', { valueMap: [{ from: 'top', to: 'seven' }] }),
        mapping('tier', 'tier'),
        // Fictiondesk names ignore case: `TIER` is `tier`, filled twice.
        mapping('tier-again', 'TIER'),
        mapping('elsewhere', 'note', { object: 'conversation' }),
      ],
      [catalog],
    );
    expect(check.problems.filter((p) => p.severity === 'error').map(problemLine)).toEqual([
      "mappings[0].valueMap[0].to (Level): 'seven' is not a Fictiondesk level (1 to 5)",
      'mappings[2].field (Tier): TIER is already filled by mappings[1] (from "tier"), which comes first by id: this mapping would be refused at every handoff; remove one or disable it',
      'mappings[3].object (note): Fictiondesk mappings fill "ticket", not "conversation"',
    ]);
    // Without a catalog too, the platform's rule says `NOTE` and `note` are one slot.
    const uncataloged = checkMappings([mapping('a', 'note'), mapping('b', 'NOTE')], []);
    expect(uncataloged.problems.map((p) => p.path)).toEqual(['mappings[1].field']);
    expect(uncataloged.unchecked).toEqual([{ platform: 'fictional', object: 'ticket', count: 2 }]);
  });

  it('is planned with its own rules', () => {
    const plan = planFill({
      context: { Tier: 'gold', Level: '4' },
      mappings: [mapping('Tier', 'tier'), mapping('Level', 'level')],
      fields: fictionalSlots,
      current: {},
      rules: fictional.rules,
    });
    expect(plan.write).toEqual({ tier: 'GOLD', level: 4 });
  });

  it('takes its own context fields in the settings', () => {
    expect(
      RecordFieldSource.safeParse({
        platform: 'fictional',
        object: 'ticket',
        field: 'handoffNotes',
      }).success,
    ).toBe(true);
    const wrong = RecordFieldSource.safeParse({
      platform: 'fictional',
      object: 'conversation',
      field: 'summaryTxt',
    });
    expect(wrong.error?.issues.map((i) => i.message)).toEqual([
      'a Fictiondesk context slot is on "ticket", not "conversation"',
      '"summaryTxt" is not a notes slot: its key ends in Notes',
    ]);
  });
});

describe('a third platform in the background', () => {
  let n = 0;
  let route: ReturnType<typeof createRouter>;
  const send = async <T>(message: unknown): Promise<T> => {
    const reply = await route(message);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data as T;
  };

  beforeEach(async () => {
    fictionalDesk.tickets.clear();
    fictionalDesk.writes.length = 0;
    const db = await openHandoffDb(`fictional-${n++}`);
    // No network and no cookies: a request that reached Salesforce's or Kustomer's client fails.
    const fetch = (async () => {
      throw new Error('no platform but Fictiondesk may be asked');
    }) as unknown as typeof globalThis.fetch;
    const cookies = { get: async () => null, getAll: async () => [] };
    route = createRouter(backgroundServices({ db, cookies, fetch }).handlers);
  });

  it('stores its pasted catalog and mappings, then fills a ticket from a bot handoff', async () => {
    const pasted = await send<{ stored: { platform: string; object: string } }>({
      type: 'catalog:paste',
      org: 'acme',
      json: slotsAnswer,
    });
    expect(pasted.stored).toMatchObject({ platform: 'fictional', object: 'ticket' });
    for (const m of [mapping('Tier', 'tier'), mapping('Level', 'level')]) {
      await send({ type: 'mappings:save', mapping: m });
    }

    const view = await send<{ state: string; targets: RecordRef[] }>({
      type: 'handoff:messages',
      record: TICKET,
      messages: [
        {
          platformMessageId: 'm1',
          author: 'bot',
          text: 'Thanks, connecting you.\nHandoff context\nTier: gold\nLevel: 4',
        },
      ],
    });
    expect(view.state).toBe('done');
    expect(view.targets).toEqual([TICKET]);
    expect(fictionalDesk.writes).toEqual([{ id: 'T-7', values: { tier: 'GOLD', level: 4 } }]);
  });

  it('refuses what its descriptor refuses, in its words', async () => {
    const badOrg = await route({ type: 'catalog:import', platform: 'fictional', org: 'a.b' });
    expect(badOrg).toMatchObject({
      ok: false,
      error: {
        message: "'a.b' is not a Fictiondesk org: use the first part of <org>.fictiondesk.example.",
      },
    });
    // Fictiondesk writes as the signed-in agent: it takes no API key (Kustomer would).
    const key = await route({
      type: 'credentials:set',
      platform: 'fictional',
      org: 'acme',
      apiKey: 'k'.repeat(30),
    });
    expect(JSON.stringify(key)).toContain('Fictiondesk takes no API key');
    const imported = await send<{ imported: { object: string }[] }>({
      type: 'catalog:import',
      platform: 'fictional',
      org: 'acme',
    });
    expect(imported.imported.map((c) => c.object)).toEqual(['ticket']);
  });
});

describe('once the platform is gone', () => {
  it('is refused loudly, never taken for another platform', () => {
    const again = registerPlatform({ ...fictional, id: 'fleeting', name: 'Fleeting' });
    expect(isPlatformId('fleeting')).toBe(true);
    again();
    expect(isPlatformId('fleeting')).toBe(false);
    expect(() => platformDescriptor('fleeting')).toThrow(UnknownPlatformError);
    expect(() => backgroundPlatform('fleeting')).toThrow(UnknownPlatformError);
    expect(Mapping.safeParse({ ...mapping('x', 'note'), platform: 'fleeting' }).success).toBe(
      false,
    );
    expect(targets.some((t) => t.platform === 'fleeting')).toBe(false);
  });
});
