/**
 * A cheap test run in the content script on every new message: only messages that may hold a
 * context are sent to the background. Every marker of the three forms contains "handoff"; a
 * message that spells it with lookalike or invisible characters is let through too, so that the
 * background can recognise the imitation and tell the agent (lookalike.ts). Plain-ASCII messages
 * without "handoff" cost one regex test.
 */
import { mayHoldLookalike } from './lookalike';

export const mayHoldContext = (text: string): boolean =>
  /handoff/i.test(text) || mayHoldLookalike(text);
