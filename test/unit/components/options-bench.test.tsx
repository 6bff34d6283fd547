import { describe, expect, it } from 'vitest';
import { parseCurrent } from '../../../components/options/bench-input';
import { OptionsApp } from '../../../components/options/OptionsApp';
import type { Preview } from '../../../lib/mapping/preview';
import { button, byLabel, choose, click, description, mount, type } from './dom';
import { fakeOptionsApi } from './options-fakes';

const plan: Preview = {
  context: {
    form: 'key-value',
    trust: 'bot-authored',
    values: { 'Account Tier': 'Premium', Priority: 'urgent', Refund: 'lots' },
  },
  fields: [
    {
      object: 'Case',
      field: 'Account_Tier__c',
      action: 'write',
      value: 'tier_premium',
      source: ['Account Tier'],
      raw: 'Premium',
      mapped: 'tier_premium',
      label: 'Account Tier',
      mapping: 'account-tier',
    },
    {
      object: 'Case',
      field: 'Priority',
      action: 'skip',
      value: 'High',
      reason: 'unchanged',
      source: ['Priority'],
      raw: 'urgent',
      mapped: 'High',
      label: 'Priority',
      mapping: 'priority',
    },
    {
      object: 'Case',
      field: 'Refund_Amount__c',
      action: 'refuse',
      value: null,
      reason: "'lots' is not a number",
      source: ['Refund'],
      raw: 'lots',
      mapped: 'lots',
      label: 'Refund Amount',
      mapping: 'refund',
    },
  ],
};

async function bench() {
  const fake = fakeOptionsApi();
  const root = await mount(<OptionsApp api={fake.api} initialSection="bench" />);
  return { ...fake, root };
}

const cells = (row: Element | null) =>
  [...(row?.querySelectorAll('th, td') ?? [])].map((c) => c.textContent);

