/**
 * Redaction of secrets in recorded evidence. Reports are read by auditors and stored by CI: nothing in them may let
 * a reader replay a credential. JWT-shaped secrets keep their header and payload (useful evidence) and lose their
 * signature; opaque secrets keep a short prefix so that two values can still be told apart.
 */

/** Parameter / JSON member names whose values are credentials. */
const SECRET_NAMES = new Set([
  'client_secret',
  'client_assertion',
  'access_token',
  'refresh_token',
  // The token a revocation (RFC 7009 2.1) or introspection (RFC 7662 2.1) request carries.
  'token',
  'code',
  'code_verifier',
  'password',
  'registration_access_token',
  'software_statement',
  'private_key',
  'd', 'p', 'q', 'dp', 'dq', 'qi', 'k', // private JWK members
]);

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function redactValue(value: string): string {
  if (JWT_SHAPE.test(value)) {
    const [h, p] = value.split('.');
    return `${h}.${p}.[signature redacted]`;
  }
  if (value.length <= 8) return '[redacted]';
  return `${value.slice(0, 4)}…[redacted ${value.length} chars]`;
}

export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

export function redactParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of params) {
    // A JARM response carries the code inside its payload: the evidence keeps it decoded and redacted instead.
    if (k === 'response' && JWT_SHAPE.test(v)) out.append(k, '[JARM response, decoded in the evidence]');
    else out.append(k, isSecretName(k) ? redactValue(v) : v);
  }
  return out;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.search = redactParams(u.searchParams).toString();
    if (u.hash.length > 1) u.hash = redactParams(new URLSearchParams(u.hash.slice(1))).toString();
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Headers as evidence. A header sent on several lines (a string array, one line each) stays several lines, each
 * redacted on its own: how many lines went out is itself evidence (RFC 9449 4.3 refuses two DPoP header lines).
 */
export function redactHeaders(headers: Record<string, string | undefined>): Record<string, string>;
export function redactHeaders(headers: Record<string, string | readonly string[] | undefined>): Record<string, string | string[]>;
export function redactHeaders(headers: Record<string, string | readonly string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    out[name] = typeof raw === 'string' ? redactHeaderLine(name, raw) : raw.map((line) => redactHeaderLine(name, line));
  }
  return out;
}

function redactHeaderLine(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization') {
    const [scheme, ...rest] = value.split(' ');
    return `${scheme} ${redactValue(rest.join(' '))}`;
  }
  if (lower === 'cookie' || lower === 'set-cookie') return '[redacted]';
  return value;
}

/** Deep copy of a JSON value with secret members redacted. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretName(k) && typeof v === 'string' ? redactValue(v) : redactJson(v);
    }
    return out;
  }
  return value;
}

/** `"name": "value"` and `name=value` pairs of secret names, in text that is neither JSON nor a form. */
const SECRET_PAIRS = new RegExp(`((?<![\\w-])["']?(?:${[...SECRET_NAMES].filter((n) => n.length > 2).join('|')})["']?\\s*[:=]\\s*["']?)([^"'&\\s,;}<]{6,})`, 'gi');

/** Free text (an error message quoting what the AS sent, a page's text) without the values of secret-named pairs. */
export function redactText(text: string): string {
  return text.replace(SECRET_PAIRS, (_m, name: string, value: string) => `${name}${redactValue(value)}`);
}

/**
 * Redacts a request or response body. By its media type first; but the AS under test may label a token response
 * text/plain or send JSON as HTML, so a body that parses as JSON is redacted as JSON whatever its label, and any other
 * text loses the values of secret-named pairs (`"access_token": "…"`, `code=…`).
 */
export function redactBody(body: string, contentType: string | undefined): string {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return redactParams(new URLSearchParams(body)).toString();
  const trimmed = body.trimStart();
  if (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(body)), null, 2);
    } catch {
      // not JSON after all (or cut short): the pairs below
    }
  }
  return redactText(body);
}
