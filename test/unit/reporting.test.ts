import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { conformanceParts, verdictOf } from '../../fixtures/reporting/verdict';
import { decodeJwtParts, evidenceSteps, parseEvidence } from '../../fixtures/reporting/evidence-steps';
import { loadExpectedFailures, matches } from '../../fixtures/reporting/expected-failures';
import { insertByTime } from '../../fixtures/reporting/allure-reporter';
import type { RecordedEvidence } from '../../mock-rp/http';
import { scanFolder, unzip } from '../secret-scan';
import { Stage, Status, type StepResult } from 'allure-js-commons';

describe('verdict', () => {
  const failed = (message: string) => ({ status: 'failed' as const, errors: [{ message }] });
  it('blames the AS only for a check', () => {
    assert.equal(verdictOf(failed('[conformance] FAPI2-SP-5.3.2.2-5: expected a refusal; actual: a code')), 'non-conformant');
    assert.equal(verdictOf(failed('Error: resource serves the owner\n\nexpect(received).toBe(expected) // Object.is equality')), 'non-conformant');
    assert.equal(verdictOf(failed('[harness] token POST https://as/token: no answer within 10000 ms')), 'harness-error');
    assert.equal(verdictOf(failed("TypeError: Cannot read properties of undefined (reading 'x')")), 'harness-error');
    assert.equal(verdictOf({ status: 'timedOut', errors: [{ message: '[conformance] X: expected a; actual: b' }] }), 'harness-error');
    assert.equal(verdictOf({ status: 'interrupted', errors: [] }), 'harness-error');
    assert.equal(verdictOf({ status: 'passed', errors: [] }), 'passed');
    assert.equal(verdictOf({ status: 'skipped', errors: [] }), 'skipped');
  });
  it('takes the conformance failure apart', () => {
    assert.deepEqual(conformanceParts('\u001b[31m[conformance] RFC9126-2.1: expected a 400; actual: 201 created\u001b[39m'), { requirement: 'RFC9126-2.1', expected: 'a 400', actual: '201 created' });
    assert.equal(conformanceParts('[harness] nothing'), undefined);
  });
});

describe('evidence steps', () => {
  const jwt = (payload: object) => `${Buffer.from('{"alg":"PS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.[signature redacted]`;
  const entries: RecordedEvidence[] = [
    {
      label: 'token',
      identity: 'client1',
      startedAt: new Date(2000).toISOString(),
      durationMs: 5,
      request: { method: 'POST', url: 'https://as/token', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: jwt({ htm: 'POST' }) }, body: `grant_type=authorization_code&client_assertion=${jwt({ iss: 'c1' })}` },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: jwt({ cnf: { jkt: 'x' } }), id_token: jwt({ sub: 'alice' }) }) },
    },
    { kind: 'browser', label: 'browser', startedAt: new Date(1000).toISOString(), durationMs: 100, url: 'https://as/auth?client_id=c1', outcome: 'callback', finalUrl: 'https://rp/cb?code=abc', jarm: { header: { alg: 'PS256' }, payload: { code: '[redacted]' } } },
    { label: 'PAR', identity: 'client1', startedAt: new Date(500).toISOString(), durationMs: 3, request: { method: 'POST', url: 'https://as/par', headers: {} }, error: 'no answer within 10 ms' },
  ];
  it('orders by time, names the flow, decodes every JWT', () => {
    const steps = evidenceSteps(parseEvidence(JSON.stringify(entries)));
    assert.deepEqual(steps.map((s) => s.name), ['PAR: POST https://as/par → no answer: no answer within 10 ms', 'browser: https://as/auth → callback at https://rp/cb', 'token: POST https://as/token → 200']);
    assert.equal(steps[0]!.status, 'broken');
    assert.deepEqual(steps[2]!.attachments.map((a) => a.name), ['token: request and response', 'token: client assertion (decoded, signature not recorded)', 'token: DPoP proof (decoded)', 'token: ID token (decoded)', 'token: access token (decoded, signature not recorded)']);
    assert.ok(steps[1]!.attachments.some((a) => a.name === 'JARM response (decoded)'));
  });
  it('shows only the header of a JWE, and nothing for garbage', () => {
    const jwe = `${Buffer.from('{"alg":"RSA-OAEP-256","enc":"A256GCM"}').toString('base64url')}.a.b.c.d`;
    assert.deepEqual(decodeJwtParts(jwe)?.header, { alg: 'RSA-OAEP-256', enc: 'A256GCM' });
    assert.equal(decodeJwtParts(jwe)?.payload, undefined);
    assert.equal(decodeJwtParts('not a jwt'), undefined);
    assert.deepEqual(parseEvidence('{"no":"list"}'), []);
  });
  it('nests an exchange into the test step that ran when it started, never into another exchange', () => {
    const step = (name: string, start: number, stop: number): StepResult => ({ name, start, stop, status: Status.PASSED, stage: Stage.FINISHED, statusDetails: {}, steps: [], attachments: [], parameters: [] });
    const top = [step('authorization request', 100, 200), step('token request', 300, 400)];
    const evidence = new Set<StepResult>();
    for (const s of [step('PAR', 110, 120), step('browser', 120, 190), step('token', 310, 320), step('resource', 500, 510)]) {
      insertByTime(top, s, evidence);
      evidence.add(s);
    }
    assert.deepEqual(top.map((s) => s.name), ['authorization request', 'token request', 'resource']);
    assert.deepEqual(top[0]!.steps.map((s) => s.name), ['PAR', 'browser']);
    assert.deepEqual(top[1]!.steps.map((s) => s.name), ['token']);
  });
});

