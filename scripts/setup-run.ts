import { spawn } from 'node:child_process';

/* What set-up's steps share: its log lines, its anticipated failure, and the commands it runs (each in its own process
 * group, with a deadline, passed Ctrl-C). */

/** Enough of a failed command's output to see why, without replaying a whole apt log. */
const TAIL_LINES = 15;
/** Kept in memory to pick the error lines out of; Playwright prints its cause well before its last line. */
const KEPT_LINES = 200;
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** A failure we anticipated; reported as one message naming the fix, never as a stack trace. */
export class SetupError extends Error {}

export const log = (msg: string): void => console.log(`[setup] ${msg}`);
export const warn = (msg: string): void => console.warn(`[setup] ${msg}`);
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

export interface RunResult {
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
export function run(
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

export function describeFailure(r: RunResult, timeoutMs: number): string {
  if (r.error !== undefined) return r.error;
  if (r.timedOut) return `timed out after ${seconds(timeoutMs)}`;
  return r.signal !== null ? `killed by ${r.signal}` : `exit code ${String(r.code)}`;
}

export function printTail(r: RunResult, prefix: string): void {
  for (const line of r.lines.slice(-TAIL_LINES)) warn(`${prefix}${line}`);
}

/** Playwright's failure output is mostly stack frames; its "Error: ..." lines carry the cause (DNS, proxy, disk). */
export function printErrors(r: RunResult, prefix: string): void {
  const errors = [...new Set(r.lines.filter((l) => /^\s*(\w+)?Error\b/.test(l)).map((l) => l.trim()))].slice(0, 5);
  for (const line of errors.length > 0 ? errors : r.lines.slice(-5)) warn(`${prefix}${line}`);
}

/**
 * Children run in their own process group, so the terminal's Ctrl-C no longer
 * reaches them; pass the same signal on (not SIGKILL, which could leave dpkg half-configured).
 */
export function onInterrupt(signal: NodeJS.Signals): void {
  for (const pid of running) killGroup(pid, signal);
  warn(`interrupted (${signal})`);
  process.exit(130);
}
