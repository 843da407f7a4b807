/**
 * The requirement catalogue: every clause a harness test claims to check, under a stable ID.
 *
 * ID format: `<SPEC>-<section>[-<item>]`
 *   - SPEC is one of the keys of SPECS below (FAPI2-SP, FAPI2-MS, FAPI1-ADV, JARM, RFCnnnn, OIDC-CORE);
 *   - section is the section number exactly as printed in the FINAL version of that document;
 *   - item is the 1-based position in that section's numbered list. A nested numbered list is written
 *     `item.subitem` (e.g. FAPI2-SP-5.4.1-1.2 = sub-item 2 of item 1 of section 5.4.1). These are list
 *     positions, not the xml2rfc paragraph anchors (`#section-5.4.1-2.2`) of the HTML rendering.
 *   - Where the clause is prose rather than a numbered list item, the ID stops at the section.
 *   - Where one item (or prose section) holds sentences of different levels, the ID above names the sentence(s) of the
 *     strongest level, and `-should` / `-may` is appended for the weaker ones (e.g. FAPI2-SP-5.3.2.1-13-should).
 *
 * Summaries are our own paraphrases; read the linked text for the normative wording.
 *
 * Every entry has a level, read from the spec text: MUST (also SHALL, REQUIRED, and FAPI's lower-case "shall"), SHOULD
 * (also RECOMMENDED, "should") or MAY (OPTIONAL, "may"). The level, not the test, decides what a broken check means:
 * MUST -> the AS is non-conformant; SHOULD or MAY -> a warning, which fails the gate only in strict mode
 * (fixtures/should.ts).
 *
 * Code never spells clause numbers: it uses `R.someKey` (or `requirement(R.someKey)`), so renumbering
 * a clause is a one-line change here. The keys are the keys of CATALOGUE below, so a new entry is one line:
 *   someKey: { id: 'RFC9126-2.2', level: 'MUST', summary: 'One sentence in our own words.' },
 */

/** The strength of a clause (RFC 2119): MUST covers SHALL and REQUIRED; SHOULD covers RECOMMENDED; MAY covers OPTIONAL. */
export type Level = 'MUST' | 'SHOULD' | 'MAY';
export const LEVELS: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];

export interface Requirement {
  /** Stable catalogue ID, e.g. 'FAPI2-SP-5.3.2.2-5'. */
  id: string;
  /** The key code uses for it (`R.key`). */
  key: string;
  /** How strong the clause is in the spec text; only a broken MUST makes the AS non-conformant. */
  level: Level;
  /** Human-readable name of the specification, e.g. 'FAPI 2.0 Security Profile'. */
  spec: string;
  /** https URL of the final spec text, with a fragment pointing at the section where the HTML has one. */
  url: string;
  /** One sentence, in our own words, saying what the clause demands. */
  summary: string;
}

interface SpecInfo {
  name: string;
  /** URL of the final document, without fragment. */
  base: string;
  /** Fragment for a section number, as the published HTML spells its anchors. */
  anchor: (section: string) => string;
}

const rfc = (n: number, title: string): SpecInfo => ({
  name: `RFC ${n}: ${title}`,
  base: `https://www.rfc-editor.org/rfc/rfc${n}.html`,
  anchor: (s) => `#section-${s}`,
});

/** Documents the catalogue cites. Anchor styles were checked against the published HTML of each document. */
const SPECS = {
  'FAPI2-SP': {
    name: 'FAPI 2.0 Security Profile',
    base: 'https://openid.net/specs/fapi-security-profile-2_0-final.html',
    anchor: (s: string) => `#section-${s}`,
  },
  'FAPI2-MS': {
    name: 'FAPI 2.0 Message Signing',
    base: 'https://openid.net/specs/fapi-message-signing-2_0-final.html',
    anchor: (s: string) => `#section-${s}`,
  },
  'FAPI1-ADV': {
    name: 'FAPI 1.0 Part 2: Advanced',
    base: 'https://openid.net/specs/openid-financial-api-part-2-1_0-final.html',
    anchor: (s: string) => `#rfc.section.${s}`,
  },
  'FAPI1-BASE': {
    name: 'FAPI 1.0 Part 1: Baseline',
    base: 'https://openid.net/specs/openid-financial-api-part-1-1_0-final.html',
    anchor: (s: string) => `#rfc.section.${s}`,
  },
  JARM: {
    name: 'JWT Secured Authorization Response Mode for OAuth 2.0 (JARM)',
    base: 'https://openid.net/specs/oauth-v2-jarm-final.html',
    anchor: (s: string) => `#section-${s}`,
  },
  RFC9126: rfc(9126, 'OAuth 2.0 Pushed Authorization Requests'),
  RFC7636: rfc(7636, 'Proof Key for Code Exchange by OAuth Public Clients'),
  RFC9101: rfc(9101, 'OAuth 2.0 JWT-Secured Authorization Request (JAR)'),
  RFC8705: rfc(8705, 'OAuth 2.0 Mutual-TLS Client Authentication and Certificate-Bound Access Tokens'),
  RFC9449: rfc(9449, 'OAuth 2.0 Demonstrating Proof of Possession (DPoP)'),
  RFC8414: rfc(8414, 'OAuth 2.0 Authorization Server Metadata'),
  RFC9207: rfc(9207, 'OAuth 2.0 Authorization Server Issuer Identification'),
  RFC7523: rfc(7523, 'JWT Profile for OAuth 2.0 Client Authentication and Authorization Grants'),
  RFC7591: rfc(7591, 'OAuth 2.0 Dynamic Client Registration Protocol'),
  RFC7592: rfc(7592, 'OAuth 2.0 Dynamic Client Registration Management Protocol'),
  RFC6749: rfc(6749, 'The OAuth 2.0 Authorization Framework'),
  RFC7519: rfc(7519, 'JSON Web Token (JWT)'),
  'OIDC-CORE': {
    name: 'OpenID Connect Core 1.0',
    base: 'https://openid.net/specs/openid-connect-core-1_0.html',
    anchor: (s: string) => `#rfc.section.${s}`,
  },
} as const satisfies Record<string, SpecInfo>;

