/**
 * Starts the pinned Keycloak in dev mode (embedded file store, no database server) on 127.0.0.1, HTTPS only, with the
 * test PKI's server certificate, client certificates requested (not required) and trusted from the test CA, TLS
 * limited to what FAPI allows, DPoP on, and a realm generated from the test PKI. Writes the harness's target
 * configuration for it. The JVM runs in a process group of its own, killed as a whole on stop, Ctrl-C or exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { DEFAULT_PKI_DIR } from '../../certs/pki';
import { loadPki } from '../../reference-server/pki-files';
import { rfc4514FromNodeSubject } from '../../reference-server/mtls';
import { VARIANT_NAMES, VARIANTS } from '../../reference-server/clients';
import { CACHE_DIR, SetupError, checkTools, ensureDistribution, KEYCLOAK_VERSION } from './distribution';
import { buildRealm } from './realm';
import { buildKeycloakTarget, KEYCLOAK_LIFETIMES } from './target';

export const REALM = 'fapi';
export const TARGET_FILE = process.env.KEYCLOAK_TARGET_FILE ?? join(CACHE_DIR, 'target.json');

/** TLS 1.2 suites FAPI 1.0 Advanced 7.1 / FAPI 2.0 SP 5.2.1 allow, and the TLS 1.3 suites (Java's names). */
const CIPHER_SUITES = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
];

