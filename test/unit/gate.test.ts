import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExpectedFailure } from '../../fixtures/reporting/expected-failures';
import { decideGate, type GateRow } from '../../fixtures/reporting/gate';

const row = (id: string, verdict: GateRow['verdict'], extra: Partial<GateRow> = {}): GateRow => ({ id, project: 'p', verdict, ...extra });
const ok = { status: 'passed' as const, errors: [] };

test('the gate passes when every judged test passed', () => {
  const d = decideGate([row('a.spec.ts › x', 'passed'), row('a.spec.ts › y', 'skipped')], [], ok);
  assert.equal(d.status, 'passed');
  assert.equal(d.exitCode, 0);
  assert.deepEqual(d.reasons, []);
  assert.equal(d.judged, 1);
});

test('a conformance failure fails the gate unless an expected-failures entry accepts it', () => {
  const entry: ExpectedFailure = { test: 'a.spec.ts › y', reason: 'known gap' };
  const failing = decideGate([row('a.spec.ts › x', 'passed'), row('a.spec.ts › y', 'non-conformant')], [], ok);
  assert.equal(failing.exitCode, 1);
  assert.match(failing.reasons.join(), /1 conformance failure\(s\) not listed/);
  const accepted = decideGate([row('a.spec.ts › x', 'passed'), row('a.spec.ts › y', 'non-conformant', { acceptedBy: entry })], [entry], ok);
  assert.equal(accepted.status, 'passed');
  assert.equal(accepted.accepted.length, 1);
  assert.deepEqual(accepted.stale, []);
});

test('a harness error never passes, even when the test is listed as expected to fail', () => {
  const d = decideGate([row('a.spec.ts › x', 'passed'), row('a.spec.ts › y', 'harness-error')], [{ test: 'a.spec.ts › y', reason: 'r' }], ok);
  assert.equal(d.status, 'failed');
  assert.match(d.reasons.join(), /harness error/);
});

test('a run in which nothing was judged fails', () => {
  const d = decideGate([row('a.spec.ts › x', 'skipped')], [], ok);
  assert.equal(d.exitCode, 1);
  assert.match(d.reasons.join(), /no test reached a verdict/);
});

test("Playwright's own failure states and errors outside the tests fail the gate and keep their status", () => {
  const rows = [row('a.spec.ts › x', 'passed')];
  assert.equal(decideGate(rows, [], { status: 'interrupted', errors: [] }).status, 'interrupted');
  assert.equal(decideGate(rows, [], { status: 'timedout', errors: [] }).status, 'timedout');
  const withErrors = decideGate(rows, [], { status: 'passed', errors: ['global set-up: boom'] });
  assert.equal(withErrors.status, 'failed');
  assert.match(withErrors.reasons.join(), /1 error\(s\) outside the tests: global set-up: boom/);
});

test('expected failures that now pass, or that name no test, are reported', () => {
  const passing: ExpectedFailure = { test: 'describe › x', reason: 'fixed since' };
  const stale: ExpectedFailure = { test: 'a.spec.ts › gone', reason: 'removed test' };
  const d = decideGate([row('a.spec.ts › describe › x', 'passed')], [passing, stale], ok);
  assert.equal(d.status, 'passed');
  assert.deepEqual(d.nowPassing, [{ entry: passing, project: 'p' }]);
  assert.deepEqual(d.stale, [stale]);
});

test('a SHOULD not followed is a judged warning that does not fail the gate', () => {
  const d = decideGate([row('a.spec.ts › x', 'warning'), row('a.spec.ts › y', 'skipped')], [], ok);
  assert.equal(d.status, 'passed');
  assert.equal(d.judged, 1);
  assert.equal(d.shouldWarnings.length, 1);
});
