import { attachToConsole } from '@/components/widget/attach';
import { salesforceConsole } from '@/lib/platforms/salesforce/content';
import { salesforceSensor } from '@/lib/platforms/salesforce/sensor';

export default defineContentScript({
  matches: [...salesforceConsole.matches],
  runAt: 'document_idle',
  main: (ctx) => attachToConsole(ctx, salesforceSensor),
});
