import { featureOf } from '../../fixtures/reporting/labels';
import { code, table, type DocPage } from './page';

export const scenariosPage: DocPage = {
  file: 'scenarios.md',
  title: 'Scenarios',
  sources: ['suites/'],
  render: async (ctx) => {
    const scenarios = await ctx.scenarios();
    const negative = scenarios.filter((s) => s.tags.includes('@negative')).length;
    const files = [...new Set(scenarios.map((s) => s.file))];
    const areas = [...new Set(files.map((f) => f.split('/')[0]!))];
    const sections = areas.map((area) => {
      const rows = scenarios
        .filter((s) => s.file.split('/')[0] === area)
        .map((s) => {
          const fault = s.tags.find((t) => t.startsWith('@fault='))?.slice('@fault='.length);
          const kind = s.tags.includes('@negative') ? 'negative' : s.tags.includes('@positive') ? 'positive' : '';
          return [code(s.file.slice(area.length + 1)), [...s.titlePath, s.title].join(' › '), kind, fault ? code(fault) : '', s.modules.length];
        });
      return `## ${featureOf(area)} (\`suites/${area}\`)\n\n${table(['file', 'scenario', 'kind', 'proven by fault', 'conformance-suite modules'], rows)}`;
    });
    return `${scenarios.length} scenarios in ${files.length} files (${negative} negative, ${scenarios.length - negative} positive),
each run once per variant (docs/variants.md). A negative scenario names the fault of the reference server that proves
it can fail (docs/faults.md); the last column counts the OpenID conformance-suite modules it answers.

${sections.join('\n\n')}`;
  },
};
