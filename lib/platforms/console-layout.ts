/**
 * Where the agent's panel may sit on a console, the platform-neutral part. Each platform's
 * content.ts gives its own (`salesforceLayout`, `kustomerLayout`): the corners the panel takes by
 * itself, in order of preference, and the composer it must never cover. *Unverified* for both
 * consoles: no public source shows their layouts at every size, and orgs rearrange their pages; the
 * panel picks the first corner that covers neither the composer nor the newest message, and the
 * agent can drag it anywhere else (remembered per console).
 */
export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

export interface ConsoleLayout {
  corners: readonly Corner[];
  /** The reply composer (a selector, searched through open shadow roots); absent when unknown. */
  composer?: string;
}
