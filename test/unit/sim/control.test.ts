// @vitest-environment node
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MessageAuthor, SimError, simRequest } from '../../sim/client';
import { to18 } from '../../sim/salesforce/ids';
import { SEED } from '../../sim/seed';
import { startSim } from '../../sim/server';
import { CASE1, CASE2, CASE3, MS1, type SimFixture, startFixture } from '../../sim/testing';
import { readSseEvents } from './sse-reader';

let f: SimFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.sim.close();
});
beforeEach(async () => {
  await f.client.reset();
});

interface Stream {
  events: { event: string; data: unknown }[];
  waitFor(
    pred: (e: { event: string; data: unknown }) => boolean,
    timeoutMs?: number,
  ): Promise<{ event: string; data: unknown }>;
  close(): void;
  ended: Promise<void>;
}

/** Opens the console's event stream from Node. */
function openStream(origin: string, path: string, host = SEED.acme.lightningHost): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: unknown }[] = [];
    const waiters: (() => void)[] = [];
    let req: ClientRequest | undefined;
    let ended: () => void = () => {};
    const endedPromise = new Promise<void>((r) => {
      ended = r;
    });
    req = request(
      new URL(path, origin),
      { headers: { Host: host }, rejectUnauthorized: false, agent: false },
      (res: IncomingMessage) => {
        readSseEvents(res, (event, data) => {
          events.push({ event, data: JSON.parse(data) });
          for (const w of waiters.splice(0)) w();
        });
        res.on('end', () => ended());
        res.on('close', () => ended());
        resolve({
          events,
          ended: endedPromise,
          close: () => req?.destroy(),
          waitFor: (pred, timeoutMs = 3000) =>
            new Promise((ok, fail) => {
              const deadline = setTimeout(
                () => fail(new Error('Timed out waiting for an event')),
                timeoutMs,
              );
              const check = () => {
                const hit = events.find(pred);
                if (hit) {
                  clearTimeout(deadline);
                  ok(hit);
                } else waiters.push(check);
              };
              check();
            }),
        });
      },
    );
    req.on('error', (e) => {
      ended();
      reject(e);
    });
    req.end();
  });
}

describe('seed', () => {
  it('uses valid 18-character ids', () => {
    const ids = [
      SEED.acme.orgId,
      SEED.globex.orgId,
      SEED.user.id,
      ...SEED.acme.cases.map((c) => c.id),
      ...SEED.acme.sessions.map((s) => s.id),
      ...SEED.globex.cases.map((c) => c.id),
      ...SEED.globex.sessions.map((s) => s.id),
    ];
    for (const id of ids) expect(to18(id.slice(0, 15)), id).toBe(id);
    expect(SEED.acme.orgId.slice(0, 15)).toBe(SEED.acme.orgId15);
    expect(SEED.acme.cases.map((c) => c.caseNumber)).toEqual(['00001026', '00001027', '00001028']);
  });

  it('starts with realistic standard values and empty custom fields', async () => {
    const { values } = await f.client.getRecord('acme', 'Case', CASE2);
    expect(values).toMatchObject({
      CaseNumber: '00001027',
      Subject: SEED.acme.cases[1].subject,
      Status: 'Working',
      Priority: 'Medium',
      Origin: 'Messaging',
      Account_Tier__c: null,
      Account_Number__c: null,
      VIP__c: false,
      Internal_Cost__c: null,
    });
    const ms = await f.client.getRecord('acme', 'MessagingSession', MS1);
    expect(ms.values).toMatchObject({ Name: 'MS-0001', CaseId: CASE1, Handoff_Context__c: null });
  });
});

