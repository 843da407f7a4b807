import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installLeanStackTraces } from '../../fixtures/stack-traces';

/** The lean formatter maps the project's own frames through the installed formatter, in order, and leaves the rest as V8 prints them. */
test('own frames go through the installed formatter; other packages\' frames are printed as V8 does; Playwright\'s and Node\'s internal frames are left out', () => {
  const seen: string[][] = [];
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = ((_e: Error, stack: NodeJS.CallSite[]) => {
    seen.push(stack.map((f) => String(f.getFileName())));
    return `Frames${stack.map((f) => `\n    at mapped ${f.getFileName()}:${f.getLineNumber()}`).join('')}`;
  }) as never;
  try {
    installLeanStackTraces();
    const frame = (file: string, line: number) =>
      ({ getFileName: () => file, getLineNumber: () => line, toString: () => `fn (${file}:${line}:1)` }) as unknown as NodeJS.CallSite;
    const stack = [
      frame('/repo/suites/a.spec.ts', 3),
      frame('/repo/node_modules/jose/x.js', 9),
      frame('/repo/node_modules/playwright-core/lib/coreBundle.js', 1),
      frame('node:internal/timers', 5),
      frame('node:crypto', 2),
      frame('/repo/fixtures/b.ts', 7),
    ];
    const error = Object.assign(new Error('boom\n    at not a frame'), { name: 'ConformanceFailure' });
    const out = (Error.prepareStackTrace as unknown as (e: Error, s: NodeJS.CallSite[]) => string)(error, stack);
    assert.deepEqual(seen, [['/repo/suites/a.spec.ts', '/repo/fixtures/b.ts']], 'only own frames are mapped, in one call');
    assert.equal(
      out,
      'ConformanceFailure: boom\n    at not a frame' +
        '\n    at mapped /repo/suites/a.spec.ts:3\n    at fn (/repo/node_modules/jose/x.js:9:1)\n    at fn (node:crypto:2:1)\n    at mapped /repo/fixtures/b.ts:7',
    );
    const noOwn = (Error.prepareStackTrace as unknown as (e: Error, s: NodeJS.CallSite[]) => string)(new Error(''), [stack[1]!]);
    assert.equal(noOwn, 'Error\n    at fn (/repo/node_modules/jose/x.js:9:1)');
    assert.equal(seen.length, 1, 'a stack without own frames is not mapped at all');
  } finally {
    Error.prepareStackTrace = saved;
  }
});
