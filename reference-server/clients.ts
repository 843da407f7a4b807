import type { JWK } from 'jose';
import { rfc4514FromNodeSubject } from './mtls';
import type { ClientMaterial, PkiMaterial } from './pki-files';
import type { VariantSpec } from '../shared/variants';

export const VARIANT_NAMES = [
  'fapi2-sp-pkjwt-mtls',
  'fapi2-sp-pkjwt-dpop',
  'fapi2-sp-tls-mtls',
  'fapi2-ms-pkjwt-mtls',
  'fapi1-adv-pkjwt-par',
  'fapi1-adv-tls-byvalue',
] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

/** The oidc-provider `features.fapi.profile` value each harness profile maps to; Message Signing is 2.0 plus per-client rules. */
export type FapiProfileValue = '2.0' | '1.0 Final';

export const VARIANTS: Record<VariantName, VariantSpec> = {
  'fapi2-sp-pkjwt-mtls': { profile: 'fapi2-sp', clientAuth: 'private_key_jwt', senderConstraint: 'mtls', requestMethod: 'par', responseMode: 'query' },
  'fapi2-sp-pkjwt-dpop': { profile: 'fapi2-sp', clientAuth: 'private_key_jwt', senderConstraint: 'dpop', requestMethod: 'par', responseMode: 'query' },
  'fapi2-sp-tls-mtls': { profile: 'fapi2-sp', clientAuth: 'tls_client_auth', senderConstraint: 'mtls', requestMethod: 'par', responseMode: 'query' },
  'fapi2-ms-pkjwt-mtls': { profile: 'fapi2-ms', clientAuth: 'private_key_jwt', senderConstraint: 'mtls', requestMethod: 'par-signed', responseMode: 'jwt' },
  'fapi1-adv-pkjwt-par': { profile: 'fapi1-adv', clientAuth: 'private_key_jwt', senderConstraint: 'mtls', requestMethod: 'par-signed', responseMode: 'jwt' },
  'fapi1-adv-tls-byvalue': { profile: 'fapi1-adv', clientAuth: 'tls_client_auth', senderConstraint: 'mtls', requestMethod: 'by-value', responseMode: 'jwt' },
};

export interface TargetClient {
  client_id: string;
  jwks: string;
  certificate: string;
  key: string;
  redirect_uri: string;
  /** Another redirect URI registered for the client (the token endpoint's redirect_uri comparison needs one). */
  second_redirect_uri?: string;
}

export interface TargetVariant extends VariantSpec {
  clients: [TargetClient, TargetClient];
  secretHolder: { client_id: string; client_secret: string };
  /** Members a registration of this variant's clients needs beyond the standard ones (here: the FAPI profile). */
  registrationMetadata: Record<string, unknown>;
}

/** The reference server described in the harness's target format (validated there by zod). */
export interface TargetJson {
  issuer: string;
  ca: string;
  resource: string;
  scope: string;
  login: { username: string; password: string; selectors?: Record<string, string>; steps?: readonly object[]; cancelSteps?: readonly object[] };
  variants: Record<VariantName, TargetVariant>;
  /** What the server advertises and enforces, for the scenarios that outwait them. */
  lifetimes: { authorizationCodeSeconds: number; requestUriSeconds: number };
  strangerCertificate: { certificate: string; key: string };
  registration: {
    initialAccessToken: string;
    /** Key material of the clients the harness registers itself for variants with `clients: "dynamic"`. */
    clients: [Omit<TargetClient, 'client_id'>, Omit<TargetClient, 'client_id'>];
  };
}

/** What faults change in the static clients' registration (faults/hooks.ts `clients`). */
export interface ClientFaultOptions {
  /** The <variant>-secret clients authenticate with their client_secret. */
  acceptClientSecret?: boolean;
  /** The JARM clients may also get a plain query response. */
  allowQueryResponseMode?: boolean;
  /** PAR and signed request objects optional. */
  parOptional?: boolean;
  requestObjectOptional?: boolean;
  /** DPoP clients also get plain bearer tokens when they send no proof. */
  dpopOptional?: boolean;
  /** More response types than `code`. */
  extraResponseTypes?: readonly string[];
}

export interface ClientBuildInput extends ClientFaultOptions {
  pki: PkiMaterial;
  redirectUris: string[];
  clientSecret: string;
  /** Public keys added to every client when a fault re-signs requests on the client's behalf. */
  extraKeys: JWK[];
  /** The JWT response modes the JARM clients (FAPI 1.0, Message Signing) are registered for; default: all four for
   * Message Signing clients, and no registered list (any mode oidc-provider allows) for FAPI 1.0 clients. */
  jarmModes?: readonly JarmMode[];
}

export const JARM_MODES = ['jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt'] as const;
export type JarmMode = (typeof JARM_MODES)[number];

