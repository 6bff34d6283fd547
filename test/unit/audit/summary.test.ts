import { describe, expect, it } from 'vitest';
import { auditCsv, auditJson } from '../../../lib/audit/export';
import { percent, problemsFirst, recordState, summarise } from '../../../lib/audit/summary';
import type { AuditRow, FieldAudit } from '../../../lib/audit/types';
import { parseCsvObjects } from '../../support/csv-parse';

const field = (
  name: string,
  state: FieldAudit['state'],
  actual: string | null = 'x',
): FieldAudit => ({
  object: 'Case',
  field: name,
  label: name.replace('__c', ''),
  state,
  expected: 'x',
  actual,
});

const row = (
  id: string,
  state: AuditRow['state'],
  fields: FieldAudit[],
  bot?: string,
): AuditRow => ({
  record: { platform: 'salesforce', org: 'acme', object: 'Case', id },
  name: `000${id}`,
  state,
  fields,
  ...(bot ? { bot } : {}),
});

describe('audit summary', () => {
  const rows = [
    row('1', 'as-expected', [field('VIP__c', 'expected'), field('Tier__c', 'expected')], 'bot'),
    row('2', 'different', [field('VIP__c', 'different'), field('Tier__c', 'expected')], 'bot'),
    row('3', 'no-context', []),
    row('4', 'refused', [field('VIP__c', 'refused', null)], 'customer'),
    row('5', 'missing', [field('VIP__c', 'missing', null)], 'https://issuer.example'),
  ];

  it('counts each field by outcome, the most troubled first', () => {
    const s = summarise(rows);
    expect(s.records).toBe(5);
    expect(s.byState).toEqual({
      'as-expected': 1,
      different: 1,
      'no-context': 1,
      refused: 1,
      missing: 1,
    });
    expect(s.fields.map((f) => f.field)).toEqual(['VIP__c', 'Tier__c']);
    expect(s.fields[0]?.counts).toEqual({ expected: 1, different: 1, missing: 1, refused: 1 });
    expect(s.fields[0]?.total).toBe(4);
    expect(s.fields[1]?.counts.expected).toBe(2);
  });

  it('groups records by the bot that vouched for the context', () => {
    const bots = summarise(rows).bots;
    expect(bots[0]).toEqual({ bot: 'bot', records: 2, counts: { 'as-expected': 1, different: 1 } });
    expect(bots.map((b) => b.bot).sort()).toEqual(['bot', 'customer', 'https://issuer.example']);
  });

  it('lists problems first, worst first, keeping the audit order within a state', () => {
    const order = problemsFirst([...rows, row('6', 'different', [])]).map((r) => r.record.id);
    expect(order).toEqual(['4', '2', '6', '5', '3', '1']);
  });

  it('says the record state from its fields', () => {
    expect(recordState([field('A', 'expected')], false)).toBe('as-expected');
    expect(recordState([field('A', 'missing', null), field('B', 'different')], false)).toBe(
      'different',
    );
    expect(recordState([field('A', 'missing', null)], false)).toBe('missing');
    expect(recordState([field('A', 'refused')], false)).toBe('refused');
    expect(recordState([field('A', 'expected')], true)).toBe('refused');
  });

  it('writes percents', () => {
    expect(percent(1, 3)).toBe('33 %');
    expect(percent(0, 0)).toBe('–');
  });
});

describe('audit export', () => {
  it('writes one CSV line per record and field, problems first, formulas neutralised', () => {
    const hostile = row('7', 'different', [
      { ...field('VIP__c', 'different'), actual: '=HYPERLINK("x")' },
    ]);
    const csv = auditCsv([row('3', 'no-context', []), hostile]);
    const lines = parseCsvObjects(csv);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      record: '0007',
      record_state: 'different',
      field: 'VIP__c',
      field_state: 'different',
    });
    expect(lines[0]?.actual).toBe(`'=HYPERLINK("x")`);
    expect(lines[1]).toMatchObject({ record: '0003', record_state: 'no-context', field: '' });
  });

  it('writes JSON with the summary and the rows', () => {
    const file = JSON.parse(
      auditJson(
        {
          platform: 'salesforce',
          org: 'acme',
          query: {},
          startedAt: 0,
          finishedAt: 1000,
          state: 'done',
          requests: 9,
        },
        [row('1', 'as-expected', [field('VIP__c', 'expected')], 'bot')],
      ),
    );
    expect(file).toMatchObject({ format: 'handoff-fields/audit', state: 'done', requests: 9 });
    expect(file.summary.fields[0].counts.expected).toBe(1);
    expect(file.records[0].name).toBe('0001');
  });
});
