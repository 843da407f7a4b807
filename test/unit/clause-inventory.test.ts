import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CLAUSE_ID_PATTERN, CLAUSE_INVENTORY, clauseUrl, inventoryFigures, inventoryLine, inventoryProblems, renderClausesDoc, rowsWithoutPassingTest, statusOf } from '../../mock-rp/clause-inventory';
import type { ClauseRow } from '../../mock-rp/clause-inventory';
import { R, REQUIREMENTS } from '../../mock-rp/requirements';

const ROOT = join(import.meta.dirname, '..', '..');

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

/**
 * The catalogue IDs some test claims: named (through `R.<key>`, or spelled out) by a spec file or a fixture, which is
 * where tests annotate the requirements they check. An ID only a check of the mock RP names (as the requirement its
 * failure would cite) does not count: no test result reports it. Static, so the guard needs no Playwright run; the
 * fault matrix of `npm test` proves separately that those tests can fail.
 */
function exercisedIds(): Set<string> {
  const out = new Set<string>();
  const keys = R as Readonly<Record<string, string>>;
  for (const dir of ['suites', 'fixtures']) {
    for (const file of sources(join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bR\.([A-Za-z0-9_]+)/g)) if (Object.hasOwn(keys, m[1]!)) out.add(keys[m[1]!]!);
      for (const id of Object.keys(REQUIREMENTS)) if (text.includes(`'${id}'`)) out.add(id);
    }
  }
  return out;
}

const catalogue = new Set(Object.keys(REQUIREMENTS));

describe('clause inventory', () => {
  it('every AS/RS clause is tested by catalogue requirements that tests check, or explained; no gap is left', () => {
    const problems = inventoryProblems(CLAUSE_INVENTORY, catalogue, exercisedIds());
    assert.deepEqual(problems, []);
  });

  it('covers every document the FAPI profiles make normative for the AS, with MUST rows in each profile', () => {
    const f = inventoryFigures();
    for (const spec of ['FAPI2-SP', 'FAPI2-MS', 'FAPI1-ADV', 'FAPI1-BASE', 'RFC6749', 'RFC6750', 'RFC7636', 'RFC7519', 'RFC7523', 'RFC8705', 'RFC9101', 'RFC9126', 'RFC9207', 'RFC9449', 'JARM', 'OIDC-CORE'] as const) {
      assert.ok(f.bySpec[spec].inventoried > 0, `${spec} has no row`);
    }
    assert.equal(f.tested + f.explained + f.untested + f.gaps, f.inventoried);
    assert.equal(f.byLevel.MUST + f.byLevel.SHOULD + f.byLevel.MAY, f.inventoried);
    assert.equal(f.gaps, 0);
  });

  it('MAY rows are never reported untested, and an untested row is always an AS/RS MUST with what a test needs', () => {
    for (const row of CLAUSE_INVENTORY) {
      if (row.level === 'MAY') assert.notEqual(statusOf(row), 'untested', row.id);
      if (statusOf(row) === 'untested') {
        assert.equal(row.level, 'MUST', `${row.id}: a SHOULD without a test is left for later, not counted as a gap`);
        assert.match((row as { reason: string }).reason, /^needs /, `${row.id}: say what a test would need`);
      }
    }
  });

  it('the guard catches a gap, an unknown requirement, an unexercised one, a duplicate and a malformed id', () => {
    const base = { level: 'MUST', binds: 'AS', says: 'The server does a thing it must do.' } as const;
    const rows: ClauseRow[] = [
      { id: 'RFC6749-4.1.3-5', ...base, gap: true },
      { id: 'RFC7636-4.6', ...base, requirements: ['RFC7636-99'] },
      { id: 'RFC7636-4.4', ...base, requirements: ['RFC7636-4.6'] },
      { id: 'RFC7636-4.4', ...base, reason: 'needs nothing at all here', kind: 'later' },
      { id: 'RFC-7636-4', ...base, reason: 'needs nothing at all here', kind: 'later' },
      { id: 'RFC9126-2', ...base, requirements: ['RFC9126-2'], reason: 'both at once' } as unknown as ClauseRow,
    ];
    const problems = inventoryProblems(rows, catalogue, new Set());
    const has = (re: RegExp) => assert.ok(problems.some((p) => re.test(p)), `expected a problem matching ${re}:\n${problems.join('\n')}`);
    has(/^RFC6749-4\.1\.3-5: MUST on the AS that no test checks/);
    has(/^RFC7636-4\.6: names requirement RFC7636-99, which the catalogue lacks/);
    has(/^RFC7636-4\.4: none of RFC7636-4\.6 is checked by any test/);
    has(/^RFC7636-4\.4: listed twice/);
    has(/^RFC-7636-4: malformed id/);
    has(/^RFC9126-2: needs exactly one of requirements, reason or gap \(has 2\)/);
    assert.deepEqual(inventoryProblems([{ id: 'RFC7636-4.4', ...base, requirements: ['RFC7636-4.6'] }], catalogue, new Set(['RFC7636-4.6'])), []);
  });

  it('rowsWithoutPassingTest names the tested rows no passing test vouched for in a run', () => {
    const base = { level: 'MUST', binds: 'AS', says: 'The server does a thing it must do.' } as const;
    const rows: ClauseRow[] = [
      { id: 'RFC7636-4.6', ...base, requirements: ['RFC7636-4.6'] },
      { id: 'RFC7636-4.4', ...base, requirements: ['RFC7636-4.4.1', 'RFC7636-4.6'] },
      { id: 'RFC7636-4.4.1', ...base, requirements: ['RFC7636-4.4.1'] },
      { id: 'RFC6749-10.12', ...base, reason: 'needs a forged consent', kind: 'later' },
    ];
    assert.deepEqual(rowsWithoutPassingTest(new Set(['RFC7636-4.6']), rows).map((r) => r.id), ['RFC7636-4.4.1']);
  });

  it('ids follow the catalogue format and link to the section of the final document', () => {
    for (const row of CLAUSE_INVENTORY) {
      assert.match(row.id, CLAUSE_ID_PATTERN, row.id);
      const u = new URL(clauseUrl(row.id));
      assert.equal(u.protocol, 'https:');
      assert.ok(u.hash.endsWith(CLAUSE_ID_PATTERN.exec(row.id)![2]!), `${row.id}: ${u.hash}`);
    }
  });

  it('docs/clauses.md is the rendering of the inventory (regenerate: npx tsx scripts/docs-clauses.ts)', () => {
    assert.equal(readFileSync(join(ROOT, 'docs', 'clauses.md'), 'utf8'), renderClausesDoc());
  });

  it('the summary line states the figure', () => {
    const f = inventoryFigures();
    assert.match(inventoryLine(f), new RegExp(`^clause inventory: ${f.inventoried} AS/RS clauses .* ${f.tested} tested \\(${f.partly} of them partly\\), ${f.explained} explained, ${f.untested} untested`));
  });
});
