import type { SensorAdapter } from '../../sensor/console-sensor';
import { findTranscriptLists, readTranscriptItem, transcriptSelectors } from './transcript';
import { recordFromUrl } from './url';

/** The content-script half of the Salesforce adapter. */
export const salesforceSensor: SensorAdapter = {
  recordFromUrl(url) {
    const found = recordFromUrl(url);
    return found ? { platform: 'salesforce', ...found } : null;
  },
  findTranscriptLists: () => findTranscriptLists(),
  itemSelector: transcriptSelectors.item,
  readItem: (item) => readTranscriptItem(item),
};
