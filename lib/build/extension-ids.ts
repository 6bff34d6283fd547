/**
 * The extension's stable ids, one copy each. Firefox takes its id from the manifest
 * (`browser_specific_settings.gecko.id`): AMO signs the add-on under it, and it is the key an
 * admin's Firefox enterprise policy names (`policies.json` → `3rdparty.Extensions.<id>`), so it
 * must never change once the add-on is listed. The Chrome Web Store and Edge Add-ons assign their
 * own ids at the first upload; a Chromium policy names those.
 */
export const FIREFOX_ADDON_ID = 'handoff-fields@handoff-fields.example';
