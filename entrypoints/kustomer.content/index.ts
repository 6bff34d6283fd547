import { attachToConsole } from '@/components/widget/attach';
import { kustomerSensor } from '@/lib/platforms/kustomer/sensor';

export default defineContentScript({
  matches: ['https://*.kustomerapp.com/app/*'],
  excludeMatches: ['https://*.api.kustomerapp.com/*'],
  runAt: 'document_idle',
  main: (ctx) => attachToConsole(ctx, kustomerSensor),
});
