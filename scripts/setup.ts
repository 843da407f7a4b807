/**
 * One-command set-up, run by `npm install` (postinstall) and `npm run setup`.
 *
 * It has to be safe to run on every install, so every step first checks and
 * only acts when something is missing or stale; a no-op run must stay well
 * under the time people notice. Failures it can foresee (no browser, PKI not
 * writable) end with one line that names the fix instead of a stack trace,
 * because this output is usually read in an `npm install` log by someone who
 * did not write the harness.
 */
import path from 'node:path';
import { checkPki, ensurePki } from '../certs/pki';
import { stepBrowser } from './setup-browser';
import { log, onInterrupt, SetupError, seconds, timed } from './setup-run';
import { envFlag } from '../shared/env';

const display = (p: string): string => {
  const rel = path.relative(process.cwd(), p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
};

async function stepPki(): Promise<void> {
  let result: Awaited<ReturnType<typeof ensurePki>>;
  let ms: number;
  try {
    ({ value: result, ms } = await timed(() => ensurePki()));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const where = err.path !== undefined && !err.message.includes(err.path) ? ` (${err.path})` : '';
    const fix = ['EACCES', 'EPERM', 'EROFS'].includes(err.code ?? '')
      ? 'make certs/ writable by the user running set-up'
      : 'resolve the cause above';
    throw new SetupError(`PKI: could not generate: ${err.message}${where}. Fix: ${fix}, then run \`npm run setup\`.`);
  }
  const dir = display(result.paths.dir);
  // Re-check what was just written so a generator bug surfaces here, not as a TLS error in the middle of a suite.
  const check = checkPki(result.paths.dir);
  if (!check.ok) {
    throw new SetupError(`PKI: ${dir} fails its own check right after generation: ${check.problem}. This is a harness bug; please report it.`);
  }
  const until = check.notAfter.toISOString().slice(0, 10);
  if (result.generated) {
    log(`PKI: generated in ${dir}, valid until ${until} (reason: ${result.reason ?? 'unknown'}) (${seconds(ms)})`);
  } else {
    log(`PKI: up to date in ${dir}, valid until ${until} (${seconds(ms)})`);
  }
}

async function main(): Promise<number> {
  const start = performance.now();
  // `npm run setup | head` closes the pipe early; that is not a set-up failure worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  try {
    await stepPki();
    await stepBrowser();
  } catch (e) {
    if (e instanceof SetupError) {
      console.error(e.message.replace(/^/gm, '[setup] '));
    } else {
      const err = e as Error;
      console.error(`[setup] unexpected failure: ${err.message}`);
      if (envFlag('FAPI_DEBUG')) console.error(err.stack);
      else console.error('[setup] re-run with FAPI_DEBUG=1 for details.');
    }
    console.error(`[setup] failed after ${seconds(performance.now() - start)}`);
    return 1;
  }
  log(`done in ${seconds(performance.now() - start)}`);
  return 0;
}

process.exitCode = await main();
