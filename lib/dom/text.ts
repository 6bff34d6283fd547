/**
 * Moved to lib/sensor/dom/text.ts: code only content scripts run lives under lib/sensor
 * (test/unit/architecture/content-boundary.test.ts). This re-export stays until the transcript
 * readers (lib/platforms/salesforce/transcript.ts, lib/platforms/kustomer/transcript.ts) import
 * from there; then delete it.
 */
export * from '../sensor/dom/text';
