/** Runs the self-test's parts (test/run.ts) side by side. */

export interface SchedulablePart<S> {
  name: string;
  what: string;
  /** Parts whose results this one uses: it starts after they end. */
  needs?: string[];
  /** Seconds it takes alone on a 2-core machine (measured), until a newer figure is given: orders the start. */
  estimate: number;
  /** The cores it keeps busy: 1 for a Playwright run with one worker or a compiler, less for a part that mostly waits. */
  cores: number;
  run(shared: S): Promise<void>;
}

export interface PartTime { start: number; seconds: number }

/**
 * Runs the parts while the sum of their `cores` fits in `cores` (one part at least): the ready part that heads the
 * longest chain of parts (its estimate plus the longest chain of the parts that need it) first, and none ahead of it.
 * What a part prints goes to its `lines`, printed in one block when it ends. Returns each part's start and wall time.
 */
export async function schedule<S>(
  parts: SchedulablePart<S>[],
  opts: {
    cores: number;
    /** Newer figures than the parts' own estimates (the last run's). */
    estimates?: Record<string, number>;
    print: (line: string) => void;
    /** Runs one part; `out.lines` collects what it prints. Must not reject. */
    run: (part: SchedulablePart<S>, out: { name: string; lines: string[] }) => Promise<void>;
  },
): Promise<Map<string, PartTime>> {
  const estimate = (p: SchedulablePart<S>) => opts.estimates?.[p.name] ?? p.estimate;
  const chain = new Map<string, number>();
  const chainOf = (p: SchedulablePart<S>): number => {
    if (!chain.has(p.name)) chain.set(p.name, estimate(p) + Math.max(0, ...parts.filter((q) => q.needs?.includes(p.name)).map(chainOf)));
    return chain.get(p.name)!;
  };
  const names = new Set(parts.map((p) => p.name));
  for (const p of parts) for (const n of p.needs ?? []) if (!names.has(n)) throw new Error(`part ${p.name} needs ${n}, which is not run`);
  const started = Date.now();
  const done = new Set<string>();
  const times = new Map<string, PartTime>();
  const waiting = [...parts].sort((a, b) => chainOf(b) - chainOf(a));
  const running = new Set<Promise<void>>();
  let busy = 0;
  const startedAt = new Map<string, number>();
  const ready = (p: SchedulablePart<S>) => (p.needs ?? []).every((n) => done.has(n));
  /**
   * The ready part that heads the longest chain; but while a longer chain waits for a running part it needs, a part
   * that ends about when that chain can go on (the longest whose estimate fits the time left), or none, so that the
   * chain does not wait for a long part started beside the one it needs.
   */
  const pick = (): SchedulablePart<S> | undefined => {
    const head = waiting.find(ready);
    const blocked = waiting.find((p) => !ready(p));
    if (!head || !blocked) return head;
    const pending = (blocked.needs ?? []).filter((n) => !done.has(n));
    if (!pending.every((n) => startedAt.has(n))) return head;
    const left = Math.max(0, ...(blocked.needs ?? []).filter((n) => startedAt.has(n) && !done.has(n)).map((n) => estimate(parts.find((q) => q.name === n)!) - (Date.now() - startedAt.get(n)!) / 1000));
    if (left + chainOf(blocked) <= chainOf(head)) return head;
    const fitting = waiting.filter((p) => ready(p) && busy + p.cores <= opts.cores);
    const inTime = fitting.filter((p) => estimate(p) <= left * 1.25).sort((a, b) => estimate(b) - estimate(a));
    // None ends in time: a core waits rather than delay the chain (unless nothing runs at all).
    return inTime[0] ?? (running.size === 0 ? head : undefined);
  };
  const clock = () => `[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]`;
  while (waiting.length || running.size) {
    const next = pick();
    if (next && (running.size === 0 || busy + next.cores <= opts.cores)) {
      busy += next.cores;
      waiting.splice(waiting.indexOf(next), 1);
      const out = { name: next.name, lines: [] as string[] };
      const t0 = Date.now();
      startedAt.set(next.name, t0);
      opts.print(`${clock()} ▶ ${next.name}: ${next.what}`);
      const job: Promise<void> = opts.run(next, out).finally(() => {
        const seconds = (Date.now() - t0) / 1000;
        times.set(next.name, { start: (t0 - started) / 1000, seconds });
        done.add(next.name);
        busy -= next.cores;
        running.delete(job);
        if (out.lines.length) opts.print(out.lines.join('\n'));
        opts.print(`${clock()} ■ ${next.name} ended in ${seconds.toFixed(1)} s`);
      });
      running.add(job);
      continue;
    }
    if (!running.size) throw new Error(`parts that can never start: ${waiting.map((p) => p.name).join(', ')}`);
    await Promise.race(running);
  }
  return times;
}
