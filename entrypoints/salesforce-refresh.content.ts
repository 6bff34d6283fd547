import { salesforceConsole } from '@/lib/platforms/salesforce/content';
import { answerRefreshRequests } from '@/lib/platforms/salesforce/refresh';

// In the page's world, where Lightning's `$A` is: refreshes the record's view when the content
// script asks (lib/platforms/salesforce/refresh.ts). No global name, nothing else.
export default defineContentScript({
  matches: [...salesforceConsole.matches],
  world: 'MAIN',
  globalName: false,
  runAt: 'document_idle',
  main: () => answerRefreshRequests(document, window as { $A?: unknown }),
});
