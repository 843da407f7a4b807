import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ENV, env, envFlag } from '../../shared/env';

const ROOT = join(import.meta.dirname, '..', '..');
const sources = execFileSync('git', ['ls-files', '*.ts'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

test('every environment variable the code reads is declared in shared/env.ts', () => {
  const read = /process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*'([A-Z][A-Z0-9_]*)'\s*\])/g;
  // Names of FAPI_ variables the code spells as strings (set for a child process, or kept in a constant).
  const spelled = /['"`](FAPI_[A-Z0-9_]+)['"`]|\b(FAPI_[A-Z0-9_]+):/g;
  // Deliberately unset by the self-test's configuration-mistake check: never to be declared.
  const neverRead = new Set(['FAPI_SELF_TEST_UNSET']);
  const undeclared = new Map<string, string>();
  for (const file of sources) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(read)) {
      const name = m[1] ?? m[2]!;
      if (!(name in ENV)) undeclared.set(name, file);
    }
    for (const m of text.matchAll(spelled)) {
      const name = m[1] ?? m[2]!;
      if (!(name in ENV) && !neverRead.has(name)) undeclared.set(name, file);
    }
  }
  assert.deepEqual(Object.fromEntries(undeclared), {}, 'declare these in shared/env.ts (name, effect, audience), then run `npm run docs`');
});

test('env() treats empty as unset; envFlag() is on only for 1', () => {
  assert.equal(env('FAPI_CONFIG', {}), undefined);
  assert.equal(env('FAPI_CONFIG', { FAPI_CONFIG: '' }), undefined);
  assert.equal(env('FAPI_CONFIG', { FAPI_CONFIG: 'a.yaml' }), 'a.yaml');
  assert.equal(envFlag('FAPI_QUIET', { FAPI_QUIET: '1' }), true);
  assert.equal(envFlag('FAPI_QUIET', { FAPI_QUIET: '0' }), false);
  assert.equal(envFlag('FAPI_QUIET', {}), false);
});
