/**
 * Hygiene of a run, checked from outside: while the suites run against the bundled reference server, every socket the
 * run's processes listen on is bound to loopback; Ctrl-C (SIGINT to the run's process group, as a terminal sends it)
 * ends the run within a bound and leaves no process behind (runner, workers, Chromium) and no port open.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

type Record_ = (name: string, ok: boolean, detail?: string) => void;

const EXIT_BOUND_MS = 20_000;

export async function interruptLeavesNothing(opts: { root: string; out: string; record: Record_ }): Promise<void> {
  console.log('\n== hygiene: loopback only, and Ctrl-C leaves nothing behind');
  const dir = join(opts.out, 'interrupt');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const child = spawn(process.execPath, [join(opts.root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test'], {
    cwd: opts.root,
    env: { ...process.env, FAPI_REPORTS_DIR: dir, FAPI_WORKERS: '1', CI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, like a terminal's foreground job
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  let tree: number[] = [];
  try {
    // Until a few browser tests have passed: the reference server, the browser and a worker are then up.
    const ready = await waitFor(() => (output.match(/✓/g) ?? []).length >= 5, 60_000);
    if (!ready) {
      opts.record('hygiene: the run got going', false, output.trim().split('\n').slice(-10).join('\n'));
      return;
    }
    tree = descendants(child.pid!);
    const sockets = listening(tree);
    const outside = sockets.filter((s) => !isLoopback(s.address));
    opts.record(`while running, the run's ${tree.length} processes listen on ${sockets.length} sockets, all on loopback`, sockets.length > 0 && outside.length === 0, outside.map((s) => `pid ${s.pid} (${command(s.pid)}) listens on ${s.address}:${s.port}`).join('\n') || undefined);
    const port = Number(/reference AS https:\/\/localhost:(\d+)/.exec(output)?.[1] ?? 0);
    const started = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), EXIT_BOUND_MS))]);
    const seconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 500)); // let the last exits be reaped
    const survivors = tree.filter(alive);
    const open = port ? await accepts(port) : false;
    const problems: string[] = [];
    if (code === 'hung') problems.push(`the run did not exit within ${EXIT_BOUND_MS / 1000} s`);
    if (code === 0) problems.push('the interrupted run exited 0');
    if (survivors.length) problems.push(`left behind: ${survivors.map((p) => `${p} (${command(p)})`).join(', ')}`);
    if (!port) problems.push('the reference server\'s port was not printed');
    if (open) problems.push(`port ${port} of the reference server still accepts connections`);
    opts.record(`Ctrl-C ends the run in ${seconds.toFixed(1)} s (exit code ${code}); none of its ${tree.length} processes is left and the reference server's port is closed`, problems.length === 0, problems.join('\n') || undefined);
  } finally {
    writeFileSync(join(dir, 'output.txt'), output);
    for (const pid of [child.pid!, ...tree]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

/** The process and all its descendants, from /proc. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command may contain spaces and parentheses: the fields after the last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parent) if (ppid === out[i] && !out.includes(pid)) out.push(pid);
  return out;
}

/** TCP sockets in LISTEN state held by these processes (/proc/<pid>/fd and /proc/net/tcp{,6}). */
export function listening(pids: number[]): { pid: number; address: string; port: number }[] {
  const inodes = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.set(m[1]!, pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  const out: { pid: number; address: string; port: number }[] = [];
  for (const [file, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]] as const) {
    let lines: string[] = [];
    try {
      lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== '0A') continue; // LISTEN
      const pid = inodes.get(f[9]!);
      if (pid === undefined) continue;
      const [hex, portHex] = f[1]!.split(':');
      out.push({ pid, address: v6 ? ipv6(hex!) : ipv4(hex!), port: parseInt(portHex!, 16) });
    }
  }
  return out;
}

function ipv4(hex: string): string {
  return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
}

/** /proc/net/tcp6 writes the address as four little-endian 32-bit words. */
function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) for (let b = 3; b >= 0; b--) bytes.push(parseInt(hex.slice(w * 8 + b * 2, w * 8 + b * 2 + 2), 16));
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!).toString(16));
  const text = groups.join(':');
  if (text === '0:0:0:0:0:ffff:7f00:1' || /^0:0:0:0:0:ffff:7f/.test(text)) return '::ffff:127.0.0.1';
  return text === '0:0:0:0:0:0:0:1' ? '::1' : text === '0:0:0:0:0:0:0:0' ? '::' : text;
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1';
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'; // a zombie has exited
  } catch {
    return false;
  }
}

function command(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, 3).join(' ').slice(0, 120);
  } catch {
    return '?';
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.setTimeout(2_000, () => {
      s.destroy();
      resolve(false);
    });
  });
}
