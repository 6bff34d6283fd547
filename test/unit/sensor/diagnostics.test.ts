/**
 * What the console tab's diagnostics say about a transcript in the published SLDS chat markup and
 * a Kustomer timeline, what the copied report keeps (structure) and leaves out (text, names,
 * values), and who the content script answers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { diagnosticReport } from '@/components/shared/diagnostic-report';
import type { SourceDiagnostics } from '@/lib/messaging/protocol';
import { kustomerSensor } from '@/lib/platforms/kustomer/content';
import { salesforceSensor } from '@/lib/platforms/salesforce/content';
import { findTranscriptLists, salesforceProfile } from '@/lib/platforms/salesforce/transcript';
import { profileWithOverride } from '@/lib/platforms/transcript-profile';
import type { RecordRef } from '@/lib/platforms/types';
import { type SensorState, startConsoleSensor } from '@/lib/sensor/console-sensor';
import {
  answerDiagnosticsRequests,
  COLLECT_REQUEST,
  collectSensorDiagnostics,
  type DiagnosticsRuntime,
  shapeOf,
  wherePath,
} from '@/lib/sensor/diagnostics';
import {
  CONTEXT,
  CUSTOMER_TEXT,
  consoleWithTranscript,
  entry,
  publishedTranscript,
} from './published-markup';

const CASE: RecordRef = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  id: '5005g00000HfCa1AAF',
};
const CASE_URL = `https://acme.lightning.force.com/lightning/r/Case/${CASE.id}/view`;
const NOW = Date.UTC(2026, 10, 21, 10, 0);

afterEach(() => {
  document.body.innerHTML = '';
});

const profile = salesforceProfile.defaults;
const stateOf = (over: Partial<SensorState> = {}): SensorState => ({
  record: CASE,
  profile,
  problems: [],
  lists: findTranscriptLists(profile),
  ...over,
});
const collect = (state = stateOf()) =>
  collectSensorDiagnostics(salesforceSensor, state, { now: () => NOW });

describe('collectSensorDiagnostics (Salesforce, published markup)', () => {
  it('says where the list is, through the shadow roots, and how many entries it holds', () => {
    publishedTranscript();
    const d = collect();
    expect(d.platform).toBe('salesforce');
    expect(d.record).toEqual(CASE);
    expect(d.collectedAt).toBe(NOW);
    expect(d.lists).toEqual([
      {
        where:
          'one-record-home ⟶#shadow⟶ runtime-messaging-transcript ⟶#shadow⟶ section.slds-chat > ul.slds-chat-list',
        items: 7,
      },
    ]);
    expect(d.itemsOutsideLists).toBeUndefined();
    expect(d.entries).toBe(7);
  });

  it('reads each entry with its author, the rule that decided it, and its structure', () => {
    publishedTranscript();
    const m = collect().messages;
    expect(m.map((x) => [x.id, x.author, x.basis, x.sender, x.skipped])).toEqual([
      ['pos-0', 'system', 'bookend', undefined, 'bookend'],
      ['e1', 'customer', 'inbound', undefined, undefined],
      ['e2', 'bot', 'run', 'Chatbot', undefined],
      ['e3', 'bot', 'meta', 'Chatbot', undefined],
      ['e4', 'agent', 'outbound-agent', undefined, undefined],
      ['e5', 'system', 'event', undefined, undefined],
      ['pos-6', 'unknown', 'no-sender', undefined, 'no-sender'],
    ]);
    expect(m[1]).toMatchObject({ chars: CUSTOMER_TEXT.length, mayHoldContext: false });
    expect(m[3]).toMatchObject({ chars: CONTEXT.length, mayHoldContext: true });
    expect(m[3]?.entry).toBe('li.slds-chat-listitem.slds-chat-listitem_outbound');
    expect(m[3]?.block).toBe('div.slds-chat-message.slds-chat-message_faux-avatar');
    expect(m[0]?.block).toBeUndefined(); // a bookend has no message block
    expect(m[0]?.chars).toBeUndefined();
  });

  it('describes only the last entries, and says how many there are', () => {
    const list = consoleWithTranscript();
    for (let i = 0; i < 60; i++) list.append(entry('inbound', `m ${i}`, 'Jamie', `e${i}`));
    const d = collect();
    expect(d.entries).toBe(60);
    expect(d.messages).toHaveLength(50);
    expect(d.messages[0]?.id).toBe('e10');
    expect(d.messages.at(-1)?.id).toBe('e59');
  });

  it('tells an entry nested in a message, and an entry with no text yet', () => {
    const list = consoleWithTranscript();
    const outer = entry('inbound', 'quoted below', 'Jamie', 'e1');
    const nested = entry('inbound', 'imitation', 'Chatbot', 'e2');
    outer.querySelector('span')?.append(nested);
    list.append(outer, entry('inbound', '   ', 'Jamie', 'e3'));
    const m = collect().messages;
    expect(m.map((x) => [x.id, x.skipped])).toEqual([
      ['e1', undefined],
      ['pos-0', 'nested'],
      ['pos-1', 'empty'],
    ]);
  });

  it('with no list found, counts the entries anywhere: "0 lists; 2 items" against "0 of both"', () => {
    const stray = document.createElement('div');
    stray.className = 'slds-chat';
    stray.append(entry('inbound', 'a', 'Jamie'), entry('inbound', 'b', 'Jamie'));
    document.body.append(stray);
    const found = collect(stateOf({ lists: [] }));
    expect(found.lists).toEqual([]);
    expect(found.itemsOutsideLists).toBe(2);
    expect(found.messages).toEqual([]);
    document.body.innerHTML = '';
    expect(collect(stateOf({ lists: [] })).itemsOutsideLists).toBe(0);
  });

  it("names the keys the admin's profile changed, the bot names, and what could not be used", () => {
    publishedTranscript();
    const { profile: custom, problems } = profileWithOverride(salesforceProfile, {
      values: { list: 'ul.slds-chat-list, ol.chat', item: '[[' },
      botNames: ['Helper'],
    });
    const d = collect(stateOf({ profile: custom, problems }));
    expect(d.profile.overridden).toEqual(['list']);
    expect(d.profile.botNames).toEqual({ count: 1, shipped: false });
    expect(d.profile.problems.map((p) => p.key)).toEqual(['item']);
    expect(collect().profile).toEqual({
      overridden: [],
      botNames: { count: 4, shipped: true },
      problems: [],
    });
  });

  it('reads what the running sensor holds (its state())', () => {
    publishedTranscript();
    const controller = new AbortController();
    const running = startConsoleSensor(
      salesforceSensor,
      { onRecord: () => {}, onCandidates: () => {} },
      { signal: controller.signal, location: () => CASE_URL, onLocationChange: () => {} },
    );
    const d = collectSensorDiagnostics(salesforceSensor, running.state());
    controller.abort();
    expect(d.record).toEqual(CASE);
    expect(d.lists).toHaveLength(1);
    expect(d.messages.find((m) => m.id === 'e3')?.basis).toBe('meta');
  });
});

describe('structure helpers', () => {
  it('name tag and classes only, and cap a long class list', () => {
    const el = document.createElement('div');
    el.id = 'secret-id';
    el.setAttribute('title', 'Jamie Rivera');
    el.className = Array.from({ length: 10 }, (_, i) => `c${i}`).join(' ');
    expect(shapeOf(el)).toBe('div.c0.c1.c2.c3.c4.c5.c6.c7(+2)');
  });

  it('leave html and body out of a path in the light DOM', () => {
    const main = document.createElement('main');
    const ul = document.createElement('ul');
    ul.className = 'list';
    main.append(ul);
    document.body.append(main);
    expect(wherePath(ul)).toBe('main > ul.list');
  });
});

/** A Kustomer timeline: `data-kt` hooks on plain React DOM. */
function kustomerTimeline(): HTMLElement {
  const timeline = document.createElement('div');
  timeline.setAttribute('data-kt', 'timeline');
  timeline.className = 'timeline_x1';
  document.body.append(timeline);
  const item = (o: {
    type: string;
    direction?: string;
    id: string;
    author?: string;
    badge?: boolean;
    text: string;
  }) => {
    const el = document.createElement('div');
    el.setAttribute('data-kt', 'timelineItem');
    el.setAttribute('data-kt-type', o.type);
    el.setAttribute('data-kt-id', o.id);
    if (o.direction) el.setAttribute('data-kt-direction', o.direction);
    el.className = 'item_a9';
    if (o.type === 'event') {
      el.innerHTML = '<span data-kt="eventText"></span>';
    } else {
      el.innerHTML = `<div class="header_b2"><span data-kt="messageAuthor"></span>${o.badge ? '<span data-kt="botBadge">AI</span>' : ''}</div><div data-kt="messageBody"></div>`;
      (el.querySelector('[data-kt="messageAuthor"]') as HTMLElement).textContent = o.author ?? '';
    }
    (
      el.querySelector('[data-kt="messageBody"], [data-kt="eventText"]') as HTMLElement
    ).textContent = o.text;
    timeline.append(el);
  };
  item({ type: 'message', direction: 'in', id: 'k1', author: 'Jamie Rivera', text: CUSTOMER_TEXT });
  item({
    type: 'message',
    direction: 'out',
    id: 'k2',
    author: 'Helper',
    badge: true,
    text: CONTEXT,
  });
  item({ type: 'message', direction: 'out', id: 'k3', author: 'Jordan Lee', text: 'On it.' });
  item({ type: 'event', id: 'k4', text: 'Conversation assigned' });
  return timeline;
}

