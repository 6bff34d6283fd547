/**
 * The widget's styles, injected into its shadow root: pass `css: widgetCss` to WXT's
 * `createShadowRootUi`. They look like a Lightning utility panel (SLDS colours, 13px Salesforce Sans
 * with system fallbacks, 4px radius) without loading SLDS, fonts or images.
 *
 * Sizes are in px, not rem: inside a shadow root rem still follows the console page's root font
 * size, which the widget does not control. Colours are custom properties on `.hf-root`, set there
 * (not on :host) so a page variable of the same name cannot leak in.
 */
export const widgetCss = `
.hf-root {
  --hf-brand: #0176d3;
  --hf-brand-dark: #014486;
  --hf-text: #181818;
  --hf-text-weak: #5c5c5c;
  --hf-border: #c9c9c9;
  --hf-border-weak: #e5e5e5;
  --hf-surface: #ffffff;
  --hf-surface-alt: #f3f3f3;
  --hf-success: #2e844a;
  --hf-error: #ba0517;
  --hf-error-bg: #fef1ee;
  --hf-warning: #8c4b02;
  --hf-warning-bg: #fef1cd;
  --hf-warning-accent: #fe9339;
  --hf-focus: 0 0 0 3px rgba(1, 118, 211, 0.45);

  position: fixed;
  right: 16px;
  /* Above the console's utility bar (40px) so it never hides the agent's tools. */
  bottom: 52px;
  z-index: 2147483000;
  box-sizing: border-box;
  max-width: calc(100vw - 32px);
  color: var(--hf-text);
  font-family: "Salesforce Sans", -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  font-size: 13px;
  line-height: 1.5;
  text-align: left;
  -webkit-font-smoothing: antialiased;
}
.hf-root *, .hf-root *::before, .hf-root *::after { box-sizing: inherit; }
.hf-root p, .hf-root h2, .hf-root h3, .hf-root dl, .hf-root dd { margin: 0; }

/* Expanded: a utility panel. */
.hf-root--expanded {
  display: flex;
  flex-direction: column;
  width: 380px;
  max-height: 60vh;
  background: var(--hf-surface);
  border: 1px solid var(--hf-border);
  border-radius: 4px;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.16);
  overflow: hidden;
}
.hf-root--expanded .hf-header {
  display: grid;
  grid-template-columns: 1fr auto;
  column-gap: 8px;
  align-items: center;
  padding: 8px 8px 8px 12px;
  background: var(--hf-surface-alt);
  border-bottom: 1px solid var(--hf-border);
  flex: none;
}
.hf-title { grid-column: 1; grid-row: 1; font-size: 14px; font-weight: 700; line-height: 1.25; }
.hf-record { grid-column: 1 / -1; color: var(--hf-text); font-size: 12px; overflow-wrap: anywhere; }
.hf-record__ref { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.hf-root--expanded .hf-summary { grid-column: 1 / -1; font-weight: 700; }
.hf-root--expanded .hf-toggle { grid-column: 2; grid-row: 1; }

.hf-body { overflow-y: auto; overscroll-behavior: contain; padding: 8px 12px 12px; display: grid; gap: 12px; }

/* Collapsed: the summary alone, as a pill. The toggle's ::after covers the whole pill. */
.hf-root--collapsed .hf-header {
  position: relative;
  display: flex;
  align-items: center;
  gap: 8px;
  padding: 4px 8px 4px 12px;
  background: var(--hf-surface);
  border: 1px solid var(--hf-border);
  border-radius: 999px;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.16);
  font-weight: 700;
}
.hf-root--collapsed .hf-toggle::after { content: ""; position: absolute; inset: 0; border-radius: 999px; }
.hf-root--collapsed .hf-toggle:focus-visible { box-shadow: none; outline: none; }
.hf-root--collapsed .hf-header:focus-within { box-shadow: var(--hf-focus); }

.hf-summary { display: flex; align-items: center; gap: 6px; min-width: 0; }
.hf-summary__text { overflow-wrap: anywhere; }
.hf-dot { flex: none; width: 8px; height: 8px; border-radius: 50%; background: var(--hf-text-weak); }
.hf-root[data-tone="ok"] .hf-dot { background: var(--hf-success); }
.hf-root[data-tone="error"] .hf-dot { background: var(--hf-error); }
.hf-root[data-tone="warning"] .hf-dot { background: var(--hf-warning-accent); }
.hf-root[data-tone="busy"] .hf-dot { background: var(--hf-brand); }

/* Buttons (SLDS neutral / brand, and the icon toggle). */
.hf-button, .hf-toggle {
  font: inherit;
  cursor: pointer;
  border-radius: 4px;
}
.hf-button {
  min-height: 32px;
  padding: 0 12px;
  border: 1px solid var(--hf-border);
  background: var(--hf-surface);
  color: var(--hf-brand);
  font-weight: 400;
}
.hf-button:hover:not(:disabled) { background: var(--hf-surface-alt); }
.hf-button--brand { background: var(--hf-brand); border-color: var(--hf-brand); color: #fff; }
.hf-button--brand:hover:not(:disabled) { background: var(--hf-brand-dark); border-color: var(--hf-brand-dark); }
.hf-button:disabled { background: var(--hf-surface-alt); border-color: var(--hf-border); color: #939393; cursor: default; }
.hf-toggle {
  width: 28px;
  height: 28px;
  display: inline-flex;
  align-items: center;
  justify-content: center;
  border: 1px solid transparent;
  background: transparent;
  color: var(--hf-text-weak);
  flex: none;
}
.hf-toggle:hover { border-color: var(--hf-border); background: var(--hf-surface); }
/* A chevron drawn with borders: no icon font or image needed. Down = collapse, up = expand. */
.hf-chevron { width: 8px; height: 8px; border-right: 2px solid currentColor; border-bottom: 2px solid currentColor; transform: translateY(-2px) rotate(45deg); }
.hf-root--collapsed .hf-chevron { transform: translateY(2px) rotate(-135deg); }

.hf-root :focus-visible { outline: 2px solid var(--hf-brand); outline-offset: 1px; box-shadow: var(--hf-focus); }

/* Notice banner. */
.hf-notice {
  display: flex;
  gap: 8px;
  padding: 8px 12px;
  border-radius: 4px;
  border-left: 4px solid var(--hf-text-weak);
  background: var(--hf-surface-alt);
}
.hf-notice--error { border-left-color: var(--hf-error); background: var(--hf-error-bg); }
.hf-notice--warning { border-left-color: var(--hf-warning-accent); background: var(--hf-warning-bg); }
.hf-notice__icon {
  flex: none;
  width: 18px;
  height: 18px;
  margin-top: 1px;
  border-radius: 50%;
  background: var(--hf-text-weak);
  color: #fff;
  font-weight: 700;
  font-size: 12px;
  line-height: 18px;
  text-align: center;
}
.hf-notice--error .hf-notice__icon { background: var(--hf-error); }
.hf-notice--warning .hf-notice__icon { background: var(--hf-warning); }
.hf-notice__text { overflow-wrap: anywhere; }

/* Sections. */
.hf-section { display: grid; gap: 6px; }
.hf-section__title { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; color: var(--hf-text-weak); }
.hf-empty { color: var(--hf-text-weak); }
.hf-queue { list-style: none; margin: 0 0 8px; padding: 0; display: grid; gap: 4px; font-size: 12px; }
.hf-queue__item { display: flex; align-items: center; gap: 6px; overflow-wrap: anywhere; }
.hf-queue__item--failed { color: var(--hf-error); }
.hf-muted { color: var(--hf-text-weak); }
.hf-context-meta { display: flex; flex-wrap: wrap; gap: 4px; }
.hf-tag { display: inline-block; padding: 0 6px; border: 1px solid var(--hf-border); border-radius: 4px; font-size: 12px; color: var(--hf-text); background: var(--hf-surface); }
.hf-tag--trust-refused { border-color: var(--hf-error); color: var(--hf-error); }
.hf-tag--trust-unverified { border-color: var(--hf-warning, #dd7a01); color: var(--hf-text); }
.hf-tag--trust-signed { border-color: var(--hf-success); color: var(--hf-success); }
.hf-tag--source { max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; vertical-align: bottom; }

/* Long page-derived text: wrapped anywhere, at most three lines, full text in the title. */
.hf-clamp {
  display: -webkit-box;
  -webkit-box-orient: vertical;
  -webkit-line-clamp: 3;
  overflow: hidden;
  overflow-wrap: anywhere;
}

.hf-kv { display: grid; gap: 2px; }
.hf-kv__row { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 8px; padding: 2px 0; border-bottom: 1px solid var(--hf-border-weak); }
.hf-kv dt { color: var(--hf-text-weak); }

/* Field outcomes. */
.hf-fields { width: 100%; border-collapse: collapse; table-layout: fixed; }
.hf-fields th, .hf-fields td { padding: 4px 4px 4px 0; vertical-align: top; text-align: left; border-bottom: 1px solid var(--hf-border-weak); }
.hf-fields thead th { font-size: 12px; font-weight: 400; color: var(--hf-text-weak); }
.hf-fields thead th:nth-child(1) { width: 36%; }
.hf-fields thead th:nth-child(2) { width: 30%; }
.hf-field__name { font-weight: 400; }
.hf-api-name { display: block; color: var(--hf-text-weak); font-size: 11px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.hf-reason { margin-top: 2px; color: var(--hf-error); font-size: 12px; }
.hf-check { display: block; margin-top: 2px; font-size: 12px; }
.hf-check--verified { color: var(--hf-success); }
.hf-check--different { color: var(--hf-warning); font-weight: 700; }

.hf-badge {
  display: inline-flex;
  align-items: center;
  gap: 4px;
  max-width: 100%;
  padding: 1px 6px;
  border: 1px solid transparent;
  border-radius: 4px;
  font-size: 12px;
  line-height: 16px;
  overflow-wrap: anywhere;
}
.hf-badge--written { background: var(--hf-success); color: #fff; font-weight: 700; }
.hf-badge--refused { background: var(--hf-error); color: #fff; font-weight: 700; }
.hf-badge--skipped { background: var(--hf-surface-alt); border-color: var(--hf-border); color: var(--hf-text); }
.hf-badge--pending { background: #eef4ff; border-color: #aacbff; color: var(--hf-brand-dark); }

.hf-spinner {
  display: inline-block;
  flex: none;
  width: 10px;
  height: 10px;
  border: 2px solid currentColor;
  border-right-color: transparent;
  border-radius: 50%;
  animation: hf-spin 0.8s linear infinite;
}
@keyframes hf-spin { to { transform: rotate(360deg); } }

.hf-actions { flex: none; display: grid; gap: 4px; padding: 8px 12px; border-top: 1px solid var(--hf-border-weak); background: var(--hf-surface); }
.hf-actions__buttons { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.hf-working { display: inline-flex; align-items: center; gap: 4px; color: var(--hf-text-weak); }
.hf-hint { font-size: 12px; color: var(--hf-text-weak); }

.hf-sr-only {
  position: absolute !important;
  width: 1px;
  height: 1px;
  padding: 0;
  margin: -1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
}

@media (prefers-reduced-motion: reduce) {
  .hf-root *, .hf-root *::before, .hf-root *::after { animation: none !important; transition: none !important; }
  /* A still spinner would read as broken: show a full ring instead. */
  .hf-spinner { border-right-color: currentColor; opacity: 0.6; }
}

/* Windows high contrast: keep badges and the pill outlined, since backgrounds are dropped. */
@media (forced-colors: active) {
  .hf-badge, .hf-tag, .hf-notice, .hf-root--collapsed .hf-header { border: 1px solid CanvasText; }
}
`;
