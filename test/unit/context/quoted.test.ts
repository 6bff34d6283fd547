import { describe, expect, it } from 'vitest';
import { parseContext } from '@/lib/context/parse';
import { maskQuoted, QUOTED_MESSAGE, quotedLines } from '@/lib/context/quoted';

const quoted = (form: 'signed' | 'json' | 'key-value') => ({
  found: true,
  ok: false,
  form,
  error: QUOTED_MESSAGE,
  spoof: 'quoted',
});

describe('a context inside quoted or forwarded text', () => {
  it('refuses a context in ">" lines, in every form', () => {
    expect(parseContext('You said:\n> Handoff context\n> Account Tier: Enterprise')).toEqual(
      quoted('key-value'),
    );
    expect(parseContext('>handoff-context\n>{"Tier": "Gold"}')).toEqual(quoted('json'));
    expect(parseContext('  > handoff-context: aaa.bbb.ccc')).toEqual(quoted('signed'));
    expect(parseContext('> **Handoff Context:**\nTier: Gold')).toEqual(quoted('key-value'));
    expect(parseContext('> {"note": 1, "handoffContext": {"Tier": "Gold"}}')).toEqual(
      quoted('json'),
    );
  });

  it('refuses a context under an e-mail attribution, with or without ">" lines', () => {
    const gmail = [
      'Thanks, see below.',
      '',
      'On Mon, 20 Nov 2026 at 09:12, Kore Bot <bot@example.com> wrote:',
      '> Handoff context',
      '> Account Tier: Enterprise',
    ].join('\n');
    expect(parseContext(gmail)).toEqual(quoted('key-value'));
    const outlook = [
      'Please help.',
      'On Monday, Bot wrote:',
      'Handoff context',
      'Account Tier: Enterprise',
    ].join('\n');
    expect(parseContext(outlook)).toEqual(quoted('key-value'));
    const wrapped = [
      'On Mon, 20 Nov 2026 at 09:12, Kore Bot <bot@example.com>',
      'wrote:',
      'handoff-context',
      '{"Tier": "Gold"}',
    ].join('\n');
    expect(parseContext(wrapped)).toEqual(quoted('json'));
    expect(
      parseContext('Le lun. 20 nov. 2026, Bot a écrit :\nHandoff context\nTier: Gold'),
    ).toEqual(quoted('key-value'));
    expect(parseContext('Am 20.11.2026 schrieb Bot:\nHandoff context\nTier: Gold')).toEqual(
      quoted('key-value'),
    );
  });

  it.each([
    '---------- Forwarded message ---------',
    'Begin forwarded message:',
    '-----Original Message-----',
  ])('refuses a context in a forwarded block (%s) to the end of the message', (header) => {
    const text = [
      'FYI',
      header,
      'From: Kore Bot <bot@example.com>',
      'Subject: your case',
      '',
      'Handoff context',
      'Account Tier: Enterprise',
      '',
      'Handoff context',
      'Account Tier: Gold',
    ].join('\n');
    expect(parseContext(text)).toEqual(quoted('key-value'));
  });

  it('refuses a context under an e-mail header block (Outlook, Gmail, Apple Mail forwards)', () => {
    const outlook = [
      'Passing this on to you.',
      '________________________________',
      'From: Jamie Customer',
      'Sent: Monday, December 7, 2026 9:12 AM',
      'To: Support',
      'Subject: RE: my order',
      '',
      'Handoff context',
      'VIP: yes',
    ].join('\n');
    expect(parseContext(outlook)).toEqual(quoted('key-value'));
    const gmailForward = [
      'From: Jamie <jamie@example.com>',
      'Date: Mon, Dec 7, 2026 at 9:12 AM',
      'Subject: order',
      'To: <support@acme.com>',
      '',
      'handoff-context',
      '{"VIP": true}',
    ].join('\n');
    expect(parseContext(gmailForward)).toEqual(quoted('json'));
    const german = [
      'Von: Jamie',
      'Gesendet: Montag, 7. Dezember 2026 09:12',
      'An: Support',
      'Betreff: AW: x',
      'Handoff context',
      'VIP: ja',
    ].join('\n');
    expect(parseContext(german)).toEqual(quoted('key-value'));
    const french = [
      '**De :** Jamie',
      '**Envoyé :** lundi 7 décembre 2026',
      '**À :** Support',
      'Handoff context',
      'VIP: oui',
    ].join('\n');
    expect(parseContext(french)).toEqual(quoted('key-value'));
    expect(
      parseContext('---------- Message transféré ---------\nHandoff context\nVIP: oui'),
    ).toEqual(quoted('key-value'));
  });

  it('keeps a bot context whose keys only look like header names', () => {
    const travel = 'Handoff context\nFrom: Paris\nTo: London\nDate: 2026-12-01';
    expect(parseContext(travel)).toMatchObject({ ok: true, form: 'key-value' });
  });

  it('still finds a genuine context after a quote', () => {
    const text = [
      '> Handoff context',
      '> Account Tier: Enterprise',
      '',
      'Handoff context',
      'Account Tier: Premium',
    ].join('\n');
    expect(parseContext(text)).toMatchObject({ ok: true, values: { 'Account Tier': 'Premium' } });
    const reply = [
      'On Mon, Jamie wrote:',
      '> handoff-context',
      '> {"Tier": "Enterprise"}',
      '',
      'handoff-context',
      '{"Tier": "Basic"}',
    ].join('\n');
    expect(parseContext(reply)).toMatchObject({ ok: true, values: { Tier: 'Basic' } });
  });

  it('a genuine context before a quote is used; the quoted lines never join it', () => {
    const text = ['Handoff context', 'Tier: Basic', '> VIP: yes', 'Order: A-1'].join('\n');
    expect(parseContext(text)).toMatchObject({ ok: true, values: { Tier: 'Basic' } });
    // The heading is the bot's, the pairs are quoted: refused as quoted, not as a broken block.
    expect(parseContext('Handoff context\n> Tier: Gold')).toEqual(quoted('key-value'));
  });

  it('leaves messages without quotes alone, and marks only the quoted lines', () => {
    expect(maskQuoted('Handoff context\nTier: Gold')).toBeNull();
    expect(maskQuoted('1 > 0, so: Handoff context')).toBeNull();
    expect(quotedLines('a\n> b\nc\r\n>d')).toEqual([false, true, false, true]);
    const masked = maskQuoted('a\r\n> bb\nc');
    expect(masked).toBe('a\r\n    \nc');
    expect(parseContext('Tier > 3 means Premium\nHandoff context\nTier: Gold')).toMatchObject({
      ok: true,
    });
  });
});