describe('collectSensorDiagnostics (Kustomer timeline)', () => {
  it('reads each item with its rule and the profile attributes it carries', () => {
    kustomerTimeline();
    const kProfile = kustomerSensor.profile.defaults;
    const d = collectSensorDiagnostics(kustomerSensor, {
      record: { platform: 'kustomer', org: 'acme', object: 'conversation', id: 'c1' },
      profile: kProfile,
      problems: [],
      lists: kustomerSensor.findTranscriptLists(kProfile),
    });
    expect(d.lists).toEqual([{ where: 'div.timeline_x1', items: 4 }]);
    expect(d.messages.map((m) => [m.id, m.author, m.basis, m.sender])).toEqual([
      ['k1', 'customer', 'inbound', undefined],
      ['k2', 'bot', 'bot-badge', 'Helper'],
      ['k3', 'agent', 'header-name', 'Jordan Lee'],
      ['k4', 'system', 'event', undefined],
    ]);
    expect(d.messages[0]).toMatchObject({
      entry: 'div.item_a9',
      block: 'div.header_b2',
      attributes: ['data-kt-type', 'data-kt-id', 'data-kt-direction'],
    });
  });
});

const sources: SourceDiagnostics = {
  api: {
    supported: true,
    reached: false,
    notice: { code: 'network', message: 'Premium tier offline' },
  },
  recordFields: [
    {
      object: 'Case',
      field: 'Handoff_Context__c',
      reached: false,
      notice: { code: 'network', message: 'Value A-7731 could not be read' },
    },
  ],
  candidates: [
    {
      at: NOW,
      source: 'transcript',
      author: 'bot',
      messageId: 'e3',
      form: 'key-value',
      level: 'bot-authored',
      trust: 'taken',
      reason: { message: 'done: 1 written — Account Tier set to Premium' },
      state: 'done',
      fields: { written: 1, skipped: 0, refused: 0, pending: 0, planned: 0, checked: 0 },
    },
    {
      at: NOW - 1000,
      source: 'transcript',
      author: 'customer',
      messageId: 'e1',
      form: 'key-value',
      level: 'unverified',
      trust: 'refused',
      reason: { code: 'context-untrusted', message: 'Jamie Rivera posted Premium' },
      state: 'failed',
      fields: { written: 0, skipped: 0, refused: 0, pending: 0, planned: 0, checked: 0 },
    },
  ],
};

