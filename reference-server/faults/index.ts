/**
 * The catalogue of the reference server's faults: each relaxes one check, so that the harness can prove its negative
 * tests fail when an AS does not make it. A fault is declared in the module of its family, with what it relaxes
 * (docs/faults.md is generated from it) and the hooks it installs (hooks.ts lists the hook points); the server
 * composes the hooks of the active faults (server.ts). "How does the server break rule X?" is answered by that module.
 *
 * Three families make their checks themselves and read which of their faults are on (`engine`): the request
 * rewriter (rewrite/), the protected resource (resource.ts, with resource-response.ts and resource-token.ts) and the
 * registration policy (registration.ts). Their
 * faults are declared beside those checks.
 *
 * Writing a fault: add it to its family's table (or a new module's, listed below), with `relaxes` and its hooks; a
 * negative test tags itself `@fault=<name>` (fixtures/expectations.ts `faultTag`, which takes a FaultName), and
 * `npm run docs` adds it to docs/faults.md.
 */
import { AUTHORIZATION_ENDPOINT_FAULTS } from './authorization-endpoint';
import { CLIENT_AUTH_FAULTS } from './client-auth';
import { CLIENT_KEY_FAULTS } from './client-keys';
import { DISCOVERY_FAULTS } from './discovery';
import type { Fault, FaultHooks } from './hooks';
import { KEY_SET_FAULTS } from './key-sets';
import { OUTBOUND_TLS_FAULTS } from './outbound-tls';
import { PAR_FAULTS } from './par';
import { PKCE_FAULTS } from './pkce';
import { REGISTRATION_FAULTS } from './registration';
import { REQUEST_OBJECT_FAULTS } from './request-object';
import { REQUEST_URI_FAULTS } from './request-uri';
import { RESOURCE_FAULTS } from './resource';
import { RESOURCE_RESPONSE_FAULTS } from './resource-response';
import { RESOURCE_TOKEN_FAULTS } from './resource-token';
import { RESPONSE_MODE_FAULTS } from './response-mode';
import { REWRITE_FAULTS, REWRITE_HOOKS } from './rewrite/index';
import { SENDER_CONSTRAINT_FAULTS } from './sender-constraint';
import { SIGN_IN_FAULTS } from './sign-in';
import { STORE_FAULTS } from './store';
import { TLS_FAULTS } from './tls';
import { TOKEN_FAULTS } from './token';

/** A family whose own checks read its faults: each fault's text, with the engine hook (and any others it needs). */
function engineFaults<K extends string>(texts: Readonly<Record<K, string>>, engine: NonNullable<FaultHooks['engine']>, more: Partial<Record<K, Omit<Fault, 'relaxes'>>> = {}): Record<K, Fault> {
  return Object.fromEntries(Object.entries<string>(texts).map(([name, relaxes]) => [name, { relaxes, engine, ...more[name as K] }])) as Record<K, Fault>;
}

/**
 * Every fault. The order is the order hooks of one point run in: it matters only for `tls` (the last policy wins) and
 * `router` (accept-password-grant answers before the store faults learn the requesting client) and `guard`
 * (authorization-endpoint-cors before open-redirect-on-unknown-client).
 */
export const CATALOGUE = {
  ...engineFaults(REWRITE_FAULTS, 'rewrite', REWRITE_HOOKS),
  ...PKCE_FAULTS,
  ...RESPONSE_MODE_FAULTS,
  ...CLIENT_AUTH_FAULTS,
  ...CLIENT_KEY_FAULTS,
  ...PAR_FAULTS,
  ...REQUEST_OBJECT_FAULTS,
  ...SENDER_CONSTRAINT_FAULTS,
  ...TOKEN_FAULTS,
  ...TLS_FAULTS,
  ...DISCOVERY_FAULTS,
  ...STORE_FAULTS,
  ...engineFaults(RESOURCE_FAULTS, 'resource'),
  ...engineFaults(RESOURCE_RESPONSE_FAULTS, 'resource'),
  ...engineFaults(RESOURCE_TOKEN_FAULTS, 'resource'),
  ...AUTHORIZATION_ENDPOINT_FAULTS,
  ...REQUEST_URI_FAULTS,
  ...engineFaults(REGISTRATION_FAULTS, 'registration'),
  ...SIGN_IN_FAULTS,
  ...KEY_SET_FAULTS,
  ...OUTBOUND_TLS_FAULTS,
} satisfies Record<string, Fault>;

export type FaultName = keyof typeof CATALOGUE;

/** What each fault relaxes, by name (docs/faults.md, the command line's usage). */
export const FAULTS: Readonly<Record<FaultName, string>> = Object.fromEntries(Object.entries<Fault>(CATALOGUE).map(([name, f]) => [name, f.relaxes])) as Record<FaultName, string>;

/** The faults whose tests find nothing to judge on the correct server (`correctServerSkips`). */
export const SKIPS_ON_CORRECT_SERVER: ReadonlySet<FaultName> = new Set(Object.entries<Fault>(CATALOGUE).filter(([, f]) => f.correctServerSkips).map(([name]) => name as FaultName));

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(CATALOGUE, name);
}

/** The one check of fault names (option, command line, FAPI_FAULTS): throws naming the unknown ones and the valid ones. */
export function parseFaultNames(names: readonly string[]): FaultName[] {
  const unknown = names.filter((f) => !isFaultName(f));
  if (unknown.length) {
    throw new Error(`Unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')}; valid faults: ${Object.keys(CATALOGUE).join(', ')}`);
  }
  return names as FaultName[];
}