describe('expected failures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ef-'));
  it('reads a YAML list and matches by id, with or without the file, per project', () => {
    const f = join(dir, 'ok.yaml');
    writeFileSync(f, '- test: "par/par.spec.ts › PAR › no PKCE is refused"\n  project: p1\n  reason: AS-1\n- test: "PAR › plain PKCE is refused"\n  reason: AS-2\n');
    const list = loadExpectedFailures(f);
    assert.equal(list.length, 2);
    assert.ok(matches(list[0]!, { id: 'par/par.spec.ts › PAR › no PKCE is refused', project: 'p1' }));
    assert.ok(!matches(list[0]!, { id: 'par/par.spec.ts › PAR › no PKCE is refused', project: 'p2' }));
    assert.ok(matches(list[1]!, { id: 'par/par.spec.ts › PAR › plain PKCE is refused', project: 'p2' }));
  });
  it('names the file, the entry and the fix for a broken file', () => {
    const cases: [string, RegExp][] = [
      ['- test: x\n', /entry 0 field reason is missing/],
      ['- test: x\n  reason: y\n  colour: z\n', /entry 0 field colour is not a known field/],
      ['test: x\n', /expected a list/],
      ['- [unclosed\n', /not valid YAML/],
    ];
    for (const [text, message] of cases) {
      const f = join(dir, 'bad.yaml');
      writeFileSync(f, text);
      assert.throws(() => loadExpectedFailures(f), (e: Error) => message.test(e.message) && e.message.includes(f) && e.message.includes('Fix:'));
    }
    assert.throws(() => loadExpectedFailures(join(dir, 'missing.yaml')), /cannot be read/);
  });
});

describe('secret scan', () => {
  it('finds planted secrets in plain text, zip archives, base64 runs and JWT payloads, and nothing in clean files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    const secret = 'AcCeSsToKeN_0123456789abcdef';
    const zip = zipOf('data.json', `{"access_token":"${secret}"}`);
    writeFileSync(join(dir, 'plain.txt'), `token=${secret}&x=1`);
    writeFileSync(join(dir, 'report.html'), `<script>window.data="data:application/zip;base64,${zip.toString('base64')}"</script>`);
    writeFileSync(join(dir, 'jwt.txt'), `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ code: secret, pad: 'x'.repeat(20) })).toString('base64url')}.`);
    writeFileSync(join(dir, 'clean.txt'), 'nothing to see: AcCeSs…[redacted 28 chars]');
    writeFileSync(join(dir, 'jwk.json'), '{"kty":"EC","d":"PrIvAtEkEyMaTeRiAl0123456789abcdefXYZ"}');
    const r = scanFolder(dir, [{ value: secret, what: 'planted' }, { value: 'PRIVATE KEY-----', what: 'pem' }, { value: 'PrIvAtEkEyMaTeRiAl012345', what: 'key prefix', substring: true }, { value: 'PrIvAtEkEyMaTeRiAl012345', what: 'prefix as a token' }]);
    const where = r.findings.map((f) => `${f.file.split('/').pop()} ${f.inside}`);
    assert.ok(where.some((w) => w.startsWith('plain.txt')));
    assert.ok(where.some((w) => w.startsWith('report.html') && w.includes('zip entry data.json')));
    assert.ok(where.some((w) => w.startsWith('jwt.txt') && w.includes('JWT')));
    assert.ok(!where.some((w) => w.startsWith('clean.txt')));
    // A prefix is found inside a longer value only when asked for as a substring.
    assert.deepEqual(r.findings.filter((f) => f.file.endsWith('jwk.json')).map((f) => f.what), ['key prefix']);
    assert.equal(unzip(zip)[0]!.name, 'data.json');
  });
});

/** A one-entry zip archive (deflated), as report writers produce. */
function zipOf(name: string, content: string): Buffer {
  const data = deflateRawSync(Buffer.from(content));
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(n.length, 28);
  central.writeUInt32LE(0, 42);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}