describe('the test bench', () => {
  it('sends the sample and shows the plan per field, saying nothing was written', async () => {
    const { api, root } = await bench();
    api.preview.mockResolvedValueOnce(plan);
    await type(byLabel(root, 'Bot message or context'), 'Handoff context\nAccount Tier: Premium');
    await choose(byLabel(root, 'Posted by'), 'agent');
    await type(byLabel(root, 'Conversation id (optional)'), ' 0Mw5g00000Ms0a1CAB ');
    await type(
      byLabel(root, 'Current values of the record (optional JSON)'),
      '{"Priority": "High"}',
    );
    await click(button(root, 'Show the plan'));

    expect(api.preview).toHaveBeenCalledWith({
      platform: 'salesforce',
      text: 'Handoff context\nAccount Tier: Premium',
      author: 'agent',
      conversationId: '0Mw5g00000Ms0a1CAB',
      current: { Priority: 'High' },
    });
    expect(root.querySelector('[data-testid="plan-summary"]')?.textContent).toBe(
      '1 would be written, 1 skipped, 1 refused. Nothing was written: this is a preview.',
    );
    expect(root.querySelector('.plan__context')?.textContent).toBe(
      'Formkey–value linesTrustposted by the bot (unverified form, accepted)',
    );
    const row = (field: string) => root.querySelector(`.plan__fields tr[data-field="${field}"]`);
    expect(cells(row('Account_Tier__c'))).toEqual([
      'Account TierCase · Account_Tier__c',
      'Account Tier',
      'Premium',
      'tier_premium',
      'tier_premium',
      'Write',
    ]);
    expect(cells(row('Priority'))[5]).toBe('Skip already this value');
    expect(cells(row('Refund_Amount__c')).slice(4)).toEqual(['—', "Refuse 'lots' is not a number"]);
    // The results are announced: they sit in a live region.
    expect(root.querySelector('.bench__result')?.getAttribute('aria-live')).toBe('polite');
  });

  it('shows why a context would not be applied', async () => {
    const { api, root } = await bench();
    api.preview.mockResolvedValueOnce({
      context: {
        form: 'key-value',
        trust: 'unverified',
        values: { VIP: 'yes' },
        error:
          'A handoff context was posted by the customer, not by the bot, so nothing was written.',
      },
      fields: [],
    });
    await type(byLabel(root, 'Bot message or context'), 'Handoff context\nVIP: yes');
    await choose(byLabel(root, 'Posted by'), 'customer');
    await click(button(root, 'Show the plan'));
    expect(root.querySelector('[data-testid="plan-summary"]')?.textContent).toBe(
      'Nothing would be written.',
    );
    expect(root.querySelector('[data-testid="plan-error"]')?.textContent).toContain(
      'posted by the customer',
    );
    expect(root.querySelector('.plan__fields')).toBeNull();
  });

  it('checks the message and the current values before asking', async () => {
    const { api, root } = await bench();
    const current = byLabel(root, 'Current values of the record (optional JSON)');
    await type(current, '["not", "an object"]');
    await click(button(root, 'Show the plan'));
    expect(api.preview).not.toHaveBeenCalled();
    const message = byLabel(root, 'Bot message or context');
    expect(message.getAttribute('aria-invalid')).toBe('true');
    expect(description(root, message)).toContain('Paste the bot’s message');
    expect(current.getAttribute('aria-invalid')).toBe('true');
    expect(description(root, current)).toContain(
      'Current values: write an object of field API names and values',
    );
    expect(parseCurrent('{oops')).toEqual({
      ok: false,
      error:
        'Current values: not valid JSON at line 1, column 2. Write an object, e.g. {"Account_Tier__c": "tier_basic"}.',
    });
    expect(parseCurrent('  ')).toEqual({ ok: true });
  });

  it('plans a Kustomer sample over the Kustomer mappings', async () => {
    const { api, root } = await bench();
    await click(byLabel(root, 'Kustomer (conversation and customer)'));
    await type(byLabel(root, 'Bot message or context'), 'Handoff context\nVIP: yes');
    await click(button(root, 'Show the plan'));
    expect(api.preview.mock.calls[0]?.[0]).toMatchObject({ platform: 'kustomer', author: 'bot' });
    expect(root.textContent).toContain('No enabled Kustomer mapping');
  });

  it('clears its plan on invalid current values and shows the error next to them', async () => {
    const { api, root } = await bench();
    api.preview.mockResolvedValue(plan);
    await type(byLabel(root, 'Bot message or context'), 'Handoff context\nAccount Tier: Premium');
    await click(button(root, 'Show the plan'));
    expect(root.querySelector('.plan')).not.toBeNull();

    const current = byLabel(root, 'Current values of the record (optional JSON)');
    await type(current, '{\n  "Priority": "High",\n  "Tier": \n}');
    await click(button(root, 'Show the plan'));
    expect(api.preview).toHaveBeenCalledTimes(1);
    expect(current.getAttribute('aria-invalid')).toBe('true');
    expect(description(root, current)).toContain(
      'Current values: not valid JSON at line 4, column 1.',
    );
    // The plan of the earlier inputs is gone: the plan area is empty.
    expect(root.querySelector('.bench__result')?.textContent).toBe('');

    // Corrected, the plan comes back.
    await type(current, '{"Priority": "High"}');
    expect(current.getAttribute('aria-invalid')).toBeNull();
    await click(button(root, 'Show the plan'));
    expect(api.preview).toHaveBeenCalledTimes(2);
    expect(root.querySelector('.plan')).not.toBeNull();
  });

  it('calls a sample without a readable context an input error, never a refused context', async () => {
    const { api, root } = await bench();
    api.preview.mockResolvedValue(plan);
    const message = byLabel(root, 'Bot message or context');
    await type(message, 'Handoff context\nAccount Tier: Premium');
    await click(button(root, 'Show the plan'));
    expect(root.querySelector('.plan')).not.toBeNull();

    for (const [sample, words] of [
      ['Hello, how can I help?', 'No handoff context in this message'],
      ['handoff-context\n{"Account Tier": "Premium",}', 'Handoff context JSON is not valid'],
      ['Handoff context\nAccount Tier Premium', "expected 'Key: Value'"],
    ] as const) {
      await type(message, sample);
      await click(button(root, 'Show the plan'));
      expect(message.getAttribute('aria-invalid'), sample).toBe('true');
      expect(description(root, message), sample).toContain(words);
      expect(root.querySelector('.bench__result')?.textContent, sample).toBe('');
      expect(description(root, message), sample).not.toMatch(/Trust|refused/);
    }
    expect(api.preview).toHaveBeenCalledTimes(1);
  });

  it('still asks about a context the extension would refuse as an imitation', async () => {
    const { api, root } = await bench();
    // Quoted from someone else: a refusal is the point of trying it, so the bench asks.
    await type(byLabel(root, 'Bot message or context'), '> Handoff context\n> VIP: yes');
    await click(button(root, 'Show the plan'));
    expect(api.preview).toHaveBeenCalledTimes(1);
  });

  it('leaves out Trust when the background found no context', async () => {
    const { api, root } = await bench();
    api.preview.mockResolvedValueOnce({
      context: { form: null, trust: 'refused', values: {}, error: 'No handoff context was found.' },
      fields: [],
    });
    await type(byLabel(root, 'Bot message or context'), 'Handoff context\nVIP: yes');
    await click(button(root, 'Show the plan'));
    expect(root.querySelector('.plan__context')?.textContent).toBe('Formno context found');
  });
});
