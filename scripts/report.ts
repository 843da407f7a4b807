/**
 * `npm run report`: builds the Allure 3 report as one HTML file that opens from disk without a single network request.
 *
 *   tsx scripts/report.ts [--results <dir>] [--output <dir>] [--timeout <seconds>]
 *
 * Defaults: reports/allure-results → reports/allure-report, or $FAPI_REPORTS_DIR/allure-results →
 * $FAPI_REPORTS_DIR/allure-report when FAPI_REPORTS_DIR is set (as playwright.config.ts does).
 *
 * Steps:
 *  1. Allure's own CLI (`allure generate`, the package's bin) runs in a child process with the repo's allurerc.mjs
 *     (awesome plugin, singleFile), into a fresh temporary folder next to the output, bounded by a timeout.
 *  2. The HTML is cleaned: Allure 3.18 appends Google Analytics (`<script async src=https://www.googletagmanager.com/
 *     gtag/js?id=…>` plus an inline gtag/dataLayer set-up) and has no switch to turn it off. Those are removed, as is
 *     any other resource-loading reference to the network (script/link/iframe/img… src/href, preconnect and
 *     dns-prefetch hints, CSS @import and url(), meta refresh, base). Plain links (`<a href>`) stay: they load nothing.
 *  3. A Content-Security-Policy `<meta>` is put first in `<head>`: only inline, data: and blob: resources may load, so
 *     whatever the static clean-up cannot see (HTML/markdown attachments rendered in iframes, code paths of the app
 *     that only run on a click, additions in a future Allure) is refused by the browser instead of reaching the network.
 *  4. A static scan of the result — the page, Allure's app bundle (a data: script, decoded) and the embedded report
 *     data — must find no resource-loading reference to the network; otherwise the build fails loudly and the
 *     rejected report is kept aside for inspection, so an Allure upgrade that adds one is caught here.
 *  5. The temporary folder replaces the output folder (a failed build leaves the previous report untouched).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReport, type BuildOptions } from './report/build';
import { ReportError } from './report/errors';

export { buildReport, defaultDirs, type BuildOptions, type BuildResult } from './report/build';
export { ReportError } from './report/errors';

// ---------------------------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv: string[]): BuildOptions {
  const opts: BuildOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new ReportError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--results') opts.results = value();
    else if (flag === '--output') opts.output = value();
    else if (flag === '--timeout') {
      const s = Number(value());
      if (!Number.isFinite(s) || s <= 0) throw new ReportError('--timeout takes a number of seconds');
      opts.timeoutMs = s * 1000;
    } else if (flag === '--help' || flag === '-h') {
      console.log('usage: tsx scripts/report.ts [--results <dir>] [--output <dir>] [--timeout <seconds>]');
      process.exit(0);
    } else throw new ReportError(`unknown argument ${arg} (usage: tsx scripts/report.ts [--results <dir>] [--output <dir>] [--timeout <seconds>])`);
  }
  return opts;
}

async function main(): Promise<number> {
  // `npm run report | head` closes the pipe early; that is not a failure worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  try {
    const r = await buildReport(parseArgs(process.argv.slice(2)));
    console.log(`[report] ${r.html}`);
    console.log(`[report] ${(r.bytes / 1e6).toFixed(2)} MB, generated in ${r.seconds.toFixed(1)} s (allure generate ${r.allureSeconds.toFixed(1)} s)`);
    const scripts = r.removed.filter((x) => x.startsWith('inline analytics script')).length;
    const refs = r.removed.length - scripts;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    console.log(`[report] removed ${plural(refs, 'outside reference')}${scripts ? ` and ${plural(scripts, 'inline analytics script')}` : ''}${r.removed.length ? ':' : ''}`);
    for (const x of r.removed) console.log(`[report]   - ${x}`);
    console.log('[report] verified: nothing left that loads from the network; a Content-Security-Policy refuses anything else');
    if (r.extraFiles.length) console.log(`[report] also in the folder (not needed to view the report): ${r.extraFiles.join(', ')}`);
    for (const w of r.warnings) console.log(`[report] warning: ${w}`);
    return 0;
  } catch (e) {
    if (e instanceof ReportError) {
      console.error(e.message.replace(/^/gm, '[report] '));
    } else {
      console.error(`[report] unexpected failure: ${(e as Error).stack ?? String(e)}`);
    }
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
