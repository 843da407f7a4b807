/** The build of `npm run report`: the steps in order, into a temporary folder that replaces the output at the end. */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { runAllure } from './allure';
import { stripOutsideReferences } from './clean-html';
import { ReportError } from './errors';
import { scanForOutsideReferences } from './scan';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DEFAULT_TIMEOUT_MS = 120_000;

export interface BuildOptions {
  /** Allure results folder; default reports/allure-results (or $FAPI_REPORTS_DIR/allure-results). */
  results?: string;
  /** Report folder, replaced as a whole; default reports/allure-report (or $FAPI_REPORTS_DIR/allure-report). */
  output?: string;
  /** Bound on `allure generate` (default 120 s). */
  timeoutMs?: number;
}

export interface BuildResult {
  /** Absolute path of the report's index.html. */
  html: string;
  bytes: number;
  /** Whole build: generation, clean-up, verification, move into place. */
  seconds: number;
  /** `allure generate` alone. */
  allureSeconds: number;
  /** One line per outside reference removed (or neutralised) from the HTML. */
  removed: string[];
  /** Everything in the output besides index.html, relative paths ("data/" for folders), with sizes. */
  extraFiles: string[];
  /** Things worth a look that do not make the report load anything from the network. */
  warnings: string[];
}

export function defaultDirs(env: NodeJS.ProcessEnv = process.env): { results: string; output: string } {
  const base = env['FAPI_REPORTS_DIR'] ? resolve(env['FAPI_REPORTS_DIR']) : join(ROOT, 'reports');
  return { results: join(base, 'allure-results'), output: join(base, 'allure-report') };
}
const isInside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

function checkResults(results: string): void {
  const hint = 'run `npx playwright test` first';
  if (!existsSync(results)) throw new ReportError(`no Allure results at ${results}: ${hint}`);
  if (!statSync(results).isDirectory()) throw new ReportError(`${results} is not a folder of Allure results: ${hint}`);
}

async function countResults(results: string): Promise<number> {
  return (await readdir(results)).filter((f) => f.endsWith('-result.json')).length;
}

/** Names an earlier Allure report folder may hold; anything else there means --output points at the wrong place. */
const REPORT_ENTRIES = /^(?:index\.html|summary\.json|test-results\.json|quality-gate\.json|.*manifest.*\.json|awesome|classic|allure2|dashboard|csv|log|data|widgets|history|export|.*\.(?:html|json|csv|txt))$/;

async function checkOutput(output: string, results: string): Promise<void> {
  for (const p of [resolve('/'), ROOT, homedir(), process.cwd()]) {
    if (resolve(p) === output) throw new ReportError(`refusing to use ${output} as the report folder (it is replaced as a whole): choose a folder of its own, e.g. reports/allure-report`);
  }
  if (isInside(results, output)) throw new ReportError(`the results folder ${results} is inside the report folder ${output}, which is replaced as a whole: choose another --output`);
  if (isInside(output, results)) throw new ReportError(`the report folder ${output} is inside the results folder ${results}: choose another --output`);
  if (!existsSync(output)) return;
  if (!(await stat(output)).isDirectory()) throw new ReportError(`${output} exists and is not a folder`);
  const entries = await readdir(output);
  const foreign = entries.filter((e) => !REPORT_ENTRIES.test(e));
  if (foreign.length) throw new ReportError(`${output} holds files that are not from an Allure report (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}); it is replaced as a whole, so choose another --output or empty it`);
}

async function listExtras(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix + e.name;
    if (rel === 'index.html') continue;
    if (e.isDirectory()) {
      const inner = await listExtras(join(dir, e.name), `${rel}/`);
      out.push(`${rel}/ (${inner.length} entries)`);
    } else {
      out.push(`${rel} (${formatBytes((await stat(join(dir, e.name))).size)})`);
    }
  }
  return out;
}

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;
}

export async function buildReport(opts: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const defaults = defaultDirs();
  const results = resolve(opts.results ?? defaults.results);
  const output = resolve(opts.output ?? defaults.output);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  checkResults(results);
  const count = await countResults(results);
  if (count === 0) throw new ReportError(`the Allure results folder ${results} is empty (no *-result.json): run \`npx playwright test\` first`);
  await checkOutput(output, results);

  // Allure moves its plugin folder up to the output's top only when it is the sole folder there: with leftovers of
  // an earlier report the new one would land in <output>/awesome/ next to a stale index.html. Hence a fresh folder,
  // next to the output so that the final rename stays on one file system.
  await mkdir(dirname(output), { recursive: true });
  // Not mkdtemp: its 0700 mode would become the report folder's after the rename.
  const tmp = join(dirname(output), `.${basename(output)}-building-${process.pid}-${Date.now()}`);
  await mkdir(tmp);
  try {
    const allureSeconds = await runAllure(results, tmp, timeoutMs);
    const htmlPath = join(tmp, 'index.html');
    if (!existsSync(htmlPath)) {
      const produced = await listExtras(tmp);
      throw new ReportError(`allure generate wrote no index.html at the top of its output (it wrote: ${produced.join(', ') || 'nothing'}); allurerc.mjs should configure the awesome plugin alone, with singleFile: true`);
    }
    const { html, removed } = stripOutsideReferences(await readFile(htmlPath, 'utf8'));
    await writeFile(htmlPath, html);
    const { fatal, warnings } = scanForOutsideReferences(html);
    if (fatal.length) {
      // Kept out of the output (nobody should ship it) but available for a look.
      const rejected = `${output}-rejected`;
      await rm(rejected, { recursive: true, force: true });
      await rename(tmp, rejected);
      throw new ReportError(
        [`the cleaned report still references the network (${fatal.length}); it was NOT installed at ${output} and is kept at ${rejected}:`, ...fatal.map((f) => `  - ${f}`)].join('\n'),
      );
    }
    const extraFiles = await listExtras(tmp);
    if (extraFiles.some((e) => e.includes('/ ('))) {
      warnings.push(`the report is not a single file: Allure also wrote folders (${extraFiles.filter((e) => e.includes('/ (')).join(', ')}); check singleFile: true for the awesome plugin in allurerc.mjs`);
    }
    await rm(output, { recursive: true, force: true });
    await rename(tmp, output);
    const finalHtml = join(output, 'index.html');
    return {
      html: finalHtml,
      bytes: (await stat(finalHtml)).size,
      seconds: (performance.now() - started) / 1000,
      allureSeconds,
      removed,
      extraFiles,
      warnings,
    };
  } finally {
    if (existsSync(tmp)) await rm(tmp, { recursive: true, force: true });
  }
}
