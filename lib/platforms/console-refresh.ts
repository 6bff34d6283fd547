/**
 * How a console shows values written through the API, the platform-neutral part. Each platform's
 * content.ts gives its own (`salesforceRefresh`, `kustomerRefresh`); the panel asks nothing else.
 * Reloading the whole console is never an option: on a real console it reloads every open tab and
 * chat and throws away unsent drafts. docs/architecture.md ("The record refreshed in place") has
 * the table of both platforms, with what is unverified.
 */

export type ConsoleRefresh =
  /**
   * The console refreshes the record's view in place when asked. `run` asks and says whether it
   * could: false when the page could not be asked or did not say it did. The answer comes from
   * the console page, so it chooses the fallback message and nothing else.
   */
  | { kind: 'in-place-event'; run(): boolean }
  /** The console updates its open record by itself when the API changes it (a real-time push). */
  | { kind: 'pushes-itself' };
