import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { request } from '../../lib/messaging/request';
import { type SensorAdapter, startConsoleSensor } from '../../lib/sensor/console-sensor';
import { answerDiagnosticsRequests, collectSensorDiagnostics } from '../../lib/sensor/diagnostics';
import { listenForContextMessages } from '../../lib/sensor/post-message';
import {
  loadOverride,
  onOverrideChange,
  type ProfileStorage,
} from '../../lib/sensor/profile-override';
import { mountWidget } from './mount';

/**
 * What every console content script does: the widget as the face, the platform's sensor feeding
 * it, and the postMessage source (frames from the admin's allowed origins).
 */
export async function attachToConsole(ctx: ContentScriptContext, sensor: SensorAdapter) {
  const widget = await mountWidget(ctx);
  listenForContextMessages({
    target: window,
    signal: ctx.signal,
    loadOrigins: async () => (await request({ type: 'settings:post-message-origins' })).origins,
    onMessage: widget.postedContext,
  });
  // The admin's corrections to how this console's messages are read, before the first is read.
  const storage = browser.storage as unknown as ProfileStorage;
  const running = startConsoleSensor(
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
  onOverrideChange(storage, sensor.platform, ctx.signal, (override) => {
    running.useProfile(override);
  });
  // "What Handoff Fields sees": the admin page asks this tab what it reads.
  answerDiagnosticsRequests(browser.runtime, ctx.signal, () =>
    collectSensorDiagnostics(sensor, running.state()),
  );
}
