import type { SensorAdapter } from '../../sensor/console-sensor';
import { kustomerConsole } from './content';
import { findTimelines, readTimelineItem, timelineSelectors } from './transcript';
import { conversationFromUrl } from './url';

/**
 * The Kustomer transcript as the content script reads it: the record a page shows and its messages.
 * Kept apart from ./content.ts because it reads the page's DOM, which only the content script
 * bundles (the background and the pages load the descriptor, not this).
 */
export const kustomerSensor: SensorAdapter = {
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
  findTranscriptLists: () => findTimelines(),
  itemSelector: timelineSelectors.item,
  readItem: (item) => readTimelineItem(item),
};