export interface RunningKeycloak {
  issuer: string;
  targetFile: string;
  /** Seconds: download (0 when cached), unpack, and start until discovery answered. */
  timings: { downloadedNow: boolean; startSeconds: number };
  logFile: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

export async function startKeycloak(opts: { log: (line: string) => void; startTimeoutMs?: number; pkiDir?: string }): Promise<RunningKeycloak> {
  const { log } = opts;
  const startTimeoutMs = opts.startTimeoutMs ?? Number(process.env.KEYCLOAK_START_TIMEOUT_MS ?? 300_000);
  checkTools();
  const t0 = Date.now();
  const { home, downloaded } = ensureDistribution(log);
  const pki = loadPki(opts.pkiDir ?? DEFAULT_PKI_DIR);

  // Dev mode serves plain HTTP as well whatever --http-enabled says: it gets a free port on 127.0.0.1 too.
  const [port, redirectPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const issuerOrigin = `https://127.0.0.1:${port}`;
  const issuer = `${issuerOrigin}/realms/${REALM}`;
  const redirectUri = `https://localhost:${redirectPort}/cb`;
  const secret = (n = 24) => randomBytes(n).toString('base64url');
  const user = { username: 'alice', password: secret() };
  const cancelUser = { username: 'bob', password: user.password };
  const clientSecret = secret(32);
  const admin = { username: 'admin', password: secret() };
  const variants = Object.fromEntries(VARIANT_NAMES.map((n) => [n, VARIANTS[n]]));

  const cert = (path: string) => new X509Certificate(readFileSync(path));
  const material = (m: typeof pki.client1) => ({ subjectDn: rfc4514FromNodeSubject(cert(m.certificatePath).subject), issuerDn: rfc4514FromNodeSubject(cert(m.certificatePath).issuer), publicJwks: m.publicJwks, alg: m.alg });
  const realm = buildRealm({
    realm: REALM,
    redirectUri,
    variants,
    client1: material(pki.client1),
    client2: material(pki.client2),
    clientSecret,
    user,
    cancelUser,
    lifetimes: KEYCLOAK_LIFETIMES,
  });
  // A fresh store on every start: the realm (ports, keys, clients) is regenerated each time.
  rmSync(join(home, 'data'), { recursive: true, force: true });
  const importDir = join(home, 'data', 'import');
  mkdirSync(importDir, { recursive: true });
  const realmFile = join(importDir, `${REALM}-realm.json`);
  writeFileSync(realmFile, JSON.stringify(realm, null, 2), { mode: 0o600 });

  const logFile = join(CACHE_DIR, 'keycloak.log');
  const logStream = createWriteStream(logFile);
  const args = [
    'start-dev',
    '--import-realm',
    '--http-enabled=false',
    `--http-port=${httpPort}`,
    '--http-host=127.0.0.1',
    `--https-port=${port}`,
    `--hostname=${issuerOrigin}`,
    `--https-certificate-file=${join(pki.dir, 'server.crt.pem')}`,
    `--https-certificate-key-file=${join(pki.dir, 'server.key.pem')}`,
    '--https-client-auth=request',
    `--truststore-paths=${pki.caPath}`,
    '--https-protocols=TLSv1.3,TLSv1.2',
    `--https-cipher-suites=${CIPHER_SUITES.join(',')}`,
    '--features=dpop',
    '--health-enabled=false',
    '--metrics-enabled=false',
  ];
  log(`starting Keycloak ${KEYCLOAK_VERSION} on ${issuerOrigin} (log: ${logFile})`);
  const child = spawn(join(home, 'bin', 'kc.sh'), args, {
    cwd: home,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KC_BOOTSTRAP_ADMIN_USERNAME: admin.username, KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password, JAVA_OPTS_APPEND: process.env.JAVA_OPTS_APPEND ?? '' },
  });
  child.stdout!.pipe(logStream, { end: false });
  child.stderr!.pipe(logStream, { end: false });
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  const onExit = () => killGroup(child, 'SIGKILL');
  process.on('exit', onExit);

  const stop = async () => {
    process.off('exit', onExit);
    if (!exited) {
      killGroup(child, 'SIGTERM');
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    }
    logStream.end();
    rmSync(realmFile, { force: true });
  };

  const ca = pki.ca;
  const dispatcher = new Agent({ connect: { ca } });
  try {
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (exited) {
        const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n');
        const portTaken = /Address already in use|Port.*in use/i.test(tail);
        throw new SetupError(`Keycloak ${exited} before it answered:\n${tail}`, portTaken ? `port ${port} was taken meanwhile: run again` : `read ${logFile}`);
      }
      if (Date.now() > deadline) {
        throw new SetupError(`Keycloak did not answer at ${issuer}/.well-known/openid-configuration within ${Math.round(startTimeoutMs / 1000)} s`, `read ${logFile}; on a loaded machine raise KEYCLOAK_START_TIMEOUT_MS`);
      }
      const ok = await request(`${issuer}/.well-known/openid-configuration`, { dispatcher, headersTimeout: 5_000, bodyTimeout: 5_000 })
        .then(async (r) => {
          await r.body.text();
          return r.statusCode === 200;
        })
        .catch(() => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const startSeconds = (Date.now() - t0) / 1000;
    const initialAccessToken = await createInitialAccessToken(dispatcher, issuerOrigin, admin);
    const target = buildKeycloakTarget({ issuer, pki, redirectUri, clientSecret, user, cancelUser, initialAccessToken, variants });
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(TARGET_FILE, `${JSON.stringify(target, null, 2)}\n`, { mode: 0o600 });
    chmodSync(TARGET_FILE, 0o600);
    return { issuer, targetFile: TARGET_FILE, timings: { downloadedNow: downloaded, startSeconds }, logFile, stop };
  } catch (e) {
    await stop();
    throw e;
  } finally {
    await dispatcher.close();
  }
}

/** An initial access token for Dynamic Client Registration, through the admin REST API (RFC 7591 3.1's "initial access token"). */
async function createInitialAccessToken(dispatcher: Agent, origin: string, admin: { username: string; password: string }): Promise<string> {
  const tokenResponse = await request(`${origin}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: admin.username, password: admin.password }).toString(),
  });
  const tokenBody = (await tokenResponse.body.json()) as { access_token?: string };
  if (tokenResponse.statusCode !== 200 || !tokenBody.access_token) throw new SetupError(`Keycloak's admin login failed (HTTP ${tokenResponse.statusCode})`, 'read the Keycloak log');
  const r = await request(`${origin}/admin/realms/${REALM}/clients-initial-access`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenBody.access_token}` },
    body: JSON.stringify({ expiration: 0, count: 10_000 }),
  });
  const body = (await r.body.json()) as { token?: string };
  if (r.statusCode >= 300 || !body.token) throw new SetupError(`Keycloak refused to create an initial access token (HTTP ${r.statusCode})`, 'read the Keycloak log');
  return body.token;
}
