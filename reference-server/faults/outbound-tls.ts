/** The faults of the server's own outgoing connections (reference-server/outbound.ts holds the correct behaviour). */
import { outboundFetch } from '../outbound';
import type { Fault } from './hooks';

export const OUTBOUND_TLS_FAULTS = {
  'outbound-tls-unverified': {
    relaxes: "the server fetches a client's jwks_uri without checking the other server's TLS certificate (any issuer, any name, self-signed)",
    configuration: (config) => {
      config.fetch = outboundFetch({ rejectUnauthorized: false });
    },
  },
} satisfies Record<string, Fault>;
