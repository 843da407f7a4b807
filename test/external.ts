import { spawn } from 'node:child_process';
import { get as httpsGet, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEFAULT_PKI_DIR, generatePki, pkiPaths, type PkiPaths } from '../certs/pki';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { freePort, OUT, record, ROOT, run, suiteRun } from './context';
import { allureStatuses, readSummary } from './report-files';
import { firstLine, label } from './report-rows';

/**
 * The external-AS path, end to end: a second reference server in its own process stands in for someone else's AS;
 * the harness sees only the configuration file it exported (FAPI_CONFIG), and its login pages use other field names
 * than the defaults, so only the configured selectors get the browser through. Then broken copies of that file must each
 * stop the run within 10 s with one message naming the file and the field, and no stack trace.
 */
export async function externalTarget(): Promise<void> {
  console.log('\n== an external AS through FAPI_CONFIG');
  // The configuration files hold the end-user password and a client secret: keep them out of reports/.
  const dir = mkdtempSync(join(tmpdir(), 'fapi-external-'));
  const configFile = join(dir, 'target.json');
  const redirect = `https://localhost:${await freePort()}/callback`;
  const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'reference-server', 'main.ts'), '--port', '0', '--redirect-uri', redirect, '--login-form', 'alternate', '--write-config', configFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serverOutput = '';
  server.stdout.on('data', (d: Buffer) => (serverOutput += d.toString()));
  server.stderr.on('data', (d: Buffer) => (serverOutput += d.toString()));
  try {
    const deadline = Date.now() + 15_000;
    while (!serverOutput.includes('listening') && server.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => server.stdout.once('data', r).once('close', r));
    }
    if (!serverOutput.includes('listening')) {
      record('external AS started', false, serverOutput.trim() || 'no output within 15 s');
      return;
    }
    // The whole catalogue with clients the harness registers itself (RFC 7591) and deletes afterwards (RFC 7592),
    // from a YAML copy of the exported configuration.
    const dynamicFile = join(dir, 'target-dynamic.yaml');
    const exported = JSON.parse(readFileSync(configFile, 'utf8')) as { resource?: string; variants: Record<string, { clients: unknown }> };
    for (const v of Object.values(exported.variants)) v.clients = 'dynamic';
    // Without "resource", the harness calls the AS's userinfo endpoint with the bound tokens.
    delete exported.resource;
    writeFileSync(dynamicFile, stringifyYaml(exported));
    const res = await suiteRun('external', [], undefined, 1, [], { FAPI_CONFIG: dynamicFile, FAPI_REPORTERS: 'json', FAPI_QUIET: '0' });
    if (res) {
      const bad = res.rows.filter((t) => t.status !== 'passed' && t.status !== 'skipped');
      const passed = res.rows.filter((t) => t.status === 'passed').length;
      record(`external AS via FAPI_CONFIG (YAML, dynamic clients, userinfo as the resource): ${passed} passed, ${res.rows.length - passed - bad.length} skipped (${res.seconds.toFixed(1)} s)`, bad.length === 0 && passed > 0,
        bad.map((t) => `${label(t)}: ${t.status}: ${firstLine(t)}`).join('\n') || undefined);
      const n = Object.keys(exported.variants).length * 2;
      record(`the ${n} dynamically registered clients are deleted after the run`, res.output.includes(`deleted ${n} of ${n} dynamically registered clients`), res.output.split('\n').filter((l) => l.includes('[harness]')).join('\n') || 'no [harness] lines in the output');
    }
    await wrongPassword(configFile, dir);
    await configMistakes(configFile, dir);
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A harness that cannot log in must say so, never judge the AS: with a wrong password, a positive flow and a negative
 * test that needs a login must both fail as harness errors. */
