/**
 * The styles of "What Handoff Fields sees" (DiagnosticsPanel.tsx), shared by the widget (part of
 * `widgetCss`, in its shadow root) and the options page (a <style> in its section). Colours come
 * from the widget's custom properties, with the same SLDS values as fallbacks on the options page.
 */
export const diagnosticsCss = `
.hf-diag { display: grid; gap: 12px; font-size: 13px; line-height: 1.5; }
.hf-diag p, .hf-diag h3, .hf-diag h4 { margin: 0; }
.hf-diag__part { display: grid; gap: 4px; }
.hf-diag__title { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; color: var(--hf-text-weak, #5c5c5c); }
.hf-diag__list { margin: 0; padding-left: 20px; display: grid; gap: 4px; }
.hf-diag__messages > li, .hf-diag__candidates > li { overflow-wrap: anywhere; }
.hf-diag__author { font-weight: 700; }
.hf-diag__meta { color: var(--hf-text-weak, #5c5c5c); font-size: 12px; }
.hf-diag__details { display: block; overflow-wrap: anywhere; }
.hf-diag__skipped { color: var(--hf-warning, #8c4b02); }
.hf-diag__path, .hf-diag__details { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11px; overflow-wrap: anywhere; }
.hf-diag__error, .hf-diag__problems { color: var(--hf-error, #ba0517); }
.hf-diag__copy { display: grid; gap: 4px; justify-items: start; }
.hf-diag-view { display: grid; gap: 8px; }
.hf-diag-view__bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
.hf-diag-view__title { font-size: 14px; font-weight: 700; }
.hf-diag-view__title:focus { outline: none; }
`;
