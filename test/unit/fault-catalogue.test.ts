/**
 * The reference server's fault catalogue (reference-server/faults/): names checked in one place, and the hooks the
 * server installs for a set of active faults.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { composeHooks, type Fault } from '../../reference-server/faults/hooks';
import { CATALOGUE, FAULTS, parseFaultNames } from '../../reference-server/faults/index';

const ROOT = join(import.meta.dirname, '..', '..');

test('every fault says what it relaxes, and FAULTS is that text by name', () => {
  for (const [name, fault] of Object.entries<Fault>(CATALOGUE)) {
    assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${name}: a fault name is kebab-case`);
    assert.ok(fault.relaxes.length > 20, `${name} says what it relaxes`);
    assert.equal(FAULTS[name as keyof typeof FAULTS], fault.relaxes);
  }
});

test('every fault installs something: hooks of its own, a strict check it removes, or the engine that reads it', () => {
  const idle = Object.entries<Fault>(CATALOGUE).filter(([, f]) => Object.keys(f).every((k) => k === 'relaxes')).map(([n]) => n);
  assert.deepEqual(idle, []);
});

test('parseFaultNames: known names pass, unknown ones are named with the valid list', () => {
  assert.deepEqual(parseFaultNames(['pkce-not-required', 'code-reusable']), ['pkce-not-required', 'code-reusable']);
  assert.throws(() => parseFaultNames(['pkce-not-required', 'pkce-nto-required']), (e: Error) => {
    assert.match(e.message, /^Unknown fault "pkce-nto-required"; valid faults: /);
    assert.ok(e.message.includes('code-reusable'));
    return true;
  });
});

test('composeHooks: an active fault installs its hooks, an inactive one its strict hooks; shared hooks run once, in catalogue order', () => {
  const shared = (p: URLSearchParams) => p.has('x');
  const first = () => ({ minVersion: 'TLSv1.2' as const, ciphers: 'a', dhparam: 'auto' });
  const second = () => ({ minVersion: 'TLSv1' as const, ciphers: 'b', dhparam: 'auto' });
  const catalogue: Record<string, Fault> = {
    a: { relaxes: 'a', tls: first, tokenParams: shared },
    b: { relaxes: 'b', tls: second, tokenParams: shared },
    c: { relaxes: 'c', strict: { engine: 'resource' }, engine: 'rewrite' },
  };
  const off = composeHooks(catalogue, new Set());
  assert.deepEqual(off.tls, []);
  assert.deepEqual(off.engine, ['resource']);
  const on = composeHooks(catalogue, new Set(['b', 'a', 'c']));
  assert.deepEqual(on.tls, [first, second]);
  assert.deepEqual(on.tokenParams, [shared]);
  assert.deepEqual(on.engine, ['rewrite']);
});

test('every hook point is documented in the table of faults/hooks.ts', () => {
  const source = readFileSync(join(ROOT, 'reference-server/faults/hooks.ts'), 'utf8');
  const points = [...source.slice(source.indexOf('export interface FaultHooks')).split('}')[0]!.matchAll(/^\s+(\w+)\?:/gm)].map((m) => m[1]!);
  assert.ok(points.length >= 10, `found ${points.length} hook points: the scanner is broken`);
  const table = source.slice(0, source.indexOf('\nimport '));
  for (const p of points) assert.ok(table.includes(`\`${p}\``), `hook point ${p} has a row in the table`);
});
