/**
 * Who is signed in to the console, so that a token of anyone else never writes. The ways of
 * learning it are ONE adapter table, `CONSOLE_USER_SOURCES`, tried in order: no public source
 * documents any of them for an org with API Access Control, so each is marked UNVERIFIED here and
 * in docs/salesforce-oauth.md, and a new way is one more row.
 *
 * The answer is cached per `sid` value: a session is one user's, and a "Login As" (or signing in as
 * someone else) gives the browser a new `sid`, which is read afresh before every use.
 */
import { type RecentMap, recentMap } from '../../../memory/recent';
import { PlatformError } from '../../platform-client';
import type { SalesforceSession } from '../session';
import { readUserinfo, type SalesforceUser, type UserinfoAnswer } from './userinfo';

export interface ConsoleUserSource {
  /** Named in docs/salesforce-oauth.md (which says what each assumes) and in tests. */
  readonly name: string;
  learn(fetchFn: typeof fetch, session: SalesforceSession): Promise<UserinfoAnswer>;
}

export const CONSOLE_USER_SOURCES: readonly ConsoleUserSource[] = [
  {
    // UNVERIFIED: `GET https://<MyDomain>/services/oauth2/userinfo` accepts the console's My Domain
    // cookie session (`sid`) as a bearer, even where API Access Control refuses that session on
    // /services/data. No public source says so; the simulation assumes the same (test/sim).
    name: 'userinfo-with-cookie-session',
    learn: (fetchFn, session) => readUserinfo(fetchFn, session.apiHost, session.sid),
  },
];

/** Sessions remembered: an agent has a few orgs (and a few Login As) in one worker life. */
const SESSIONS_KEPT = 20;

export interface ConsoleUserDeps {
  /** The org's cookie session, read afresh (lib/platforms/salesforce/session.ts `refresh`). */
  currentSession(org: string): Promise<SalesforceSession>;
  fetchFn: typeof fetch;
  sources?: readonly ConsoleUserSource[];
}

export function consoleUsers(deps: ConsoleUserDeps) {
  const sources = deps.sources ?? CONSOLE_USER_SOURCES;
  const known: RecentMap<string, SalesforceUser> = recentMap(SESSIONS_KEPT);
  return {
    /**
     * The console's user of `org`. Throws `session-missing` without a cookie session, and a
     * PlatformError saying nothing was sent when no source can tell.
     */
    async of(org: string): Promise<SalesforceUser> {
      const session = await deps.currentSession(org);
      const cached = known.get(session.sid);
      if (cached) return cached;
      let unavailable: string | undefined;
      for (const source of sources) {
        const answer = await source.learn(deps.fetchFn, session);
        if (answer.ok) {
          known.set(session.sid, answer.user);
          return answer.user;
        }
        if (answer.kind === 'unavailable') unavailable ??= `${source.name}: ${answer.detail}`;
      }
      throw unknownConsoleUser(session.apiHost, unavailable);
    },
  };
}
export type ConsoleUsers = ReturnType<typeof consoleUsers>;

function unknownConsoleUser(host: string, unavailable: string | undefined): PlatformError {
  if (unavailable) {
    return new PlatformError(
      /: (?:network|timeout)$/.test(unavailable) ? 'network' : 'platform-unavailable',
      `${host} did not say who is signed in to the console, so nothing was sent. Retrying automatically.`,
      { detail: unavailable },
    );
  }
  return new PlatformError(
    'session-expired',
    `Salesforce did not say who is signed in to the console on ${host}, so nothing was sent. Reload the console (sign in again if asked), then press Retry.`,
  );
}
