/**
 * The extension's ids, in one place: what enterprise policies are keyed by (README "Deploying to a
 * team"). Chrome and Edge key a policy by the Chromium extension id, which the Chrome Web Store
 * (or the key a self-hosted CRX is packed with) gives the extension, so it is not a constant here.
 * Firefox keys it by the add-on id the manifest declares (`browser_specific_settings.gecko.id`).
 */
export const GECKO_ADDON_ID = 'handoff-fields@handoff-fields.example';
