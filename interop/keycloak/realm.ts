/**
 * The Keycloak realm the interop run imports, generated at start from the test PKI (no key material is committed).
 * It is configured the way Keycloak's documentation tells a bank to configure FAPI, not to please the harness:
 * Keycloak's own built-in client profiles, attached by client policies to the clients of each harness variant;
 * the client attributes those profiles expect a FAPI client to have; consent on; PS256/ES256 realm keys.
 *
 * Keycloak's names (attribute keys, executor and condition ids) are those of Keycloak 26; see
 * https://www.keycloak.org/docs/latest/server_admin/#_client_policies and
 * https://www.keycloak.org/docs/latest/securing_apps/#_oidc (client attributes).
 */
import type { JWK } from 'jose';

export type Profile = 'fapi2-sp' | 'fapi2-ms' | 'fapi1-adv';
export interface VariantSpec {
  profile: Profile;
  clientAuth: 'private_key_jwt' | 'tls_client_auth';
  senderConstraint: 'mtls' | 'dpop';
  requestMethod: 'par' | 'par-signed' | 'by-value';
  responseMode: 'query' | 'jwt';
}

export interface RealmClientMaterial {
  /** RFC 4514 subject DN of the CA that issued the client certificate (Keycloak's x509.casubjectdn). */
  issuerDn: string;
  /** RFC 4514 subject DN of the client certificate (most specific RDN first). */
  subjectDn: string;
  publicJwks: { keys: JWK[] };
  alg: 'PS256' | 'ES256';
}

export interface RealmInput {
  realm: string;
  redirectUri: string;
  variants: Record<string, VariantSpec>;
  client1: RealmClientMaterial;
  client2: RealmClientMaterial;
  clientSecret: string;
  user: { username: string; password: string };
  /** A second end-user who never consents: the user-cancel scenario logs in as this one (Keycloak remembers consent). */
  cancelUser: { username: string; password: string };
  lifetimes: { authorizationCodeSeconds: number; requestUriSeconds: number };
}

/** The client attribute the policies' conditions look for: which FAPI profile the bank assigned to a client. */
export const PROFILE_ATTRIBUTE = 'bank.fapi.profile';

/**
 * Keycloak's built-in global client profiles for each harness variant. FAPI 1.0 Advanced with PAR also gets
 * fapi-1-baseline, whose pkce-enforcer makes PKCE (S256) mandatory as FAPI 1.0 Advanced 5.2.2-18 asks with PAR.
 */
export function keycloakProfiles(spec: VariantSpec): string[] {
  if (spec.profile === 'fapi1-adv') return spec.requestMethod === 'by-value' ? ['fapi-1-advanced'] : ['fapi-1-baseline', 'fapi-1-advanced'];
  if (spec.profile === 'fapi2-ms') return [spec.senderConstraint === 'dpop' ? 'fapi-2-dpop-message-signing' : 'fapi-2-message-signing'];
  return [spec.senderConstraint === 'dpop' ? 'fapi-2-dpop-security-profile' : 'fapi-2-security-profile'];
}

/** One policy per distinct set of profiles; the policy's name is also the value of the client attribute. */
export function policyName(spec: VariantSpec): string {
  return keycloakProfiles(spec).join('+');
}

function clientAttributes(spec: VariantSpec, material: RealmClientMaterial, withSecret: boolean): Record<string, string> {
  const attributes: Record<string, string> = {
    [PROFILE_ATTRIBUTE]: policyName(spec),
    'pkce.code.challenge.method': 'S256',
    'require.pushed.authorization.requests': String(spec.requestMethod !== 'by-value'),
    'id.token.signed.response.alg': material.alg,
    'authorization.signed.response.alg': material.alg,
    'request.object.signature.alg': material.alg,
    // Signed request objects: FAPI 1.0 Advanced and Message Signing require them, FAPI 2.0 SP does not.
    'request.object.required': spec.profile === 'fapi2-sp' ? 'not required' : 'request or request_uri',
    'tls.client.certificate.bound.access.tokens': String(spec.senderConstraint === 'mtls'),
    'dpop.bound.access.tokens': String(spec.senderConstraint === 'dpop'),
    'use.refresh.tokens': 'true',
    'exclude.session.state.from.auth.response': 'false',
  };
  // Every client signs request objects (and private_key_jwt assertions) with its key: Keycloak needs it whatever the
  // client authentication method.
  attributes['use.jwks.string'] = 'true';
  attributes['jwks.string'] = JSON.stringify(material.publicJwks);
  if (withSecret) return attributes;
  if (spec.clientAuth === 'private_key_jwt') {
    attributes['token.endpoint.auth.signing.alg'] = material.alg;
  } else {
    attributes['x509.subjectdn'] = material.subjectDn;
    // Keycloak reads x509.subjectdn as a regular expression unless told otherwise; a DN is not a pattern.
    attributes['x509.allow.regex.pattern.comparison'] = 'false';
    attributes['x509.casubjectdn'] = material.issuerDn;
  }
  return attributes;
}

