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
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkPki, ensurePki } from '../certs/pki';
import { browserNotFoundMessage, resolveChromium, type BrowserResolution } from './browser';
import { env, envFlag } from '../shared/env';

const PLAYWRIGHT_DOWNLOAD_TIMEOUT_MS = 60_000;
const APT_TIMEOUT_MS = 10 * 60_000;
/** Enough of a failed command's output to see why, without replaying a whole apt log. */
const TAIL_LINES = 15;
/** Kept in memory to pick the error lines out of; Playwright prints its cause well before its last line. */
const KEPT_LINES = 200;
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** A failure we anticipated; reported as one message naming the fix, never as a stack trace. */
class SetupError extends Error {}

const log = (msg: string): void => console.log(`[setup] ${msg}`);
const warn = (msg: string): void => console.warn(`[setup] ${msg}`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const display = (p: string): string => {
  const rel = path.relative(process.cwd(), p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
};
const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

// ---------------------------------------------------------------------------
// Child processes

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last KEPT_LINES lines of stdout+stderr, colour codes removed. */
  lines: string[];
  error?: string;
}

/** Process groups of the commands currently running, so that Ctrl-C on set-up does not orphan an apt-get holding the dpkg lock. */
const running = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Runs a command in its own process group with a hard deadline. The group
 * matters: `npx`/`apt-get` fork helpers (node downloaders, dpkg, http
 * methods) that would survive a kill of the direct child and keep the
 * install hanging after we have moved on.
 */
function run(
  command: string,
  args: string[],
  opts: { timeoutMs: number; env?: NodeJS.ProcessEnv; streamPrefix?: string },
): Promise<RunResult> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    let timedOut = false;
    let settled = false;
    const child = spawn(command, args, {
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const finish = (r: Omit<RunResult, 'lines' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ ...r, timedOut, lines });
    };
    if (child.pid !== undefined) running.add(child.pid);
    const emit = (raw: string): void => {
      const line = raw.replace(ANSI, '').trimEnd();
      if (line === '') return;
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
      if (opts.streamPrefix !== undefined) console.log(`${opts.streamPrefix}${line}`);
    };
    // Chunks do not respect line boundaries; carry the unfinished line per stream.
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (partial + chunk).split(/\r?\n|\r/);
        partial = parts.pop() ?? '';
        parts.forEach(emit);
      });
      stream.on('end', () => emit(partial));
    }
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid === undefined) return;
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      setTimeout(() => killGroup(pid, 'SIGKILL'), 3_000).unref();
    }, opts.timeoutMs);
    child.on('error', (e) => finish({ code: null, signal: null, error: e.message }));
    child.on('close', (code, signal) => finish({ code, signal }));
  });
}

function describeFailure(r: RunResult, timeoutMs: number): string {
  if (r.error !== undefined) return r.error;
  if (r.timedOut) return `timed out after ${seconds(timeoutMs)}`;
  return r.signal !== null ? `killed by ${r.signal}` : `exit code ${String(r.code)}`;
}

function printTail(r: RunResult, prefix: string): void {
  for (const line of r.lines.slice(-TAIL_LINES)) warn(`${prefix}${line}`);
}

/** Playwright's failure output is mostly stack frames; its "Error: ..." lines carry the cause (DNS, proxy, disk). */
function printErrors(r: RunResult, prefix: string): void {
  const errors = [...new Set(r.lines.filter((l) => /^\s*(\w+)?Error\b/.test(l)).map((l) => l.trim()))].slice(0, 5);
  for (const line of errors.length > 0 ? errors : r.lines.slice(-5)) warn(`${prefix}${line}`);
}

/**
 * Children run in their own process group, so the terminal's Ctrl-C no longer
 * reaches them; pass the same signal on (not SIGKILL, which could leave dpkg half-configured).
 */
function onInterrupt(signal: NodeJS.Signals): void {
  for (const pid of running) killGroup(pid, signal);
  warn(`interrupted (${signal})`);
  process.exit(130);
}

// ---------------------------------------------------------------------------
// Steps

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

function playwrightCli(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const cli = path.join(path.dirname(require.resolve('playwright/package.json')), 'cli.js');
    return existsSync(cli) ? cli : undefined;
  } catch {
    return undefined;
  }
}

