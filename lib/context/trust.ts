/**
 * How far a found context is trusted (docs/context-format.md), as plain values: the QA view reads them without
 * the signature checking that decides them (./evaluate).
 */
export type Trust = 'signed' | 'bot-authored' | 'trusted-source' | 'unverified' | 'refused';

/** The trust levels whose values may be written (the others wrote nothing, so there is nothing to verify). */
export const WRITABLE_TRUST: ReadonlySet<Trust> = new Set<Trust>([
  'signed',
  'bot-authored',
  'trusted-source',
]);
