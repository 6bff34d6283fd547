import { describe, expect, it } from 'vitest';
import {
  authorOfApiMessage,
  candidateFromApiMessage,
  candidatesFromPage,
  KustomerApiMessage,
  nextPage,
  readingOfApiMessage,
} from '@/lib/platforms/kustomer/messages';
import { CandidateMessage } from '@/lib/platforms/types';
import { readRealJson } from '../../../support/real-fixtures';

const examples = (
  readRealJson('kustomer_openapi_doc_examples.json') as {
    examples: Record<string, unknown>;
  }
).examples;
const webhook = readRealJson('kustomer_webhook_message_create_pipedream.json') as { data: unknown };

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
  const author = (m: unknown, botApps?: string[]) =>
    authorOfApiMessage(KustomerApiMessage.parse(m), botApps);

  it('inbound is the customer, whatever else the message says', () => {
    expect(author(message({ direction: 'in', auto: true, app: 'kustomer-assist' }))).toBe(
      'customer',
    );
    expect(author(message({ direction: 'in', app: 'acme-bot' }), ['acme-bot'])).toBe('customer');
  });

  it('outbound is the bot from Customer Assist or from a bot app the admin listed', () => {
    expect(author(message({ app: 'kustomer-assist', auto: true }))).toBe('bot');
    expect(author(message({ app: 'Kustomer-Assist' }))).toBe('bot');
    expect(author(message({ app: 'acme-bot', auto: true }), ['acme-bot'])).toBe('bot');
    expect(author(message({ app: 'ACME-BOT' }), ['acme-bot'])).toBe('bot');
  });

  it('says which of the API attributes decided, for "What it sees"', () => {
    const reading = (m: unknown, botApps?: string[]) =>
      readingOfApiMessage(KustomerApiMessage.parse(m), botApps);
    expect(reading(message({ direction: 'in' }))).toEqual({
      author: 'customer',
      basis: 'direction in',
    });
    expect(reading(message({ app: 'Kustomer-Assist' }))).toEqual({
      author: 'bot',
      basis: 'direction out · app kustomer-assist (a bot app)',
    });
    expect(reading(message({ auto: true, app: 'chat' }))).toEqual({
      author: 'system',
      basis: 'direction out · app chat · auto',
    });
    expect(reading(message({}))).toEqual({ author: 'agent', basis: 'direction out' });
  });

  // A workflow's auto-reply that quotes the customer is automatic too: `auto` proves no bot.
  it('an automatic message from any other app is a system message, never the bot', () => {
    expect(author(message({ auto: true, app: 'chat' }))).toBe('system');
    expect(author(message({ auto: true }))).toBe('system');
    expect(author(message({ auto: true, app: 'acme-bot' }))).toBe('system'); // not listed
    expect(author(message({ auto: true, app: 'chat' }), ['acme-bot'])).toBe('system');
  });

  it('any other outbound message is an agent’s', () => {
    expect(author(message({ auto: false, app: 'chat' }))).toBe('agent');
    expect(author(message({}, BOT_USER))).toBe('agent');
    expect(author(message({}, undefined), ['acme-bot'])).toBe('agent');
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
      candidateFromApiMessage(
        message({ body, preview: 'Handoff context…', auto: true, app: 'kustomer-assist' }),
      ),
    ).toEqual({
      platformMessageId: '6000000000000000000000a1',
      author: 'bot',
      text: body,
      basis: 'direction out · app kustomer-assist (a bot app)',
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
      basis: 'direction in',
    });
    expect(candidateFromApiMessage(webhook.data)).toEqual({
      platformMessageId: '67dd47dfbc632c1804db1bf1',
      author: 'agent',
      text: 'message...',
      basis: 'direction out · app postmark',
    });
    // The e-mail app is not a bot unless an admin says so.
    expect(candidateFromApiMessage(webhook.data, ['postmark'])?.author).toBe('bot');
  });

  it('reads an HTML body as the desktop shows it, a quoted reply marked as quoted', () => {
    const body =
      '<div>Thanks, passing you on.</div><blockquote><p>Handoff context<br>VIP: yes</p></blockquote>';
    expect(candidateFromApiMessage(message({ body, app: 'kustomer-assist' }))?.text).toBe(
      'Thanks, passing you on.\n> Handoff context\n> VIP: yes',
    );
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
      message({ body: 'Handoff context\nTier: Gold', app: 'kustomer-assist' }, undefined, 'a2'),
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
