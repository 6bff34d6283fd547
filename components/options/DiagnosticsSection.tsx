import { type Signal, useSignal } from '@preact/signals';
import { useEffect, useId } from 'preact/hooks';
import type { SourceDiagnostics } from '../../lib/messaging/protocol';
import { consoleTabPatterns, orgFromConsoleUrl } from '../../lib/platforms/console-tabs';
import { platformDescriptors } from '../../lib/platforms/descriptor-registry';
import type { RecordRef } from '../../lib/platforms/types';
import { COLLECT_REQUEST, type SensorDiagnostics } from '../../lib/sensor/diagnostics';
import { DiagnosticsPanel, sourcesAnswer } from '../shared/DiagnosticsPanel';
import type { SourcesAnswer } from '../shared/diagnostic-report';
import { diagnosticsCss } from '../shared/diagnostics.css';

/** The slice of `browser.tabs` the section uses (tests pass a fake). */
export interface ConsoleTabsApi {
  query(query: { url: string[] }): Promise<{ id?: number; url?: string; title?: string }[]>;
  sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
}

/** What "What it sees" needs: the browser's tabs, and the background's part for a record. */
export interface DiagnosticsApi {
  tabs: ConsoleTabsApi;
  sources(record: RecordRef): Promise<SourceDiagnostics>;
}

export interface ConsoleTab {
  id: number;
  label: string;
}

type Look =
  | { state: 'idle' }
  | { state: 'asking'; tab: ConsoleTab }
  | { state: 'no-answer'; tab: ConsoleTab }
  | {
      state: 'shown';
      tab: ConsoleTab;
      sensor: SensorDiagnostics;
      sources: SourcesAnswer | 'loading';
    };

export const NO_CONSOLE_TAB =
  'No Salesforce or Kustomer console tab is open in this browser. Open one (signed in), then press Look for tabs again.';
export const NO_ANSWER =
  'This tab does not answer: it was opened before Handoff Fields was installed or updated. Reload the tab, then press Show what it sees again.';

/** The console tabs open in this browser, each platform's (its descriptor's console addresses). */
export async function findConsoleTabs(tabs: ConsoleTabsApi): Promise<ConsoleTab[]> {
  const found: ConsoleTab[] = [];
  for (const platform of platformDescriptors()) {
    for (const tab of await tabs.query({ url: consoleTabPatterns(platform.id) })) {
      if (tab.id === undefined || !tab.url) continue;
      const org = orgFromConsoleUrl(platform.id, tab.url);
      const parts = [platform.name, org, tab.title].filter((p): p is string => !!p);
      found.push({ id: tab.id, label: parts.join(' · ') });
    }
  }
  return found;
}

/** An answer shaped like the sensor's diagnostics (from this extension's own content script). */
const isSensorDiagnostics = (x: unknown): x is SensorDiagnostics => {
  const d = x as Partial<SensorDiagnostics> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.platform === 'string' &&
    Array.isArray(d.lists) &&
    Array.isArray(d.messages) &&
    typeof d.profile === 'object'
  );
};

/** Asks the tab's content script, then the background for the tab's record. */
async function lookAt(api: DiagnosticsApi, tab: ConsoleTab, look: Signal<Look>): Promise<void> {
  look.value = { state: 'asking', tab };
  let answer: unknown;
  try {
    answer = await api.tabs.sendMessage(tab.id, COLLECT_REQUEST, { frameId: 0 });
  } catch {
    answer = undefined;
  }
  if (look.value.state !== 'asking' || look.value.tab !== tab) return; // another look started
  if (!isSensorDiagnostics(answer)) {
    look.value = { state: 'no-answer', tab };
    return;
  }
  const sensor = answer;
  const record = sensor.record;
  look.value = { state: 'shown', tab, sensor, sources: record ? 'loading' : null };
  if (!record) return;
  const sources = await sourcesAnswer(() => api.sources(record));
  const now = look.value;
  if (now.state === 'shown' && now.sensor === sensor) look.value = { ...now, sources };
}

/**
 * "What it sees": for a console tab open in this browser, what Handoff Fields reads there (asked
 * of the tab's content script, which answers the extension's own pages only) and what the
 * background reaches for its record — the same panel as the widget's, with its copyable report.
 */
/** The tab a widget opened this section on: `#diagnostics?tab=12`. */
export function tabFromHash(hash: string): number | undefined {
  const tab = /[?&]tab=(\d{1,12})(?:&|$)/.exec(hash)?.[1];
  return tab === undefined ? undefined : Number(tab);
}