function client(clientId: string, spec: VariantSpec, material: RealmClientMaterial, input: RealmInput, secret?: string): Record<string, unknown> {
  return {
    clientId,
    name: clientId,
    protocol: 'openid-connect',
    enabled: true,
    publicClient: false,
    bearerOnly: false,
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    consentRequired: true,
    fullScopeAllowed: false,
    frontchannelLogout: false,
    redirectUris: [input.redirectUri],
    webOrigins: [],
    clientAuthenticatorType: secret !== undefined ? 'client-secret' : spec.clientAuth === 'private_key_jwt' ? 'client-jwt' : 'client-x509',
    ...(secret !== undefined ? { secret } : {}),
    attributes: clientAttributes(spec, material, secret !== undefined),
    defaultClientScopes: ['basic', 'email', 'profile', 'roles', 'acr', 'web-origins'],
    optionalClientScopes: ['offline_access'],
  };
}

/**
 * What the bank demands of a client registered dynamically (with the initial access token) or updated with its
 * registration access token: Keycloak's executors that every FAPI profile shares (confidential client, private_key_jwt
 * or mTLS authentication, https redirect URIs, FAPI signature algorithms, PKCE S256, consent). The variant-specific
 * profiles cannot apply here: Keycloak's OIDC registration endpoint has no metadata that would name one.
 */
export const DCR_PROFILE = {
  name: 'bank-dynamic-registration',
  description: 'FAPI rules common to every profile, for dynamically registered clients',
  executors: [
    { executor: 'confidential-client', configuration: {} },
    { executor: 'secure-client-authenticator', configuration: { 'allowed-client-authenticators': ['client-jwt', 'client-x509'], 'default-client-authenticator': 'client-jwt' } },
    { executor: 'secure-client-uris', configuration: {} },
    { executor: 'secure-signature-algorithm', configuration: { 'default-algorithm': 'PS256' } },
    { executor: 'secure-signature-algorithm-signed-jwt', configuration: { 'require-client-assertion': false } },
    { executor: 'pkce-enforcer', configuration: { 'auto-configure': true } },
    { executor: 'consent-required', configuration: { 'auto-configure': true } },
  ],
};
const DCR_POLICY = {
  name: 'bank-dynamic-registration',
  description: 'Dynamic Client Registration (RFC 7591) and management (RFC 7592) of FAPI clients',
  enabled: true,
  conditions: [{ condition: 'client-updater-context', configuration: { 'update-client-source': ['ByInitialAccessToken', 'ByRegistrationAccessToken'] } }],
  profiles: [DCR_PROFILE.name],
};

export function buildRealm(input: RealmInput): Record<string, unknown> {
  const clients = Object.entries(input.variants).flatMap(([name, spec]) => [
    client(`${name}-1`, spec, input.client1, input),
    client(`${name}-2`, spec, input.client2, input),
    client(`${name}-secret`, spec, input.client1, input, input.clientSecret),
  ]);
  const policies = new Map<string, string[]>();
  for (const spec of Object.values(input.variants)) policies.set(policyName(spec), keycloakProfiles(spec));
  const user = (u: { username: string; password: string }, first: string) => ({
    username: u.username,
    enabled: true,
    email: `${u.username}@example.test`,
    emailVerified: true,
    firstName: first,
    lastName: 'Tester',
    credentials: [{ type: 'password', value: u.password, temporary: false }],
    requiredActions: [],
  });
  const key = (name: string, providerId: string, config: Record<string, string>) => ({
    name,
    providerId,
    subComponents: {},
    config: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, [v]])),
  });
  return {
    realm: input.realm,
    enabled: true,
    sslRequired: 'all',
    registrationAllowed: false,
    loginWithEmailAllowed: false,
    bruteForceProtected: false,
    defaultSignatureAlgorithm: 'PS256',
    accessTokenLifespan: 300,
    accessCodeLifespan: input.lifetimes.authorizationCodeSeconds,
    attributes: { parRequestUriLifespan: String(input.lifetimes.requestUriSeconds) },
    users: [user(input.user, 'Alice'), user(input.cancelUser, 'Bob')],
    clients,
    components: {
      'org.keycloak.keys.KeyProvider': [
        key('ps256-generated', 'rsa-generated', { priority: '200', algorithm: 'PS256', keySize: '2048', active: 'true', enabled: 'true' }),
        key('es256-generated', 'ecdsa-generated', { priority: '150', ecdsaEllipticCurveKey: 'P-256', ecGenerateCertificate: 'true', active: 'true', enabled: 'true' }),
        key('hmac-generated-hs512', 'hmac-generated', { priority: '100', algorithm: 'HS512', active: 'true', enabled: 'true' }),
        key('aes-generated', 'aes-generated', { priority: '100', active: 'true', enabled: 'true' }),
      ],
    },
    clientProfiles: { profiles: [DCR_PROFILE] },
    clientPolicies: {
      policies: [DCR_POLICY, ...[...policies].map(([name, profiles]) => ({
        name,
        description: `FAPI clients of the bank: Keycloak profiles ${profiles.join(', ')}`,
        enabled: true,
        conditions: [{ condition: 'client-attributes', configuration: { attributes: JSON.stringify([{ key: PROFILE_ATTRIBUTE, value: name }]) } }],
        profiles,
      }))],
    },
  };
}
