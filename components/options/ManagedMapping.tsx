import type { Mapping } from '../../lib/mapping/schema';
import { MANAGED_LABEL } from '../../lib/settings/managed';
import { ManagedBadge } from '../shared/ManagedBadge';

const policyWords = { 'fill-empty': 'Fill empty fields only', overwrite: 'Overwrite' } as const;
const unmappedWords = {
  refuse: 'Refuse: report it, write nothing',
  pass: 'Pass: write the bot’s value as is',
  skip: 'Skip: leave the field alone',
} as const;

/**
 * The editor's side panel for a mapping the organisation's policy sets: what it does, read-only,
 * and who changes it. No form, no delete: the background refuses a change to it anyway.
 */
export function ManagedMapping({ mapping, label }: { mapping: Mapping; label: string }) {
  const m = mapping;
  const rows: Array<[string, string]> = [
    ['Target field', label === m.field ? m.field : `${label} (${m.field})`],
    ['Context keys', m.sources.join(', ')],
    ['Combine', m.combine === 'join' ? `Join with “${m.separator}”` : 'First non-empty key'],
    [
      'Value map',
      m.valueMap.length === 0 ? 'None' : m.valueMap.map((v) => `${v.from} → ${v.to}`).join('; '),
    ],
    ['A value the map lacks', m.unmapped ? unmappedWords[m.unmapped] : 'By the field’s type'],
    ['Transforms', m.transforms.length === 0 ? 'None' : m.transforms.join(', ')],
    ['Write policy', policyWords[m.policy]],
    ['Enabled', m.enabled ? 'On' : 'Off'],
  ];
  return (
    <div class="managed-mapping">
      <p class="managed-mapping__lead">
        <ManagedBadge />
      </p>
      <p class="form-hint">
        {MANAGED_LABEL}: this mapping comes from your organisation’s policy and is read-only here.
        Ask your admin to change it.
      </p>
      <dl class="managed-mapping__list">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
