/**
 * Locating a Chromium that Playwright can drive.
 *
 * Playwright normally downloads its own browser, but the harness has to run on
 * closed networks (CI runners behind proxies, air-gapped lab machines) where
 * that download cannot happen and a distribution package is the only option.
 * One resolver is shared by the set-up script and the Playwright config so
 * that "set-up said OK" and "tests found a browser" can never disagree.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { env } from '../shared/env';

export interface BrowserResolution {
  executablePath?: string;
  source: 'env' | 'playwright' | 'system' | 'none';
  tried: string[];
}

/**
 * Chromium's headless shell (Debian's chromium-headless-shell package): the browser without its user interface, which is
 * what Playwright itself runs for headless tests. Measured here against Debian's full Chromium in its new headless
 * mode, 30 code flows (cgroup CPU accounting): Chromium's CPU 10.4-11.2 s -> 4.0-5.0 s with recycled contexts, and
 * 53 s -> 6.8 s with a new context per flow. Headless runs take it first; a headed run needs the full browser.
 */
const HEADLESS_SHELL_PATHS = ['/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell'] as const;

/** Distribution locations, most common first. Debian's /usr/bin/chromium is a shell wrapper; Playwright copes with it. */
const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/usr/lib/chromium/chromium',
] as const;

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Asked of playwright-core itself rather than rebuilt from ~/.cache/ms-playwright,
 * because the revision directory and PLAYWRIGHT_BROWSERS_PATH handling change between releases.
 */
function playwrightChromiumPath(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pw = require('playwright-core') as { chromium: { executablePath(): string } };
    return pw.chromium.executablePath() || undefined;
  } catch {
    // Unsupported host platform or playwright-core missing: treat as "not downloaded".
    return undefined;
  }
}

/**
 * Finds a Chromium for Playwright: $FAPI_CHROMIUM (if set, must exist), then Playwright's own downloaded chromium (require('playwright-core').chromium.executablePath() — only if the file exists), then, for a headless run, the distribution's headless shell (HEADLESS_SHELL_PATHS), then system paths /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome, /usr/bin/google-chrome-stable, /snap/bin/chromium, /usr/lib/chromium/chromium.
 *
 * An explicit FAPI_CHROMIUM that points nowhere resolves to 'none' instead of
 * falling back: the user asked for a specific browser, and silently testing
 * with another one would make results irreproducible.
 */
export function resolveChromium(opts: { headless?: boolean } = {}): BrowserResolution {
  const tried: string[] = [];
  const fromEnv = env('FAPI_CHROMIUM');
  if (fromEnv !== undefined && fromEnv !== '') {
    tried.push(`$FAPI_CHROMIUM=${fromEnv}`);
    return isExecutableFile(fromEnv) ? { executablePath: fromEnv, source: 'env', tried } : { source: 'none', tried };
  }
  const bundled = playwrightChromiumPath();
  if (bundled !== undefined) {
    tried.push(bundled);
    if (isExecutableFile(bundled)) return { executablePath: bundled, source: 'playwright', tried };
  }
  for (const candidate of [...(opts.headless === false ? [] : HEADLESS_SHELL_PATHS), ...SYSTEM_PATHS]) {
    tried.push(candidate);
    if (isExecutableFile(candidate)) return { executablePath: candidate, source: 'system', tried };
  }
  return { source: 'none', tried };
}

/** Message naming every path tried and the fixes (apt-get install chromium as root on Debian/Ubuntu; or set FAPI_CHROMIUM=/path/to/chrome; or `npx playwright install chromium` where downloads work). */
export function browserNotFoundMessage(r: BrowserResolution): string {
  const envSet = r.tried.some((t) => t.startsWith('$FAPI_CHROMIUM='));
  const lines = [
    envSet
      ? 'No Chromium found: $FAPI_CHROMIUM is set but is not an executable file (other locations are not searched while it is set).'
      : 'No Chromium found for Playwright.',
    'Tried:',
    ...r.tried.map((t) => `  - ${t}`),
    'Fix one of:',
    ...(envSet ? ['  - correct FAPI_CHROMIUM, or unset it to search the usual locations'] : []),
    '  - Debian/Ubuntu, as root: apt-get update && apt-get install -y chromium chromium-headless-shell',
    `  - point the harness at an existing browser: export FAPI_CHROMIUM=/path/to/chrome`,
    '  - where downloads work: npx playwright install chromium',
    'then run: npm run setup',
  ];
  return lines.join('\n');
}

/**
 * Flags added to Playwright's own Chromium switches (which already turn off background networking, component
 * updates, sync and first-run UI). A `--disable-features` here would replace Playwright's list rather than extend
 * it, so there is none. FAPI_CHROMIUM_ARGS adds more (space-separated).
 */
export function chromiumArgs(): string[] {
  const args = [
    // QUIC probes to hosts that cannot be reached on a closed network.
    '--disable-quic',
    // No GPU here: skip the GPU process and software GL, which cost CPU on every page.
    '--disable-gpu',
  ];
  // Chromium refuses to start its sandbox as root (containers, CI); without this it exits immediately.
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  const extra = env('FAPI_CHROMIUM_ARGS')?.trim();
  if (extra) args.push(...extra.split(/\s+/));
  return args;
}
