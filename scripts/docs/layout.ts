import { LAYOUT } from '../../test/layout';
import { code, table, type DocPage } from './page';

export const layoutPage: DocPage = {
  file: 'layout.md',
  title: 'Layout and import directions',
  sources: ['test/layout.ts'],
  render: () => {
    const rows = Object.entries(LAYOUT).map(([path, e]) => [
      code(path.includes('.') ? path : `${path}/`),
      e.holds,
      e.mayImport === 'anything' ? 'anything' : e.mayImport.length ? e.mayImport.map((p) => code(`${p}/`)).join(', ') : 'nothing (npm packages only)',
    ]);
    const exceptions = Object.values(LAYOUT).flatMap((e) => e.exceptions ?? []).map((x) => [code(x.from), code(x.to), x.why]);
    return `The scenarios depend on the fixtures, the fixtures on the mock RP, everything on \`shared/\`; the reference server
stands apart, so the suites cannot tell it from any other AS. A unit test (\`test/unit/imports.test.ts\`) fails on an
import across these directions.

${table(['path', 'holds', 'may import'], rows)}

Single files allowed beyond their folder's row:

${table(['file', 'may import', 'why'], exceptions)}`;
  },
};
