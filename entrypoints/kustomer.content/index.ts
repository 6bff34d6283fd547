import { attachToConsole } from '@/components/widget/attach';
import { kustomerConsole } from '@/lib/platforms/kustomer/content';
import { kustomerSensor } from '@/lib/platforms/kustomer/sensor';

export default defineContentScript({
  matches: [...kustomerConsole.matches],
  excludeMatches: [...kustomerConsole.excludeMatches],
  runAt: 'document_idle',
  main: (ctx) => attachToConsole(ctx, kustomerSensor),
});
