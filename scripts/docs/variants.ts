import { VARIANT_NAMES, VARIANTS } from '../../reference-server/clients';
import { DIMENSIONS, VARIANT_KEYS, valueTitle } from '../../shared/variants';
import { code, table, type DocPage } from './page';

export const variantsPage: DocPage = {
  file: 'variants.md',
  title: 'Variants',
  sources: ['shared/variants.ts', 'reference-server/clients.ts'],
  render: () => {
    const dims = table(
      ['dimension', 'target field', 'values'],
      VARIANT_KEYS.map((k) => [DIMENSIONS[k].title, code(k), Object.entries(DIMENSIONS[k].values).map(([v, t]) => (v === t ? code(v) : `${code(v)} (${t})`)).join(', ')]),
    );
    const projects = table(
      ['project', ...VARIANT_KEYS.map((k) => DIMENSIONS[k].title)],
      VARIANT_NAMES.map((n) => [code(n), ...VARIANT_KEYS.map((k) => valueTitle(k, VARIANTS[n][k]))]),
    );
    return `A variant is one value for each dimension below. Every scenario runs once per variant (one Playwright project
each); a scenario that does not apply to a variant, or that the AS does not offer, is skipped with the reason.

## Dimensions

${dims}

## The bundled reference server's projects

Without \`FAPI_CONFIG\` the projects are these; with it, they are the variants the configuration file names.

${projects}`;
  },
};