/** Debian/Ubuntu as root: the distribution package installs from the local mirror even where Playwright's CDN is unreachable, and sooner than a 60 s timeout. */
function preferApt(): boolean {
  return existsSync('/etc/debian_version') && isRoot() && aptGetPath() !== undefined;
}

function aptGetPath(): string | undefined {
  return ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => existsSync(p));
}

async function tryPlaywrightDownload(): Promise<void> {
  const cli = playwrightCli();
  // The local CLI directly: npx would first consult the registry on some npm configurations.
  const [cmd, args] = cli !== undefined ? [process.execPath, [cli]] : ['npx', ['playwright']];
  log(`Browser: trying \`npx playwright install chromium\` (at most ${seconds(PLAYWRIGHT_DOWNLOAD_TIMEOUT_MS)})`);
  const { value: r, ms } = await timed(() => run(cmd, [...args, 'install', 'chromium'], { timeoutMs: PLAYWRIGHT_DOWNLOAD_TIMEOUT_MS }));
  if (r.code === 0 && !r.timedOut) {
    log(`Browser: Playwright download finished (${seconds(ms)})`);
    return;
  }
  warn(`Browser: Playwright download failed: ${describeFailure(r, PLAYWRIGHT_DOWNLOAD_TIMEOUT_MS)} (${seconds(ms)}):`);
  printErrors(r, '  playwright| ');
}

async function tryApt(): Promise<void> {
  const apt = aptGetPath();
  if (apt === undefined) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const deadline = Date.now() + APT_TIMEOUT_MS;
  log('Browser: installing the distribution package: apt-get update && apt-get install -y chromium');
  const update = await timed(() => run(apt, ['-q', 'update'], { timeoutMs: APT_TIMEOUT_MS, env, streamPrefix: '[setup]   apt| ' }));
  if (update.value.code !== 0 || update.value.timedOut) {
    // Stale package lists may still resolve chromium; only the install result is decisive.
    warn(`Browser: apt-get update failed: ${describeFailure(update.value, APT_TIMEOUT_MS)}; trying the install anyway`);
  }
  const remaining = Math.max(deadline - Date.now(), 30_000);
  const install = await timed(() =>
    run(apt, ['-q', '-y', 'install', 'chromium'], { timeoutMs: remaining, env, streamPrefix: '[setup]   apt| ' }),
  );
  if (install.value.code === 0 && !install.value.timedOut) {
    log(`Browser: apt-get install chromium finished (${seconds(update.ms + install.ms)})`);
  } else {
    warn(`Browser: apt-get install chromium failed: ${describeFailure(install.value, remaining)}; last output:`);
    printTail(install.value, '  apt| ');
  }
}

function reportFound(r: BrowserResolution, ms: number): void {
  log(`Browser: ${r.executablePath ?? '?'} (${r.source}) (${seconds(ms)})`);
}

async function stepBrowser(): Promise<void> {
  const start = performance.now();
  let r = resolveChromium();
  if (r.source !== 'none') return reportFound(r, performance.now() - start);

  const optional = env('FAPI_SETUP_BROWSER') === 'optional';
  const fail = (res: BrowserResolution): void => {
    if (optional) {
      warn('Browser: none found; continuing because FAPI_SETUP_BROWSER=optional (browser-driven suites will not run).');
      warn(browserNotFoundMessage(res).replace(/\n/g, '\n[setup]   '));
      return;
    }
    throw new SetupError(browserNotFoundMessage(res));
  };

  // A wrong explicit path is a configuration mistake; installing another browser would not fix it.
  if (r.tried.some((t) => t.startsWith('$FAPI_CHROMIUM='))) return fail(r);

  if (envFlag('FAPI_SKIP_BROWSER_DOWNLOAD')) {
    log('Browser: not found; skipping the Playwright download (FAPI_SKIP_BROWSER_DOWNLOAD=1)');
  } else if (preferApt()) {
    log('Browser: not found; Debian and root, so going straight to apt-get');
  } else {
    await tryPlaywrightDownload();
    r = resolveChromium();
    if (r.source !== 'none') return reportFound(r, performance.now() - start);
  }

  if (isRoot() && aptGetPath() !== undefined) {
    await tryApt();
    r = resolveChromium();
    if (r.source !== 'none') return reportFound(r, performance.now() - start);
  }
  fail(r);
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
