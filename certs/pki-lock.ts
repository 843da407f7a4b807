import { mkdir, open, readFile, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

/* A lock across processes around generating the test PKI, and the scratch directory it shares with the generator. */

/**
 * Scratch space next to the target so that rename() stays on one file system.
 * Named `.tmp` because the repository's .gitignore already ignores that name at any depth.
 */
export function scratchDir(dir: string): string {
  return path.join(path.dirname(dir), '.tmp');
}

const LOCK_WAIT_MS = 30_000;
/** A lock file without a live owner is left by a killed run; this bounds how long a half-written one is respected. */
const LOCK_UNREADABLE_STALE_MS = 5_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Serialises generation across processes. Without it, several Playwright
 * workers finding no PKI would each mint a different CA, and whichever
 * finished last would silently invalidate what the others had loaded.
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const scratch = scratchDir(dir);
  const lockFile = path.join(scratch, `${path.basename(dir)}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    await mkdir(scratch, { recursive: true });
    try {
      const handle = await open(lockFile, 'wx', 0o644);
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // scratch dir removed by the previous holder between mkdir and open
      if (code !== 'EEXIST') throw e;
    }
    if (await lockIsStale(lockFile)) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${LOCK_WAIT_MS / 1000} s waiting for ${lockFile}; delete it if no set-up is running`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
    await rmdir(scratch).catch(() => undefined); // only succeeds when empty; leaves no clutter in certs/
  }
}

async function lockIsStale(lockFile: string): Promise<boolean> {
  try {
    const pid = Number.parseInt(await readFile(lockFile, 'utf8'), 10);
    if (Number.isInteger(pid) && pid > 0) return !processAlive(pid);
    return Date.now() - (await stat(lockFile)).mtimeMs > LOCK_UNREADABLE_STALE_MS;
  } catch {
    // Vanished between open() and here: the holder just finished; the caller retries.
    return false;
  }
}