/** The rules that set a variant's clients apart; the rest is common to all of them. */
function variantRules(spec: VariantSpec, allowQuery: boolean, input?: Pick<ClientBuildInput, 'parOptional' | 'requestObjectOptional' | 'dpopOptional' | 'jarmModes'>): Record<string, unknown> {
  const fapi_profile: FapiProfileValue = spec.profile === 'fapi1-adv' ? '1.0 Final' : '2.0';
  const rules: Record<string, unknown> = {
    fapi_profile,
    // FAPI 1.0 Advanced also allows the request object by value at the authorization endpoint; that variant covers this path.
    require_pushed_authorization_requests: spec.requestMethod !== 'by-value' && !input?.parOptional,
    require_signed_request_object: spec.profile !== 'fapi2-sp' && !input?.requestObjectOptional,
    tls_client_certificate_bound_access_tokens: spec.senderConstraint === 'mtls',
    // oidc-provider binds a token to the DPoP key whenever a proof comes with the request; this flag makes one required.
    dpop_bound_access_tokens: spec.senderConstraint === 'dpop' && !input?.dpopOptional,
  };
  if (spec.profile === 'fapi2-ms' || (spec.profile === 'fapi1-adv' && input?.jarmModes)) {
    // Message Signing mandates JARM; registering the modes is what makes oidc-provider refuse plain `query` for this
    // client. A server may register fewer modes than it advertises (jarmModes), as long as `jwt` is among them.
    const jarm = [...(input?.jarmModes ?? JARM_MODES)];
    rules.response_modes = allowQuery ? [...jarm, 'query'] : jarm;
  }
  return rules;
}

function clientMetadata(
  clientId: string,
  spec: VariantSpec,
  material: ClientMaterial,
  input: ClientBuildInput,
  secret: string | undefined,
): Record<string, unknown> {
  const method = secret !== undefined && input.acceptClientSecret ? 'client_secret_basic' : spec.clientAuth;
  return {
    client_id: clientId,
    ...variantRules(spec, input.allowQueryResponseMode === true, input),
    token_endpoint_auth_method: method,
    ...(method === 'private_key_jwt' ? { token_endpoint_auth_signing_alg: material.alg } : {}),
    ...(method === 'tls_client_auth' ? { tls_client_auth_subject_dn: rfc4514FromNodeSubject(material.nodeSubject) } : {}),
    ...(secret !== undefined ? { client_secret: secret } : {}),
    jwks: { keys: [...material.publicJwks.keys, ...input.extraKeys] },
    request_object_signing_alg: material.alg,
    redirect_uris: input.redirectUris,
    response_types: ['code', ...(input.extraResponseTypes ?? [])],
    grant_types: ['authorization_code', 'refresh_token'],
    scope: 'openid email',
    id_token_signed_response_alg: 'PS256',
    authorization_signed_response_alg: 'PS256',
  };
}

export interface RegisteredClient {
  metadata: Record<string, unknown>;
  /** What a fault needs to verify and re-sign a request object as this client. */
  alg: 'PS256' | 'ES256';
  publicJwks: { keys: JWK[] };
}

export function buildClients(input: ClientBuildInput): Map<string, RegisteredClient> {
  const clients = new Map<string, RegisteredClient>();
  for (const name of VARIANT_NAMES) {
    const spec = VARIANTS[name];
    const entries: [string, ClientMaterial, string | undefined][] = [
      [`${name}-1`, input.pki.client1, undefined],
      [`${name}-2`, input.pki.client2, undefined],
      [`${name}-secret`, input.pki.client1, input.clientSecret],
    ];
    for (const [id, material, secret] of entries) {
      clients.set(id, {
        metadata: clientMetadata(id, spec, material, input, secret),
        alg: material.alg,
        publicJwks: material.publicJwks,
      });
    }
  }
  return clients;
}

export function buildTarget(opts: {
  issuer: string;
  pki: PkiMaterial;
  redirectUri: string;
  /** A second registered redirect URI, named in the target for the token endpoint's redirect_uri comparison. */
  secondRedirectUri?: string;
  clientSecret: string;
  login: TargetJson['login'];
  resourcePath: string;
  initialAccessToken: string;
  lifetimes: TargetJson['lifetimes'];
}): TargetJson {
  const { pki } = opts;
  const material = (m: ClientMaterial): Omit<TargetClient, 'client_id'> => ({
    jwks: m.jwksPath,
    certificate: m.certificatePath,
    key: m.keyPath,
    redirect_uri: opts.redirectUri,
  });
  const targetClient = (clientId: string, m: ClientMaterial): TargetClient => ({
    client_id: clientId,
    ...material(m),
    ...(opts.secondRedirectUri ? { second_redirect_uri: opts.secondRedirectUri } : {}),
  });
  const variants = Object.fromEntries(
    VARIANT_NAMES.map((name): [VariantName, TargetVariant] => [
      name,
      {
        ...VARIANTS[name],
        clients: [targetClient(`${name}-1`, pki.client1), targetClient(`${name}-2`, pki.client2)],
        secretHolder: { client_id: `${name}-secret`, client_secret: opts.clientSecret },
        registrationMetadata: registrationMetadata(VARIANTS[name]),
      },
    ]),
  ) as Record<VariantName, TargetVariant>;
  return {
    issuer: opts.issuer,
    ca: pki.caPath,
    resource: `${opts.issuer}${opts.resourcePath}`,
    scope: 'openid email',
    login: { ...opts.login },
    variants,
    lifetimes: { ...opts.lifetimes },
    strangerCertificate: { certificate: pki.stranger.certificatePath, key: pki.stranger.keyPath },
    registration: {
      initialAccessToken: opts.initialAccessToken,
      clients: [material(pki.client1), material(pki.client2)],
    },
  };
}

/**
 * What a dynamically registered client of the variant must add to the standard metadata the harness sends:
 * oidc-provider's per-client FAPI profile, and for Message Signing the response modes that make JARM mandatory.
 */
function registrationMetadata(spec: VariantSpec): Record<string, unknown> {
  const rules = variantRules(spec, false);
  return {
    fapi_profile: rules.fapi_profile,
    require_pushed_authorization_requests: rules.require_pushed_authorization_requests,
    require_signed_request_object: rules.require_signed_request_object,
    ...(rules.response_modes ? { response_modes: rules.response_modes } : {}),
  };
}
