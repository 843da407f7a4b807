import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateDocs, PAGES, staleDocs } from '../../scripts/docs';
import { GENERATED_MARK, table } from '../../scripts/docs/page';

test('the committed docs/ pages are what the code generates', async () => {
  const generated = await generateDocs();
  assert.equal(generated.size, PAGES.length);
  for (const content of generated.values()) assert.ok(content.startsWith(GENERATED_MARK), 'every generated page is marked as generated');
  assert.deepEqual(staleDocs(generated), [], 'docs/ is out of date with the code. Fix: run `npm run docs` and commit the result');
});

test('table cells cannot break the table', () => {
  assert.equal(table(['a'], [['x|y\nz']]), '| a |\n| --- |\n| x\\|y z |');
});
