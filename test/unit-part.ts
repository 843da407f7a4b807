/** The unit tests (node:test) of checks, builders, PKI and reference server, and the type check. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { record, ROOT, run } from './context';

/**
 * All unit test files in ONE test process: node:test would start a process (and load tsx and the shared modules again)
 * per file, which cost about a second of CPU each. The files do not share state that one could spoil for another (each
 * sets and restores what it changes); `node --import tsx --test test/unit/<file>` still runs one alone.
 */
export async function unitTests(): Promise<void> {
  const files = readdirSync(join(ROOT, 'test', 'unit')).filter((f) => f.endsWith('.test.ts')).sort();
  console.log(`\n== unit tests (${files.length} files, one process)`);
  const dir = mkdtempSync(join(tmpdir(), 'fapi-unit-'));
  // .mts: outside the project's package.json, a .ts file would load as CommonJS.
  const entry = join(dir, 'all.test.mts');
  writeFileSync(entry, files.map((f) => `import ${JSON.stringify(pathToFileURL(join(ROOT, 'test', 'unit', f)).href)};\n`).join(''));
  try {
    const r = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', entry], {}, true);
    record(`unit tests (${files.length} files)`, r.code === 0, r.code === 0 ? undefined : r.output.trim().split('\n').slice(-40).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function typecheck(): Promise<void> {
  console.log('\n== type check (tsc --noEmit)');
  const r = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT], {}, true);
  record('type check', r.code === 0, r.code === 0 ? undefined : r.output.trim().split('\n').slice(0, 20).join('\n'));
}
