import { FAULTS } from '../../reference-server/faults/index';
import { code, table, type DocPage } from './page';

export const faultsPage: DocPage = {
  file: 'faults.md',
  title: "The reference server's faults",
  sources: ['reference-server/faults/', 'suites/'],
  render: async (ctx) => {
    const scenarios = await ctx.scenarios();
    const provenBy = (fault: string) => scenarios.filter((s) => s.tags.includes(`@fault=${fault}`));
    const names = Object.keys(FAULTS).sort() as (keyof typeof FAULTS)[];
    const rows = names.map((name) => {
      const tests = provenBy(name);
      return [code(name), FAULTS[name], tests.length ? tests.map((t) => `${t.title} (${code(t.file)})`).join('<br>') : '—'];
    });
    return `Each fault relaxes one check of the bundled reference server, for proving that the negative tests tagged
\`@fault=<name>\` fail when the AS does not make that check. Start the server with faults:
\`FAPI_FAULTS=<name>,<name> npx playwright test\` or \`npm run reference-server -- --faults <name>\`. \`npm test\` runs the
suites under each fault and requires exactly its tests to fail (docs/self-test.md).

${names.length} faults.

${table(['fault', 'what the server then accepts or does', 'negative tests it proves'], rows)}`;
  },
};
