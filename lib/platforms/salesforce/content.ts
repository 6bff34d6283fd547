/**
 * Salesforce as the content script knows it: the console pages it runs on, and the transcript profile —
 * which record a page shows and how its messages are read. The only file of this folder a content
 * script imports (with the ./transcript.ts, ./url.ts and ./refresh.ts it uses): no zod, no store, no engine
 * (test/unit/architecture/content-boundary.test.ts). The pages' descriptor is ./descriptor.ts, the
 * background's ./index.ts.
 */
import type { SensorAdapter } from '../../sensor/console-sensor';
import type { ConsoleLayout } from '../console-layout';
import type { ConsoleRefresh } from '../console-refresh';
import { refreshRecordView } from './refresh';
import {
  authorOf,
  findTranscriptLists,
  readTranscriptItem,
  type SalesforceProfileKey,
  salesforceProfile,
} from './transcript';
import { recordFromUrl, salesforceConsole } from './url';

export { salesforceConsole } from './url';

export const salesforceSensor: SensorAdapter<SalesforceProfileKey> = {
  platform: salesforceConsole.id,
  profile: salesforceProfile,
  recordFromUrl(url) {
    const found = recordFromUrl(url);
    return found ? { platform: salesforceConsole.id, ...found } : null;
  },
  findTranscriptLists: (profile) => findTranscriptLists(profile),
  itemSelector: (profile) => profile.values.item,
  readItem: (item, profile, needsAuthor) => readTranscriptItem(item, profile, needsAuthor),
  explainItem: (item, profile) => authorOf(item, profile),
};

/**
 * The panel's corners on the Service Console. *Unverified* (console-layout.ts): a Case page's
 * conversation usually sits in the right-hand column, so the left corners come first; the composer's
 * markup is not published, so only the newest message is kept clear.
 */
export const salesforceLayout: ConsoleLayout = {
  corners: ['bottom-left', 'top-left', 'bottom-right', 'top-right'],
};

/**
 * Values written through the API show once the record's view is refreshed in place
 * (`force:refreshView`, ./refresh.ts; what is unverified is listed there).
 */
export const salesforceRefresh: ConsoleRefresh = {
  kind: 'in-place-event',
  run: () => refreshRecordView(document),
};
