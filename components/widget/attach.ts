import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { request } from '../../lib/messaging/request';
import type { ConsoleLayout } from '../../lib/platforms/console-layout';
import type { ConsoleRefresh } from '../../lib/platforms/console-refresh';
import {
  type SensorAdapter,
  type SensorState,
  startConsoleSensor,
} from '../../lib/sensor/console-sensor';
import { answerDiagnosticsRequests, collectSensorDiagnostics } from '../../lib/sensor/diagnostics';
import { queryAllDeep } from '../../lib/sensor/dom/deep-query';
import { GAVE_UP_PUSH, onOwnMessage, TOGGLE_PANEL } from '../../lib/sensor/own-messages';
import { listenForContextMessages } from '../../lib/sensor/post-message';
import {
  loadOverride,
  onOverrideChange,
  type ProfileStorage,
} from '../../lib/sensor/profile-override';
import { mountWidget } from './mount';
import { panelMemoryKey } from './panel-memory';
import type { Box } from './panel-state';

/**
 * What every console content script does: the widget as the face, the platform's sensor feeding
 * it, the postMessage source (frames from the admin's allowed origins), and the platform's way of
 * showing values written through the API (`refresh`).
 */
export async function attachToConsole(
  ctx: ContentScriptContext,
  sensor: SensorAdapter,
  layout: ConsoleLayout,
  refresh: ConsoleRefresh,
) {
  let running: ReturnType<typeof startConsoleSensor> | undefined;
  const widget = await mountWidget(ctx, {
    storage: browser.storage,
    memoryKey: panelMemoryKey(sensor.platform, location.host),
    corners: layout.corners,
    keepClear: () => keepClear(layout, sensor, running?.state()),
    refresh,
  });
  onOwnMessage(browser.runtime, ctx.signal, TOGGLE_PANEL.type, () => widget.toggle());
  // Writes that gave up, on any record: every console tab's pill says so.
  onOwnMessage(browser.runtime, ctx.signal, GAVE_UP_PUSH, (message) =>
    widget.gaveUp((message as { alerts?: unknown }).alerts),
  );
  listenForContextMessages({
    target: window,
    signal: ctx.signal,
    loadOrigins: async () => (await request({ type: 'settings:post-message-origins' })).origins,
    onMessage: widget.postedContext,
  });
  // The admin's corrections to how this console's messages are read, before the first is read.
  const storage = browser.storage as unknown as ProfileStorage;
  running = startConsoleSensor(
    sensor,
    { onRecord: widget.setRecord, onCandidates: widget.candidates, onActivity: widget.activity },
    {
      signal: ctx.signal,
      location: () => location.href,
      onLocationChange: (listener) =>
        ctx.addEventListener(window, 'wxt:locationchange', (event) => listener(event.newUrl.href)),
      override: await loadOverride(storage, sensor.platform),
    },
  );
  const sensorNow = running;
  onOverrideChange(storage, sensor.platform, ctx.signal, (override) => {
    sensorNow.useProfile(override);
  });
  // "What Handoff Fields sees": the admin page asks this tab what it reads.
  answerDiagnosticsRequests(browser.runtime, ctx.signal, () =>
    collectSensorDiagnostics(sensor, sensorNow.state()),
  );
}

/** What the panel must not cover now: the composer and the newest message of the transcript. */
function keepClear(
  layout: ConsoleLayout,
  sensor: SensorAdapter,
  state: SensorState | undefined,
): Box[] {
  const elements: Element[] = [];
  if (layout.composer) elements.push(...queryAllDeep(document, layout.composer).slice(0, 1));
  if (state) {
    for (const list of state.lists) {
      const items = list.querySelectorAll(sensor.itemSelector(state.profile));
      const newest = items[items.length - 1];
      if (newest) elements.push(newest);
    }
  }
  return elements.map((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
}