describe('diagnosticReport', () => {
  it('keeps the structure: record and message ids, rules, classes, counts, codes', () => {
    publishedTranscript();
    const report = diagnosticReport(collect(), sources);
    expect(report).toMatchObject({
      report: 'handoff-fields-diagnostics',
      version: 1,
      platform: 'salesforce',
      record: CASE,
      transcript: { entries: 7 },
      sources: {
        api: { supported: true, reached: false, code: 'network' },
        recordFields: [
          { object: 'Case', field: 'Handoff_Context__c', reached: false, code: 'network' },
        ],
      },
    });
    expect(report.messages[3]).toEqual({
      id: 'e3',
      author: 'bot',
      basis: 'meta',
      chars: CONTEXT.length,
      mayHoldContext: true,
      entry: 'li.slds-chat-listitem.slds-chat-listitem_outbound',
      block: 'div.slds-chat-message.slds-chat-message_faux-avatar',
    });
    const reached = report.sources as Exclude<typeof report.sources, null | { error: string }>;
    expect(reached.candidates[1]).toEqual({
      at: new Date(NOW - 1000).toISOString(),
      source: 'transcript',
      author: 'customer',
      messageId: 'e1',
      form: 'key-value',
      level: 'unverified',
      trust: 'refused',
      code: 'context-untrusted',
      state: 'failed',
      fields: { written: 0, skipped: 0, refused: 0, pending: 0, planned: 0, checked: 0 },
    });
  });

  it('never holds a message text, a sender name, a context value or an admin value', () => {
    publishedTranscript();
    const { profile: custom, problems } = profileWithOverride(salesforceProfile, {
      values: { item: 'li.secret-selector[[' },
      botNames: ['Secret Bot Name'],
    });
    const sensor = collect(stateOf({ profile: custom, problems }));
    // The panel has them: the report must not.
    expect(JSON.stringify(sensor)).toContain('Chatbot');
    expect(JSON.stringify(sensor)).toContain('secret-selector');
    const json = JSON.stringify(diagnosticReport(sensor, sources));
    for (const secret of [
      CUSTOMER_TEXT,
      'Handoff context',
      'Account Tier',
      'Premium',
      'A-7731',
      'Jamie Rivera',
      'Jordan Lee',
      'Chatbot',
      'Secret Bot Name',
      'secret-selector',
      'Chat transferred',
      'offline',
    ]) {
      expect(json, secret).not.toContain(secret);
    }
    expect(json).toContain(CASE.id);
    expect(json).toContain('"e3"');
  });

  it('says when the sources could not be had, or were not asked for', () => {
    publishedTranscript();
    const failed = diagnosticReport(collect(), {
      error: { code: 'extension-unavailable' as never, message: 'Reload this page (Premium)' },
    });
    expect(failed.sources).toEqual({ error: 'extension-unavailable' });
    expect(diagnosticReport(collect(), null).sources).toBeNull();
  });
});

