/**
 * The options page's "What it sees", over a fake `browser.tabs`: the console tabs open, the tab's
 * content script asked for what it reads (and the background for its record), the same panel as
 * the widget's, and what the admin is told when no tab is open or a tab does not answer.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  ConsoleTabsApi,
  DiagnosticsApi,
} from '../../../components/options/DiagnosticsSection';
import { OptionsApp, sectionFromHash } from '../../../components/options/OptionsApp';
import { COLLECT_REQUEST, type SensorDiagnostics } from '../../../lib/sensor/diagnostics';
import { CASE, sampleSources, sensorNow } from '../sensor/published-markup';
import { button, byLabel, choose, click, flush, mount } from './dom';
import { fakeOptionsApi } from './options-fakes';

afterEach(() => {
  document.body.innerHTML = '';
});

interface FakeTab {
  id: number;
  url: string;
  title: string;
  /** What its content script answers; a tab opened before the extension answers nothing. */
  answer?: unknown;
}

/** A match pattern (`https://*.host/path*`) as a regular expression, as the browser reads it. */
const matches = (pattern: string, url: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.?+^$()|[\]{}\\/]/g, '\\$&'))
      .join('.*')}$`,
  ).test(url);

function fakeTabs(open: FakeTab[]) {
  const tabs: ConsoleTabsApi = {
    query: vi.fn(async ({ url }: { url: string[] }) =>
      open.filter((t) => url.some((p) => matches(p, t.url))),
    ),
    sendMessage: vi.fn(async (tabId: number) => {
      const tab = open.find((t) => t.id === tabId);
      if (tab?.answer === undefined) {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      }
      return tab.answer;
    }),
  };
  return tabs;
}

async function section(open: FakeTab[], sources = vi.fn(async () => sampleSources)) {
  const tabs = fakeTabs(open);
  const diagnostics: DiagnosticsApi = { tabs, sources };
  const root = await mount(
    <OptionsApp
      api={fakeOptionsApi().api}
      initialSection="diagnostics"
      diagnostics={diagnostics}
    />,
  );
  await flush();
  return { root, tabs, sources };
}

const caseTab = (answer?: SensorDiagnostics): FakeTab => ({
  id: 7,
  url: `https://acme.lightning.force.com/lightning/r/Case/${CASE.id}/view`,
  title: '00001026 | Case',
  answer,
});
const kustomerTab: FakeTab = {
  id: 9,
  url: 'https://initech.kustomerapp.com/app/conversations/6650f00dc3d4e5f60123aa01',
  title: 'Conversation',
};

describe('"What it sees" on the options page', () => {
  it('is a section of its own, reached by its hash', () => {
    expect(sectionFromHash('#diagnostics')).toBe('diagnostics');
  });

  it('says what to do when no console tab is open', async () => {
    const { root, tabs } = await section([]);
    expect(root.querySelector('h2')?.textContent).toBe('What it sees');
    expect(tabs.query).toHaveBeenCalledTimes(2); // Salesforce's and Kustomer's addresses
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'No Salesforce or Kustomer console tab is open in this browser. Open one (signed in), then press Look for tabs again.',
    );
    expect(button(root, 'Show what it sees').disabled).toBe(true);
  });

  it("shows the first tab's transcript and sources at once, in the widget's panel", async () => {
    const sensor = sensorNow();
    const { root, tabs, sources } = await section([caseTab(sensor), kustomerTab]);
    const select = byLabel(root, 'Console tab') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Salesforce · acme · 00001026 | Case',
      'Kustomer · initech · Conversation',
    ]);
    expect(tabs.sendMessage).toHaveBeenCalledWith(7, COLLECT_REQUEST, { frameId: 0 });
    expect(sources).toHaveBeenCalledWith(CASE);
    expect(root.querySelector('[role="status"]')?.textContent).toBe(
      'What Handoff Fields sees in Salesforce · acme · 00001026 | Case:',
    );
    const text = root.textContent ?? '';
    expect(text).toContain('Case 5005g00000HfCa1AAF in acme');
    expect(text).toContain('Bot — Chatbot • from the meta');
    expect(text).toContain('chat message by bot, key-value: taken — done: 2 written');
    // The parts' headings sit under the section's.
    expect([...root.querySelectorAll('.hf-diag h3')].map((h) => h.textContent)).toEqual([
      'Record',
      'Transcript',
      'Messages',
      'Contexts found',
      'API sources',
    ]);
    expect(button(root, 'Copy diagnostic report')).toBeTruthy();
  });

  it('tells the admin to reload a tab whose content script does not answer', async () => {
    const { root, tabs } = await section([caseTab(sensorNow()), kustomerTab]);
    await choose(byLabel(root, 'Console tab'), '9');
    await click(button(root, 'Show what it sees'));
    expect(tabs.sendMessage).toHaveBeenLastCalledWith(9, COLLECT_REQUEST, { frameId: 0 });
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'This tab does not answer: it was opened before Handoff Fields was installed or updated. Reload the tab, then press Show what it sees again.',
    );
    expect(root.querySelector('.hf-diag')).toBeNull();
  });

  it('does not ask the background when the tab shows no record', async () => {
    const sensor = { ...sensorNow(), record: null };
    const { root, sources } = await section([caseTab(sensor)]);
    expect(sources).not.toHaveBeenCalled();
    expect(root.textContent).toContain('No record open');
    const headings = [...root.querySelectorAll('.hf-diag h3')].map((h) => h.textContent);
    expect(headings).not.toContain('Contexts found');
  });

  it("says why the background's part is missing, and finds tabs opened since", async () => {
    const open: FakeTab[] = [];
    const failing = vi.fn(async () => {
      throw new Error('Handoff Fields did not answer.');
    });
    const { root } = await section(open, failing);
    open.push(caseTab(sensorNow()));
    await click(button(root, 'Look for tabs again'));
    expect(root.querySelector('[role="alert"]')).toBeNull();
    await click(button(root, 'Show what it sees'));
    expect(failing).toHaveBeenCalledOnce();
    expect(root.querySelector('.hf-diag__error')?.textContent).toBe(
      'The extension did not say what it reaches: Handoff Fields did not answer.',
    );
  });
});

describe('the section opened from a widget', () => {
  it('reads the tab it opens on from the address', async () => {
    const { tabFromHash } = await import('../../../components/options/DiagnosticsSection');
    const { sectionFromHash } = await import('../../../components/options/OptionsApp');
    expect(tabFromHash('#diagnostics?tab=42')).toBe(42);
    expect(tabFromHash('#diagnostics')).toBeUndefined();
    expect(tabFromHash('#diagnostics?tab=x')).toBeUndefined();
    expect(sectionFromHash('#diagnostics?tab=42')).toBe('diagnostics');
  });
});