type SpecKey = keyof typeof SPECS;

/** Matches every valid catalogue ID; capture groups: 1 = SPEC, 2 = section, 3 = item (optional). */
export const REQUIREMENT_ID_PATTERN =
  /^(FAPI2-SP|FAPI2-MS|FAPI1-ADV|FAPI1-BASE|JARM|RFC9126|RFC7636|RFC9101|RFC8705|RFC9449|RFC9207|RFC7523|RFC7591|RFC7592|RFC6749|RFC7519|RFC8414|OIDC-CORE)-(\d+(?:\.\d+)*)(?:-(\d+(?:\.\d+)?))?(?:-(should|may))?$/;

interface Entry {
  id: string;
  level: Level;
  summary: string;
}

/** The catalogue, by the key code uses; spec name and URL are derived from the ID so they cannot drift apart. */
const CATALOGUE = {
  // ---------------------------------------------------------------- FAPI 2.0 Security Profile (final)
  // 5.3.2.1 General requirements for authorization servers
  fapi2RefreshRotationRetry: { id: 'FAPI2-SP-5.3.2.1-9', level: 'MUST', summary: 'The authorization server does not rotate refresh tokens unless a client that lost the response with the new refresh token can retry the refresh with the previous one and succeed.' },
  fapi2TlsVersion: { id: 'FAPI2-SP-5.2.1-1', level: 'MUST', summary: 'Every endpoint speaks TLS 1.2 or later, never an older version.' },
  fapi2TlsDhKeyLength: { id: 'FAPI2-SP-5.2.1-3', level: 'MUST', summary: 'TLS follows BCP 195, which requires (RFC 9325 4.5) that a DHE cipher suite, where one is negotiated at all, uses a Diffie-Hellman group of at least 2048 bits.' },
  fapi2TlsCiphers: { id: 'FAPI2-SP-5.2.1-2', level: 'MUST', summary: 'On TLS 1.2 connections only the cipher suites BCP 195 (RFC 9325 4.2) recommends are allowed: ECDHE key exchange with AES-GCM (no DHE).' },
  fapi2OutboundTlsCheck: { id: 'FAPI2-SP-5.2.1-5', level: 'MUST', summary: "When the server connects to another server (for instance a client's jwks_uri), it checks that server's TLS certificate (RFC 9525): a key set served under a certificate from no CA it trusts is not used." },
  fapi2NoCorsAtAuthorization: { id: 'FAPI2-SP-5.2.3-3', level: 'MUST', summary: 'The authorization endpoint does not support CORS: neither a preflight nor a cross-origin request is granted to a foreign origin.' },
  fapi2DiscoveryMetadata: { id: 'FAPI2-SP-5.3.2.1-1', level: 'MUST', summary: 'The authorization server publishes its endpoints and capabilities in a discovery metadata document (OpenID Connect Discovery / RFC 8414).' },
  fapi2PasswordGrantRefused: { id: 'FAPI2-SP-5.3.2.1-2', level: 'MUST', summary: 'The authorization server turns down token requests that use the resource owner password credentials grant.' },
  fapi2ConfidentialClients: { id: 'FAPI2-SP-5.3.2.1-3', level: 'MUST', summary: 'The authorization server serves confidential clients only; public clients are out of scope.' },
  fapi2SenderConstrained: { id: 'FAPI2-SP-5.3.2.1-4', level: 'MUST', summary: 'Every access token the authorization server issues is sender-constrained; it never hands out plain bearer tokens.' },
  fapi2SenderConstraintMethods: { id: 'FAPI2-SP-5.3.2.1-5', level: 'MUST', summary: 'Access tokens are sender-constrained either by mutual-TLS certificate binding (RFC 8705) or by DPoP (RFC 9449).' },
  fapi2ClientAuthMethods: { id: 'FAPI2-SP-5.3.2.1-6', level: 'MUST', summary: 'Clients authenticate to the authorization server only with mutual TLS (RFC 8705 section 2) or private_key_jwt (OpenID Connect Core section 9).' },
  fapi2NoOpenRedirector: { id: 'FAPI2-SP-5.3.2.1-7', level: 'MUST', summary: 'The authorization server exposes no open redirector: a request it cannot tie to a client and a trusted redirect URI is never redirected to the redirect_uri it carries.' },
  fapi2ClientAssertionAudience: { id: 'FAPI2-SP-5.3.2.1-8', level: 'MUST', summary: 'In a client authentication assertion the authorization server accepts nothing but its own issuer identifier, given as a single string, as the audience.' },
  fapi2AuthCodeLifetime: { id: 'FAPI2-SP-5.3.2.1-11', level: 'MUST', summary: 'An authorization code stops being redeemable at most 60 seconds after the authorization server issued it.' },
  fapi2ClockSkew: { id: 'FAPI2-SP-5.3.2.1-13', level: 'MUST', summary: 'JWTs whose iat or nbf lies up to 10 seconds ahead are still accepted (between 10 and 60 seconds the choice is open).' },
  fapi2ClockSkewReject: { id: 'FAPI2-SP-5.3.2.1-13-should', level: 'SHOULD', summary: 'JWTs whose iat or nbf lies 60 seconds or more ahead should be refused.' },
  // 5.3.2.2 Authorization endpoint flows
  fapi2ResponseTypeCode: { id: 'FAPI2-SP-5.3.2.2-1', level: 'MUST', summary: 'The authorization server insists on response_type=code at the authorization endpoint.' },
  fapi2ParRequired: { id: 'FAPI2-SP-5.3.2.2-3', level: 'MUST', summary: 'An authorization request that did not go through the pushed authorization request endpoint (RFC 9126) is refused.' },
  fapi2ParClientAuth: { id: 'FAPI2-SP-5.3.2.2-4', level: 'MUST', summary: 'A pushed authorization request that carries no client authentication is refused.' },
  fapi2PkceS256Required: { id: 'FAPI2-SP-5.3.2.2-5', level: 'MUST', summary: 'PKCE with the S256 method is mandatory, so a request without a code challenge or with the plain method fails.' },
  fapi2RedirectUriInPar: { id: 'FAPI2-SP-5.3.2.2-6', level: 'MUST', summary: 'A pushed authorization request must contain redirect_uri, otherwise the authorization server rejects it.' },
  fapi2IssInResponse: { id: 'FAPI2-SP-5.3.2.2-7', level: 'MUST', summary: 'The authorization server puts the iss parameter into its authorization responses as RFC 9207 describes.' },
  fapi2HttpsRedirectUris: { id: 'FAPI2-SP-5.3.2.2-8', level: 'MUST', summary: 'Redirect URIs with the http scheme are not allowed (loopback redirection of native clients aside), so authorization responses never travel unencrypted.' },
  fapi2CodeSingleUse: { id: 'FAPI2-SP-5.3.2.2-9', level: 'MUST', summary: 'An authorization code presented a second time is rejected.' },
  fapi2No307WithCredentials: { id: 'FAPI2-SP-5.3.2.2-10', level: 'MUST', summary: 'A request that carries user credentials (the posted sign-in form) is never redirected with HTTP 307, which would make the browser post the credentials on to the redirect target (RFC 9700 4.12).' },
  fapi2SeeOtherRedirects: { id: 'FAPI2-SP-5.3.2.2-11', level: 'SHOULD', summary: 'When the authorization server redirects the user agent by status code, it uses HTTP 303, which makes the browser follow with a GET and drop the submitted body.' },
  fapi2RequestUriLifetime: { id: 'FAPI2-SP-5.3.2.2-12', level: 'MUST', summary: 'The request_uri returned from the PAR endpoint has an expires_in value below 600 seconds.' },
  // 5.3.4 Requirements for resource servers
  fapi2NoTokenInQuery: { id: 'FAPI2-SP-5.3.4-2', level: 'MUST', summary: 'Resource servers do not accept access tokens in the query string (RFC 6750 2.3).' },
  fapi2RsTokenValidity: { id: 'FAPI2-SP-5.3.4-3', level: 'MUST', summary: 'Resource servers verify the validity, integrity, expiration and revocation status of access tokens.' },
  fapi2RsKeyBinding: { id: 'FAPI2-SP-5.3.4-5', level: 'MUST', summary: 'Resource servers accept sender-constrained access tokens (mutual TLS and/or DPoP) and check that the caller proves possession of the bound key.' },
  // 5.4.1 Cryptography and secrets
  fapi2AlgorithmsAllowed: { id: 'FAPI2-SP-5.4.1-1.2', level: 'MUST', summary: 'Every party signs and verifies JWTs with PS256, ES256 or EdDSA over Ed25519 and no other algorithm.' },
  fapi2RejectNoneAlg: { id: 'FAPI2-SP-5.4.1-1.3', level: 'MUST', summary: 'The none algorithm is never used to produce a JWT and a JWT that declares it is never accepted.' },
  fapi2RsaKeyLength: { id: 'FAPI2-SP-5.4.1-2', level: 'MUST', summary: 'RSA keys are at least 2048 bits long.' },
  fapi2EcKeyLength: { id: 'FAPI2-SP-5.4.1-3', level: 'MUST', summary: 'Elliptic-curve keys are at least 224 bits long.' },
  // 5.4.2 JSON Web Key Sets
  fapi2NoKeyUrlHeaders: { id: 'FAPI2-SP-5.4.2-2', level: 'SHOULD', summary: 'A server that provides a jwks_uri endpoint does not use the x5u and jku JOSE header parameters in what it signs.' },
  fapi2JwksDistinctKids: { id: 'FAPI2-SP-5.4.2-3', level: 'SHOULD', summary: 'A server that provides a jwks_uri endpoint does not serve a JWK set in which several keys carry the same kid.' },
  // 5.4.3 Handling duplicate key identifiers
  fapi2DuplicateKid: { id: 'FAPI2-SP-5.4.3', level: 'MUST', summary: 'When several keys of a JWK set share the JWS\'s kid, the verifier picks the verification key by the keys\' other members (kty, use, alg, crv), not by kid alone.' },

  // ---------------------------------------------------------------- FAPI 2.0 Message Signing (final)
  fapi2msSignedRequestObject: { id: 'FAPI2-MS-5.3.1-1', level: 'MUST', summary: 'An authorization server doing request signing accepts only signed JAR request objects at the PAR endpoint, and verifies them.' },
  fapi2msRequestObjectAud: { id: 'FAPI2-MS-5.3.1-2', level: 'MUST', summary: 'The request object must name the authorization server issuer identifier in aud, as the value or as a member of an array.' },
  fapi2msRequestObjectNbf: { id: 'FAPI2-MS-5.3.1-3', level: 'MUST', summary: 'The request object must carry an nbf claim no more than 60 minutes old.' },
  fapi2msRequestObjectExp: { id: 'FAPI2-MS-5.3.1-4', level: 'MUST', summary: 'The request object must carry an exp claim that lies at most 60 minutes after its nbf.' },
  fapi2msJarm: { id: 'FAPI2-MS-5.4.1-1', level: 'MUST', summary: 'An authorization server doing response signing supports, demands and returns JARM-signed authorization responses.' },

  // ---------------------------------------------------------------- FAPI 1.0 Part 2: Advanced (final)
  fapi1StateWithoutOpenid: { id: 'FAPI1-BASE-5.2.2.3-1', level: 'MUST', summary: 'When the client does not ask for the openid scope, the authorization server requires the state parameter.' },
  fapi1NoRsa1_5: { id: 'FAPI1-ADV-8.6.1-1', level: 'MUST', summary: 'For JWE, the authorization server does not use the RSA1_5 key management algorithm: a request object wrapped with RSA1_5 is not decrypted and accepted.' },
  fapi1RsaKeyLength: { id: 'FAPI1-BASE-5.2.2-5', level: 'MUST', summary: 'The authorization server requires and uses RSA keys of 2048 bits or more.' },
  fapi1NoTokenInQuery: { id: 'FAPI1-BASE-6.2.1-3', level: 'MUST', summary: 'Protected resources do not accept access tokens in the query parameters (RFC 6750 2.3).' },
  fapi1RsTokenValidity: { id: 'FAPI1-BASE-6.2.1-4', level: 'MUST', summary: 'Protected resources verify that the access token is neither expired nor revoked.' },
  fapi1RsUtf8: { id: 'FAPI1-BASE-6.2.1-8', level: 'MUST', summary: 'Protected resources encode their responses in UTF-8 where that applies.' },
  fapi1RsJsonContentType: { id: 'FAPI1-BASE-6.2.1-9', level: 'MUST', summary: 'Protected resources label their JSON responses Content-Type: application/json.' },
  fapi1RsDateHeader: { id: 'FAPI1-BASE-6.2.1-10', level: 'MUST', summary: 'Protected resources send the server date in the HTTP Date header (RFC 7231 7.1.1.2).' },
  fapi1RsInteractionId: { id: 'FAPI1-BASE-6.2.1-11', level: 'MUST', summary: 'Protected resources answer with x-fapi-interaction-id set to the value the client sent, or to an RFC 4122 UUID when it sent none.' },
  fapi1RsCustomerIp: { id: 'FAPI1-BASE-6.2.1-13', level: 'MUST', summary: 'Protected resources do not refuse a request whose x-fapi-customer-ip-address header holds a valid IPv4 or IPv6 address.' },
  fapi1SignedRequestObject: { id: 'FAPI1-ADV-5.2.2-1', level: 'MUST', summary: 'The authorization server demands a JWS-signed request object, passed by value (request) or by reference (request_uri).' },
  fapi1ResponseTypeJarm: { id: 'FAPI1-ADV-5.2.2-2', level: 'MUST', summary: 'The authorization server demands either response_type "code id_token" or response_type "code" together with response_mode "jwt" (JARM).' },
  fapi1HolderOfKey: { id: 'FAPI1-ADV-5.2.2-5', level: 'MUST', summary: 'The authorization server issues sender-constrained access tokens only.' },
  fapi1MtlsBinding: { id: 'FAPI1-ADV-5.2.2-6', level: 'MUST', summary: 'The authorization server supports mutual TLS as the way of binding access tokens to their legitimate sender.' },
  fapi1OnlyRequestObjectParams: { id: 'FAPI1-ADV-5.2.2-10', level: 'MUST', summary: 'The authorization server uses only the parameters inside the signed request object (client_id aside), so a parameter missing there is missing.' },
  fapi1RequestObjectExpNbf: { id: 'FAPI1-ADV-5.2.2-13', level: 'MUST', summary: 'The request object must contain exp, and exp may lie no more than 60 minutes after nbf.' },
  fapi1ClientAuthMethods: { id: 'FAPI1-ADV-5.2.2-14', level: 'MUST', summary: 'Confidential clients authenticate only with tls_client_auth, self_signed_tls_client_auth or private_key_jwt.' },
  fapi1RequestObjectAud: { id: 'FAPI1-ADV-5.2.2-15', level: 'MUST', summary: 'The request object audience must be, or must include, the OP issuer identifier URL.' },
  fapi1RequestObjectNbf: { id: 'FAPI1-ADV-5.2.2-17', level: 'MUST', summary: 'The request object must contain an nbf claim that is at most 60 minutes in the past.' },
  fapi1PkceS256WithPar: { id: 'FAPI1-ADV-5.2.2-18', level: 'MUST', summary: 'When PAR is offered, pushed requests must use PKCE with the S256 method.' },
  fapi1SHash: { id: 'FAPI1-ADV-5.2.2.1-5', level: 'MUST', summary: 'With response_type "code id_token", the ID token carries s_hash whenever the client sent a state value.' },
  fapi1JarmResponse: { id: 'FAPI1-ADV-5.2.2.2-1', level: 'MUST', summary: 'With response_type "code" and response_mode "jwt", the authorization server wraps its authorization responses in a JARM JWT.' },
  fapi1Tls: { id: 'FAPI1-ADV-8.5-1', level: 'MUST', summary: 'Only TLS 1.2 or later is used; on TLS 1.2 the server permits only TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 and TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384.' },
  fapi1OutboundTlsCheck: { id: 'FAPI1-BASE-7.1-2', level: 'MUST', summary: "When the server connects to another server (for instance a client's jwks_uri), it performs the TLS server certificate check (RFC 6125): a key set served under a certificate from no CA it trusts is not used." },
  fapi1TlsDheKeyLength: { id: 'FAPI1-ADV-8.5-3', level: 'MUST', summary: 'With the DHE cipher suites (TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, TLS_DHE_RSA_WITH_AES_256_GCM_SHA384) the server uses Diffie-Hellman keys of at least 2048 bits.' },
  fapi1Algorithms: { id: 'FAPI1-ADV-8.6-1', level: 'MUST', summary: 'Clients and authorization servers sign JWS objects with PS256 or ES256 only.' },
  fapi1RejectNoneAlg: { id: 'FAPI1-ADV-8.6-3', level: 'MUST', summary: 'Clients and authorization servers never use the none algorithm for JWS.' },
  fapi1NoKeyUrlHeaders: { id: 'FAPI1-ADV-8.9-2', level: 'SHOULD', summary: 'The x5u and jku JOSE header parameters are not used (in the JWTs the authorization server signs).' },
  fapi1JwksDistinctKids: { id: 'FAPI1-ADV-8.9-3', level: 'SHOULD', summary: 'A JWK set (the authorization server\'s, at its jwks_uri) does not contain several keys with the same kid.' },
  fapi1DuplicateKid: { id: 'FAPI1-ADV-8.11', level: 'MUST', summary: 'When several keys of a JWK set share the JWS\'s kid, the verifier picks the verification key by the keys\' other members (kty, use, alg, crv), not by kid alone.' },

  // ---------------------------------------------------------------- FAPI 1.0 Part 1: Baseline (final), which Advanced builds on
  fapi1RegisteredRedirectUris: { id: 'FAPI1-BASE-5.2.2-8', level: 'MUST', summary: 'The authorization server requires redirect URIs to be registered beforehand.' },
  fapi1RedirectUriRequired: { id: 'FAPI1-BASE-5.2.2-9', level: 'MUST', summary: 'The authorization server requires the redirect_uri in the authorization request.' },
  fapi1NonceRequired: { id: 'FAPI1-BASE-5.2.2.2-1', level: 'MUST', summary: 'When the client asks for the openid scope, the authorization server requires a nonce in the authentication request.' },
  fapi1HttpsRedirectUris: { id: 'FAPI1-BASE-5.2.2-20', level: 'MUST', summary: 'The authorization server accepts only redirect URIs that use the https scheme.' },

  // ---------------------------------------------------------------- JARM (final)
  jarmResponse: { id: 'JARM-2.1', level: 'MUST', summary: 'The response JWT contains iss (the issuing authorization server), aud (the client_id), exp, and every authorization response parameter such as code and state (or the error fields).' },
  jarmSigningAlg: { id: 'JARM-2.2', level: 'MUST', summary: 'The response JWT is signed, optionally then encrypted, with the algorithm the authorization server picks from the client\'s registered metadata.' },
  jarmValidation: { id: 'JARM-2.4', level: 'MUST', summary: 'Before using any parameter from the response JWT the client validates it: optional decryption, then iss, aud, exp and signature checks, aborting on any failure.' },
  jarmIssCheck: { id: 'JARM-2.4-2', level: 'MUST', summary: 'The client refuses the response unless its iss is the issuer the authorization request was sent to.' },
  jarmAudCheck: { id: 'JARM-2.4-3', level: 'MUST', summary: 'The client refuses the response unless its aud matches its own client_id.' },
  jarmExpCheck: { id: 'JARM-2.4-4', level: 'MUST', summary: 'The client refuses the response once its exp has passed.' },
  jarmSignatureCheck: { id: 'JARM-2.4-5', level: 'MUST', summary: 'The client refuses the response unless its signature verifies, and never accepts alg none.' },
  jarmClientMetadata: { id: 'JARM-3', level: 'MUST', summary: 'Client metadata authorization_signed_response_alg selects the response signing algorithm (RS256 by default, none forbidden).' },
  jarmServerMetadata: { id: 'JARM-4', level: 'MAY', summary: 'Authorization server metadata advertises the supported JARM signing/encryption algorithms and the jwt response modes.' },

  // ---------------------------------------------------------------- RFC 9126 PAR
  rfc9126ClientAssertionAudience: { id: 'RFC9126-2', level: 'MUST', summary: 'At the PAR endpoint the authorization server accepts its issuer identifier, its token endpoint URL or its PAR endpoint URL as the audience of a client assertion.' },
  rfc9126Request: { id: 'RFC9126-2.1', level: 'MUST', summary: 'The client POSTs the authorization request parameters form-encoded to the PAR endpoint, authenticating as at the token endpoint and never including request_uri.' },
  rfc9126Response: { id: 'RFC9126-2.2', level: 'MUST', summary: 'A successful push is answered with HTTP 201 and a JSON body holding a request_uri, bound to the client that pushed it, and its lifetime in expires_in.' },
  rfc9126Error: { id: 'RFC9126-2.3', level: 'MUST', summary: 'A failed push is answered with a token-endpoint style JSON error (e.g. 400 invalid_request), or with 405, 413 or 429 where applicable.' },
  rfc9126AuthorizationRequest: { id: 'RFC9126-4', level: 'MUST', summary: 'The client then sends only client_id and request_uri to the authorization endpoint; the AS refuses an expired request_uri and validates the request as any other authorization request.' },
  rfc9126OneTimeUse: { id: 'RFC9126-4-should', level: 'SHOULD', summary: 'The AS should treat a request_uri as one-time use (it may tolerate a reload by the user agent); FAPI 2.0 adds no stronger rule.' },
  rfc9126Require: { id: 'RFC9126-5', level: 'MUST', summary: 'Authorization server metadata names the PAR endpoint and, via require_pushed_authorization_requests, whether only pushed requests are accepted.' },
  rfc9126RequestUriEntropy: { id: 'RFC9126-7.1-should', level: 'SHOULD', summary: 'Pushed request_uri values carry 128 bits of randomness or more: RFC 9126 7.1 sends to RFC 9101 10.2, whose MUST ("sufficiently large") sets no number and whose guidance names 128 bits.' },

  // ---------------------------------------------------------------- RFC 7636 PKCE
  rfc7636Challenge: { id: 'RFC7636-4.2', level: 'MUST', summary: 'The client derives code_challenge from code_verifier, with S256 being BASE64URL(SHA-256(ASCII(code_verifier))).' },
  rfc7636ServerRequiresPkce: { id: 'RFC7636-4.4.1', level: 'MUST', summary: 'A server that requires PKCE answers a request missing code_challenge, or with an unsupported method, with an invalid_request authorization error.' },
  rfc7636Verify: { id: 'RFC7636-4.6', level: 'MUST', summary: 'At the token endpoint the server recomputes the challenge from code_verifier and refuses the grant (invalid_grant) if it does not match.' },

  // ---------------------------------------------------------------- RFC 9101 JAR
  rfc9101RequestObject: { id: 'RFC9101-4', level: 'MUST', summary: 'A request object is a JWT whose claims are the authorization request parameters, secured with a JWS signature (optionally nested in JWE); it never contains request or request_uri.' },
  rfc9101OutsideParamsIgnored: { id: 'RFC9101-5', level: 'MUST', summary: 'When a request object is used, the AS takes the authorization request parameters from it alone, ignoring any given outside it.' },
  rfc9101Verify: { id: 'RFC9101-6.2', level: 'MUST', summary: 'The authorization server verifies the request object signature with a key of the client, and returns invalid_request_object if that fails.' },
  rfc9101RequireSigned: { id: 'RFC9101-10.5', level: 'MUST', summary: 'When require_signed_request_object is set (server or client metadata), the server rejects any authorization request without a conforming signed request object, including one using alg none.' },

  // ---------------------------------------------------------------- RFC 8705 mTLS
  rfc8705TlsClientAuth: { id: 'RFC8705-2.1', level: 'MUST', summary: 'With tls_client_auth the client is authenticated by a CA-issued certificate whose subject DN or SAN matches the registered value.' },
  rfc8705SelfSignedClientAuth: { id: 'RFC8705-2.2', level: 'MUST', summary: 'With self_signed_tls_client_auth the client is authenticated by a certificate that matches one registered in its JWK set.' },
  rfc8705BoundTokens: { id: 'RFC8705-3', level: 'MUST', summary: 'Access tokens obtained over mutual TLS are bound to the client certificate, and the protected resource rejects a token (401 invalid_token) presented over a connection with a different certificate.' },
  rfc8705BoundTokensMetadata: { id: 'RFC8705-3.4', level: 'MUST', summary: 'Client metadata tls_client_certificate_bound_access_tokens asks the authorization server for certificate-bound access tokens.' },
  rfc8705Cnf: { id: 'RFC8705-3.1', level: 'MUST', summary: 'In a JWT access token the binding appears as cnf.x5t#S256, the base64url SHA-256 thumbprint of the DER-encoded client certificate.' },

  // ---------------------------------------------------------------- RFC 9449 DPoP
  rfc9449Proof: { id: 'RFC9449-4.2', level: 'MUST', summary: 'A DPoP proof is a JWT typed dpop+jwt, signed with an asymmetric algorithm, carrying the public jwk in its header and jti, htm, htu, iat (plus ath and nonce when relevant) in its claims.' },
  rfc9449ProofCheck: { id: 'RFC9449-4.3', level: 'MUST', summary: 'The receiving server checks a DPoP proof in full: single header, syntax, typ, acceptable alg, signature, no private key, htm, htu, nonce, freshness and, at a resource, ath and key binding.' },
  rfc9449NonceMatches: { id: 'RFC9449-4.3-10', level: 'MUST', summary: 'When the server has handed the client a DPoP nonce, a proof whose nonce is not the one the server provided is refused.' },
  rfc9449SingleHeader: { id: 'RFC9449-4.3-1', level: 'MUST', summary: 'A request carrying more than one DPoP header field (two header lines) is refused.' },
  rfc9449SingleProof: { id: 'RFC9449-4.3-2', level: 'MUST', summary: 'The DPoP header of a request holds a single, well-formed JWT: a header carrying two proofs is refused.' },
  rfc9449ResourceKeyBinding: { id: 'RFC9449-4.3-12', level: 'MUST', summary: 'At a protected resource the proof ath must equal the hash of the presented access token and the proof key must be the key the token is bound to.' },
  rfc9449TokenRequest: { id: 'RFC9449-5', level: 'MUST', summary: 'A token request with a valid DPoP proof yields an access token bound to that key and token_type DPoP; an invalid proof yields invalid_dpop_proof.' },
  rfc9449BoundTokensMetadata: { id: 'RFC9449-5.2', level: 'MUST', summary: 'Client metadata dpop_bound_access_tokens states that the client always uses DPoP at the token endpoint.' },
  rfc9449Resource: { id: 'RFC9449-7', level: 'MUST', summary: 'Resource requests carry the access token plus a DPoP proof whose ath hashes that token, and the resource server checks both and the key binding.' },
  rfc9449CodeBinding: { id: 'RFC9449-10', level: 'MUST', summary: 'An authorization code can be bound to a DPoP key, by dpop_jkt in the authorization request or by a DPoP proof at PAR; the token request must prove that key, and a dpop_jkt that contradicts the PAR proof is refused.' },
  rfc9449Nonce: { id: 'RFC9449-8', level: 'MAY', summary: 'The authorization server may demand a server-chosen nonce in DPoP proofs, signalling it with use_dpop_nonce and a DPoP-Nonce header.' },

  // ---------------------------------------------------------------- RFC 9207 iss
  rfc9207Iss: { id: 'RFC9207-2', level: 'MUST', summary: 'Authorization responses, error responses included, carry an iss parameter holding the authorization server issuer identifier.' },
  rfc9207ClientValidation: { id: 'RFC9207-2.4', level: 'MUST', summary: 'The client compares the received iss with the issuer it sent the request to and rejects the response on mismatch (or when iss is required but absent).' },

  // ---------------------------------------------------------------- RFC 7523 JWT client authentication
  rfc7523AssertionParameters: { id: 'RFC7523-2.2', level: 'MUST', summary: 'JWT client authentication sends client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer and exactly one JWT in client_assertion.' },
  rfc7523ClientAssertion: { id: 'RFC7523-3', level: 'MUST', summary: 'A client assertion must carry iss, sub equal to the client_id, an aud naming the authorization server and an exp, and be signed; the server rejects it otherwise.' },

  // ---------------------------------------------------------------- RFC 7591 Dynamic Client Registration
  rfc7591Metadata: { id: 'RFC7591-2', level: 'MUST', summary: 'Client metadata (redirect_uris, token_endpoint_auth_method, grant_types, jwks or jwks_uri, ...) describe how a client talks to the authorization server.' },
  rfc7591Response: { id: 'RFC7591-3.2.1', level: 'MUST', summary: 'A successful registration is answered with HTTP 201, a client_id and every metadata value the server registered for the client.' },
  rfc7591Error: { id: 'RFC7591-3.2.2', level: 'MUST', summary: 'A registration that cannot be accepted is answered with HTTP 400 and an error such as invalid_redirect_uri or invalid_client_metadata.' },

  // ---------------------------------------------------------------- RFC 7592 Dynamic Client Registration Management
  rfc7592TokenRequired: { id: 'RFC7592-2', level: 'MUST', summary: 'The client configuration endpoint answers only requests that carry the registration access token as a bearer token; others get HTTP 401.' },
  rfc7592Read: { id: 'RFC7592-2.1', level: 'MUST', summary: 'A GET with the registration access token returns the client\'s current registration.' },
  rfc7592Update: { id: 'RFC7592-2.2', level: 'MUST', summary: 'A PUT with the registration access token replaces the client\'s metadata and returns the registration as now stored.' },
  rfc7592Delete: { id: 'RFC7592-2.3', level: 'MUST', summary: 'A DELETE with the registration access token deprovisions the client (HTTP 204); afterwards its client_id and token are no longer valid.' },

  // ---------------------------------------------------------------- RFC 6749 OAuth 2.0
  rfc6749ClientSecret: { id: 'RFC6749-2.3.1', level: 'MUST', summary: 'A client holding a password (client_secret) authenticates with HTTP Basic, or alternatively with client_id/client_secret in the request body.' },
  rfc6749Scope: { id: 'RFC6749-3.3', level: 'MUST', summary: 'The scope parameter is a list of space-delimited values whose order carries no meaning; when the scope granted differs from the one requested, the token response names it in scope.' },
  rfc6749AuthzResponse: { id: 'RFC6749-4.1.2', level: 'MUST', summary: 'A successful authorization response carries the code, and the state exactly as the client sent it (and none when it sent none).' },
  rfc6749AuthzError: { id: 'RFC6749-4.1.2.1', level: 'MUST', summary: 'A failed authorization request is reported by redirecting with error (one of the registered codes), optional error_description/error_uri, and state when one was sent.' },
  rfc6749CodeBoundToClient: { id: 'RFC6749-4.1.3', level: 'MUST', summary: 'The authorization server redeems a code only for the authenticated client it was issued to, and only with the redirect_uri of the authorization request.' },
  rfc6749Refresh: { id: 'RFC6749-6', level: 'MUST', summary: 'A refresh request authenticates the client, and the authorization server uses a refresh token only for the client it was issued to.' },
  rfc6749Entropy: { id: 'RFC6749-10.10', level: 'MUST', summary: 'Codes and tokens are unguessable: the chance of guessing one must not exceed 2^-128, so an opaque value carries at least 128 bits of entropy.' },
  rfc6749CodeSingleUse: { id: 'RFC6749-10.5', level: 'MUST', summary: 'Authorization codes are short-lived and single-use: a code presented again is refused.' },
  rfc6749RevokeOnCodeReuse: { id: 'RFC6749-10.5-should', level: 'SHOULD', summary: 'When a code is presented again, the AS should revoke the tokens already issued for it.' },
  rfc8414JwksUri: { id: 'RFC8414-2', level: 'MUST', summary: "The metadata's jwks_uri names the authorization server's JWK Set document (RFC 7517): a JSON object whose keys array holds the keys that validate its signatures." },
  rfc8414Response: { id: 'RFC8414-3.2', level: 'MUST', summary: 'The metadata is returned with HTTP 200 as a JSON object, content type application/json.' },
  rfc8414Issuer: { id: 'RFC8414-3.3', level: 'MUST', summary: 'The issuer in the metadata is identical to the issuer identifier the metadata was retrieved for; every endpoint listed is an https URL.' },
  rfc6749TokenResponse: { id: 'RFC6749-5.1', level: 'MUST', summary: 'A successful token response is JSON with access_token and token_type (plus optional expires_in, refresh_token, scope) and is not cacheable.' },
  rfc7519NotBefore: { id: 'RFC7519-4.1.5', level: 'MUST', summary: 'A JWT must not be accepted before the time in its nbf claim; only a small leeway for clock skew (a few minutes at most) is allowed.' },
  rfc6749TokenError: { id: 'RFC6749-5.2', level: 'MUST', summary: 'A failed token request is answered, usually with HTTP 400 (401 may accompany invalid_client), by a JSON body whose error is one of the defined codes such as invalid_request, invalid_client or invalid_grant.' },

  // ---------------------------------------------------------------- OpenID Connect Core 1.0
  oidcIdToken: { id: 'OIDC-CORE-2', level: 'MUST', summary: 'The ID token is a signed JWT carrying at least iss, sub, aud, exp and iat, plus nonce, auth_time, acr, amr and azp where applicable.' },
  oidcClaimsParameter: { id: 'OIDC-CORE-5.5', level: 'MAY', summary: 'A client may ask for individual claims with the claims request parameter, for the ID token and for the userinfo response; the OP returns those it can release, and not returning one is no error.' },
  oidcNonce: { id: 'OIDC-CORE-3.1.2.1', level: 'MUST', summary: 'The authentication request may carry nonce, a value the OP must echo unchanged in the ID token so the client can bind it to its session and detect replay.' },
  oidcAtHash: { id: 'OIDC-CORE-3.1.3.6', level: 'MUST', summary: 'In the authorization code flow the ID token may carry at_hash, the base64url left half of the hash of the access token using the hash of the ID token alg.' },
  oidcIdTokenValidation: { id: 'OIDC-CORE-3.1.3.7', level: 'MUST', summary: 'The client validates an ID token from the token endpoint: issuer, audience, signature and algorithm, expiry, and nonce when one was sent.' },
  oidcNonceInIdToken: { id: 'OIDC-CORE-3.1.3.7-11', level: 'MUST', summary: 'If the client sent a nonce, the ID token must contain a nonce claim with exactly that value.' },
  oidcCHashValidation: { id: 'OIDC-CORE-3.3.2.10', level: 'MUST', summary: 'In the hybrid flow the client checks that c_hash in the front-channel ID token matches the returned code.' },
  oidcCHash: { id: 'OIDC-CORE-3.3.2.11', level: 'MUST', summary: 'An ID token returned from the authorization endpoint alongside a code (e.g. "code id_token") must carry c_hash, the hash of that code.' },
  oidcClientAuthentication: { id: 'OIDC-CORE-9', level: 'MUST', summary: 'Defines the client authentication methods, among them private_key_jwt (a JWT assertion signed with the client private key).' },
  oidcNonceUnguessable: { id: 'OIDC-CORE-15.5.2', level: 'SHOULD', summary: 'The nonce must be unguessable and tied to the user session, e.g. a hash of a random value kept in an HttpOnly cookie.' },
} as const satisfies Record<string, Entry>;

