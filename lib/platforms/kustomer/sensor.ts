import type { SensorAdapter } from '../../sensor/console-sensor';
import { findTimelines, readTimelineItem, timelineSelectors } from './transcript';
import { conversationFromUrl } from './url';

/** The content-script half of the Kustomer adapter. */
export const kustomerSensor: SensorAdapter = {
  recordFromUrl(url) {
    const found = conversationFromUrl(url);
    return found
      ? { platform: 'kustomer', org: found.org, object: 'conversation', id: found.conversationId }
      : null;
  },
  findTranscriptLists: () => findTimelines(),
  itemSelector: timelineSelectors.item,
  readItem: (item) => readTimelineItem(item),
};
