/**
 * `npm run keycloak`: starts the pinned Keycloak with the FAPI realm, writes the target configuration, prints the
 * issuer and the command that runs the suites against it, and stays up until Ctrl-C (then no JVM is left).
 * `npm run interop:keycloak` (`--run`): the same, then the whole catalogue through FAPI_CONFIG with the committed
 * expected-failures file, then stop; the exit code is Playwright's (the gate).
 * Exit codes: 0 pass / clean stop, 1 Keycloak could not be set up or started, else Playwright's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupError } from './distribution';
import { startKeycloak } from './server';

const EXPECTED_FAILURES = 'interop/keycloak/expected-failures.yaml';
const log = (line: string) => console.log(`[keycloak] ${line}`);
const runSuites = process.argv.includes('--run');
const root = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<number> {
  const started = Date.now();
  let kc;
  try {
    kc = await startKeycloak({ log });
  } catch (e) {
    console.error(`[keycloak] ${e instanceof SetupError ? e.message : (e as Error).stack}`);
    return 1;
  }
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= kc.stop());
  let suites: ChildProcess | undefined;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping Keycloak`);
      suites?.kill('SIGTERM');
      void stop().then(() => process.exit(130));
    });
  }
  const target = relative(root, kc.targetFile);
  log(`up after ${kc.timings.startSeconds.toFixed(1)} s${kc.timings.downloadedNow ? ' (including the download)' : ''}: issuer ${kc.issuer}`);
  log(`target configuration: ${target} (holds the test user's password and the initial access token; git-ignored)`);
  if (!runSuites) {
    log(`run the suites with (one worker: two concurrent first consents of one user and client corrupt Keycloak's consent store):\n  FAPI_CONFIG=${target} FAPI_EXPECTED_FAILURES=${EXPECTED_FAILURES} FAPI_WORKERS=1 npx playwright test\nCtrl-C stops Keycloak.`);
    await new Promise(() => undefined);
  }
  const runStarted = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = (suites = spawn('npx', ['playwright', 'test', ...process.argv.slice(2).filter((a) => a !== '--run')], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        FAPI_CONFIG: kc.targetFile,
        FAPI_EXPECTED_FAILURES: process.env.FAPI_EXPECTED_FAILURES ?? EXPECTED_FAILURES,
        // One worker: two browsers logging the same user in to the same client for the first time make Keycloak
        // store the consent twice, and every later login of that user to that client then fails ("More results found
        // for user ... and client ..."). Measured on 2 cores, one worker is also the faster.
        FAPI_WORKERS: process.env.FAPI_WORKERS ?? '1',
      },
    }));
    child.on('exit', (c, s) => resolve(c ?? (s ? 128 : 1)));
  });
  const runSeconds = (Date.now() - runStarted) / 1000;
  await stop();
  log(`set-up ${kc.timings.startSeconds.toFixed(1)} s, suites ${runSeconds.toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s; exit code ${code}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