export function DiagnosticsSection({ api }: { api: DiagnosticsApi }) {
  const id = useId();
  const tabs = useSignal<ConsoleTab[] | null>(null);
  const chosen = useSignal<number | null>(null);
  const failure = useSignal<string | null>(null);
  const look = useSignal<Look>({ state: 'idle' });

  const findTabs = async (first: boolean) => {
    failure.value = null;
    try {
      const found = await findConsoleTabs(api.tabs);
      tabs.value = found;
      // Opened from a widget: its tab (`#diagnostics?tab=12`); else the first.
      const asked = first ? found.find((t) => t.id === tabFromHash(location.hash)) : undefined;
      if (asked) chosen.value = asked.id;
      if (!found.some((t) => t.id === chosen.value)) chosen.value = found[0]?.id ?? null;
      // The first time, the chosen tab is shown at once.
      const shown = found.find((t) => t.id === chosen.value);
      if (first && shown) await lookAt(api, shown, look);
    } catch (error) {
      tabs.value = [];
      failure.value = `The open tabs could not be listed (${error instanceof Error ? error.message : String(error)}).`;
    }
  };
  useEffect(() => {
    void findTabs(true);
  }, []);

  const show = (event: Event) => {
    event.preventDefault();
    const tab = tabs.value?.find((t) => t.id === chosen.value);
    if (tab) void lookAt(api, tab, look);
  };

  return (
    <section class="section section--diagnostics" aria-labelledby={`${id}-title`}>
      <style>{diagnosticsCss}</style>
      <h2 class="section__title" id={`${id}-title`}>
        What it sees
      </h2>
      <p class="section__lead">
        For a console tab open in this browser: the record Handoff Fields follows there, where it
        found the transcript, how it read each message (its author, and why), the contexts it found
        and why each was taken or refused, and the API sources it reached. Copy the report for a
        support ticket: it holds the page's structure only, never a message's text, a name or a
        value.
      </p>
      <TabChooser
        id={id}
        tabs={tabs.value}
        chosen={chosen}
        busy={look.value.state === 'asking'}
        onShow={show}
        onFind={() => void findTabs(false)}
      />
      <LookStatus tabs={tabs.value} failure={failure.value} look={look.value} />
      {look.value.state === 'shown' && (
        <DiagnosticsPanel
          sensor={look.value.sensor}
          sources={look.value.sources}
          level={3}
          buttonClass="button button--neutral"
        />
      )}
    </section>
  );
}

function TabChooser(props: {
  id: string;
  tabs: ConsoleTab[] | null;
  chosen: Signal<number | null>;
  busy: boolean;
  onShow(event: Event): void;
  onFind(): void;
}) {
  const { id, tabs, chosen } = props;
  const none = !tabs || tabs.length === 0;
  return (
    <form class="toolbar" onSubmit={props.onShow}>
      <div class="toolbar__filter">
        <label class="form-label" for={`${id}-tab`}>
          Console tab
        </label>
        <select
          id={`${id}-tab`}
          class="input"
          disabled={none}
          value={chosen.value ?? ''}
          onChange={(ev) => {
            chosen.value = Number(ev.currentTarget.value);
          }}
        >
          {(tabs ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div class="toolbar__actions">
        <button type="submit" class="button button--brand" disabled={none || props.busy}>
          Show what it sees
        </button>
        <button type="button" class="button button--neutral" onClick={props.onFind}>
          Look for tabs again
        </button>
      </div>
    </form>
  );
}

/** Where the look stands: announced politely; what the admin must do, as an alert. */
function LookStatus(props: { tabs: ConsoleTab[] | null; failure: string | null; look: Look }) {
  const { tabs, failure, look } = props;
  const problem =
    failure ??
    (tabs?.length === 0 ? NO_CONSOLE_TAB : look.state === 'no-answer' ? NO_ANSWER : null);
  const status =
    tabs === null
      ? 'Looking for console tabs…'
      : look.state === 'asking'
        ? `Asking ${look.tab.label}…`
        : look.state === 'shown'
          ? `What Handoff Fields sees in ${look.tab.label}:`
          : '';
  return (
    <>
      <p class="toolbar__count" role="status">
        {problem ? '' : status}
      </p>
      <div aria-live="assertive">
        {problem && (
          <p class="notice notice--error" role="alert">
            {problem}
          </p>
        )}
      </div>
    </>
  );
}
