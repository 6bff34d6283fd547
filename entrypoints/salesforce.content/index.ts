import { attachToConsole } from '@/components/widget/attach';
import { salesforceSensor } from '@/lib/platforms/salesforce/sensor';

export default defineContentScript({
  matches: ['https://*.lightning.force.com/*'],
  runAt: 'document_idle',
  main: (ctx) => attachToConsole(ctx, salesforceSensor),
});
