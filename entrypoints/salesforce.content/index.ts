import { attachToConsole } from '@/components/widget/attach';
import {
  salesforceConsole,
  salesforceLayout,
  salesforceRefresh,
  salesforceSensor,
} from '@/lib/platforms/salesforce/content';

export default defineContentScript({
  matches: [...salesforceConsole.matches],
  runAt: 'document_idle',
  main: (ctx) => attachToConsole(ctx, salesforceSensor, salesforceLayout, salesforceRefresh),
});
