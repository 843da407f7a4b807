import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OIDF_MODULES, oidf, parity } from '../../fixtures/oidf';

/** The parity guard of npm test: every conformance-suite module answered, not applicable, or pending. */

const all = [...OIDF_MODULES.keys()];
const [a, b, c] = all as [string, string, string];

test('every module is accounted for when answered or listed with a reason', () => {
  const answered = new Set(all.filter((m) => m !== b && m !== c));
  const p = parity(answered, { notApplicable: new Map([[b, 'ecosystem profiles only']]), pending: new Map([[c, 'back channel, not yet tested']]) });
  assert.deepEqual(p.missing, []);
  assert.deepEqual(p.listProblems, []);
  assert.deepEqual([p.covered.length, p.notApplicable, p.pending], [all.length - 2, [b], [c]]);
});

test('a module neither answered nor listed is missing', () => {
  const p = parity(new Set(all.filter((m) => m !== a)), { notApplicable: new Map(), pending: new Map() });
  assert.deepEqual(p.missing, [a]);
});

test('a listed module that a test answers, a reasonless entry and an unknown module are list problems', () => {
  const p = parity(new Set([a]), {
    notApplicable: new Map([
      [a, 'listed, but answered'],
      [b, ''],
    ]),
    pending: new Map([['no-such-module', 'typo']]),
  });
  assert.equal(p.listProblems.length, 3);
  assert.match(p.listProblems.join('\n'), new RegExp(`${a} is answered by a passing test now`));
  assert.match(p.listProblems.join('\n'), new RegExp(`${b} has no reason`));
  assert.match(p.listProblems.join('\n'), /no-such-module is not in the parity list/);
});

test('the committed lists account for every module the suites do not answer, with reasons', () => {
  const p = parity(new Set());
  assert.deepEqual(p.listProblems, []);
  // Without any answered module, the missing ones are exactly those the suites must answer.
  assert.ok(p.missing.length > 0 && p.missing.length < all.length);
});

test('oidf() refuses a name that matches no module, and expands a shared name to both plans', () => {
  assert.throws(() => oidf('no-such-module'), /no conformance-suite module/);
  const expanded = oidf('par-attempt-reuse-request_uri').map((x) => x.description);
  assert.deepEqual(expanded.sort(), ['fapi1-advanced-final-par-attempt-reuse-request_uri', 'fapi2-security-profile-final-par-attempt-reuse-request_uri']);
});
