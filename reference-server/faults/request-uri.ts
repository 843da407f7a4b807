/**
 * The pushed request_uri values the bundled AS hands out, and the fault that makes them guessable (RFC 9126 7.1).
 * oidc-provider draws 43 characters (258 bits) for each and has no setting for it: the fault replaces the model's id
 * generator. Other opaque values stay as they are (short-opaque-values shortens those).
 */
import { randomBytes } from 'node:crypto';
import type { Fault } from './hooks';

export const REQUEST_URI_FAULTS = {
  'short-request-uri': {
    relaxes: 'pushed request_uri values carry 64 bits of randomness (11 characters) instead of 258',
    provider: (provider) => {
      // A per-provider class, so no other server in the process is touched.
      const model = (provider as unknown as { PushedAuthorizationRequest: { prototype: { generateTokenId(): string } } }).PushedAuthorizationRequest;
      model.prototype.generateTokenId = () => randomBytes(8).toString('base64url');
    },
  },
} satisfies Record<string, Fault>;
