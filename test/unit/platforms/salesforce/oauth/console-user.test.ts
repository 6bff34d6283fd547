import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONSOLE_USER_SOURCES,
  type ConsoleUserSource,
  consoleUsers,
} from '@/lib/platforms/salesforce/oauth/console-user';
import { userOf } from '@/lib/platforms/salesforce/oauth/userinfo';
import { salesforceSessions } from '@/lib/platforms/salesforce/session';
import { BOB, fakeOrg, JANE, ORG, ORG_ID } from './fake-org';

function learner(org = fakeOrg(), sources?: readonly ConsoleUserSource[]) {
  const sessions = salesforceSessions(org.cookies);
  return consoleUsers({
    currentSession: (o) => sessions.refresh(o),
    fetchFn: org.fetchFn,
    ...(sources ? { sources } : {}),
  });
}

describe("the console's user", () => {
  it('keeps its ways of learning in one table, each marked UNVERIFIED in the docs', () => {
    expect(CONSOLE_USER_SOURCES.map((s) => s.name)).toEqual(['userinfo-with-cookie-session']);
    const docs = readFileSync('docs/salesforce-oauth.md', 'utf8');
    for (const { name } of CONSOLE_USER_SOURCES) {
      const row = docs
        .split('\n')
        .find((line) => line.includes(`\`${name}\``) && line.startsWith('|'));
      expect(row, name).toMatch(/UNVERIFIED/);
    }
  });

  it("is learnt from userinfo with the console's My Domain cookie session, once per session", async () => {
    const org = fakeOrg();
    const users = learner(org);
    expect(await users.of(ORG)).toEqual({
      orgId: ORG_ID,
      userId: JANE.userId,
      name: JANE.name,
      username: JANE.username,
    });
    await users.of(ORG);
    const calls = org.calls('/services/oauth2/userinfo');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.auth).toBe(`Bearer ${org.sid()}`);
  });

  it('is learnt again after a Login As: a new session cookie is a new user', async () => {
    const org = fakeOrg();
    const users = learner(org);
    expect((await users.of(ORG)).name).toBe(JANE.name);
    org.loginAs(BOB);
    expect((await users.of(ORG)).name).toBe(BOB.name);
    expect(org.calls('/services/oauth2/userinfo')).toHaveLength(2);
  });

  it('is not known without a cookie session: sign in to Salesforce', async () => {
    const org = fakeOrg();
    org.cookies.getAll = async () => [];
    await expect(learner(org).of(ORG)).rejects.toMatchObject({
      code: 'session-missing',
      message: expect.stringMatching(/Sign in to Salesforce/),
    });
  });

  it('says nothing was sent when userinfo refuses the session, and retries when it is down', async () => {
    const refused: ConsoleUserSource = {
      name: 'refusing',
      learn: async () => ({ ok: false, kind: 'refused' }),
    };
    await expect(learner(fakeOrg(), [refused]).of(ORG)).rejects.toMatchObject({
      code: 'session-expired',
      message: expect.stringMatching(/nothing was sent.*Reload the console/),
    });
    const org = fakeOrg();
    org.state.userinfoDown = true;
    await expect(learner(org).of(ORG)).rejects.toMatchObject({ code: 'platform-unavailable' });
  });

  it('tries the next source when one cannot tell', async () => {
    const first: ConsoleUserSource = {
      name: 'first',
      learn: async () => ({ ok: false, kind: 'refused' }),
    };
    const users = learner(fakeOrg(), [first, ...CONSOLE_USER_SOURCES]);
    expect((await users.of(ORG)).userId).toBe(JANE.userId);
  });
});

describe('a userinfo answer', () => {
  const info = {
    sub: `https://login.salesforce.com/id/${ORG_ID}/${JANE.userId}`,
    user_id: JANE.userId,
    organization_id: ORG_ID,
    name: 'Jane Doe',
    preferred_username: 'jane@acme.example',
  };

  it('names a user whose ids are ids, and whose sub agrees', () => {
    expect(userOf(info)).toMatchObject({ userId: JANE.userId, name: 'Jane Doe' });
    expect(userOf({ ...info, sub: undefined, name: undefined })).toMatchObject({
      name: 'jane@acme.example',
    });
    expect(
      userOf({ ...info, sub: `https://login.salesforce.com/id/${ORG_ID}/${BOB.userId}` }),
    ).toBeNull();
    expect(userOf({ ...info, user_id: 'admin' })).toBeNull();
    expect(userOf('Bad_OAuth_Token')).toBeNull();
  });
});
