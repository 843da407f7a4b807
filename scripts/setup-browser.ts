import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { browserNotFoundMessage, resolveChromium, type BrowserResolution } from './browser';
import { describeFailure, isRoot, log, printErrors, printTail, run, SetupError, seconds, timed, warn } from './setup-run';
import { env, envFlag } from '../shared/env';

/* Set-up's browser step: a Chromium found, else downloaded by Playwright, else installed from the distribution. */

const PLAYWRIGHT_DOWNLOAD_TIMEOUT_MS = 60_000;
const APT_TIMEOUT_MS = 10 * 60_000;

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

/** apt-get install of the given packages; true when it finished. */
async function aptInstall(apt: string, packages: string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; ms: number }> {
  const install = await timed(() => run(apt, ['-q', '-y', 'install', ...packages], { timeoutMs, env, streamPrefix: '[setup]   apt| ' }));
  const ok = install.value.code === 0 && !install.value.timedOut;
  if (!ok) {
    warn(`Browser: apt-get install ${packages.join(' ')} failed: ${describeFailure(install.value, timeoutMs)}; last output:`);
    printTail(install.value, '  apt| ');
  }
  return { ok, ms: install.ms };
}

/**
 * Debian's chromium, with its headless shell (chromium-headless-shell, which headless runs prefer: about half the CPU
 * per flow, see scripts/browser.ts). A distribution without the shell package still gets chromium alone.
 */
async function tryApt(): Promise<void> {
  const apt = aptGetPath();
  if (apt === undefined) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const deadline = Date.now() + APT_TIMEOUT_MS;
  log('Browser: installing the distribution packages: apt-get update && apt-get install -y chromium chromium-headless-shell');
  const update = await timed(() => run(apt, ['-q', 'update'], { timeoutMs: APT_TIMEOUT_MS, env, streamPrefix: '[setup]   apt| ' }));
  if (update.value.code !== 0 || update.value.timedOut) {
    // Stale package lists may still resolve chromium; only the install result is decisive.
    warn(`Browser: apt-get update failed: ${describeFailure(update.value, APT_TIMEOUT_MS)}; trying the install anyway`);
  }
  const remaining = () => Math.max(deadline - Date.now(), 30_000);
  let install = await aptInstall(apt, ['chromium', 'chromium-headless-shell'], remaining(), env);
  let ms = update.ms + install.ms;
  if (!install.ok) {
    log('Browser: trying chromium alone');
    install = await aptInstall(apt, ['chromium'], remaining(), env);
    ms += install.ms;
  }
  if (install.ok) log(`Browser: apt-get install finished (${seconds(ms)})`);
}

function reportFound(r: BrowserResolution, ms: number): void {
  log(`Browser: ${r.executablePath ?? '?'} (${r.source}) (${seconds(ms)})`);
  if (r.source === 'system' && !r.executablePath?.includes('headless-shell')) {
    log('Browser: headless runs take about half the CPU with Chromium\'s headless shell (Debian: apt-get install -y chromium-headless-shell)');
  }
}

export async function stepBrowser(): Promise<void> {
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
