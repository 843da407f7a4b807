/**
 * The layout of the repository: what each top-level folder holds and what it may import. The import-direction unit
 * test (test/unit/imports.test.ts) checks every source file against it, and `npm run docs` writes it to
 * docs/layout.md. npm packages and Node's modules are not listed: any folder may use its declared dependencies.
 */
export interface LayoutEntry {
  holds: string;
  /** Top-level folders (or root files) whose modules this one may import; its own folder is always allowed. */
  mayImport: readonly string[] | 'anything';
  /** Single files allowed beyond `mayImport`, with the reason. */
  exceptions?: readonly { from: string; to: string; why: string }[];
}

export const LAYOUT: Record<string, LayoutEntry> = {
  suites: { holds: 'the scenarios, one folder per spec area; `suites/oidf/` lists the conformance-suite modules they answer', mayImport: ['fixtures', 'shared'] },
  fixtures: {
    holds: 'Playwright glue: the worker harness and the conformance auto-fixture, the target description (zod) and its file, the global set-up, browser login, expectations, evidence, the reporters (`fixtures/reporting/`)',
    mayImport: ['mock-rp', 'shared'],
    exceptions: [
      { from: 'fixtures/global-setup.ts', to: 'reference-server', why: 'starts the bundled reference server when no target file is given' },
      { from: 'fixtures/global-setup.ts', to: 'certs', why: 'checks the test PKI before the run' },
      { from: 'fixtures/global-setup.ts', to: 'scripts/browser', why: 'launches the Chromium the set-up resolved' },
      { from: 'fixtures/page-pool.ts', to: 'scripts/browser', why: 'a headed run launches the full Chromium instead of the headless shell' },
      { from: 'fixtures/expectations.ts', to: 'reference-server/faults/index', why: 'a type only (erased at run time): `faultTag` takes a `FaultName`, so a misspelt fault fails the type check' },
    ],
  },
  'mock-rp': { holds: 'the relying party, no Playwright import: HTTP with recording and redaction, discovery, PAR, request objects, PKCE, DPoP, client authentication, registration, the callback server, the pure checks, the requirement catalogue, the two error types', mayImport: ['shared'] },
  'reference-server': { holds: 'the bundled authorization server (oidc-provider) and its named faults; apart from the harness, so that the suites never know which AS they face', mayImport: ['certs', 'shared'] },
  shared: { holds: 'facts every layer reads and that import nothing: the variant model, the environment variables', mayImport: [] },
  certs: { holds: 'the generator of the test PKI; generated files in `certs/generated/` (git-ignored)', mayImport: [] },
  scripts: { holds: 'set-up, Chromium resolution, benchmark, the offline HTML report, merging shards, the docs generator', mayImport: 'anything' },
  test: { holds: '`npm test`: unit tests, the fault matrix, the hostile AS and its matrix, hygiene, the secret scan, the offline check of the report', mayImport: 'anything' },
  interop: { holds: 'runs against real products (Keycloak): fetching and starting the product, its configuration generated from the test PKI, the target file it writes, its known deviations', mayImport: ['certs', 'reference-server', 'shared'] },
  'playwright.config.ts': { holds: 'the projects (one per variant) and the reporters', mayImport: 'anything' },
};

/** Whether `from` (a repository path) may import `to` (a repository path). */
export function importAllowed(from: string, to: string): boolean {
  const top = (p: string) => p.split('/')[0]!;
  const entry = LAYOUT[top(from)];
  if (!entry || entry.mayImport === 'anything' || top(from) === top(to)) return true;
  if (entry.mayImport.includes(top(to))) return true;
  return (entry.exceptions ?? []).some((e) => e.from === from && (to === e.to || to.startsWith(`${e.to}/`)));
}
