/**
 * `npm run docs`: writes the reference tables of docs/ from the code that holds the facts (the variant model, the
 * scenarios, the faults, the environment variables, the target schema, the hostile matrix). `npm run docs -- --check`
 * (and a unit test) fails when a committed page differs from what the code generates. Each page is a small renderer
 * in scripts/docs/; add one to PAGES to generate another page.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { environmentPage } from './docs/environment';
import { faultsPage } from './docs/faults';
import { hostilePage } from './docs/hostile';
import { layoutPage } from './docs/layout';
import { wrapPage, type DocContext, type DocPage, type Scenario } from './docs/page';
import { scenariosPage } from './docs/scenarios';
import { targetPage } from './docs/target';
import { variantsPage } from './docs/variants';

const ROOT = join(import.meta.dirname, '..');
export const DOCS_DIR = join(ROOT, 'docs');

export const PAGES: DocPage[] = [variantsPage, scenariosPage, faultsPage, environmentPage, targetPage, hostilePage, layoutPage];

interface ListedSuite {
  title: string;
  file: string;
  specs?: { title: string; file: string; tags: string[]; tests: { annotations: { type: string; description?: string }[] }[] }[];
  suites?: ListedSuite[];
}

/** The catalogue as Playwright lists it for the bundled server (no target file, no faults): one entry per test. */
export function listScenarios(): Scenario[] {
  const env: Record<string, string | undefined> = { ...process.env, FAPI_CONFIG: '', FAPI_FAULTS: '', FAPI_REPORTERS: 'json', FORCE_COLOR: '0' };
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--list', '--reporter=json'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`playwright test --list failed (${r.status}): ${r.stderr.split('\n').slice(0, 5).join('\n')}`);
  const report = JSON.parse(r.stdout) as { suites: ListedSuite[] };
  const out: Scenario[] = [];
  const seen = new Set<string>();
  const walk = (s: ListedSuite, titles: string[]) => {
    for (const spec of s.specs ?? []) {
      const key = `${spec.file}\u0000${titles.join('\u0000')}\u0000${spec.title}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const modules = new Set(spec.tests.flatMap((t) => t.annotations.filter((a) => a.type === 'oidf-module' && a.description).map((a) => a.description!)));
      out.push({ file: spec.file, titlePath: titles, title: spec.title, tags: spec.tags.map((t) => `@${t}`), modules: [...modules].sort() });
    }
    for (const child of s.suites ?? []) walk(child, [...titles, child.title]);
  };
  // Top-level suites are the files; their children are the describe blocks.
  for (const file of report.suites) walk(file, []);
  return out;
}

export function docContext(list: () => Scenario[] = listScenarios): DocContext {
  let scenarios: Scenario[] | undefined;
  return { scenarios: async () => (scenarios ??= list()) };
}

/** Every page's file name and content, as the code generates them now. */
export async function generateDocs(ctx: DocContext = docContext()): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const page of PAGES) out.set(page.file, wrapPage(page, await page.render(ctx)));
  return out;
}

/** The pages whose committed content differs from the generated one. */
export function staleDocs(generated: Map<string, string>, dir = DOCS_DIR): string[] {
  return [...generated].filter(([file, content]) => {
    try {
      return readFileSync(join(dir, file), 'utf8') !== content;
    } catch {
      return true;
    }
  }).map(([file]) => file);
}

async function main(): Promise<void> {
  const started = Date.now();
  const generated = await generateDocs();
  if (process.argv.includes('--check')) {
    const stale = staleDocs(generated);
    if (stale.length) {
      console.error(`docs out of date: ${stale.join(', ')}. Fix: npm run docs (and commit the result)`);
      process.exit(1);
    }
    console.log(`docs: ${generated.size} generated pages up to date`);
    return;
  }
  for (const [file, content] of generated) writeFileSync(join(DOCS_DIR, file), content);
  console.log(`docs: wrote ${[...generated.keys()].map((f) => relative(ROOT, join(DOCS_DIR, f))).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