/** The keys code uses: `R.fapi2ParRequired`. */
export type RequirementKey = keyof typeof CATALOGUE;

function buildRequirement(key: string, { id, level, summary }: Entry): Requirement {
  const m = REQUIREMENT_ID_PATTERN.exec(id);
  if (!m) throw new Error(`requirements catalogue: malformed id "${id}"`);
  const specKey = m[1] as SpecKey;
  const section = m[2] as string;
  const spec: SpecInfo = SPECS[specKey];
  if (!LEVELS.includes(level)) throw new Error(`requirements catalogue: ${id} has no level (MUST, SHOULD or MAY)`);
  return Object.freeze({ id, key, level, spec: spec.name, url: spec.base + spec.anchor(section), summary });
}

function buildCatalogue(): Readonly<Record<string, Requirement>> {
  const out: Record<string, Requirement> = {};
  for (const [key, entry] of Object.entries(CATALOGUE) as [string, Entry][]) {
    if (Object.hasOwn(out, entry.id)) throw new Error(`requirements catalogue: duplicate id "${entry.id}" (${out[entry.id]!.key} and ${key})`);
    out[entry.id] = buildRequirement(key, entry);
  }
  return Object.freeze(out);
}

/** The catalogue, keyed by requirement ID. */
export const REQUIREMENTS: Readonly<Record<string, Requirement>> = buildCatalogue();

/** Looks up an id; throws Error naming the unknown id (a typo in a test must fail loudly). */
export function requirement(id: string): Requirement {
  // Object.hasOwn, not `in`/indexing: 'toString' or '__proto__' must not resolve to something.
  if (typeof id !== 'string' || !Object.hasOwn(REQUIREMENTS, id)) {
    throw new Error(`Unknown requirement id "${String(id)}": not in mock-rp/requirements.ts`);
  }
  return REQUIREMENTS[id] as Requirement;
}

/** Stable keys used by the harness's code, mapped to catalogue ids, so code never hard-codes clause numbers. */
export const R: { readonly [K in RequirementKey]: (typeof CATALOGUE)[K]['id'] } = Object.freeze(
  Object.fromEntries(Object.entries(CATALOGUE).map(([key, entry]) => [key, entry.id])),
) as { readonly [K in RequirementKey]: (typeof CATALOGUE)[K]['id'] };

/** The level of a catalogued id; undefined for an id the catalogue does not know. */
export function levelOf(id: string): Level | undefined {
  return Object.hasOwn(REQUIREMENTS, id) ? REQUIREMENTS[id]!.level : undefined;
}
