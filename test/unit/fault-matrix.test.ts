import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
  it('gives each fault one project per variant where a test tagged with it passed, and lists faults with none', () => {
    const { plan, withoutProjects } = planFaultMatrix(['a', 'b', 'c'], baseline);
    assert.deepEqual(plan.projects.map((p) => [p.fault, p.variantId]), [['a', 'v1'], ['b', 'v2']]);
    assert.deepEqual(withoutProjects, ['c']);
    assert.equal(new Set(plan.projects.map((p) => p.name)).size, plan.projects.length);
  });
  it("greps the happy flows and the fault's own tag, not a longer fault name that starts with it", () => {
    const grep = new RegExp(planFaultMatrix(['a'], baseline).plan.projects[0]!.grep);
    assert.ok(grep.test('x @negative @fault=a'));
    assert.ok(grep.test('x @positive @happy'));
    assert.ok(!grep.test('x @negative @fault=a-b'));
    assert.ok(!grep.test('x @negative @fault=b'));
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
