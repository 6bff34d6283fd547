import { describe, expect, it } from 'vitest';
import {
  authorOfApiMessage,
  candidateFromApiMessage,
  candidatesFromPage,
  KustomerApiMessage,
  nextPage,
} from '@/lib/platforms/kustomer/messages';
import { CandidateMessage } from '@/lib/platforms/types';
import { realFixture } from './fixtures';

const examples = (
  realFixture('kustomer_openapi_doc_examples.json') as {
    examples: Record<string, unknown>;
  }
).examples;
const webhook = realFixture('kustomer_webhook_message_create_pipedream.json') as { data: unknown };

const BOT_USER = '5f0000000000000000000b07';
const AGENT_USER = '5f00000000000000000a9e17';

function message(
  attributes: Record<string, unknown>,
  createdBy: string | undefined = AGENT_USER,
  id = '6000000000000000000000a1',
) {
  return {
    type: 'message',
    id,
    attributes: { channel: 'chat', direction: 'out', ...attributes },
    relationships: createdBy ? { createdBy: { data: { type: 'user', id: createdBy } } } : {},
  };
}

describe('author attribution (unverified: one function)', () => {
  const author = (m: unknown, bots?: Set<string>) =>
    authorOfApiMessage(KustomerApiMessage.parse(m), bots);

  it('inbound is the customer, whatever else the message says', () => {
    expect(author(message({ direction: 'in', auto: true, app: 'kustomer-assist' }))).toBe(
      'customer',
    );
    expect(author(message({ direction: 'in' }, BOT_USER), new Set([BOT_USER]))).toBe('customer');
  });

  it('outbound is the bot when automatic, from Customer Assist, or by a listed bot user', () => {
    expect(author(message({ auto: true }))).toBe('bot');
    expect(author(message({ app: 'kustomer-assist' }))).toBe('bot');
    expect(author(message({ app: 'Kustomer-Assist' }))).toBe('bot');
    expect(author(message({}, BOT_USER), new Set([BOT_USER]))).toBe('bot');
  });

  it('any other outbound message is an agent’s', () => {
    expect(author(message({ auto: false, app: 'chat' }))).toBe('agent');
    expect(author(message({}, BOT_USER))).toBe('agent'); // not listed as a bot
    expect(author(message({}, undefined), new Set([BOT_USER]))).toBe('agent');
  });

  it('no or another direction is unknown', () => {
    expect(author(message({ direction: undefined }))).toBe('unknown');
    expect(author(message({ direction: 'sideways' }))).toBe('unknown');
  });
});

describe('candidateFromApiMessage', () => {
  it('takes the body, falling back to the preview', () => {
    const body = 'Handoff context\nAccount Tier: Gold\nOrder: A-1001';
    expect(
      candidateFromApiMessage(message({ body, preview: 'Handoff context…', auto: true })),
    ).toEqual({
      platformMessageId: '6000000000000000000000a1',
      author: 'bot',
      text: body,
    });
    expect(candidateFromApiMessage(message({ preview: 'only a preview', body: '  ' }))?.text).toBe(
      'only a preview',
    );
    expect(candidateFromApiMessage(message({ preview: 'p', body: null }))?.text).toBe('p');
  });

  it('reads the vendor example (an inbound email) and the real webhook message', () => {
    const page = examples['GET /v1/conversations/{id}/messages 200'] as { data: unknown[] };
    expect(candidateFromApiMessage(page.data[0])).toEqual({
      platformMessageId: '57c8d2b01a57ed1400392073',
      author: 'customer',
      text: 'Can you please help me?',
    });
    expect(candidateFromApiMessage(webhook.data)).toEqual({
      platformMessageId: '67dd47dfbc632c1804db1bf1',
      author: 'agent',
      text: 'message...',
    });
    expect(
      candidateFromApiMessage(webhook.data, new Set(['67dd47dfbc632c1804db1bf1']))?.author,
    ).toBe('bot');
  });

  it('gives null without text or when it is not a message', () => {
    const created = examples['POST /v1/conversations/{id}/messages 201'] as { data: unknown };
    expect(candidateFromApiMessage(created.data)).toBeNull(); // no body, no preview
    expect(candidateFromApiMessage(message({ body: ' ', preview: '' }))).toBeNull();
    expect(candidateFromApiMessage({ ...message({ body: 'x' }), type: 'conversation' })).toBeNull();
    expect(candidateFromApiMessage({ id: '', attributes: { body: 'x' } })).toBeNull();
    expect(candidateFromApiMessage({ id: 'x' })).toBeNull();
    expect(candidateFromApiMessage(null)).toBeNull();
    expect(candidateFromApiMessage('message')).toBeNull();
  });

  it('tolerates odd attribute values and keeps within the candidate limits', () => {
    const odd = message({ body: 'x'.repeat(80_000), auto: 'yes', app: 7 });
    const c = candidateFromApiMessage(odd);
    expect(c?.author).toBe('agent');
    expect(CandidateMessage.safeParse(c).success).toBe(true);
  });
});

describe('messages pages', () => {
  const page = {
    data: [
      message({ direction: 'in', body: 'hi' }, undefined, 'a1'),
      message({ body: 'Handoff context\nTier: Gold', auto: true }, undefined, 'a2'),
      { type: 'message', id: 'a3', attributes: {} },
      'junk',
    ],
    links: {
      self: '/v1/conversations/c/messages?page=1',
      next: '/v1/conversations/c/messages?page=2',
    },
  };

  it('candidatesFromPage keeps readable messages in order', () => {
    expect(candidatesFromPage(page).map((c) => [c.platformMessageId, c.author])).toEqual([
      ['a1', 'customer'],
      ['a2', 'bot'],
    ]);
    expect(candidatesFromPage({ nope: true })).toEqual([]);
  });

  it('nextPage gives the next path, null on the last page', () => {
    expect(nextPage(page)).toBe('/v1/conversations/c/messages?page=2');
    expect(nextPage(examples['GET /v1/conversations/{id}/messages 200'])).toBeNull(); // next: null
    expect(nextPage({ data: [] })).toBeNull();
    expect(nextPage(undefined)).toBeNull();
  });

  it('nextPage follows only Kustomer API hosts, as a path', () => {
    const at = (next: string) => nextPage({ data: [], links: { next } });
    expect(at('https://acme.api.kustomerapp.com/v1/conversations/c/messages?page=3')).toBe(
      '/v1/conversations/c/messages?page=3',
    );
    expect(at('https://evil.example/v1/conversations/c/messages?page=3')).toBeNull();
    expect(at('https://acme.api.kustomerapp.com.evil.example/v1/x')).toBeNull();
    expect(at('http://acme.api.kustomerapp.com/v1/x')).toBeNull();
    expect(at('//evil.example/v1/x')).toBeNull();
    expect(at('/\\evil.example/v1/x')).toBeNull();
    expect(at('javascript:alert(1)')).toBeNull();
  });
});
