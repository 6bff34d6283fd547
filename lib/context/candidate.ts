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

/**
 * Whether a message of someone other than the bot could hold what a bot's context might repeat
 * (a `Key: Value` line or a JSON member both have a colon): such messages are sent to the
 * background too, which remembers them for the echo check (echo.ts). One `includes`.
 */
export const mayBeEchoed = (text: string): boolean => text.includes(':');

/** Whether the sensor (or an API reader) passes a message of this author on to the background. */
export const worthSending = (author: string, text: string): boolean =>
  mayHoldContext(text) || (author !== 'bot' && mayBeEchoed(text));

/**
 * Whether a message's author is worth deciding: `worthSending(author, text)` is false for every
 * author when this is false, so the sensor reads the author (several DOM queries a message) only
 * for such texts. A busy console's ordinary lines then cost their text alone.
 */
export const mayBeWorthSending = (text: string): boolean =>
  mayHoldContext(text) || mayBeEchoed(text);
