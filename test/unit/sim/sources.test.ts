// @vitest-environment node
/**
 * The sim's parts for the context sources and spoofing tests: SOQL (a Case's MessagingSession),
 * editing a posted message on both platforms, and the agent-assist frame.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assistFrameUrl, SimError, simRequest } from '../../sim/client';
import { SEED } from '../../sim/seed';
import { CASE1, CASE3, MS1, type SimFixture, startFixture } from '../../sim/testing';

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

const query = (soql: string) => f.sf('GET', `query?q=${encodeURIComponent(soql)}`);

describe('SOQL query (a subset)', () => {
  it("finds a Case's MessagingSession, by its 15- or 18-character id", async () => {
    await f.client.putRecord('acme', 'MessagingSession', MS1, { Handoff_Context__c: 'ctx' });
    for (const id of [CASE1, CASE1.slice(0, 15)]) {
      const res = await query(
        `SELECT Id, Handoff_Context__c FROM MessagingSession WHERE CaseId = '${id}' ORDER BY CreatedDate DESC LIMIT 1`,
      );
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        totalSize: 1,
        done: true,
        records: [
          {
            attributes: {
              type: 'MessagingSession',
              url: `/services/data/v66.0/sobjects/MessagingSession/${MS1}`,
            },
            Id: MS1,
            Handoff_Context__c: 'ctx',
          },
        ],
      });
    }
    const none = await query(`SELECT Id FROM MessagingSession WHERE CaseId = '${CASE3}'`);
    expect(none.json).toEqual({ totalSize: 0, done: true, records: [] });
  });

  it('answers Salesforce errors outside the subset', async () => {
    const malformed = await query('SELECT Id FROM MessagingSession WHERE Name LIKE "x%"');
    expect(malformed.status).toBe(400);
    expect((malformed.json as { errorCode: string }[])[0]?.errorCode).toBe('MALFORMED_QUERY');
    const type = await query('SELECT Id FROM Widget__c');
    expect((type.json as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_TYPE');
    const field = await query('SELECT Nope__c FROM Case');
    expect((field.json as { errorCode: string; message: string }[])[0]).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Nope__c' on entity 'Case'"),
    });
    expect((await query('SELECT Id FROM Case')).status).toBe(200);
    expect((await f.sf('POST', 'query?q=x')).status).toBe(405);
  });
});

describe('editing a posted message', () => {
  it('changes a Salesforce transcript entry in the store', async () => {
    const posted = await f.client.postMessage({
      org: 'acme',
      recordId: CASE1,
      author: 'bot',
      text: 'Thanks, connecting you.',
    });
    const edited = await f.client.editMessage({
      org: 'acme',
      recordId: CASE1,
      entryId: posted.entryId,
      text: 'Handoff context\nTier: Gold',
    });
    expect(edited).toEqual({
      entryId: posted.entryId,
      sessionId: MS1,
      text: 'Handoff context\nTier: Gold',
      delivered: 0,
    });
    const { messages } = await f.client.messages('acme', MS1);
    expect(messages.map((m) => [m.entryId, m.text])).toEqual([
      [posted.entryId, 'Handoff context\nTier: Gold'],
    ]);
    await expect(
      f.client.editMessage({ org: 'acme', recordId: CASE1, entryId: 'nope', text: 'x' }),
    ).rejects.toThrow(SimError);
  });

  it('changes a Kustomer message, which the API then answers with its new body', async () => {
    const conversation = SEED.kustomer.ids.conversation1;
    const posted = await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: conversation,
      author: 'bot',
      text: 'Connecting you.',
    });
    const edited = await f.client.editMessage({
      platform: 'kustomer',
      org: 'acme',
      recordId: conversation,
      entryId: posted.entryId,
      text: 'Handoff context\nTier: Gold',
    });
    expect(edited).toMatchObject({ entryId: posted.entryId, text: 'Handoff context\nTier: Gold' });
    const items = (await f.client.kustomerMessages('acme', conversation)).items;
    expect(items.find((i) => i.id === posted.entryId)?.text).toBe('Handoff context\nTier: Gold');
    const event = await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: conversation,
      author: 'system',
      text: 'Assigned to Alex',
    });
    await expect(
      f.client.editMessage({
        platform: 'kustomer',
        org: 'acme',
        recordId: conversation,
        entryId: event.entryId,
        text: 'x',
      }),
    ).rejects.toThrow(/only messages are edited/);
  });
});

describe('agent-assist frame', () => {
  it('serves a page that posts its message to the console on load, on any host', async () => {
    const url = assistFrameUrl(f.sim.origin, { type: 'handoff-fields/context', version: 1 });
    const res = await simRequest(f.sim.origin, {
      path: url.slice(f.sim.origin.length),
      host: `localhost:${f.sim.port}`,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('window.parent.postMessage(message');
    expect(new URL(url).searchParams.get('post')).toBe(
      '{"type":"handoff-fields/context","version":1}',
    );
  });

  it('tells open pages to show the frame, and refuses a URL that is not https', async () => {
    expect(
      await f.client.showAssist({ org: 'acme', url: 'https://localhost:1/__sim/assist-frame' }),
    ).toEqual({ url: 'https://localhost:1/__sim/assist-frame', delivered: 0 });
    await expect(f.client.showAssist({ org: 'acme', url: 'javascript:alert(1)' })).rejects.toThrow(
      /https URL/,
    );
  });
});
