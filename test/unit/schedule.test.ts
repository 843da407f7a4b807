import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schedule, type SchedulablePart } from '../schedule';

/** A part that takes `ms` and notes when it started and ended. */
function part(name: string, ms: number, cores: number, log: string[], needs?: string[]): SchedulablePart<void> {
  return {
    name,
    what: name,
    estimate: ms,
    cores,
    ...(needs ? { needs } : {}),
    run: async () => {
      log.push(`+${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`-${name}`);
    },
  };
}

describe('self-test parts side by side', () => {
  it('starts the longest chain first, runs parts beside it while the cores fit, and a part after the parts it needs', async () => {
    const log: string[] = [];
    const parts = [part('short', 10, 1, log), part('base', 30, 1, log), part('heavy', 30, 2, log, ['base']), part('wait', 20, 0.5, log)];
    const lines: string[] = [];
    const times = await schedule(parts, { cores: 2, print: (l) => lines.push(l), run: (p) => p.run() });
    // base heads base→heavy (60); wait (20) fits beside it; short (1 core) does not fit beside base and wait.
    assert.deepEqual(log.slice(0, 2), ['+base', '+wait']);
    // heavy needs both cores: it starts only after base and once nothing else runs.
    assert.ok(log.indexOf('+heavy') > log.indexOf('-base'));
    for (const other of ['-short', '-wait']) assert.ok(log.indexOf('+heavy') > log.indexOf(other) || log.indexOf('+short') > log.indexOf('-heavy'));
    assert.equal(times.size, 4);
    assert.ok(lines.some((l) => l.includes('■ heavy ended')));
  });
  it('beside a part that a longer chain waits for, starts a part that ends about as early, not a longer one', async () => {
    const log: string[] = [];
    const parts = [part('base', 40, 1, log), part('heavy', 60, 2, log, ['base']), part('long', 55, 1, log), part('fits', 35, 1, log)];
    await schedule(parts, { cores: 2, print: () => undefined, run: (p) => p.run() });
    assert.deepEqual(log.slice(0, 2), ['+base', '+fits']);
    assert.ok(log.indexOf('+heavy') < log.indexOf('+long'), 'the chain goes on before the long part starts');
  });
  it('runs one part at a time with one core, and a part larger than the machine alone', async () => {
    const log: string[] = [];
    await schedule([part('a', 5, 1, log), part('b', 5, 1, log), part('big', 5, 4, log)], { cores: 1, print: () => undefined, run: (p) => p.run() });
    for (let i = 0; i < log.length; i += 2) assert.equal(log[i]!.slice(1), log[i + 1]!.slice(1));
  });
  it('refuses a part that needs one not run', async () => {
    await assert.rejects(schedule([part('a', 1, 1, [], ['missing'])], { cores: 2, print: () => undefined, run: (p) => p.run() }), /needs missing/);
  });
  it("uses the last run's figures to order the parts", async () => {
    const log: string[] = [];
    await schedule([part('a', 5, 1, log), part('b', 5, 1, log)], { cores: 1, estimates: { b: 100 }, print: () => undefined, run: (p) => p.run() });
    assert.equal(log[0], '+b');
  });
});
