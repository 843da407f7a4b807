import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copiesFor, listedAsFailing, MATRIX_FAULT, matrixFaultOf, matrixProjects, matrixTest, matrixTitle } from '../../fixtures/fault-matrix';
import { judgeFault, planFaultMatrix } from '../fault-matrix-plan';
import type { JsonTest } from '../report-rows';

const row = (projectName: string, tags: string[], status: string, errors: string[] = []): JsonTest => ({ title: `t ${tags.join(' ')}`, tags, projectName, status, errors, modules: [], duration: 10 });

describe('fault matrix: the plan', () => {
  const baseline = [
    row('v1', ['@negative', '@fault=a'], 'passed'),
    row('v2', ['@negative', '@fault=a'], 'skipped'),
    row('v2', ['@negative', '@fault=b'], 'passed'),
    row('v1', ['@positive', '@happy'], 'passed'),
    row('v1', ['@negative', '@fault=a-b'], 'passed'),
  ];
  it('pairs each fault with every variant where a test tagged with it passed, and lists faults with none', () => {
    const { plan, withoutProjects } = planFaultMatrix(['a', 'b', 'c'], baseline);
    assert.deepEqual(plan.pairs.map((p) => [p.fault, p.variantId]), [['a', 'v1'], ['b', 'v2']]);
    assert.deepEqual(withoutProjects, ['c']);
  });
  it('pairs a fault whose tests find nothing to judge on the correct server with the variants where they skipped', () => {
    const { plan } = planFaultMatrix(['a'], baseline, new Set(['a']));
    assert.deepEqual(plan.pairs.map((p) => [p.fault, p.variantId]), [['a', 'v2']]);
  });
  it("makes one project per variant, whose grep selects the copies under its own faults only", () => {
    const projects = matrixProjects({ pairs: [{ fault: 'a', variantId: 'v1' }, { fault: 'a-b', variantId: 'v1' }, { fault: 'b', variantId: 'v2' }] });
    assert.deepEqual(projects.map((p) => [p.name, p.faults]), [['v1', ['a', 'a-b']], ['v2', ['b']]]);
    const v2 = new RegExp(projects[1]!.grep);
    assert.ok(v2.test(`${matrixTitle('x', 'b')} @negative @fault=b`));
    assert.ok(!v2.test(`${matrixTitle('x', 'a-b')} @negative @fault=a-b`));
    assert.ok(!v2.test('x @negative @fault=b'), 'the original declaration is not selected');
  });
  it('declares a negative test once per fault of the plan it is tagged with, a happy flow once per fault', () => {
    assert.deepEqual(copiesFor(['@negative', '@fault=a', '@fault=c'], ['a', 'a-b', 'b']), ['a']);
    assert.deepEqual(copiesFor(['@negative', '@fault=a-b'], ['a', 'a-b']), ['a-b']);
    assert.deepEqual(copiesFor(['@positive', '@happy'], ['a', 'b']), ['a', 'b']);
    assert.deepEqual(copiesFor(['@positive'], ['a', 'b']), []);
  });
  it('lets a server of the plan copy the tests its case names by title instead (the hostile-AS matrix)', () => {
    const copies = { h1: { titles: ['flow', 'witness'], failing: ['flow'] } };
    assert.deepEqual(copiesFor(['@positive', '@happy'], ['h1', 'a'], 'flow', copies), ['h1', 'a']);
    assert.deepEqual(copiesFor(['@negative', '@fault=a'], ['h1', 'a'], 'refused', copies), ['a'], 'a named case copies nothing it does not name');
    assert.deepEqual(copiesFor(['@positive'], ['h1', 'a'], 'witness', copies), ['h1']);
    const plan = { pairs: [{ fault: 'h1', variantId: 'v1' }], copies };
    assert.equal(listedAsFailing(plan, 'h1', matrixTitle('flow', 'h1')), true);
    assert.equal(listedAsFailing(plan, 'h1', matrixTitle('witness', 'h1')), false);
    assert.equal(listedAsFailing(plan, 'a', matrixTitle('flow', 'a')), false);
    assert.equal(listedAsFailing(undefined, 'h1', 'flow'), false);
  });
  it('declares the copies through the base test, titled and annotated with their fault', () => {
    const declared: { title: string; details: { tag?: string[]; annotation?: { type: string; description?: string }[] } }[] = [];
    const base = Object.assign((title: string, details: never) => void declared.push({ title, details }), { marker: 1 });
    const test = matrixTest(base as unknown as (...a: never[]) => unknown, { pairs: [{ fault: 'a', variantId: 'v1' }, { fault: 'b', variantId: 'v1' }] }) as unknown as ((...a: unknown[]) => void) & { marker: number };
    test('refused @negative @fault=b', { annotation: { type: 'oidf-module', description: 'm' } }, () => undefined);
    test('flow', { tag: ['@positive', '@happy'] }, () => undefined);
    test('other', { tag: ['@positive'] }, () => undefined);
    assert.deepEqual(declared.map((d) => d.title), ['refused @negative @fault=b [under b]', 'flow [under a]', 'flow [under b]']);
    assert.deepEqual(declared[0]!.details.annotation, [{ type: 'oidf-module', description: 'm' }, { type: MATRIX_FAULT, description: 'b' }]);
    assert.equal(matrixFaultOf(declared[2]!.details.annotation!), 'b');
    assert.equal(test.marker, 1, "the base's own members pass through");
  });
});

describe('fault matrix: the verdict on one fault', () => {
  const happy = row('a @ v1', ['@positive', '@happy'], 'passed');
  it('holds when every applicable tagged test failed with a conformance failure and the rest passed', () => {
    const v = judgeFault('a', [happy, row('a @ v1', ['@negative', '@fault=a'], 'failed', ['[conformance] X: expected y']), row('a @ v1', ['@negative', '@fault=a'], 'skipped')]);
    assert.deepEqual(v.problems, []);
    assert.equal(v.applicable, 1);
  });
  it('fails on a tagged test that passed, a harness error, a happy flow that failed, or no tagged test at all', () => {
    assert.match(judgeFault('a', [happy, row('a @ v1', ['@negative', '@fault=a'], 'passed')]).problems.join(), /expected to FAIL/);
    assert.match(judgeFault('a', [happy, row('a @ v1', ['@negative', '@fault=a'], 'failed', ['[harness] timeout'])]).problems.join(), /not with a conformance failure/);
    assert.match(judgeFault('a', [row('a @ v1', ['@positive', '@happy'], 'failed', ['x']), row('a @ v1', ['@negative', '@fault=a'], 'failed', ['[conformance] x'])]).problems.join('\n'), /expected to pass[\s\S]*no happy flow passed/);
    assert.match(judgeFault('a', [happy]).problems.join(), /no test ran against this fault/);
  });
});