describe('control API', () => {
  it('info names the hosts and orgs', async () => {
    const info = await f.client.info();
    expect(info.origin).toBe(f.sim.origin);
    expect(info.hostResolverRules).toBe(f.sim.hostResolverRules);
    expect(info.platforms[0]?.orgs.map((o) => o.org)).toEqual(['acme', 'globex']);
  });

  it('host resolver rules map the Salesforce (and Kustomer) hosts to the port', () => {
    const p = f.sim.port;
    expect(f.sim.hostResolverRules).toBe(
      `MAP *.lightning.force.com 127.0.0.1:${p}, MAP *.my.salesforce.com 127.0.0.1:${p}, MAP *.force.com 127.0.0.1:${p}, MAP *.salesforce.com 127.0.0.1:${p}, MAP *.kustomerapp.com 127.0.0.1:${p}`,
    );
    expect(f.sim.origin).toBe(`https://127.0.0.1:${p}`);
  });

  it('posts messages to a session or to a case (its session), with default author names', async () => {
    const a = await f.client.postMessage({
      org: 'acme',
      recordId: CASE1,
      author: 'bot',
      text: 'Hello\nworld',
    });
    expect(a.sessionId).toBe(MS1);
    expect(a.caseId).toBe(CASE1);
    expect(a.entryId).toMatch(/^[0-9a-f-]{36}$/);
    await f.client.postMessage({
      org: 'acme',
      recordId: MS1.slice(0, 15),
      author: 'end_user',
      text: 'Hi',
    });
    await f.client.postMessage({ org: 'acme', recordId: MS1, author: 'agent', text: 'Agent here' });
    await f.client.postMessage({
      org: 'acme',
      recordId: MS1,
      // Another agent in the conversation (SimClient's MessageAuthor does not list it yet).
      author: 'other_agent' as MessageAuthor,
      text: 'Joining',
    });
    await f.client.postMessage({
      org: 'acme',
      recordId: MS1,
      author: 'system',
      text: 'Transferred',
    });
    await f.client.postMessage({
      org: 'acme',
      recordId: MS1,
      author: 'bot',
      text: 'Ada',
      authorName: 'Ada Bot',
    });
    const { messages } = await f.client.messages('acme', CASE1);
    expect(messages.map((m) => [m.author, m.authorName, m.text])).toEqual([
      ['bot', 'Chatbot', 'Hello\nworld'],
      ['end_user', 'Jamie Customer', 'Hi'],
      ['agent', 'Alex Agent', 'Agent here'],
      ['other_agent', 'Jordan Lee', 'Joining'],
      ['system', 'System', 'Transferred'],
      ['bot', 'Ada Bot', 'Ada'],
    ]);
    expect(messages[0]?.timeLabel).toMatch(/^\d{1,2}:\d{2} [AP]M$/);
    expect((await f.client.messages('acme', CASE2)).messages).toEqual([]);
  });

  it('refuses bad message requests', async () => {
    const bad = async (body: Record<string, unknown>, status: number) => {
      const res = await simRequest(f.sim.origin, { method: 'POST', path: '/__sim/messages', body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json).toHaveProperty('error');
    };
    await bad({ org: 'acme', recordId: CASE3, author: 'bot', text: 'x' }, 404);
    await bad({ org: 'nope', recordId: CASE1, author: 'bot', text: 'x' }, 404);
    await bad({ org: 'acme', recordId: CASE1, author: 'customer', text: 'x' }, 400);
    await bad({ org: 'acme', recordId: CASE1, author: 'bot' }, 400);
    await bad({ org: 'globex', recordId: CASE1, author: 'bot', text: 'x' }, 404);
    const notJson = await simRequest(f.sim.origin, {
      method: 'POST',
      path: '/__sim/messages',
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
  });

  it('records: GET includes hidden fields, PUT sets values directly', async () => {
    const put = await f.client.putRecord('acme', 'Case', CASE1, {
      Internal_Cost__c: 12.5,
      account_tier__c: 'tier_enterprise',
    });
    expect(put.values).toMatchObject({
      Internal_Cost__c: 12.5,
      Account_Tier__c: 'tier_enterprise',
    });
    const got = await f.client.getRecord('acme', 'case', CASE1.slice(0, 15));
    expect(got.id).toBe(CASE1);
    expect(got.object).toBe('Case');
    expect(got.values.Internal_Cost__c).toBe(12.5);
    await expect(f.client.putRecord('acme', 'Case', CASE1, { Nope__c: 1 })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      f.client.putRecord('acme', 'Case', CASE1, { Escalation_Score__c: 1 }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(f.client.getRecord('acme', 'Case', '5005g00000ZZZZZAAA')).rejects.toBeInstanceOf(
      SimError,
    );
    await expect(f.client.getRecord('acme', 'Widget', CASE1)).rejects.toMatchObject({
      status: 404,
    });
  });

  it('session: GET and POST', async () => {
    const s = await f.client.getSession('acme');
    expect(s.apiSid?.startsWith(`${SEED.acme.orgId15}!`)).toBe(true);
    expect(s.lightningSid).not.toBe(s.apiSid);
    expect(s.mode).toBe('normal');
    const g = await f.client.getSession('globex');
    expect(g.apiSid?.startsWith(`${SEED.globex.orgId15}!`)).toBe(true);
    await expect(f.client.setSession('acme', 'bogus' as 'normal')).rejects.toMatchObject({
      status: 400,
    });
  });

  it('reset restores the seed and clears faults and the request log', async () => {
    await f.client.putRecord('acme', 'Case', CASE1, { Subject: 'changed' });
    await f.client.postMessage({ org: 'acme', recordId: MS1, author: 'bot', text: 'x' });
    await f.client.setSession('acme', 'api-disabled');
    await f.client.addFault({ count: 5, kind: '500' });
    await f.sf('GET', `sobjects/Case/${CASE1}`);
    await f.client.reset();
    expect((await f.client.getRecord('acme', 'Case', CASE1)).values.Subject).toBe(
      SEED.acme.cases[0].subject,
    );
    expect((await f.client.messages('acme', MS1)).messages).toEqual([]);
    expect((await f.client.getSession('acme')).mode).toBe('normal');
    expect((await f.client.listFaults()).pending).toEqual([]);
    expect(await f.client.requests()).toEqual([]);
  });

  it('unknown endpoints → 404 JSON, wrong methods → 405 JSON', async () => {
    const a = await simRequest(f.sim.origin, { path: '/__sim/nothing' });
    expect(a.status).toBe(404);
    expect(a.headers['content-type']).toContain('application/json');
    expect((a.json as { error: string }).error).toContain('/__sim/nothing');
    const b = await simRequest(f.sim.origin, { method: 'DELETE', path: '/__sim/reset' });
    expect(b.status).toBe(405);
    // The control API answers on the platform hosts too.
    const c = await simRequest(f.sim.origin, { path: '/__sim/info', host: SEED.acme.myDomainHost });
    expect(c.status).toBe(200);
  });
});

describe('request log', () => {
  it('logs REST requests with method, path, status and parsed body; filters; clears', async () => {
    await f.sf('GET', `sobjects/Case/${CASE1}?fields=Id`, {
      headers: { 'Sforce-Call-Options': 'client=handoff-fields' },
    });
    await f.sf('PATCH', `sobjects/Case/${CASE1}`, { body: { Subject: 'New subject' } });
    await f.sf('PATCH', `sobjects/Case/${CASE1}`, { body: { Account_Tier__c: 'Gold' } });
    await f.sf('GET', 'sobjects/Case/describe', {
      host: SEED.globex.myDomainHost,
      sid: (await f.client.getSession('globex')).apiSid,
    });
    const all = await f.client.requests();
    expect(all.map((r) => [r.org, r.method, r.status])).toEqual([
      ['acme', 'GET', 200],
      ['acme', 'PATCH', 204],
      ['acme', 'PATCH', 400],
      ['globex', 'GET', 200],
    ]);
    expect(all[0]?.path).toBe(`/services/data/v66.0/sobjects/Case/${CASE1}?fields=Id`);
    expect(all[0]?.headers.callOptions).toBe('client=handoff-fields');
    const patches = await f.client.requests({ org: 'acme', method: 'PATCH' });
    expect(patches.map((r) => r.body)).toEqual([
      { Subject: 'New subject' },
      { Account_Tier__c: 'Gold' },
    ]);
    expect(Date.parse(patches[0]?.time ?? '')).not.toBeNaN();
    await f.client.clearRequests();
    expect(await f.client.requests()).toEqual([]);
  });
});

describe('faults', () => {
  const get = () => f.sf('GET', `sobjects/Case/${CASE1}?fields=Id`);

  it('401, 403-limit, 429, 500, 503: bodies and headers, then normal answers', async () => {
    await f.client.addFault({ count: 1, kind: '401' });
    await f.client.addFault({ count: 1, kind: '403-limit' });
    await f.client.addFault({ count: 1, kind: '429', retryAfterSeconds: 7 });
    await f.client.addFault({ count: 1, kind: '500' });
    await f.client.addFault({ count: 1, kind: '503', retryAfterSeconds: 3 });
    const r401 = await get();
    expect([r401.status, r401.json]).toEqual([
      401,
      [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
    ]);
    const r403 = await get();
    expect([r403.status, r403.json]).toEqual([
      403,
      [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
    ]);
    const r429 = await get();
    expect(r429.status).toBe(429);
    expect(r429.headers['retry-after']).toBe('7');
    const r500 = await get();
    expect(r500.status).toBe(500);
    expect((r500.json as { errorCode: string }[])[0]?.errorCode).toBe('UNKNOWN_EXCEPTION');
    const r503 = await get();
    expect(r503.status).toBe(503);
    expect(r503.headers['retry-after']).toBe('3');
    expect((r503.json as { errorCode: string }[])[0]?.errorCode).toBe('SERVER_UNAVAILABLE');
    expect((await get()).status).toBe(200);
    const log = await f.client.requests();
    expect(log.map((r) => r.fault ?? null)).toEqual([
      '401',
      '403-limit',
      '429',
      '500',
      '503',
      null,
    ]);
  });

  it('count applies the fault to that many requests; a method filter spares others', async () => {
    await f.client.addFault({ count: 2, kind: '500', method: 'PATCH' });
    expect((await get()).status).toBe(200);
    const patch = () => f.sf('PATCH', `sobjects/Case/${CASE1}`, { body: { Subject: 'x' } });
    expect((await patch()).status).toBe(500);
    expect((await f.client.listFaults()).pending[0]?.remaining).toBe(1);
    expect((await patch()).status).toBe(500);
    expect((await patch()).status).toBe(204);
  });

  it('delay answers normally after the delay', async () => {
    await f.client.addFault({ count: 1, kind: 'delay', delayMs: 300 });
    const t0 = Date.now();
    const res = await get();
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it('drop destroys the connection without an answer', async () => {
    await f.client.addFault({ count: 1, kind: 'drop' });
    await expect(get()).rejects.toThrow();
    expect((await get()).status).toBe(200);
    const [dropped] = await f.client.requests();
    expect(dropped).toMatchObject({ fault: 'drop', status: 0 });
  });

  it('DELETE clears pending faults; bad specs are refused', async () => {
    await f.client.addFault({ count: 3, kind: '500' });
    await f.client.clearFaults();
    expect((await get()).status).toBe(200);
    await expect(f.client.addFault({ count: 0, kind: '500' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(f.client.addFault({ count: 1, kind: '418' as '500' })).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('console page and live stream', () => {
  it('serves the console page with the record and sets the Lightning sid', async () => {
    const res = await simRequest(f.sim.origin, {
      path: `/lightning/r/Case/${CASE1}/view`,
      host: SEED.acme.lightningHost,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('<title>00001026 | Case | Salesforce</title>');
    expect(res.text).toContain("customElements.define('runtime-messaging-transcript'");
    const missing = await simRequest(f.sim.origin, {
      path: '/lightning/r/Case/5005g00000ZZZZZAAA/view',
      host: SEED.acme.lightningHost,
    });
    expect(missing.text).toContain('"notFound":true');
  });

  it('escapes page data inside the boot script', async () => {
    await f.client.postMessage({
      org: 'acme',
      recordId: MS1,
      author: 'end_user',
      text: '</script><script>alert(1)</script>',
    });
    const res = await simRequest(f.sim.origin, {
      path: `/lightning/r/MessagingSession/${MS1}/view`,
      host: SEED.acme.lightningHost,
    });
    expect(res.text).not.toContain('</script><script>alert(1)');
    expect(res.text).toContain('\\u003c/script\\u003e');
  });

  it('the API is not served on the Lightning host (redirect to My Domain)', async () => {
    const res = await simRequest(f.sim.origin, {
      path: '/services/data/v66.0/sobjects/',
      host: SEED.acme.lightningHost,
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(
      `https://${SEED.acme.myDomainHost}/services/data/v66.0/sobjects/`,
    );
  });

  it('console data for a record: fields as displayed and the conversation', async () => {
    await f.client.putRecord('acme', 'Case', CASE1, {
      Account_Tier__c: 'tier_premium',
      Refund_Amount__c: 1234.5,
      Products__c: 'router;modem',
    });
    const res = await simRequest(f.sim.origin, {
      path: `/__sim/ui/record?org=acme&object=Case&id=${CASE1}`,
    });
    const { record } = res.json as {
      record: {
        tabLabel: string;
        sections: { items: { name: string; value: unknown }[] }[];
        conversation: { sessionId: string };
      };
    };
    expect(record.tabLabel).toBe('00001026 | Case');
    const items = record.sections.flatMap((s) => s.items);
    const value = (name: string) => items.find((i) => i.name === name)?.value;
    expect(value('Account_Tier__c')).toEqual({ kind: 'text', text: 'Premium' });
    expect(value('Refund_Amount__c')).toEqual({ kind: 'text', text: '$1,234.50' });
    expect(value('Products__c')).toEqual({ kind: 'text', text: 'Router; Modem' });
    expect(value('VIP__c')).toEqual({ kind: 'checkbox', checked: false });
    expect(items.some((i) => i.name === 'Internal_Cost__c')).toBe(false);
    expect(record.conversation.sessionId).toBe(MS1);
  });

  it('streams new messages and tab openings to the org’s pages, and replays what a page missed', async () => {
    const early = await f.client.postMessage({
      org: 'acme',
      recordId: MS1,
      author: 'bot',
      text: 'before connect',
    });
    const stream = await openStream(f.sim.origin, `/__sim/stream?org=acme&since=${early.seq - 1}`);
    try {
      await stream.waitFor(
        (e) =>
          e.event === 'entry' &&
          (e.data as { entry: { entryId: string } }).entry.entryId === early.entryId,
      );
      await f.client.waitForPages('acme', 1);
      expect(await f.client.pages('globex')).toBe(0);
      const posted = await f.client.postMessage({
        org: 'acme',
        recordId: CASE1,
        author: 'end_user',
        text: 'live',
      });
      expect(posted.delivered).toBe(1);
      const live = await stream.waitFor(
        (e) => e.event === 'entry' && (e.data as { entry: { text: string } }).entry.text === 'live',
      );
      expect(live.data).toMatchObject({
        sessionId: MS1,
        caseId: CASE1,
        entry: { author: 'end_user', authorName: 'Jamie Customer' },
      });
      const tab = await f.client.openTab({ org: 'acme', recordId: MS1, parentId: CASE1 });
      expect(tab.path).toBe(
        `/lightning/r/MessagingSession/${MS1}/view?ws=%2Flightning%2Fr%2FCase%2F${CASE1}%2Fview`,
      );
      expect(tab.label).toBe('MS-0001 | Messaging Session');
      expect(tab.delivered).toBe(1);
      await stream.waitFor((e) => e.event === 'tab');
      await f.client.putRecord('acme', 'Case', CASE1, { Subject: 'typed by the agent' });
      await stream.waitFor((e) => e.event === 'record-changed');
      // An API write does not refresh open pages (AUTO_REFRESH_AFTER_API_WRITE = false).
      const before = stream.events.filter((e) => e.event === 'record-changed').length;
      expect(
        (await f.sf('PATCH', `sobjects/Case/${CASE1}`, { body: { Subject: 'api' } })).status,
      ).toBe(204);
      await f.client.postMessage({ org: 'acme', recordId: MS1, author: 'bot', text: 'marker' });
      await stream.waitFor(
        (e) => (e.data as { entry?: { text: string } }).entry?.text === 'marker',
      );
      expect(stream.events.filter((e) => e.event === 'record-changed').length).toBe(before);
    } finally {
      stream.close();
    }
  });
});

describe('lifecycle', () => {
  it('starts and closes repeatedly, also with open streams and kept-alive connections', async () => {
    for (let i = 0; i < 3; i++) {
      const sim = await startSim();
      const stream = await openStream(sim.origin, '/__sim/stream?org=acme');
      const info = await simRequest(sim.origin, { path: '/__sim/info' });
      expect(info.status).toBe(200);
      await sim.close();
      await stream.ended;
      await expect(simRequest(sim.origin, { path: '/__sim/info' })).rejects.toThrow();
    }
  });

  it('a fixed port can be reused after close', async () => {
    const first = await startSim();
    const { port } = first;
    await first.close();
    const second = await startSim({ port });
    expect(second.port).toBe(port);
    await second.close();
  });
});
