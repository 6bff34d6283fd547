/**
 * A cheap test run in the content script on every new message: only messages that may hold a
 * context are sent to the background. Every marker of the three forms contains "handoff".
 */
export const mayHoldContext = (text: string): boolean => /handoff/i.test(text);
