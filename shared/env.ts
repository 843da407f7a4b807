/**
 * Every environment variable the harness reads, declared once with what it does. The code reads them through `env()`
 * and `envFlag()`, `npm run docs` writes docs/environment.md from this table, and a unit test fails when the code reads
 * a variable this table does not declare. No imports: every layer, the workers and the reference server load this file.
 */

export type EnvAudience = 'user' | 'self-test' | 'internal';

export interface EnvVariable {
  /** What setting it does. */
  effect: string;
  /** The value used when it is unset, in words. */
  default?: string;
  /** `user`: for people running the harness; `self-test`: set by `npm test` and the benchmark for their child runs;
   * `internal`: set by the harness for its own processes, or by the tools around it (CI, Playwright). */
  audience: EnvAudience;
}

export const ENV = {
  FAPI_CONFIG: { audience: 'user', effect: 'a target configuration file (JSON or YAML): test that AS instead of the bundled reference server', default: 'the bundled reference server' },
  FAPI_FAULTS: { audience: 'user', effect: 'faults of the bundled reference server, comma-separated (docs/faults.md)', default: 'none' },
  FAPI_REFERENCE_LAYOUT: { audience: 'user', effect: "the bundled reference server's layout: `default`, or `second` (a correct FAPI AS configured otherwise wherever FAPI leaves a choice; docs/reference-server.md)", default: '`default`' },
  FAPI_REFERENCE_PORT: { audience: 'user', effect: "pins the reference server's port", default: 'a free port' },
  FAPI_WORKERS: { audience: 'user', effect: 'Playwright workers (`--workers` also works)', default: '1 on machines with 2 cores or fewer, else half the cores' },
  FAPI_CHROMIUM: { audience: 'user', effect: 'path of the Chromium to use; if set, it must exist (no fallback)', default: "Playwright's downloaded Chromium, else the system's" },
  FAPI_CHROMIUM_ARGS: { audience: 'user', effect: 'extra Chromium flags, space-separated' },
  FAPI_REPORTS_DIR: { audience: 'user', effect: 'where the reports go', default: '`reports/`' },
  FAPI_PKI_DIR: { audience: 'user', effect: 'the test PKI', default: '`certs/generated`' },
  FAPI_EXPECTED_FAILURES: { audience: 'user', effect: 'an expected-failures file (YAML, or JSON if named `.json`): the conformance failures it lists do not fail the gate (docs/ci.md)' },
  FAPI_BLOB_REPORT: { audience: 'user', effect: "`1`: also write Playwright's blob report (`reports/blob-report/`), for `npm run merge-reports` after a sharded run" },
  FAPI_EARLY_FLOWS: { audience: 'user', effect: '`0`: no code flow and no push when a worker starts (the expiry scenarios then run their own flow and wait the whole lifetime): for runs of a few selected tests', default: '`1`' },
  FAPI_STRICT: { audience: 'user', effect: '`1`: strict mode, a SHOULD clause the AS does not follow fails the run instead of being reported as a warning; `0`: not strict, over the target configuration\'s `strict` (docs/should-checks.md)', default: "the target configuration's `strict`, else not strict" },
  FAPI_FRESH_CONTEXTS: { audience: 'user', effect: '`1`: a new browser context for every test, instead of a recycled and wiped one (docs/performance.md)' },
  FAPI_FRESH_BROWSER: { audience: 'user', effect: "`1`: each worker launches its own Chromium instead of connecting to the run's shared one" },
  FAPI_FULL_STACK_MAPPING: { audience: 'user', effect: "`1`: keep Playwright's own stack formatting in the workers (every frame source-mapped): slower, for debugging the harness" },
  FAPI_QUIET: { audience: 'user', effect: '`1`: the global set-up and the workers print no progress lines of their own' },
  FAPI_SETUP_BROWSER: { audience: 'user', effect: '`optional`: let `npm run setup` finish without a browser' },
  FAPI_SKIP_BROWSER_DOWNLOAD: { audience: 'user', effect: "`1`: `npm run setup` does not download Playwright's Chromium when none is found" },
  FAPI_DEBUG: { audience: 'user', effect: '`1`: `npm run setup` prints the stack of an unexpected failure' },
  FAPI_SELFTEST_CORES: { audience: 'user', effect: '`npm test`: cores its parts may keep busy at once (`1`: one part at a time)', default: 'the number of CPUs' },
  FAPI_MATRIX_WORKERS: { audience: 'user', effect: "`npm test`: Playwright workers of the fault matrix's run", default: '2' },
  FAPI_HOSTILE_PARALLEL: { audience: 'user', effect: '`npm test`: Playwright runs of the hostile-AS matrix at the same time (its one run of the behaviours the tests meet, beside the runs that must stop at set-up)', default: '3' },
  BENCH_RUNS: { audience: 'user', effect: '`npm run bench`: how many runs of the catalogue (`--repeat N` also works)', default: '3' },
  KEYCLOAK_CACHE_DIR: { audience: 'user', effect: '`npm run keycloak`: where the Keycloak distribution is downloaded and unpacked', default: '`interop/keycloak/.cache`' },
  KEYCLOAK_TARGET_FILE: { audience: 'user', effect: '`npm run keycloak`: where the target configuration for Keycloak is written', default: '`target.json` in the cache folder' },
  KEYCLOAK_START_TIMEOUT_MS: { audience: 'user', effect: '`npm run keycloak`: how long Keycloak may take to start before the run stops with a message', default: '300000' },
  JAVA_OPTS_APPEND: { audience: 'user', effect: "`npm run keycloak`: extra JVM options for Keycloak (Keycloak's own variable, passed through)" },
  FAPI_JSON_REPORT: { audience: 'self-test', effect: "also write Playwright's JSON report to this file" },
  FAPI_REPORTERS: { audience: 'self-test', effect: '`json`: none of the harness reporters (only the JSON report): for the fault runs of `npm test`' },
  FAPI_EXPECT_FAILURES_OF: { audience: 'self-test', effect: 'faults, comma-separated: the negative tests tagged with them are expected to fail (keeps Playwright from restarting the worker after each)' },
  FAPI_FAULT_MATRIX: { audience: 'self-test', effect: "the plan file of a fault-matrix run: one reference server per fault, one project per variant whose tests are declared once per fault they run under (docs/self-test.md)" },
  FAPI_SECRET_LEDGER: { audience: 'self-test', effect: 'a file into which the bundled reference server writes every secret it handles, for the secret scan of the reports' },
  FAPI_TARGET_JSON: { audience: 'internal', effect: 'the checked target description, from the global set-up to the workers' },
  FAPI_TARGETS_FILE: { audience: 'internal', effect: "the targets of a fault matrix's servers, from the global set-up to the workers" },
  FAPI_BROWSER_WS_ENDPOINT: { audience: 'internal', effect: "the run's shared Chromium, from the global set-up to the workers" },
  TEST_WORKER_INDEX: { audience: 'internal', effect: 'set by Playwright in its workers: the configuration reads what only the runner needs when it is unset' },
  CI: { audience: 'internal', effect: 'set by CI systems: `test.only` fails the run' },
  GITHUB_SHA: { audience: 'internal', effect: 'the commit the run manifest names when the checkout has no git metadata (GitHub Actions)' },
  CI_COMMIT_SHA: { audience: 'internal', effect: 'the same for GitLab CI' },
} as const satisfies Record<string, EnvVariable>;

export type EnvName = keyof typeof ENV;

/** The value of a declared variable; empty counts as unset. */
export function env(name: EnvName, from: Record<string, string | undefined> = process.env): string | undefined {
  const value = from[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Whether a declared on/off variable is `1`. */
export function envFlag(name: EnvName, from: Record<string, string | undefined> = process.env): boolean {
  return from[name] === '1';
}
