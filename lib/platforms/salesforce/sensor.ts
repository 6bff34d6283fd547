import type { SensorAdapter } from '../../sensor/console-sensor';
import { salesforceConsole } from './content';
import { findTranscriptLists, readTranscriptItem, transcriptSelectors } from './transcript';
import { recordFromUrl } from './url';

/**
 * The Salesforce transcript as the content script reads it: the record a page shows and its messages.
 * Kept apart from ./content.ts because it reads the page's DOM, which only the content script
 * bundles (the background and the pages load the descriptor, not this).
 */
export const salesforceSensor: SensorAdapter = {
  recordFromUrl(url) {
    const found = recordFromUrl(url);
    return found ? { platform: salesforceConsole.id, ...found } : null;
  },
  findTranscriptLists: () => findTranscriptLists(),
  itemSelector: transcriptSelectors.item,
  readItem: (item) => readTranscriptItem(item),
};
