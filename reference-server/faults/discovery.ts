/** The faults of what the server publishes: its discovery document and its JWK set. */
import { generateKeyPairSync } from 'node:crypto';
import type { Fault } from './hooks';

export const DISCOVERY_FAULTS = {
  'discovery-http-endpoint': {
    relaxes: 'the discovery document lists the introspection endpoint with an http: URL',
    discovery: (body) => {
      if (typeof body.introspection_endpoint === 'string') body.introspection_endpoint = body.introspection_endpoint.replace(/^https:/, 'http:');
    },
  },
  'discovery-advertises-rs256': {
    relaxes: 'the discovery document offers RS256 alone, no FAPI algorithm, for ID tokens, request objects and client assertions',
    // RS256 beside the FAPI algorithms would be a mere warning (one document serves non-FAPI clients too); RS256 alone
    // leaves a FAPI client nothing it may use.
    discovery: (body) => {
      for (const k of ['id_token_signing_alg_values_supported', 'request_object_signing_alg_values_supported', 'token_endpoint_auth_signing_alg_values_supported']) {
        if (Array.isArray(body[k])) body[k] = ['RS256'];
      }
    },
  },
  'discovery-omits-auth-methods': {
    relaxes: 'the discovery document leaves out token_endpoint_auth_methods_supported, which then means client_secret_basic alone (RFC 8414 2)',
    // Secret methods beside the FAPI ones are a mere warning (for non-FAPI clients); without the list, the default
    // (client_secret_basic alone) leaves a FAPI client nothing it may use.
    discovery: (body) => {
      delete body.token_endpoint_auth_methods_supported;
    },
  },
  'discovery-omits-required-metadata': {
    relaxes: 'the discovery document leaves out code_challenge_methods_supported, authorization_response_iss_parameter_supported and request_parameter_supported',
    discovery: (body) => {
      for (const k of ['code_challenge_methods_supported', 'authorization_response_iss_parameter_supported', 'request_parameter_supported']) delete body[k];
    },
  },
  'jwks-short-rsa-key': {
    relaxes: "the server's JWK set also publishes a 1024-bit RSA key (never used to sign)",
    // A public key only: published beside the real ones, it signs nothing.
    jwks: () => [{ ...(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'short-rsa-1024', use: 'sig', alg: 'PS256' }],
  },
} satisfies Record<string, Fault>;
