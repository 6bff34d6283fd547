/** The mapping form asks how the bot writes dates, with an example, only for date targets. */
import { describe, expect, it, vi } from 'vitest';
import { defaultTarget } from '../../../components/popup/targets';
import { MappingForm } from '../../../components/shared/MappingForm';
import { Mapping } from '../../../lib/mapping/schema';
import type { FieldSpec } from '../../../lib/platforms/types';
import { mount } from './dom';

const catalog: FieldSpec[] = [
  { name: 'Customer_Since__c', label: 'Customer Since', type: 'date' } as FieldSpec,
  { name: 'Last_Contact__c', label: 'Last Contact', type: 'datetime' } as FieldSpec,
  { name: 'Subject', label: 'Subject', type: 'string' } as FieldSpec,
];

const base = (field: string): Mapping =>
  Mapping.parse({
    id: 'm',
    platform: 'salesforce',
    object: 'Case',
    field,
    sources: ['x'],
    combine: 'first',
    separator: ', ',
    valueMap: [],
    transforms: [],
    policy: 'fill-empty',
    enabled: true,
    dateFormat: 'DD/MM/YYYY',
  });

async function form(field: string) {
  return mount(
    <MappingForm
      base={base(field)}
      target={defaultTarget}
      catalog={catalog}
      takenIds={new Set(['m'])}
      onSave={vi.fn(async () => {})}
      onCancel={() => {}}
    />,
  );
}

describe('dates in the mapping form', () => {
  it('shows the format the mapping reads, with an example, for a date target', async () => {
    const root = await form('Customer_Since__c');
    const select = root.querySelector<HTMLSelectElement>('select[id$="date-format"]');
    expect(select?.value).toBe('DD/MM/YYYY');
    expect(root.textContent).toContain('The bot writes 21/11/2026; it is sent as 2026-11-21.');
    expect(root.querySelector('input[id$="time-zone"]')).toBeNull();
  });

  it('asks for the zone of local times on a date-time target', async () => {
    const root = await form('Last_Contact__c');
    expect(root.querySelector('input[id$="time-zone"]')).not.toBeNull();
  });

  it('asks nothing about dates for another type', async () => {
    const root = await form('Subject');
    expect(root.querySelector('select[id$="date-format"]')).toBeNull();
  });
});
