/**
 * The few HTML pages the reference server shows a browser. They load nothing
 * from the network (oidc-provider's built-in pages import a Google font, which
 * stalls or fails in offline CI) and give every element a test needs to read a
 * stable id or name.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:28rem;padding:0 1rem;color:#222}
h1{font-weight:400;font-size:1.6rem}
input{display:block;width:100%;box-sizing:border-box;margin:.4rem 0 .8rem;padding:.5rem;font-size:1rem}
button{padding:.5rem 1.2rem;font-size:1rem}
.error{color:#b00020}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}
dt{font-weight:600}
dd{margin:0;word-break:break-word}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

/** The form layout: `default` uses oidc-provider's devInteractions field names; `alternate` uses other names and ids,
 * so that the harness's configurable selectors are exercised when this server stands in for someone else's AS. */
export type LoginForm = 'default' | 'alternate';

export const LOGIN_FIELDS: Record<LoginForm, { user: string; password: string }> = {
  default: { user: 'login', password: 'password' },
  alternate: { user: 'user', password: 'pass' },
};

/** The selectors a harness needs for the alternate layout (the default layout matches the harness's defaults). */
export const ALTERNATE_SELECTORS = { username: '#user-name', password: '#user-secret', submit: '#sign-in', consent: '#allow' } as const;

/** The scripted login an operator would write for the alternate layout (the harness's target-configuration format). */
export const ALTERNATE_LOGIN_STEPS = [
  { action: 'fill', selector: '#user-name', valueFrom: 'username' },
  { action: 'fill', selector: '#user-secret', valueFrom: 'password' },
  { action: 'click', selector: '#sign-in' },
  { action: 'click', selector: '#allow' },
] as const;
export const ALTERNATE_CANCEL_STEPS = [{ action: 'click', selector: '#decline' }] as const;

/** The way out of the login and consent pages; the alternate layout names it differently, so that only configured
 * cancel steps find it. */
function cancelLink(base: string, form: LoginForm): string {
  return form === 'alternate' ? `<p><a id="decline" href="${base}/abort">Decline and return to the application</a></p>` : `<p><a id="cancel" href="${base}/abort">[ Cancel ]</a></p>`;
}

export interface LoginPageInput {
  uid: string;
  clientId: string;
  loginHint?: string;
  failed: boolean;
  form?: LoginForm;
}

export function loginPage({ uid, clientId, loginHint, failed, form = 'default', scope }: LoginPageInput & { scope?: string }): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const hint = escapeHtml(loginHint ?? '');
  const fields =
    form === 'alternate'
      ? `<label for="user-name">Customer number</label>
<input id="user-name" type="text" name="user" required value="${hint}" autofocus>
<label for="user-secret">Secret</label>
<input id="user-secret" type="password" name="pass" required>
<button id="sign-in" type="submit">Log on</button>`
      : `<label for="login">Username</label>
<input id="login" type="text" name="login" required value="${hint}" autofocus>
<label for="password">Password</label>
<input id="password" type="password" name="password" required>
<button type="submit">Sign in and allow</button>`;
  // The default layout asks for consent on the sign-in page itself (one step, as many banks do); the alternate layout
  // keeps a separate consent page, so that a harness run against it meets both kinds.
  const consent = form === 'default' && scope ? ` Signing in allows it to access: <span id="scopes">${escapeHtml(scope)}</span>.` : '';
  return page(
    'Sign-in',
    `<p>Sign in to continue to <strong id="client-id">${escapeHtml(clientId)}</strong>.${consent}</p>
${failed ? '<p class="error" id="login-error" role="alert">Invalid username or password.</p>' : ''}
<form method="post" action="${base}/login" autocomplete="off">
${fields}
</form>
${cancelLink(base, form)}`,
  );
}

export interface ConsentPageInput {
  uid: string;
  clientId: string;
  scopes: string[];
  claims: string[];
  form?: LoginForm;
}

export function consentPage({ uid, clientId, scopes, claims, form = 'default' }: ConsentPageInput): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const list = (items: string[]) => items.map((i) => `<li>${escapeHtml(i)}</li>`).join('');
  return page(
    'Authorize',
    `<p><strong id="client-id">${escapeHtml(clientId)}</strong> asks for access to your account.</p>
${scopes.length ? `<p>Scopes:</p><ul id="scopes">${list(scopes)}</ul>` : ''}
${claims.length ? `<p>Claims:</p><ul id="claims">${list(claims)}</ul>` : ''}
<form method="post" action="${base}/confirm">
${form === 'alternate' ? '<button id="allow" type="submit" name="decision" value="allow" autofocus>Allow access</button>' : '<button type="submit" autofocus>Continue</button>'}
</form>
${cancelLink(base, form)}`,
  );
}

export interface ErrorPageInput {
  error: string;
  error_description?: string;
  [key: string]: unknown;
}

/** What marks the alternate layout's error page: a user of such an AS configures it as login.selectors.error. */
export const ALTERNATE_ERROR_SELECTOR = '.oauth-problem';

/** Default layout: `#error` and `#error_description` hold exactly the values, so a test can compare their text content
 * without parsing. Alternate layout: prose in another structure, with none of the default error markers, as many
 * servers show it. */
export function errorPage(out: ErrorPageInput, form: LoginForm = 'default'): string {
  if (form === 'alternate') {
    return page(
      'Something went wrong',
      `<div class="oauth-problem" role="alert">
<p>We could not complete this request for the application.</p>
<p>Reason code: <code>${escapeHtml(out.error)}</code></p>
${out.error_description ? `<p>${escapeHtml(out.error_description)}</p>` : ''}
</div>`,
    );
  }
  const extra = Object.entries(out)
    .filter(([k, v]) => k !== 'error' && k !== 'error_description' && v !== undefined)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd id="${escapeHtml(k)}">${escapeHtml(v)}</dd>`)
    .join('\n');
  return page(
    'Authorization error',
    `<dl>
<dt>error</dt><dd id="error">${escapeHtml(out.error)}</dd>
<dt>error_description</dt><dd id="error_description">${escapeHtml(out.error_description ?? '')}</dd>
${extra}
</dl>`,
  );
}
