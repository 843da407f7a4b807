/** Step 1 of `npm run report`: Allure's own CLI in a child process, bounded by a timeout. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ReportError } from './errors';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ALLURE_CONFIG = join(ROOT, 'allurerc.mjs');

/**
 * The `allure` package's bin, as its package.json declares it. Importing the package instead is not an option:
 * its main module parses process.argv and runs the CLI as a side effect of being imported.
 */
function allureCli(): string {
  let main: string;
  try {
    main = createRequire(import.meta.url).resolve('allure');
  } catch {
    throw new ReportError('the `allure` package is not installed (npm install)');
  }
  // main is <pkg>/dist/index.js; walk up to the package.json that names the package.
  let dir = dirname(main);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['allure'];
  if (pkg.name !== 'allure' || !bin) throw new ReportError(`cannot find the allure CLI (package.json at ${dir} declares no bin)`);
  return join(dir, bin);
}

/**
 * Allure treats each results argument as a glob pattern (with backslash as a path separator, so no backslash
 * escaping): glob characters in a real folder name are put in brackets, which matches them literally.
 */
function literalGlob(path: string): string {
  return path.replace(/[?*()[\]{}]/g, '[$&]');
}

const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

export function runAllure(results: string, output: string, timeoutMs: number): Promise<number> {
  const cli = allureCli();
  const started = performance.now();
  const args = [cli, 'generate', literalGlob(results), '--config', ALLURE_CONFIG, '--cwd', ROOT, '--output', output];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    // Allure is quiet on success; its output only matters when it fails, so the tail is kept.
    let tail = '';
    const keep = (d: Buffer) => {
      tail = (tail + d.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      // A generator stuck in I/O may ignore SIGTERM.
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ReportError(`could not start Allure (${process.execPath} ${cli}): ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      const said = stripAnsi(tail).trim();
      if (timedOut) {
        reject(new ReportError(`allure generate did not finish within ${timeoutMs >= 10_000 ? Math.round(timeoutMs / 1000) : (timeoutMs / 1000).toFixed(1)} s and was stopped; pass --timeout <seconds> for a larger results folder${said ? `\nAllure said:\n${said}` : ''}`));
      } else if (code !== 0) {
        reject(new ReportError(`allure generate failed (${signal ? `signal ${signal}` : `exit code ${code}`})${said ? `:\n${said}` : ''}`));
      } else {
        resolvePromise((performance.now() - started) / 1000);
      }
    });
  });
}
