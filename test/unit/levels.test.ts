import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEVELS, levelOf, R, REQUIREMENT_ID_PATTERN, REQUIREMENTS, requirement, type RequirementKey } from '../../mock-rp/requirements';
import { ConformanceFailure, HarnessError } from '../../mock-rp/errors';
import { describeSoftFailure, softFailures, strictFrom } from '../../fixtures/should';
import { SHOULD_WARNING, verdictOf } from '../../fixtures/reporting/verdict';
import { readFileSync } from 'node:fs';
import { SHOULD_CHECKS_PAGE, shouldChecks, shouldChecksPage } from '../../scripts/should-checks';

describe('requirement levels', () => {
  it('every catalogue entry has a level: MUST, SHOULD or MAY', () => {
    for (const r of Object.values(REQUIREMENTS)) assert.ok(LEVELS.includes(r.level), `${r.id} has level ${String(r.level)}`);
  });

  it('the keys code uses are the catalogue keys: one key per entry, and R.key is its id', () => {
    const keys = Object.keys(R) as RequirementKey[];
    assert.equal(keys.length, Object.keys(REQUIREMENTS).length);
    for (const key of keys) assert.equal(requirement(R[key]).key, key);
  });

  it('the weaker sentence of a clause carries its level in the id', () => {
    assert.match('FAPI2-SP-5.3.2.1-13-should', REQUIREMENT_ID_PATTERN);
    assert.match('RFC9126-4-should', REQUIREMENT_ID_PATTERN);
    assert.doesNotMatch('RFC9126-4-must', REQUIREMENT_ID_PATTERN);
    for (const r of Object.values(REQUIREMENTS)) {
      if (r.id.endsWith('-should')) assert.equal(r.level, 'SHOULD', r.id);
      if (r.id.endsWith('-may')) assert.equal(r.level, 'MAY', r.id);
    }
  });

  it('the levels read from the spec text for the clauses judged as MUST before', () => {
    // RFC 9126 4: one-time use SHOULD, expiry MUST; 2.2: bound to the client MUST.
    assert.equal(levelOf(R.rfc9126OneTimeUse), 'SHOULD');
    assert.equal(levelOf(R.rfc9126AuthorizationRequest), 'MUST');
    assert.equal(levelOf(R.rfc9126Response), 'MUST');
    // FAPI 2.0 SP: accept up to 10 s ahead (shall), reject 60 s or more ahead (should).
    assert.equal(levelOf(R.fapi2ClockSkew), 'MUST');
    assert.equal(levelOf(R.fapi2ClockSkewReject), 'SHOULD');
    // RFC 6749 10.5: single use MUST, revoke the tokens SHOULD.
    assert.equal(levelOf(R.rfc6749CodeSingleUse), 'MUST');
    assert.equal(levelOf(R.rfc6749RevokeOnCodeReuse), 'SHOULD');
    assert.equal(levelOf('NOT-AN-ID'), undefined);
  });
});

describe('SHOULD checks end as warnings', () => {
  const msg = (e: Error) => ({ message: e.message });
  const should = new ConformanceFailure(R.rfc9126OneTimeUse, 'a refusal', 'a code');
  const must = new ConformanceFailure(R.fapi2PkceS256Required, 'a refusal', 'a code');

  it('a test whose only failures are SHOULD clauses is soft', () => {
    const soft = softFailures([msg(should)]);
    assert.deepEqual(soft, [{ requirement: 'RFC9126-4-should', level: 'SHOULD', expected: 'a refusal', actual: 'a code' }]);
    assert.equal(describeSoftFailure(soft![0]!), 'RFC9126-4-should (SHOULD) not followed: expected a refusal; actual: a code');
  });

  it('a MUST, a failed expect, a harness error or an unknown clause keeps the test a failure', () => {
    assert.equal(softFailures([msg(must)]), undefined);
    assert.equal(softFailures([msg(should), msg(must)]), undefined);
    assert.equal(softFailures([msg(should), { message: 'expect(received).toBe(expected)' }]), undefined);
    assert.equal(softFailures([msg(new HarnessError('no answer'))]), undefined);
    assert.equal(softFailures([{ message: '[conformance] NOT-AN-ID: expected a; actual: b' }]), undefined);
    assert.equal(softFailures([]), undefined);
  });

  it('strict mode: FAPI_STRICT wins over the target configuration; a value that is neither on nor off stops the run', () => {
    assert.equal(strictFrom(undefined, undefined), false);
    assert.equal(strictFrom(undefined, true), true);
    assert.equal(strictFrom('', true), true);
    assert.equal(strictFrom('1', false), true);
    assert.equal(strictFrom('true', undefined), true);
    assert.equal(strictFrom('0', true), false);
    assert.throws(() => strictFrom('maybe', undefined), /FAPI_STRICT="maybe"/);
  });

  it('the verdict of a failure marked as a SHOULD warning is `warning`, whatever the message', () => {
    const failed = { status: 'failed' as const, errors: [msg(should)] };
    assert.equal(verdictOf(failed), 'non-conformant');
    assert.equal(verdictOf({ ...failed, annotations: [{ type: SHOULD_WARNING }] }), 'warning');
    assert.equal(verdictOf({ status: 'timedOut', errors: [msg(should)], annotations: [{ type: SHOULD_WARNING }] }), 'harness-error');
  });
});

describe('docs/should-checks.md', () => {
  it('lists the tests whose verdict rests on a SHOULD, and is what the code generates now', () => {
    const rows = shouldChecks();
    for (const id of ['RFC9126-4-should', 'FAPI2-SP-5.3.2.1-13-should', 'RFC6749-10.5-should']) assert.ok(rows.some((r) => r.requirement === id), id);
    assert.ok(rows.every((r) => r.level !== ('MUST' as string)));
    assert.equal(readFileSync(SHOULD_CHECKS_PAGE, 'utf8'), shouldChecksPage(rows), 'stale: run npx tsx scripts/should-checks.ts');
  });
});
