import { spawn } from 'node:child_process';

/** Runs a command to its end and collects its output (stdout and stderr together, and each apart); `echo` also prints it as it comes. */
export function runProcess(cmd: string, argv: string[], opts: { cwd: string; env: Record<string, string>; echo?: boolean }): Promise<{ code: number; output: string; stdout: string; stderr: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const streams = { stdout: '', stderr: '' };
    const onData = (from: 'stdout' | 'stderr') => (d: Buffer) => {
      output += d.toString();
      streams[from] += d.toString();
      if (opts.echo) process.stdout.write(d);
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));
    child.on('close', (code) => resolve({ code: code ?? 1, output, ...streams, seconds: (Date.now() - started) / 1000 }));
  });
}
