/** The HTML of the simulated Lightning console page (styles and script inlined, no external assets). */
import { readFileSync } from 'node:fs';
import { RICH_BODY_SCRIPT } from '../rich-body';
import type { UiRecord } from './console-data';

const CSS = readFileSync(new URL('./console.css', import.meta.url), 'utf8');
const APP = readFileSync(new URL('./console-app.js', import.meta.url), 'utf8');

export interface ConsoleBoot {
  org: string;
  orgId: string;
  /** The signed-in user (the user of the org's current sessions). */
  user: { id: string; name: string; username: string };
  record: UiRecord | null;
  /** The URL named a record that does not exist (or the agent cannot see). */
  notFound: boolean;
  /** The org's transcript sequence when the page was built (the stream replays what follows). */
  seq: number;
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => w !== '');
  return `${words[0]?.charAt(0) ?? ''}${words.length > 1 ? (words.at(-1)?.charAt(0) ?? '') : ''}`;
}

export function consolePage(boot: ConsoleBoot): string {
  const title = boot.record ? boot.record.tabLabel : boot.notFound ? 'Error' : 'Home';
  return `<!DOCTYPE html>
<html lang="en" data-org="${escapeHtml(boot.org)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | Salesforce</title>
<style id="sim-styles">${CSS}</style>
</head>
<body class="desktop">
<div class="oneHeader slds-global-header_container" id="oneHeader">
  <header class="slds-global-header">
    <div class="slds-global-header__logo" role="img" aria-label="Salesforce"></div>
    <div class="slds-global-header__search"><input type="search" class="slds-input" placeholder="Search..." aria-label="Search"></div>
    <div class="slds-global-header__user">
      <button type="button" class="slds-button slds-global-actions__avatar branding-userProfile-button" id="sim-user-menu" title="View profile" aria-haspopup="true" data-user-id="${escapeHtml(boot.user.id)}"><span class="slds-avatar slds-avatar_circle slds-avatar_small" aria-hidden="true">${escapeHtml(initials(boot.user.name))}</span> <span class="sim-user-name">${escapeHtml(boot.user.name)}</span></button>
    </div>
  </header>
  <div class="slds-context-bar navexConsoleTabset" role="navigation" aria-label="Workspaces">
    <div class="slds-context-bar__primary"><span class="slds-context-bar__app-name appName">Service Console</span></div>
    <div class="tabsetHeader"><ul class="tabBarItems" role="tablist" aria-label="Workspace tabs" id="sim-tabs"></ul></div>
  </div>
</div>
<main class="oneWorkspace" id="sim-workspace"><div class="navexWorkspaceManager" id="sim-workspaces"></div></main>
<script type="application/json" id="sim-boot">${scriptJson(boot)}</script>
<script>${RICH_BODY_SCRIPT}
${APP}</script>
</body>
</html>
`;
}