async function wrongPassword(goodFile: string, dir: string): Promise<void> {
  const target = JSON.parse(readFileSync(goodFile, 'utf8')) as { login: { password: string } };
  target.login.password = `${target.login.password}-wrong`;
  const file = join(dir, 'wrong-password.json');
  writeFileSync(file, JSON.stringify(target));
  const res = await suiteRun('external-wrong-password', [], 'code flow: authorization request|over client 2', 1, ['fapi2-sp-tls-mtls'], { FAPI_CONFIG: file });
  if (!res) return;
  const ran = res.rows.filter((t) => t.status !== 'skipped');
  const wrong = ran.filter((t) => t.status !== 'failed' || !t.errors.some((e) => e.includes('[harness]')) || t.errors.some((e) => e.includes('[conformance]')));
  record(`a wrong login password gives ${ran.length} harness errors, no verdict on the AS`, ran.length >= 2 && wrong.length === 0,
    wrong.map((t) => `${label(t)}: ${t.status}: ${firstLine(t)}`).join('\n') || undefined);
  // The reports say the same: "harness error" in the summary, "broken" (not "failed") in Allure, and the run fails.
  const summary = readSummary(res.dir);
  const statuses = allureStatuses(res.dir);
  const problems: string[] = [];
  if (res.code === 0) problems.push('the run exited 0');
  if (summary?.totals.harnessErrors !== ran.length || summary?.totals.nonConformant !== 0) problems.push(`summary.json counts ${summary?.totals.harnessErrors} harness errors and ${summary?.totals.nonConformant} non-conformant`);
  if (statuses.broken !== ran.length || statuses.failed) problems.push(`Allure has ${statuses.broken ?? 0} broken and ${statuses.failed ?? 0} failed results`);
  record('harness errors are reported as such: summary.json, Allure "broken", a failing exit code', problems.length === 0, problems.join('\n') || undefined);
}


export async function configMistakes(goodFile: string, dir: string): Promise<void> {
  const good = JSON.parse(readFileSync(goodFile, 'utf8')) as Record<string, any>;
  const variants = Object.keys(good.variants);
  const clone = () => JSON.parse(JSON.stringify(good)) as Record<string, any>;
  // A client certificate (with its key and JWKS) that expired a year ago: the test PKI generated two years back.
  const expired = await generatePki({ dir: join(dir, 'expired-pki'), now: new Date(Date.now() - 2 * 365 * 86_400_000) });
  // An AS whose discovery document advertises no registration_endpoint: the external AS's own document without it,
  // served under another issuer.
  const noRegistration = await startDiscoveryOnlyAs(good.issuer as string, good.ca as string);
  try {
    await configMistakeCases(good, variants, clone, dir, { expired, noRegistrationIssuer: noRegistration.issuer });
  } finally {
    await noRegistration.close();
  }
}

/** An HTTPS server (the test PKI's server certificate) that serves only a discovery document: `from`'s, with its own
 * issuer and without registration_endpoint. */