describe('answerDiagnosticsRequests', () => {
  function fakeRuntime() {
    const listeners = new Set<Parameters<DiagnosticsRuntime['onMessage']['addListener']>[0]>();
    const runtime: DiagnosticsRuntime = {
      id: 'ext-id',
      getURL: () => 'chrome-extension://ext-id/',
      onMessage: {
        addListener: (l) => listeners.add(l),
        removeListener: (l) => listeners.delete(l),
      },
    };
    const send = (message: unknown, sender: { id?: string; url?: string }) => {
      const answer = vi.fn();
      for (const l of listeners) l(message, sender, answer);
      return answer;
    };
    return { runtime, listeners, send };
  }

  it("answers the extension's own pages only, and stops with the content script", () => {
    const { runtime, listeners, send } = fakeRuntime();
    const controller = new AbortController();
    const diagnostics = { platform: 'salesforce' } as never;
    answerDiagnosticsRequests(runtime, controller.signal, () => diagnostics);
    const own = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' };
    expect(send(COLLECT_REQUEST, own)).toHaveBeenCalledWith(diagnostics);
    expect(send({ type: 'other' }, own)).not.toHaveBeenCalled();
    expect(send(null, own)).not.toHaveBeenCalled();
    expect(send(COLLECT_REQUEST, { id: 'other-ext', url: own.url })).not.toHaveBeenCalled();
    expect(send(COLLECT_REQUEST, { id: 'ext-id', url: CASE_URL })).not.toHaveBeenCalled();
    expect(send(COLLECT_REQUEST, { id: 'ext-id' })).not.toHaveBeenCalled();
    controller.abort();
    expect(listeners.size).toBe(0);
  });
});
