import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { type SensorAdapter, startConsoleSensor } from '../../lib/sensor/console-sensor';
import { mountWidget } from './mount';

/** What every console content script does: the widget as the face, the platform's sensor feeding it. */
export async function attachToConsole(ctx: ContentScriptContext, sensor: SensorAdapter) {
  const widget = await mountWidget(ctx);
  startConsoleSensor(
    sensor,
    { onRecord: widget.setRecord, onCandidates: widget.candidates },
    {
      signal: ctx.signal,
      location: () => location.href,
      onLocationChange: (listener) =>
        ctx.addEventListener(window, 'wxt:locationchange', (event) => listener(event.newUrl.href)),
    },
  );
}
