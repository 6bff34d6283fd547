/**
 * Kustomer as the content script knows it: the console pages it runs on, and the transcript profile —
 * which record a page shows and how its messages are read. The only file of this folder a content
 * script imports (with the ./transcript.ts and ./url.ts it uses): no zod, no store, no engine
 * (test/unit/architecture/content-boundary.test.ts). The pages' descriptor is ./descriptor.ts, the
 * background's ./index.ts.
 */
import type { SensorAdapter } from '../../sensor/console-sensor';
import type { ConsoleLayout } from '../console-layout';
import type { ConsoleRefresh } from '../console-refresh';
import {
  findTimelines,
  type KustomerProfileKey,
  kustomerProfile,
  readingOf,
  readTimelineItem,
} from './transcript';
import { conversationFromUrl, kustomerConsole } from './url';

export { kustomerConsole } from './url';

export const kustomerSensor: SensorAdapter<KustomerProfileKey> = {
  platform: kustomerConsole.id,
  profile: kustomerProfile,
  recordFromUrl(url) {
    const found = conversationFromUrl(url);
    return found
      ? {
          platform: kustomerConsole.id,
          org: found.org,
          object: 'conversation',
          id: found.conversationId,
        }
      : null;
  },
  findTranscriptLists: (profile) => findTimelines(profile),
  itemSelector: (profile) => profile.values.item,
  readItem: (item, profile, needsAuthor) => readTimelineItem(item, profile, needsAuthor),
  explainItem: (item, profile) => readingOf(item, profile),
};

/**
 * The panel's corners on the agent desktop. The composer is Draft.js (`.public-DraftEditor-content`,
 * seen in a public userscript for the desktop, ivanovichko/BirdsEye, 2026); the rest is
 * *unverified* (console-layout.ts): the conversation list is on the left and the attributes
 * sidebar, where written values show, on the right, so the left corners come first.
 */
export const kustomerLayout: ConsoleLayout = {
  corners: ['top-left', 'bottom-left', 'top-right', 'bottom-right'],
  composer: '.public-DraftEditor-content',
};

/**
 * The desktop updates an open conversation by itself when the API changes it: Kustomer says its
 * agents' app receives events in real time (help.kustomer.com, System requirements: "events are
 * received and sent in real-time", with Pusher and PubNub among the domains it must reach).
 * *Unverified*: that an attribute written through the API reaches the open sidebar that way (no
 * public source shows it), so the panel's rows remain the record of what was written.
 */
export const kustomerRefresh: ConsoleRefresh = { kind: 'pushes-itself' };
