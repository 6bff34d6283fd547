/**
 * The HTML pages of the simulated OAuth flow on My Domain: the login page, the consent page
 * ("Allow Access?") and the OAuth error page. Element ids follow Salesforce's login page
 * (`#username`, `#password`, `#Login`); the consent buttons carry `#oauth-allow` / `#oauth-deny`.
 * UNVERIFIED: the wording and markup of the consent and error pages beyond what the brief names.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:14px system-ui,sans-serif;background:#f3f3f3;color:#181818;margin:0}
main{max-width:420px;margin:48px auto;background:#fff;border:1px solid #dddbda;border-radius:4px;padding:24px}
h1{font-size:20px;margin:0 0 16px}label{display:block;margin:12px 0 4px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;border:1px solid #c9c9c9;border-radius:4px}
.buttons{display:flex;gap:8px;justify-content:flex-end;margin-top:20px}
button,input[type=submit]{padding:8px 16px;border-radius:4px;border:1px solid #0176d3;background:#0176d3;color:#fff;font:inherit}
button.neutral{background:#fff;color:#0176d3}.error{color:#ba0517;margin:0 0 12px}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body>
</html>
`;
}

/** The My Domain login page; posts `username`, `pw` and `startURL` back to `/`. */
export function loginPage(opts: { org: string; startUrl: string; error?: string }): string {
  const error = opts.error
    ? `<p class="error" id="error" role="alert">${escapeHtml(opts.error)}</p>`
    : '';
  return page(
    'Login | Salesforce',
    `<h1>${escapeHtml(opts.org)}.my.salesforce.com</h1>
${error}<form id="login_form" name="login" method="post" action="/">
<input type="hidden" name="startURL" value="${escapeHtml(opts.startUrl)}">
<label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username">
<label for="password">Password</label><input type="password" id="password" name="pw" autocomplete="current-password">
<div class="buttons"><input type="submit" id="Login" name="Login" value="Log In"></div>
</form>`,
  );
}

/** Salesforce's labels of the OAuth scopes on the consent page. */
const SCOPE_LABELS: Readonly<Record<string, string>> = {
  api: 'Manage user data via APIs (api)',
  refresh_token: 'Perform requests at any time (refresh_token, offline_access)',
  offline_access: 'Perform requests at any time (refresh_token, offline_access)',
  full: 'Full access (full)',
  id: 'Access the identity URL service (id, profile, email, address, phone)',
  openid: 'Access unique user identifiers (openid)',
};

export function consentPage(opts: {
  appName: string;
  username: string;
  scope: string;
  source: string;
}): string {
  const labels = [
    ...new Set(
      opts.scope
        .split(/\s+/)
        .filter((s) => s !== '')
        .map((s) => SCOPE_LABELS[s] ?? s),
    ),
  ];
  const items = labels.map((l) => `<li>${escapeHtml(l)}</li>`).join('');
  return page(
    'Allow Access? | Salesforce',
    `<h1>Allow Access?</h1>
<p><b id="oauth-app-name">${escapeHtml(opts.appName)}</b> is asking to:</p>
<ul id="oauth-scopes">${items}</ul>
<p>Do you want to allow access for <span id="oauth-username">${escapeHtml(opts.username)}</span>?</p>
<form method="post" action="/setup/secur/RemoteAccessAuthorizationPage.apexp">
<input type="hidden" name="source" value="${escapeHtml(opts.source)}">
<div class="buttons">
<button type="submit" class="neutral" id="oauth-deny" name="decision" value="deny">Deny</button>
<button type="submit" id="oauth-allow" name="decision" value="allow">Allow</button>
</div>
</form>`,
  );
}

/** `/setup/secur/RemoteAccessErrorPage.apexp?error=…&error_description=…` */
export function errorPage(error: string, description: string): string {
  return page(
    'OAuth Error | Salesforce',
    `<h1>OAuth Error</h1>
<p>We can't authorize you because of an OAuth error. For more information, contact your Salesforce administrator.</p>
<p>Error: <code id="oauth-error">${escapeHtml(error)}</code></p>
<p>Description: <span id="oauth-error-description">${escapeHtml(description)}</span></p>`,
  );
}
