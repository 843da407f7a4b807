/**
 * The pinned Keycloak distribution, fetched once through Maven (checksum verified by Maven's strict checksum policy)
 * into a git-ignored cache and unpacked there. A second run finds the unpacked tree and downloads nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The newest Keycloak the machines' Maven mirror serves. Its jars are Java 17 class files (version 61) and its start
 * script accepts Java 17 (checked: `kc.sh --version` on OpenJDK 17.0.15), the JDK installed here; Keycloak 26
 * supports Java 17, 21 and 25.
 */
export const KEYCLOAK_VERSION = '26.7.3';
const ARTIFACT = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:tar.gz`;

export const CACHE_DIR = process.env.KEYCLOAK_CACHE_DIR ?? fileURLToPath(new URL('./.cache', import.meta.url));

export class SetupError extends Error {
  constructor(message: string, readonly fix: string) {
    super(`${message}\nFix: ${fix}`);
  }
}

function run(cmd: string, args: string[], timeoutMs: number): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error.message) : ''}` };
}

/** Java and Maven are on PATH (a clear message instead of an ENOENT later). */
export function checkTools(): void {
  const java = run('java', ['-version'], 30_000);
  if (!java.ok) throw new SetupError('Java was not found (`java -version` failed)', 'install OpenJDK 17 or newer and put `java` on PATH (Keycloak 26 needs Java 17+)');
  const major = /version "(\d+)/.exec(java.out)?.[1];
  if (major && Number(major) < 17) throw new SetupError(`Java ${major} is too old for Keycloak ${KEYCLOAK_VERSION}`, 'install OpenJDK 17 or newer');
  const mvn = run('mvn', ['-v'], 60_000);
  if (!mvn.ok) throw new SetupError('Maven was not found (`mvn -v` failed)', 'install Maven 3.8+ and put `mvn` on PATH; it fetches the Keycloak distribution from Maven Central');
}

/** The unpacked distribution's home; downloads and unpacks it on first use. Returns whether it downloaded. */
export function ensureDistribution(log: (line: string) => void): { home: string; downloaded: boolean } {
  const home = join(CACHE_DIR, `keycloak-${KEYCLOAK_VERSION}`);
  const marker = join(home, '.unpacked');
  if (existsSync(marker)) return { home, downloaded: false };
  mkdirSync(CACHE_DIR, { recursive: true });
  const repo = join(CACHE_DIR, 'm2');
  const archive = join(repo, 'org/keycloak/keycloak-quarkus-dist', KEYCLOAK_VERSION, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.tar.gz`);
  let downloaded = false;
  if (!existsSync(archive)) {
    log(`downloading ${ARTIFACT} from Maven Central (about 180 MB, once)`);
    // -C: fail on a checksum mismatch instead of warning.
    const r = run('mvn', ['-B', '-q', '-C', `-Dmaven.repo.local=${repo}`, 'dependency:get', `-Dartifact=${ARTIFACT}`, '-Dtransitive=false'], 15 * 60_000);
    if (!r.ok || !existsSync(archive)) {
      throw new SetupError(`the download of ${ARTIFACT} failed:\n${r.out.trim().split('\n').slice(-8).join('\n')}`, 'check the network access to Maven Central (or a mirror in ~/.m2/settings.xml) and run again');
    }
    downloaded = true;
  }
  const partial = `${home}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const tar = run('tar', ['xzf', archive, '-C', partial, '--strip-components=1'], 5 * 60_000);
  if (!tar.ok) throw new SetupError(`cannot unpack ${archive}: ${tar.out.trim()}`, `delete ${archive} and run again`);
  rmSync(home, { recursive: true, force: true });
  renameSync(partial, home);
  writeFileSync(marker, `${ARTIFACT}\n`);
  return { home, downloaded };
}
