/**
 * The manifest keys only Firefox reads (`browser_specific_settings`), added to the Firefox build
 * alone: Chrome does not know them and warns about unknown keys.
 *
 * - `gecko.id`: Firefox needs an id for a Manifest V3 add-on (lib/build/extension-ids.ts).
 * - `gecko.data_collection_permissions`: AMO requires new add-ons to declare what data they
 *   collect or transmit outside the browser. Handoff Fields has no server of its own and sends
 *   nothing to its developer or to any third party: it reads the org's console and writes to the
 *   same org's API as the signed-in agent, so it declares `none` (README "Store notes" says why).
 * - `strict_min_version`: the first releases that know `data_collection_permissions` (Firefox
 *   140 on desktop, its ESR; 142 on Android). Older ones would refuse or ignore the declaration.
 */
import { FIREFOX_ADDON_ID } from './extension-ids';

export const FIREFOX_MIN_VERSION = '140.0';
export const FIREFOX_ANDROID_MIN_VERSION = '142.0';

export interface FirefoxBrowserSpecificSettings {
  gecko: {
    id: string;
    strict_min_version: string;
    data_collection_permissions: { required: string[] };
  };
  gecko_android: { strict_min_version: string };
}

export function firefoxBrowserSpecificSettings(): FirefoxBrowserSpecificSettings {
  return {
    gecko: {
      id: FIREFOX_ADDON_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      data_collection_permissions: { required: ['none'] },
    },
    gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
  };
}
