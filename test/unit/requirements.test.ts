import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { R, REQUIREMENTS, REQUIREMENT_ID_PATTERN, requirement } from '../../mock-rp/requirements';
import type { Requirement, RequirementKey } from '../../mock-rp/requirements';

const all: Requirement[] = Object.values(REQUIREMENTS);

describe('requirement catalogue', () => {
  it('is not empty and every entry is keyed by its own id', () => {
    assert.ok(all.length > 0);
    for (const [key, req] of Object.entries(REQUIREMENTS)) assert.equal(req.id, key);
  });

  it('every R value exists in REQUIREMENTS', () => {
    const keys = Object.keys(R) as RequirementKey[];
    assert.ok(keys.length > 0);
    for (const key of keys) {
      const id = R[key];
      assert.ok(Object.hasOwn(REQUIREMENTS, id), `R.${key} -> ${id} is missing from REQUIREMENTS`);
      assert.equal(requirement(id).id, id);
    }
  });

  it('every id matches the <SPEC>-<section>[-<item>] format', () => {
    for (const { id } of all) assert.match(id, REQUIREMENT_ID_PATTERN, id);
    // spot checks of the pattern itself
    assert.match('FAPI2-SP-5.3.2.2-5', REQUIREMENT_ID_PATTERN);
    assert.match('FAPI2-SP-5.4.1-1.2', REQUIREMENT_ID_PATTERN);
    assert.match('OIDC-CORE-3.1.3.7', REQUIREMENT_ID_PATTERN);
    for (const bad of ['FAPI2-5.3.2.2-5', 'FAPI2-SP-5.3.2.2-', 'RFC9126', 'rfc9126-2.1', 'FAPI2-SP-FINAL-5.3.2.2-5', 'JARM-2.4-x']) {
      assert.doesNotMatch(bad, REQUIREMENT_ID_PATTERN, bad);
    }
  });

  it('every url is https, absolute and has a section fragment', () => {
    for (const { id, url } of all) {
      const u = new URL(url);
      assert.equal(u.protocol, 'https:', `${id}: ${url}`);
      assert.ok(u.hash.length > 1, `${id}: ${url} has no fragment`);
      const section = REQUIREMENT_ID_PATTERN.exec(id)?.[2];
      assert.ok(section && u.hash.endsWith(section), `${id}: fragment ${u.hash} does not point at section ${section}`);
    }
  });

  it('every entry names its spec and has a one-sentence summary', () => {
    for (const { id, spec, summary } of all) {
      assert.ok(spec.trim().length > 0, `${id}: empty spec name`);
      assert.ok(summary.trim().length > 10, `${id}: summary too short`);
      assert.ok(/[.]$/.test(summary), `${id}: summary should be a sentence ending with a period`);
    }
  });

  it('requirement() returns catalogue entries and throws on unknown ids, naming them', () => {
    assert.equal(requirement(R.fapi2PkceS256Required), REQUIREMENTS[R.fapi2PkceS256Required]);
    assert.throws(() => requirement('nope'), (e: unknown) => e instanceof Error && e.message.includes('"nope"'));
    // inherited object properties must not be mistaken for entries
    for (const sneaky of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      assert.throws(() => requirement(sneaky), Error, sneaky);
    }
  });

  it('the catalogue cannot be mutated at run time', () => {
    assert.ok(Object.isFrozen(REQUIREMENTS));
    assert.ok(Object.isFrozen(R));
    for (const req of all) assert.ok(Object.isFrozen(req), req.id);
  });
});
