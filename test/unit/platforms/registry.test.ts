/**
 * The platform registry (lib/platforms/registry.ts and its content-safe half, descriptor-registry.ts):
 * the two lists agree, every lookup of an unregistered id throws instead of guessing, and platform
 * ids are checked against the registry when parsed.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { consoleTabPatterns } from '@/lib/platforms/console-tabs';
import {
  apiKeyOrgProblem,
  platformDescriptor,
  platformDescriptors,
  platformIds,
  quotedList,
  UnknownPlatformError,
} from '@/lib/platforms/descriptor-registry';
import {
  backgroundPlatform,
  backgroundPlatforms,
  registerPlatform,
} from '@/lib/platforms/registry';
import { PlatformId } from '@/lib/platforms/types';
import config from '../../../wxt.config';

describe('the registry', () => {
  it('lists the same platforms on both sides, each background descriptor built on its content one', () => {
    expect(backgroundPlatforms().map((p) => p.id)).toEqual(['salesforce', 'kustomer']);
    expect(platformDescriptors().map((p) => p.id)).toEqual(platformIds);
    for (const p of backgroundPlatforms()) {
      const content = platformDescriptor(p.id);
      expect(p.rules).toBe(content.rules);
      expect(p.console).toBe(content.console);
      expect(p.words).toBe(content.words);
    }
  });

  it('throws for a platform it does not list, on either side', () => {
    expect(() => platformDescriptor('zendesk')).toThrow(UnknownPlatformError);
    expect(() => backgroundPlatform('zendesk')).toThrow(
      'Handoff Fields does not know the platform "zendesk": it knows "salesforce" and "kustomer".',
    );
    expect(() => consoleTabPatterns('zendesk')).toThrow(UnknownPlatformError);
    expect(consoleTabPatterns('kustomer')).toEqual(['https://*.kustomerapp.com/app/*']);
  });

  it('refuses to register an id twice', () => {
    expect(() => registerPlatform(backgroundPlatform('kustomer'))).toThrow(/already registered/);
    expect(platformIds).toEqual(['salesforce', 'kustomer']);
  });

  it('checks ids when they are parsed, and names the registered ones', () => {
    expect(PlatformId.parse('kustomer')).toBe('kustomer');
    const refused = PlatformId.safeParse('zendesk');
    expect(refused.error?.issues[0]).toMatchObject({
      code: 'invalid_value',
      values: ['salesforce', 'kustomer'],
    });
    expect(z.toJSONSchema(PlatformId)).toMatchObject({ enum: ['salesforce', 'kustomer'] });
    expect(quotedList(platformIds)).toBe('"salesforce" or "kustomer"');
  });

  it('asks each platform for its host permissions', () => {
    expect(config.manifest).toMatchObject({
      host_permissions: platformDescriptors().flatMap((p) => p.hostPermissions),
    });
  });
});

describe('the transcript profiles the descriptors hold', () => {
  it('say what every key names, for the admin; the content scripts carry the kinds alone', () => {
    for (const p of platformDescriptors()) {
      const { shape, words } = p.transcriptProfile;
      expect(Object.keys(words).sort(), p.id).toEqual(Object.keys(shape).sort());
      for (const [key, spec] of Object.entries(shape)) {
        expect(words[key]?.trim(), `${p.id}.${key}`).toBeTruthy();
        // The words stay out of the shape, which the content script's bundle holds.
        expect(Object.keys(spec), `${p.id}.${key}`).toEqual(['kind']);
      }
    }
  });
});

describe('platform rules the descriptors hold', () => {
  it('takes API keys only where the platform says so', () => {
    expect(apiKeyOrgProblem('salesforce', 'acme')).toEqual({
      path: 'platform',
      message: 'Salesforce takes no API key: it writes as the signed-in agent',
    });
    expect(apiKeyOrgProblem('kustomer', 'acme')).toBeNull();
    expect(apiKeyOrgProblem('kustomer', 'a.b')?.path).toBe('org');
  });

  it('knows a Salesforce record by its 15- and its 18-character id', () => {
    const sf = platformDescriptor('salesforce');
    expect(sf.sameConversation?.('0Mw5g00000Ms0a1', '0Mw5g00000Ms0a1CAB')).toBe(true);
    expect(sf.sameConversation?.('0Mw5g00000Ms0a1', '0Mw5g00000Ms0a2CAB')).toBe(false);
    expect(platformDescriptor('kustomer').sameConversation).toBeUndefined();
  });
});
