/**
 * A platform's descriptor as the background uses it: the descriptor
 * (./platform-descriptor.ts) plus what only the background may run — its API client, built from the
 * browser's cookies, the stored API keys and `fetch`, and the reading of a catalog response an
 * admin saved. Each platform's `lib/platforms/<platform>/index.ts` exports one; ./registry.ts
 * lists them.
 */
import type { Settings } from '../settings/schema';
import type { SecretsRepo } from '../store/secrets';
import type { AuditPace } from './platform-audit';
import type { PlatformClient } from './platform-client';
import type { PlatformDescriptor } from './platform-descriptor';
import type { FieldSpec } from './types';

export interface Platform extends PlatformDescriptor {
  readonly catalog: CatalogFormat;
  /** The platform's API client; the background builds one per platform when it starts. */
  createClient(deps: ClientDeps): PlatformClient;
  /** Where the background keeps an org's API key (`auth.kind === 'api-key'` only). */
  readonly apiKeys?: ApiKeyStore;
  /** How hard an audit may press this platform's API (absent: one record at a time, unpaced). */
  readonly auditPace?: AuditPace;
}

/** What a platform's client is built from. */
export interface ClientDeps {
  cookies: CookieJar;
  /** The API keys admins entered: read by the client only, never sent to a page. */
  secrets: Pick<SecretsRepo, 'reveal'>;
  fetch?: typeof fetch;
  /** The saved settings, asked at each use: an admin may change them while the worker runs. */
  settings(): Promise<Settings>;
}

/** The part of `browser.cookies` the platforms use (HttpOnly cookies are returned to extensions). */
export interface CookieJar {
  get(details: { url: string; name: string }): Promise<{ value: string } | null | undefined>;
  getAll(details: {
    name: string;
    domain: string;
    secure?: boolean;
  }): Promise<{ name: string; value: string; domain: string }[]>;
}

/** A catalog response as an admin saved it (pasted on the options page, the CLI's `--catalog`). */
export interface CatalogFormat {
  /** What this platform's response is, for the message about a response nobody recognises. */
  readonly expected: string;
  /**
   * Null when the JSON is not this platform's at all; else its object and fields, or, for a
   * response of this platform that is not one object's catalog (an error body, a list of objects),
   * what it is and which request gives the right one.
   */
  read(json: unknown): CatalogRead | null;
}

export type CatalogRead = { object: string; fields: FieldSpec[] } | { error: string };

/** The names API keys are stored under in the `secrets` store. */
export interface ApiKeyStore {
  secretName(org: string): string;
  /** The org a stored secret's name belongs to, or null for a secret that is not this platform's key. */
  orgOf(secretName: string): string | null;
}
