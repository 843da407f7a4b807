import { createHash, type X509Certificate } from 'node:crypto';

/** RFC 8705 §3.1 `x5t#S256`: over the DER encoding, so PEM whitespace or line length cannot change it. */
export function certificateThumbprint(cert: X509Certificate): string {
  return createHash('sha256').update(cert.raw).digest('base64url');
}

/**
 * Splits on separators that are not escaped with a backslash. RFC 4514 escapes
 * a literal comma as `\,` (or `\2C`), and an organisation such as
 * "Example, Inc." must stay one attribute.
 */
function splitUnescaped(input: string, separators: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === '\\' && i + 1 < input.length) {
      current += c + input[i + 1];
      i++;
    } else if (separators.includes(c)) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeValue(value: string): string {
  let v = value.trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
  return v.replace(/\\([0-9a-fA-F]{2}|.)/g, (_, e: string) => (e.length === 2 ? String.fromCharCode(parseInt(e, 16)) : e));
}

function attributes(parts: string[]): string[] {
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq < 1) return `?=${p}`;
      return `${p.slice(0, eq).trim().toUpperCase()}=${unescapeValue(p.slice(eq + 1))}`;
    })
    .sort();
}

/**
 * Compares a registered `tls_client_auth_subject_dn` (RFC 4514: most specific
 * RDN first, comma-separated, e.g. "CN=client1,O=FAPI Harness Test") with the
 * subject Node reports for the peer certificate (encoding order,
 * newline-separated: "O=FAPI Harness Test\nCN=client1").
 *
 * Order-insensitive because the two notations list RDNs in opposite orders and
 * registrations in the wild use either; attribute types compare
 * case-insensitively, values exactly, as RFC 8705 §2.1.2 leaves the matching
 * rule to the server and exact values are the conservative choice.
 */
export function subjectDnMatches(registered: string, nodeSubject: string): boolean {
  const expected = attributes(splitUnescaped(registered, ',+'));
  const actual = attributes(nodeSubject.split('\n').flatMap((line) => splitUnescaped(line, '+')));
  return expected.length > 0 && expected.length === actual.length && expected.every((a, i) => a === actual[i]);
}

function escapeRfc4514(value: string): string {
  return value
    .replace(/[\\,+"<>;]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/** The RFC 4514 form a client would register for a certificate, derived from Node's subject string. */
export function rfc4514FromNodeSubject(nodeSubject: string): string {
  return nodeSubject
    .split('\n')
    .filter(Boolean)
    .reverse()
    .map((line) => {
      const eq = line.indexOf('=');
      return `${line.slice(0, eq)}=${escapeRfc4514(unescapeValue(line.slice(eq + 1)))}`;
    })
    .join(',');
}
