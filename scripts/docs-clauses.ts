/**
 * Writes docs/clauses.md from the clause inventory (mock-rp/clause-inventory.ts).
 *
 *   npx tsx scripts/docs-clauses.ts           write it
 *   npx tsx scripts/docs-clauses.ts --check   exit 1 when the committed file is out of date
 *
 * A docs generator that renders several pages can call renderClausesDoc() itself.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inventoryLine, renderClausesDoc } from '../mock-rp/clause-inventory';

const target = join(import.meta.dirname, '..', 'docs', 'clauses.md');
const text = renderClausesDoc();

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('docs/clauses.md is out of date: run npx tsx scripts/docs-clauses.ts');
    process.exit(1);
  }
  console.log('docs/clauses.md is current');
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote docs/clauses.md (${inventoryLine()})`);
}
