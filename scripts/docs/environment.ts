import { ENV, type EnvAudience } from '../../shared/env';
import { code, table, type DocPage } from './page';

const SECTIONS: [EnvAudience, string][] = [
  ['user', 'For people running the harness'],
  ['self-test', 'Set by `npm test` and the benchmark for their child runs'],
  ['internal', 'Set by the harness for its own processes, or by the tools around it'],
];

export const environmentPage: DocPage = {
  file: 'environment.md',
  title: 'Environment variables',
  sources: ['shared/env.ts'],
  render: () =>
    SECTIONS.map(([audience, heading]) => {
      const rows = Object.entries(ENV)
        .filter(([, v]) => v.audience === audience)
        .map(([name, v]) => [code(name), v.effect, 'default' in v ? v.default : '']);
      return `## ${heading}\n\n${table(['variable', 'effect', 'when unset'], rows)}`;
    }).join('\n\n'),
};