async function startDiscoveryOnlyAs(from: string, caPath: string): Promise<{ issuer: string; close(): Promise<void> }> {
  const ca = readFileSync(caPath, 'utf8');
  const original = await new Promise<Record<string, unknown>>((resolve, reject) => {
    httpsGet(`${from}/.well-known/openid-configuration`, { ca }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as Record<string, unknown>);
        } catch (e) {
          reject(e as Error);
        }
      });
    }).on('error', reject);
  });
  const paths = pkiPaths(process.env.FAPI_PKI_DIR ?? DEFAULT_PKI_DIR);
  let issuer = '';
  const server = createHttpsServer({ cert: readFileSync(paths.server.cert, 'utf8'), key: readFileSync(paths.server.key, 'utf8') }, (req, res) => {
    if (req.url !== '/.well-known/openid-configuration') {
      res.writeHead(404).end();
      return;
    }
    const document: Record<string, unknown> = { ...original, issuer };
    delete document.registration_endpoint;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function configMistakeCases(good: Record<string, any>, variants: string[], clone: () => Record<string, any>, dir: string, extra: { expired: PkiPaths; noRegistrationIssuer: string }): Promise<void> {
  const cases: { name: string; field: string; mentions?: string; ext?: string; write: (path: string) => void }[] = [
    { name: 'missing file', field: 'cannot be read', write: () => undefined },
    { name: 'invalid JSON', field: 'not valid JSON', write: (p) => writeFileSync(p, '{"issuer": ') },
    { name: 'unknown field', field: `variants.${variants[0]}.clients.0`, write: (p) => { const c = clone(); c.variants[variants[0]!].clients[0].colour = 'blue'; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'missing key file', field: `variants.${variants[0]}.clients.1.key`, write: (p) => { const c = clone(); c.variants[variants[0]!].clients[1].key = join(dir, 'nope.key.pem'); writeFileSync(p, JSON.stringify(c)); } },
    { name: 'unreachable issuer', field: 'field issuer', write: (p) => { const c = clone(); c.issuer = 'https://localhost:1'; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'issuer not matching discovery', field: 'field issuer', write: (p) => { const c = clone(); c.issuer = `${good.issuer}/`; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'certificate of another key', field: `variants.${variants[1]}.clients.0.key`, write: (p) => { const c = clone(); c.variants[variants[1]!].clients[0].key = c.variants[variants[1]!].clients[1].key; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'unset environment variable', field: 'login.password', write: (p) => { const c = clone(); c.login.password = '${env:FAPI_SELF_TEST_UNSET}'; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'dynamic clients without key material', field: `variants.${variants[0]}.clients`, write: (p) => { const c = clone(); c.variants[variants[0]!].clients = 'dynamic'; delete c.registration.clients; writeFileSync(p, JSON.stringify(c)); } },
    { name: 'invalid YAML', field: 'not valid YAML', ext: 'yaml', write: (p) => writeFileSync(p, 'issuer: https://localhost\nvariants: [unclosed\n') },
    {
      name: 'expired client certificate',
      field: `variants.${variants[0]}.clients.0.certificate`,
      mentions: 'expired',
      write: (p) => {
        const c = clone();
        Object.assign(c.variants[variants[0]!].clients[0], { certificate: extra.expired.client1.cert, key: extra.expired.client1.key, jwks: extra.expired.client1.jwks });
        writeFileSync(p, JSON.stringify(c));
      },
    },
    {
      name: 'dynamic clients at an AS without a registration endpoint',
      field: `variants.${variants[0]}.clients`,
      mentions: 'registration_endpoint',
      write: (p) => {
        const c = clone();
        c.issuer = extra.noRegistrationIssuer;
        c.variants[variants[0]!].clients = 'dynamic';
        writeFileSync(p, JSON.stringify(c));
      },
    },
    { name: 'unknown login step', field: 'login.steps.0', write: (p) => { const c = clone(); c.login.steps = [{ action: 'hover', selector: '#x' }]; writeFileSync(p, JSON.stringify(c)); } },
  ];
  // Three at a time (each is a Playwright start-up that stops at once); recorded in order.
  const results = new Map<(typeof cases)[number], Promise<{ code: number; output: string; seconds: number }>>();
  const lanes = new Set<Promise<unknown>>();
  for (const c of cases) {
    const path = join(dir, `broken-${c.name.replace(/\W+/g, '-')}.${c.ext ?? 'json'}`);
    c.write(path);
    if (lanes.size >= 3) await Promise.race(lanes);
    const p = run(process.execPath, [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test'], { FAPI_CONFIG: path, FAPI_REPORTS_DIR: join(OUT, `external-broken-${c.name.replace(/\W+/g, '-')}`) }, true);
    results.set(c, p);
    const lane = p.finally(() => lanes.delete(lane));
    lanes.add(lane);
  }
  for (const c of cases) {
    const path = join(dir, `broken-${c.name.replace(/\W+/g, '-')}.${c.ext ?? 'json'}`);
    const r = await results.get(c)!;
    const problems: string[] = [];
    if (r.code === 0) problems.push('the run did not fail');
    if (r.seconds > 10) problems.push(`took ${r.seconds.toFixed(1)} s`);
    if (!r.output.includes(`target configuration ${path}`) || !r.output.includes(c.field)) problems.push(`the message does not name the file and "${c.field}"`);
    if (c.mentions && !r.output.includes(c.mentions)) problems.push(`the message does not say "${c.mentions}"`);
    if (!/fix:/.test(r.output)) problems.push('no fix named');
    if (/^\s+at .+:\d+:\d+\)?$/m.test(r.output)) problems.push('a stack trace was printed');
    record(`config mistake "${c.name}" stops the run in ${r.seconds.toFixed(1)} s with one clear message`, problems.length === 0, problems.length ? `${problems.join('; ')}\n${r.output.trim().split('\n').slice(0, 6).join('\n')}` : undefined);
  }
}
