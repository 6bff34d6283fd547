import { mountWidget } from '@/components/widget/mount';
import { salesforceSensor } from '@/lib/platforms/salesforce/sensor';
import { startConsoleSensor } from '@/lib/sensor/console-sensor';

export default defineContentScript({
  matches: ['https://*.lightning.force.com/*'],
  runAt: 'document_idle',
  async main(ctx) {
    const widget = await mountWidget(ctx);
    startConsoleSensor(
      salesforceSensor,
      { onRecord: widget.setRecord, onCandidates: widget.candidates },
      {
        signal: ctx.signal,
        location: () => location.href,
        onLocationChange: (listener) =>
          ctx.addEventListener(window, 'wxt:locationchange', (event) =>
            listener(event.newUrl.href),
          ),
      },
    );
  },
});
