/**
 * The variant model: the dimensions along which a run varies and the values each may take. One list per dimension
 * feeds the target schema (zod), the labels of the reports, the mock RP and the reference server, so a new value is
 * added here once. No imports: every layer, the workers and the reference server load this file.
 */

export const PROFILES = ['fapi2-sp', 'fapi2-ms', 'fapi1-adv'] as const;
export const CLIENT_AUTH_METHODS = ['private_key_jwt', 'tls_client_auth'] as const;
export const SENDER_CONSTRAINTS = ['mtls', 'dpop'] as const;
/** How the authorization request travels: plain parameters at PAR, a signed request object at PAR, or a signed
 * request object by value at the authorization endpoint. */
export const REQUEST_METHODS = ['par', 'par-signed', 'by-value'] as const;
export const RESPONSE_MODES = ['query', 'jwt'] as const;

export type Profile = (typeof PROFILES)[number];
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];
export type SenderConstraint = (typeof SENDER_CONSTRAINTS)[number];
export type RequestMethod = (typeof REQUEST_METHODS)[number];
export type ResponseMode = (typeof RESPONSE_MODES)[number];

/** One variant: a value for each dimension. */
export interface VariantSpec {
  profile: Profile;
  clientAuth: ClientAuthMethod;
  senderConstraint: SenderConstraint;
  requestMethod: RequestMethod;
  responseMode: ResponseMode;
}

/** The dimensions, in the order reports show them, with their titles and the title of each value. */
export const DIMENSIONS = {
  profile: { title: 'Profile', values: { 'fapi2-sp': 'FAPI 2.0 Security Profile', 'fapi2-ms': 'FAPI 2.0 Message Signing', 'fapi1-adv': 'FAPI 1.0 Advanced' } },
  clientAuth: { title: 'Client authentication', values: { private_key_jwt: 'private_key_jwt', tls_client_auth: 'tls_client_auth' } },
  senderConstraint: { title: 'Sender constraint', values: { mtls: 'mTLS', dpop: 'DPoP' } },
  requestMethod: { title: 'Request', values: { par: 'parameters at PAR', 'par-signed': 'signed request object at PAR', 'by-value': 'signed request object by value' } },
  responseMode: { title: 'Response mode', values: { query: 'query (with iss)', jwt: 'JARM (jwt)' } },
} as const satisfies { [K in keyof VariantSpec]: { title: string; values: Record<VariantSpec[K], string> } };

export const VARIANT_KEYS = Object.keys(DIMENSIONS) as (keyof VariantSpec)[];

/** The five dimensions of anything that carries them (a target variant with its clients, a project's metadata). */
export function variantSpecOf(v: VariantSpec): VariantSpec {
  return { profile: v.profile, clientAuth: v.clientAuth, senderConstraint: v.senderConstraint, requestMethod: v.requestMethod, responseMode: v.responseMode };
}

/** The title of a dimension's value; a value this version does not know (e.g. from an older blob report) as it is. */
export function valueTitle<K extends keyof VariantSpec>(key: K, value: string): string {
  return (DIMENSIONS[key].values as Record<string, string>)[value] ?? value;
}
