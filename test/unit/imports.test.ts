import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { importAllowed, LAYOUT } from '../layout';

const ROOT = join(import.meta.dirname, '..', '..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every relative import of every tracked TypeScript file, as repository paths. */
function imports(): { from: string; to: string }[] {
  const files = execFileSync('git', ['ls-files', '*.ts', '*.mjs'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  return files.flatMap((from) =>
    [...readFileSync(join(ROOT, from), 'utf8').matchAll(IMPORT)]
      .map((m) => m[1] ?? m[2] ?? m[3]!)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ from, to: normalize(join(dirname(from), spec)).replace(/\\/g, '/') })),
  );
}

test('every import follows the layout (suites -> fixtures -> mock-rp -> shared; reference-server apart)', () => {
  const all = imports();
  assert.ok(all.length > 100, `found only ${all.length} imports: the scanner is broken`);
  const wrong = all.filter(({ from, to }) => !importAllowed(from, to)).map(({ from, to }) => `${from} imports ${to}`);
  assert.deepEqual(wrong, [], 'an import crosses the allowed directions of test/layout.ts (docs/layout.md): move the code, re-export it through the allowed layer (e.g. fixtures/rp-parts.ts for suites), or change the layout with a reason');
});

test('every top-level source folder has a row in the layout', () => {
  const tops = new Set(execFileSync('git', ['ls-files', '*.ts'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f.includes('/')).map((f) => f.split('/')[0]!));
  for (const top of tops) assert.ok(LAYOUT[top], `${top}/ has no row in test/layout.ts`);
  for (const top of Object.keys(LAYOUT)) assert.ok(existsSync(join(ROOT, top)), `test/layout.ts names ${top}, which does not exist`);
});

test('the rules refuse what they should', () => {
  assert.equal(importAllowed('suites/pkce/pkce.spec.ts', 'mock-rp/http'), false);
  assert.equal(importAllowed('mock-rp/rp.ts', 'fixtures/index'), false);
  assert.equal(importAllowed('reference-server/server.ts', 'mock-rp/redact'), false);
  assert.equal(importAllowed('fixtures/index.ts', 'reference-server/server'), false);
  assert.equal(importAllowed('fixtures/global-setup.ts', 'reference-server/server'), true);
  assert.equal(importAllowed('suites/pkce/pkce.spec.ts', 'fixtures/index'), true);
});
