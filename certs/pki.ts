/**
 * Test PKI for the harness: one private CA, a TLS server certificate for the
 * reference authorization server, client certificates for mTLS client
 * authentication and certificate-bound tokens, and the JWKS files that the mock
 * RP and the reference server sign and encrypt with.
 *
 * Everything is generated locally on first use, because committing keys would
 * make every checkout trust the same CA and because certificates expire: a
 * clone that sat unused for 13 months must heal itself on the next
 * `npm install` / `npm run setup` instead of failing mTLS tests obscurely.
 *
 * Importing this module has no side effects apart from the Reflect polyfill
 * that `@peculiar/x509` cannot work without.
 */
import { checkPkiOrThrow, PkiProblem } from './pki-check';
import { writePki } from './pki-generate';
import { withLock } from './pki-lock';
import { pkiPaths, type PkiPaths } from './pki-paths';

/*
 * The test PKI's public surface. Its parts: pki-paths.ts (where the files are, the client subjects), pki-check.ts
 * (checkPki's inspection), pki-generate.ts (the certificates and JWKS), pki-lock.ts (the lock across processes).
 */

export { CLIENT_SUBJECTS, DEFAULT_PKI_DIR, pkiPaths, type PkiPaths } from './pki-paths';

/**
 * Inspects the files: missing file, unparsable, expired or expiring within 7 days, certificate not matching its key, leaf not issued by the CA.
 *
 * Synchronous so that configuration files (playwright.config.ts, the reference
 * server's start-up) can gate on it without top-level await. `notAfter` is the
 * earliest expiry of all certificates, i.e. when the PKI as a whole stops working.
 */
export function checkPki(dir?: string): { ok: true; notAfter: Date } | { ok: false; problem: string } {
  try {
    return { ok: true, notAfter: checkPkiOrThrow(pkiPaths(dir), Date.now()) };
  } catch (e) {
    if (e instanceof PkiProblem) return { ok: false, problem: e.message };
    return { ok: false, problem: `unexpected error while checking: ${(e as Error).message}` };
  }
}

/**
 * Idempotent: regenerates everything when checkPki is not ok (or force), else does nothing.
 *
 * Always regenerates the whole set rather than a single file: the leaves, the
 * CA and the JWKS are registered together in the reference server, so a
 * partial renewal would only trade one mismatch for another.
 */
export async function ensurePki(opts?: { dir?: string; force?: boolean }): Promise<{ paths: PkiPaths; generated: boolean; reason?: string }> {
  const paths = pkiPaths(opts?.dir);
  const force = opts?.force ?? false;
  if (!force && checkPki(paths.dir).ok) return { paths, generated: false };
  return withLock(paths.dir, async () => {
    // Another process (a parallel Playwright worker, a concurrent `npm run setup`)
    // may have regenerated while we waited; regenerating again would swap the CA
    // under a server that already loaded the previous one.
    const again = checkPki(paths.dir);
    if (!force && again.ok) return { paths, generated: false };
    await writePki(paths, new Date());
    return { paths, generated: true, reason: again.ok ? 'forced' : again.problem };
  });
}

/**
 * @internal Unconditionally generates a PKI as if the clock read `now`. Exists
 * so that tests and set-up demonstrations can produce a genuinely expired PKI
 * (e.g. `now` 400 days ago) instead of hand-editing DER.
 */
export async function generatePki(opts?: { dir?: string; now?: Date }): Promise<PkiPaths> {
  const paths = pkiPaths(opts?.dir);
  await withLock(paths.dir, () => writePki(paths, opts?.now ?? new Date()));
  return paths;
}
