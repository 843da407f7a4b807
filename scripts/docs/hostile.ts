import { CASES } from '../../test/hostile';
import { BEHAVIOURS } from '../../test/hostile-as';
import { code, table, type DocPage } from './page';

export const hostilePage: DocPage = {
  file: 'hostile.md',
  title: 'Hostile authorization servers (the self-test matrix)',
  sources: ['test/hostile.ts', 'test/hostile-as.ts'],
  render: () => {
    const rows = CASES.map((c) => [
      code(c.endpoint),
      code(c.behaviour),
      BEHAVIOURS[c.behaviour],
      c.expect === 'setup-stop' ? 'the run stops at set-up with one message' : Object.entries(c.expect).map(([t, v]) => `${t}: **${v}**`).join('; '),
    ]);
    const stops = CASES.filter((c) => c.expect === 'setup-stop').length;
    return `\`npm test\` points the harness at an AS that misbehaves on one endpoint, one AS per row (${CASES.length} rows),
and checks that the affected tests end within their timeouts with the verdict shown, naming the endpoint, while a
test that does not touch that endpoint still passes. Never a pass for the AS where it misbehaved. The ${CASES.length - stops}
rows the tests meet run in one Playwright run, one server each, its copies of the tests routed to it (as the fault
matrix routes them); the ${stops} rows that must stop the run at set-up run one Playwright run each.

${table(['endpoint', 'behaviour', 'the AS …', 'expected'], rows)}`;
  },
};
