import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PKI_DIR, pkiPaths } from '../certs/pki';
import { LOGIN } from '../reference-server/server';
import { LEDGER, record } from './context';
import { scanFolder, type Needle } from './secret-scan';

/**
 * No secret the harness handles may reach a report. The needles: every secret the reference servers issued or received
 * during the self-test (client secret, initial access token, codes, access and refresh tokens, registration access
 * tokens, client assertions and their signatures: the ledger), the end-user's password, the private keys of the test
 * PKI (PEM and JWK). Every file of the given report folders is searched, including zip archives, base64 runs and JWT
 * payloads inside them (test/secret-scan.ts); unredacted client_secret parameters and bearer tokens are looked for by
 * shape as well.
 */
export function secretsStayOut(dirs: string[]): void {
  console.log('\n== no secret in the reports');
  const paths = pkiPaths(process.env.FAPI_PKI_DIR ?? DEFAULT_PKI_DIR);
  const needles: Needle[] = [
    { value: LOGIN.password, what: 'the end-user password' },
    { value: 'PRIVATE KEY-----', what: 'a PEM private key' },
  ];
  for (const jwks of [paths.client1.jwks, paths.client2.jwks, paths.asJwks]) {
    for (const k of (JSON.parse(readFileSync(jwks, 'utf8')) as { keys: { d?: string; kid?: string }[] }).keys) {
      if (k.d) needles.push({ value: k.d.slice(0, 24), what: `private JWK member d of ${k.kid ?? 'a key'}`, substring: true });
    }
  }
  let ledger: { what: string; secret: string }[] = [];
  try {
    ledger = readFileSync(LEDGER, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { what: string; secret: string });
  } catch {
    ledger = [];
  }
  for (const e of ledger) {
    needles.push({ value: e.secret, what: e.what });
    if (e.what === 'client assertion') needles.push({ value: e.secret.split('.')[2] ?? e.secret, what: 'the signature of a client assertion' });
  }
  const kinds = new Map<string, number>();
  for (const e of ledger) kinds.set(e.what, (kinds.get(e.what) ?? 0) + 1);
  const complete = ['access_token', 'refresh_token', 'client assertion', 'authorization code', 'client_secret'].every((k) => kinds.has(k));
  record(`the reference servers recorded the secrets they handled: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`, complete, complete ? undefined : 'the ledger lacks a kind of secret: the scan would prove nothing for it');
  const unredactedSecret = /client_secret(=|":\s*")(?![^&"]*redacted)[^&"\s]{6,}/;
  // Registration access tokens and initial access tokens (RFC 7591/7592) travel as JSON members and bearer tokens.
  const unredactedToken = /"registration_access_token":\s*"(?![^"]*redacted)|(Bearer|DPoP) [A-Za-z0-9._~+/-]{16,}/i;
  const findings: string[] = [];
  let files = 0;
  let bytes = 0;
  for (const dir of dirs) {
    const r = scanFolder(dir, needles);
    files += r.files;
    bytes += r.bytes;
    findings.push(...r.findings.map((f) => `${f.file}${f.inside ? ` (${f.inside.replace(/ \/ $/, '')})` : ''}: ${f.what}`));
    for (const file of textFilesUnder(dir)) {
      const text = readFileSync(file, 'utf8');
      if (unredactedSecret.test(text)) findings.push(`${file}: an unredacted client_secret`);
      if (unredactedToken.test(text)) findings.push(`${file}: an unredacted registration access token or bearer token`);
    }
  }
  record(`${files} report files (${(bytes / 1e6).toFixed(1)} MB, zip archives and base64 included) hold none of ${needles.length} secrets, and no unredacted client_secret or bearer token`, findings.length === 0 && files > 0, findings.slice(0, 10).join('\n') || undefined);
}

function* textFilesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* textFilesUnder(path);
    else if (/\.(json|xml|txt|md)$/.test(entry.name)) yield path;
  }
}
