/** The unit tests (node:test) of checks, builders, PKI and reference server, and the type check. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { record, ROOT, run } from './context';

export async function unitTests(): Promise<void> {
  const files = readdirSync(join(ROOT, 'test', 'unit')).filter((f) => f.endsWith('.test.ts')).map((f) => join('test', 'unit', f));
  console.log(`\n== unit tests (${files.length} files)`);
  const r = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...files], {}, true);
  record(`unit tests (${files.length} files)`, r.code === 0, r.code === 0 ? undefined : r.output.trim().split('\n').slice(-40).join('\n'));
}

export async function typecheck(): Promise<void> {
  console.log('\n== type check (tsc --noEmit)');
  const r = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT], {}, true);
  record('type check', r.code === 0, r.code === 0 ? undefined : r.output.trim().split('\n').slice(0, 20).join('\n'));
}
