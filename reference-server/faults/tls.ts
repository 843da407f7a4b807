/** The TLS faults: the listener speaks more than FAPI allows (reference-server/tls.ts holds the FAPI policy). */
import { FAPI_TLS12_CIPHERS } from '../tls';
import type { Fault, TlsPolicy } from './hooks';

export const TLS_FAULTS = {
  // Before tls-legacy-versions-allowed: with both on, the legacy policy (which includes the weak suites) wins.
  'tls-weak-ciphers-allowed': {
    relaxes: 'on TLS 1.2 the server also permits CBC, static-RSA and other suites outside the FAPI list',
    tls: (policy: TlsPolicy) => ({ ...policy, minVersion: 'TLSv1.2', ciphers: `${FAPI_TLS12_CIPHERS}:HIGH:!aNULL@SECLEVEL=0` }),
  },
  'tls-legacy-versions-allowed': {
    relaxes: 'the server also speaks TLS 1.0 and 1.1 (with the legacy cipher suites those versions need)',
    tls: (policy: TlsPolicy) => ({ ...policy, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }),
  },
} satisfies Record<string, Fault>;
