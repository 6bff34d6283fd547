/**
 * Signing in to orgs that refuse the agent's session (issue 15): `auth:connect`, `auth:status`
 * and `auth:sign-out`, answered by each platform's own sign-in (`Platform.signIn`; Salesforce's
 * OAuth with PKCE in lib/platforms/salesforce/oauth/). Tokens stay behind the platform's sign-in:
 * what a face gets is who is connected where, since when, and the callback URL to copy.
 *
 * A connection made wakes the writes that waited for it; the settings in force changing (a save, a
 * policy applied, the worker starting) ends the connections they no longer allow.
 */
import type { Handlers } from '../messaging/router';
import { platformDescriptor } from '../platforms/descriptor-registry';
import type { ClientDeps, PlatformSignIn, WebAuthFlow } from '../platforms/platform';
import { noticeOf, PlatformError } from '../platforms/platform-client';
import { backgroundPlatform, backgroundPlatforms } from '../platforms/registry';
import type { PlatformId } from '../platforms/types';
import type { Settings } from '../settings/schema';

export interface SignIns {
  /** Each platform that has a sign-in, with it. */
  readonly all: ReadonlyArray<{ platform: PlatformId; signIn: PlatformSignIn }>;
  /** The settings in force changed, or the worker started: every platform drops what they no longer allow. */
  settingsChanged(settings: Settings): Promise<void>;
}

/** The platforms' sign-ins, built once per worker; none without the browser's sign-in window. */
export function platformSignIns(
  deps: ClientDeps & { identity?: WebAuthFlow | undefined; now?(): number },
): SignIns {
  const { identity } = deps;
  const all = identity
    ? backgroundPlatforms().flatMap((p) =>
        p.signIn ? [{ platform: p.id, signIn: p.signIn({ ...deps, identity }) }] : [],
      )
    : [];
  return {
    all,
    async settingsChanged(settings) {
      // One platform's failure (a revoke that cannot reach it) leaves the others to run.
      await Promise.all(
        all.map(({ signIn }) => signIn.settingsChanged(settings).catch(() => undefined)),
      );
    },
  };
}

export function signInHandlers(deps: {
  signIns: SignIns;
  identity?: WebAuthFlow | undefined;
  /** The writes waiting for this org's sign-in are due now; run without holding up the answer. */
  wakeOrg(platform: PlatformId, org: string): Promise<void>;
}): Pick<Handlers, 'auth:connect' | 'auth:status' | 'auth:sign-out'> {
  const find = (platform: PlatformId) =>
    deps.signIns.all.find((s) => s.platform === platform)?.signIn;

  const status = async () => {
    const orgs = await Promise.all(
      deps.signIns.all.map(async ({ platform, signIn }) =>
        (await signIn.status()).map((o) => ({ platform, ...o })),
      ),
    );
    return { callbackUrl: callbackUrl(deps.identity), orgs: orgs.flat() };
  };

  return {
    'auth:connect': async ({ platform, org }) => {
      const signIn = find(platform);
      if (!signIn) return { connected: false, notice: noSignIn(platform, deps.identity) };
      const problem = platformDescriptor(platform).orgProblem(org);
      if (problem)
        return { connected: false, notice: { code: 'connect-failed', message: problem } };
      const lower = org.toLowerCase();
      try {
        const user = await signIn.connect(lower);
        void deps.wakeOrg(platform, lower).catch(() => undefined);
        return { connected: true, platform, org: lower, user };
      } catch (error) {
        if (error instanceof PlatformError) return { connected: false, notice: noticeOf(error) };
        throw error;
      }
    },
    'auth:status': () => status(),
    'auth:sign-out': async ({ platform, org }) => {
      const signIn = find(platform);
      if (!signIn)
        throw new PlatformError('connect-failed', noSignIn(platform, deps.identity).message);
      await signIn.signOut(org.toLowerCase());
      return status();
    },
  };
}

/** The callback URL the org's app must list; empty where the browser has no sign-in window. */
function callbackUrl(identity: WebAuthFlow | undefined): string {
  try {
    return identity?.getRedirectURL() ?? '';
  } catch {
    return '';
  }
}

function noSignIn(platform: PlatformId, identity: WebAuthFlow | undefined) {
  const { name } = backgroundPlatform(platform);
  const message = identity
    ? `${name} has no sign-in of its own: Handoff Fields uses your ${name} session.`
    : 'This browser gives extensions no sign-in window (browser.identity): use Chrome, Edge or Firefox.';
  return { code: 'connect-failed' as const, message };
}
