/**
 * What the simulated console page shows for a record: field values formatted as Lightning shows them
 * (labels of picklist values, currency, dates…) and the conversation. The page loads this when it
 * renders a record (first load, tab switch, reload); it is not a Salesforce endpoint.
 */
import { AUTHOR_NAMES, SEED_CREATED } from '../seed';
import type { DescribeField } from './fields';
import { CASE, MESSAGING_SESSION, objectByName, type SimObjectDef, type Values } from './objects';
import {
  DISPLAY_TIME_ZONE,
  type OrgState,
  type SalesforceStore,
  type TranscriptEntry,
  timeLabel,
} from './store';

export type UiValue =
  | { kind: 'text'; text: string }
  | { kind: 'multiline'; text: string }
  | { kind: 'checkbox'; checked: boolean }
  | { kind: 'link'; text: string; href: string; recordLink: boolean };

export interface UiItem {
  name: string;
  label: string;
  type: string;
  value: UiValue;
}

export interface UiRecord {
  object: string;
  objectLabel: string;
  id: string;
  /** The record's name: CaseNumber or Name. */
  title: string;
  subtitle: string;
  /** The console tab label, e.g. "00001026 | Case". */
  tabLabel: string;
  path: string;
  sections: { title: string; items: UiItem[] }[];
  conversation: {
    sessionId: string;
    name: string;
    /**
     * The start bookend ("Chat started by <b>by</b> • timeLabel"): the session's end user (the
     * sim's MessagingEndUser has no name of its own: the default end-user name) and StartTime.
     */
    started: { by: string; timeLabel: string };
    entries: TranscriptEntry[];
  } | null;
}

export const recordPath = (object: string, id: string): string =>
  `/lightning/r/${object}/${id}/view`;

function text(t: string): UiValue {
  return { kind: 'text', text: t };
}

function formatNumber(n: number, scale: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: scale, maximumFractionDigits: scale });
}

function formatValue(store: SalesforceStore, org: OrgState, f: DescribeField, v: unknown): UiValue {
  if (f.type === 'boolean') return { kind: 'checkbox', checked: v === true };
  if (v === null || v === undefined || v === '') return text('');
  switch (f.type) {
    case 'picklist':
      return text(f.picklistValues.find((p) => p.value === v)?.label ?? String(v));
    case 'multipicklist':
      return text(
        String(v)
          .split(';')
          .map((p) => f.picklistValues.find((pv) => pv.value === p)?.label ?? p)
          .join('; '),
      );
    case 'currency':
      return text(
        (v as number).toLocaleString('en-US', {
          style: 'currency',
          currency: 'USD',
          minimumFractionDigits: f.scale,
          maximumFractionDigits: f.scale,
        }),
      );
    case 'percent':
      return text(`${formatNumber(v as number, f.scale)}%`);
    case 'double':
      return text(formatNumber(v as number, f.scale));
    case 'int':
      return text(formatNumber(v as number, 0));
    case 'date': {
      const [y, m, d] = String(v).split('-').map(Number);
      return text(`${m}/${d}/${y}`);
    }
    case 'datetime':
      return text(
        new Date(String(v).replace('+0000', 'Z')).toLocaleString('en-US', {
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: '2-digit',
          timeZone: DISPLAY_TIME_ZONE,
        }),
      );
    case 'email':
      return { kind: 'link', text: String(v), href: `mailto:${String(v)}`, recordLink: false };
    case 'url': {
      // Like Lightning: a value without a scheme links to http://…; other schemes are not linked.
      const s = String(v);
      if (/^https?:\/\//i.test(s)) return { kind: 'link', text: s, href: s, recordLink: false };
      if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return text(s);
      return { kind: 'link', text: s, href: `http://${s}`, recordLink: false };
    }
    case 'textarea':
      return { kind: 'multiline', text: String(v) };
    case 'reference': {
      const id = String(v);
      const user = org.users.find((u) => u.id === id);
      if (user) return text(user.name);
      const hit = store.findAny(org, id);
      if (hit) {
        const name = String(hit.values[hit.def.nameField] ?? hit.id);
        return {
          kind: 'link',
          text: name,
          href: recordPath(hit.def.name, hit.id),
          recordLink: true,
        };
      }
      return text(id);
    }
    default:
      return text(String(v));
  }
}

function sections(store: SalesforceStore, org: OrgState, def: SimObjectDef, values: Values) {
  const item = (f: DescribeField): UiItem => ({
    name: f.name,
    label: f.label,
    type: f.type,
    value: formatValue(store, org, f, values[f.name]),
  });
  return [
    { title: `${def.label} Information`, items: def.fields.filter((f) => !f.custom).map(item) },
    { title: 'Handoff Details', items: def.fields.filter((f) => f.custom).map(item) },
  ];
}

export function uiRecord(
  store: SalesforceStore,
  org: OrgState,
  objectName: string,
  id: string,
): UiRecord | undefined {
  const def = objectByName(objectName);
  if (!def) return undefined;
  const hit = store.find(org, def, id);
  if (!hit) return undefined;
  const values = store.withFormulas(def, hit.values);
  const title = String(values[def.nameField] ?? hit.id);
  let session: { id: string; values: Values } | undefined;
  if (def === MESSAGING_SESSION) session = hit;
  else if (def === CASE) session = store.sessionOfCase(org, hit.id);
  return {
    object: def.name,
    objectLabel: def.label,
    id: hit.id,
    title,
    subtitle: def.name === 'Case' ? String(values.Subject ?? '') : String(values.Status ?? ''),
    tabLabel: `${title} | ${def.label}`,
    path: recordPath(def.name, hit.id),
    sections: sections(store, org, def, values),
    conversation: session
      ? {
          sessionId: session.id,
          name: String(session.values.Name ?? session.id),
          started: {
            by: AUTHOR_NAMES.end_user,
            timeLabel: timeLabel(
              String(session.values.StartTime ?? SEED_CREATED).replace('+0000', 'Z'),
            ),
          },
          entries: [...(org.transcripts.get(session.id) ?? [])],
        }
      : null,
  };
}
