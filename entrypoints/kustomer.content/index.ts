import { attachToConsole } from '@/components/widget/attach';
import {
  kustomerConsole,
  kustomerLayout,
  kustomerRefresh,
  kustomerSensor,
} from '@/lib/platforms/kustomer/content';

export default defineContentScript({
  matches: [...kustomerConsole.matches],
  excludeMatches: [...kustomerConsole.excludeMatches],
  runAt: 'document_idle',
  main: (ctx) => attachToConsole(ctx, kustomerSensor, kustomerLayout, kustomerRefresh),
});
