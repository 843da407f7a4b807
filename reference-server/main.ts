/**
 * `npm run reference-server`: runs the reference AS on its own, for manual
 * exploration and for pointing the harness at a long-lived instance.
 * Exit codes: 0 clean stop, 1 failed to start, 2 bad command line.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify as toYaml } from 'yaml';
import type { LoginForm } from './html';
import { FAULTS, LAYOUT_NAMES, parseFaultNames, parseLayout, startReferenceServer, type FaultName, type TargetJson } from './server';
import { env } from '../shared/env';

const DEFAULT_PKI_DIR = fileURLToPath(new URL('../certs/generated', import.meta.url));
const DEFAULT_REDIRECT_URI = 'https://localhost:8443/cb';

const USAGE = `Usage: npm run reference-server -- [options]
  --port N             port to listen on (default 0: a free port)
  --faults a,b         faults to enable (also FAPI_FAULTS); one of:
${Object.entries(FAULTS)
  .map(([name, description]) => `                         ${name}: ${description}`)
  .join('\n')}
  --redirect-uri URL   redirect URI registered for every client (repeatable; default ${DEFAULT_REDIRECT_URI})
  --pki DIR            test PKI directory (default ${DEFAULT_PKI_DIR})
  --print-config       start, print the target JSON, stop
  --layout L           ${LAYOUT_NAMES.join(' or ')} (also FAPI_REFERENCE_LAYOUT): second is a correct FAPI AS configured
                       otherwise wherever FAPI leaves a choice (docs/reference-server.md)
  --login-form F       default, or alternate: other field names and ids on the login and consent pages (the
                       target JSON then carries the selectors the harness needs)
  --write-config FILE  write the target configuration to FILE (JSON, or YAML when FILE ends in .yaml/.yml; mode
                       0600: it holds secrets) and keep running; FAPI_CONFIG=FILE npx playwright test then
                       treats this server as an external AS
  --dynamic-clients    in the printed or written configuration, every variant's clients are "dynamic": the
                       harness registers them itself (RFC 7591) and deletes them after the run
  --help`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        faults: { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        pki: { type: 'string' },
        'print-config': { type: 'boolean' },
        'write-config': { type: 'string' },
        'login-form': { type: 'string' },
        layout: { type: 'string' },
        'dynamic-clients': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values } = parsed;

  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${values.port}"`);

  const rawFaults = values.faults ?? env('FAPI_FAULTS') ?? '';
  const faults = rawFaults
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  let known: FaultName[];
  try {
    known = parseFaultNames(faults);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }

  const redirectUris = values['redirect-uri'] ?? [DEFAULT_REDIRECT_URI];
  for (const uri of redirectUris) if (!URL.canParse(uri)) throw new UsageError(`--redirect-uri "${uri}" is not a valid URL`);

  return {
    help: values.help ?? false,
    port,
    faults: known,
    redirectUris,
    pkiDir: values.pki ?? DEFAULT_PKI_DIR,
    printConfig: values['print-config'] ?? false,
    writeConfig: values['write-config'],
    loginForm: values['login-form'] === undefined ? undefined : parseLoginForm(values['login-form']),
    layout: parseLayoutOption(values.layout ?? env('FAPI_REFERENCE_LAYOUT'), values.layout === undefined ? 'FAPI_REFERENCE_LAYOUT' : '--layout'),
    dynamicClients: values['dynamic-clients'] ?? false,
  };
}

function parseLayoutOption(value: string | undefined, source: string) {
  try {
    return parseLayout(value, source);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseLoginForm(value: string | undefined): LoginForm {
  if (value === undefined || value === 'default' || value === 'alternate') return value ?? 'default';
  throw new UsageError(`--login-form must be "default" or "alternate", got "${value}"`);
}

/** The target configuration as exported; with dynamic clients, the harness registers every variant's clients. */
function exportedTarget(target: TargetJson, dynamicClients: boolean): unknown {
  if (!dynamicClients) return target;
  const variants = Object.fromEntries(Object.entries(target.variants).map(([name, v]) => [name, { ...v, clients: 'dynamic' }]));
  return { ...target, variants };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseCommandLine(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`reference-server: ${e.message}`);
    console.error('Run with --help for usage.');
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }

  let server;
  try {
    server = await startReferenceServer({ pkiDir: args.pkiDir, port: args.port, redirectUris: args.redirectUris, faults: args.faults, layout: args.layout, ...(args.loginForm ? { loginForm: args.loginForm } : {}) });
  } catch (e) {
    console.error(`reference-server: ${(e as Error).message}`);
    return 1;
  }

  const exported = exportedTarget(server.target, args.dynamicClients);
  if (args.printConfig) {
    console.log(JSON.stringify(exported, null, 2));
    await server.close();
    return 0;
  }

  if (args.writeConfig) {
    try {
      const yaml = /\.ya?ml$/i.test(args.writeConfig);
      writeFileSync(args.writeConfig, yaml ? toYaml(exported) : `${JSON.stringify(exported, null, 2)}\n`, { mode: 0o600 });
    } catch (e) {
      console.error(`reference-server: cannot write ${args.writeConfig}: ${(e as Error).message}`);
      await server.close();
      return 1;
    }
  }

  console.log(`Reference AS listening: ${server.issuer} (layout: ${server.layout}; faults: ${args.faults.length ? args.faults.join(', ') : 'none'})`);
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`reference-server: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
