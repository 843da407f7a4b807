import type { AsMetadata } from './discovery';
import type { Variant } from './rp';

/**
 * Why a variant cannot be exercised against this AS, from what its discovery document advertises, or undefined when
 * it can. A variant the AS does not offer is skipped with this reason, never passed and never failed: FAPI lets an
 * AS choose between mTLS and DPoP, and JARM is only required of some profiles. What FAPI requires of every AS of the
 * profile (PAR, PKCE S256 …) is not a capability: its absence is a conformance failure that the tests report.
 */
export function unsupportedReason(variant: Variant, metadata: AsMetadata): string | undefined {
  const raw = metadata.raw;
  const list = (name: string): unknown[] => (Array.isArray(raw[name]) ? (raw[name] as unknown[]) : []);
  if (variant.senderConstraint === 'dpop' && list('dpop_signing_alg_values_supported').length === 0) {
    return 'the AS does not advertise DPoP (no dpop_signing_alg_values_supported in its discovery document)';
  }
  if (variant.senderConstraint === 'mtls' && raw.tls_client_certificate_bound_access_tokens !== true) {
    return 'the AS does not advertise certificate-bound access tokens (tls_client_certificate_bound_access_tokens is not true)';
  }
  const authMethods = list('token_endpoint_auth_methods_supported');
  if (authMethods.length > 0 && !authMethods.includes(variant.clientAuth)) {
    return `the AS does not advertise ${variant.clientAuth} in token_endpoint_auth_methods_supported`;
  }
  if (variant.responseMode === 'jwt' && !list('response_modes_supported').includes('jwt')) {
    return 'the AS does not advertise JARM (response_mode "jwt" is not in response_modes_supported)';
  }
  if (variant.requestMethod === 'by-value' && raw.request_parameter_supported === false) {
    return 'the AS does not support request objects by value (request_parameter_supported is false)';
  }
  return undefined;
}
