import type { JWK } from 'jose';
import type { ClientAssertionTamper, SecretAuthTamper } from './client-auth';
import type { DpopProofTamper, TwoDpopProofs } from './dpop';
import type { TlsIdentity } from './http';
import type { RequestObjectTamper } from './request-object';

/* The named violations a negative scenario asks the relying party for, one interface per kind of request. */

/** Named, searchable violations of a front-channel request: a negative test says what it breaks by name. */
export interface AuthorizationTamper {
  /** Parameters left out of the authorization request, e.g. ['code_challenge', 'code_challenge_method']. */
  omit?: string[];
  /** Parameters given other values, e.g. { code_challenge_method: 'plain' }. */
  set?: Record<string, string>;
  /** PKCE method to use; 'plain' makes the challenge equal the verifier. */
  pkceMethod?: 'S256' | 'plain';
  requestObject?: RequestObjectTamper;
  /** The DPoP proof at PAR: left out, or built with violations (DPoP clients). */
  parDpop?: 'omit' | DpopProofTamper;
  /** Two valid proofs at PAR, in one DPoP header line or in two (RFC 9449 4.3 refuses both; DPoP clients). */
  twoParDpopProofs?: TwoDpopProofs;
  /** Client authentication at PAR with a shared secret. */
  secretAuth?: SecretAuthTamper;
  /** A broken client assertion at PAR (private_key_jwt clients). */
  clientAssertion?: ClientAssertionTamper;
  /** Extra form parameters at the PAR endpoint, outside any request object (e.g. a request_uri, which RFC 9126 forbids there). */
  parForm?: Record<string, string>;
  /** Push with this HTTP method instead of POST (RFC 9126 2 allows only POST). */
  parHttpMethod?: 'GET';
  /** Encrypt the signed request object to this key of the AS (nested JWT, RFC 9101 6.1). */
  encryptRequestObject?: { jwk: JWK; alg: string; enc: string };
  /** Parameters sent outside the signed request object (in the PAR form, or in the URL by value), which the AS must
   * ignore (RFC 9101 5; FAPI 1.0 Advanced 5.2.2-10). */
  outside?: Record<string, string>;
}

export interface TokenTamper {
  secretAuth?: SecretAuthTamper;
  /** A broken client assertion (private_key_jwt clients). */
  clientAssertion?: ClientAssertionTamper;
  /** Present this certificate instead of the client's own. */
  certificate?: TlsIdentity;
  /** Send no DPoP proof (DPoP clients). */
  omitDpop?: boolean;
  /** A DPoP proof built with these violations (DPoP clients). */
  dpop?: DpopProofTamper;
  /** Two valid proofs: comma-separated in one DPoP header line (no single JWT), or in two DPoP header lines (more than
   * one DPoP header); RFC 9449 4.3 refuses both. */
  twoDpopProofs?: TwoDpopProofs;
  omit?: string[];
  set?: Record<string, string>;
}

export interface ResourceTamper {
  certificate?: TlsIdentity;
  /** Sign the DPoP proof with a key other than the one the token is bound to. */
  foreignDpopKey?: boolean;
  /** The Authorization scheme as written, e.g. 'bearer' or 'DPOP' (RFC 9110 11.1: schemes are case-insensitive). */
  scheme?: string;
  /** A DPoP proof built with these violations. */
  dpop?: DpopProofTamper;
  /** Send exactly this DPoP proof (e.g. one already used). */
  proof?: string;
  /** Send no DPoP header. */
  omitDpop?: boolean;
  /** The htu the proof names, when it should differ in form from the URL called (normalisation). */
  htu?: string;
  /** Take a use_dpop_nonce answer as the answer (no retry with the server's nonce). */
  noNonceRetry?: boolean;
  /** The access token in the query string (RFC 6750 2.3) instead of the Authorization header. */
  tokenInQuery?: boolean;
  /** Further request headers (e.g. FAPI 1.0's x-fapi-interaction-id), sent as given. */
  headers?: Record<string, string>;
}
