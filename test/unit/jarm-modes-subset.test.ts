/**
 * An AS may register a client for fewer JWT response modes than its discovery document advertises: FAPI needs
 * `response_mode=jwt`, JARM's query.jwt, fragment.jwt and form_post.jwt are the AS's to offer. The reference server,
 * started with its JARM clients registered for `jwt` only (and all four modes still advertised), stands in for such
 * an AS; the JARM mode scenarios must then pass `jwt` and skip the other modes as "not offered to this client",
 * quoting the AS's refusal, rather than fail them.
 */
import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PKI_DIR } from '../../certs/pki';
import { startReferenceServer } from '../../reference-server/server';
import { runProcess } from '../process';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PROJECTS = ['fapi2-ms-pkjwt-mtls', 'fapi1-adv-pkjwt-par'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface JsonSpec { title: string; tests: { projectName: string; status: string; annotations: { type: string; description?: string }[] }[] }
interface JsonSuite { specs?: JsonSpec[]; suites?: JsonSuite[] }
const specsOf = (s: JsonSuite): JsonSpec[] => [...(s.specs ?? []), ...(s.suites ?? []).flatMap(specsOf)];

test('clients registered for response_mode=jwt only: the optional JARM modes are skipped as not offered, jwt passes', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fapi-jarm-subset-'));
  const server = await startReferenceServer({ pkiDir: DEFAULT_PKI_DIR, redirectUris: [`https://localhost:${await freePort()}/cb`], jarmModes: ['jwt'] });
  try {
    const config = path.join(dir, 'target.json');
    writeFileSync(config, JSON.stringify(server.target));
    const cli = path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
    const argv = [cli, 'test', '--reporter=json', ...PROJECTS.flatMap((p) => ['--project', p]), '--grep', 'response_mode=.* returns a valid JARM response'];
    const r = await runProcess(process.execPath, argv, { cwd: ROOT, env: { FAPI_CONFIG: config, FAPI_REPORTS_DIR: dir, FAPI_WORKERS: '1', FAPI_EARLY_FLOWS: '0' } });
    const report = JSON.parse(r.stdout) as { suites: JsonSuite[] };
    const results = report.suites.flatMap(specsOf).flatMap((s) => s.tests.map((t) => ({ title: s.title, ...t })));
    assert.equal(results.length, 4 * PROJECTS.length, r.output.slice(-2000));
    for (const t of results) {
      const label = `[${t.projectName}] ${t.title}`;
      if (t.title.startsWith('response_mode=jwt ')) {
        assert.equal(t.status, 'expected', `${label} passes`);
        continue;
      }
      assert.equal(t.status, 'skipped', `${label} is skipped, not failed`);
      const reason = t.annotations.find((a) => a.type === 'skip')?.description ?? '';
      assert.match(reason, /is not offered to this client/, `${label}: ${reason}`);
      assert.match(reason, /invalid_request/, `${label} quotes the AS's answer: ${reason}`);
    }
    assert.equal(r.code, 0, r.output.slice(-2000));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
