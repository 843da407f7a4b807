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
 *
 * Summaries are our own paraphrases; read the linked text for the normative wording.
 *
 * Code never spells clause numbers: it uses `R.someKey` (or `requirement(R.someKey)`), so renumbering
 * a clause is a one-line change here.
 */

export interface Requirement {
  /** Stable catalogue ID, e.g. 'FAPI2-SP-5.3.2.2-5'. */
  id: string;
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
  /^(FAPI2-SP|FAPI2-MS|FAPI1-ADV|FAPI1-BASE|JARM|RFC9126|RFC7636|RFC9101|RFC8705|RFC9449|RFC9207|RFC7523|RFC7591|RFC7592|RFC6749|RFC7519|RFC8414|OIDC-CORE)-(\d+(?:\.\d+)*)(?:-(\d+(?:\.\d+)?))?$/;

/** [id, summary] pairs; spec name and URL are derived from the ID so they cannot drift apart. */
const ENTRIES: ReadonlyArray<readonly [id: string, summary: string]> = [
  // ---------------------------------------------------------------- FAPI 2.0 Security Profile (final)
  // 5.3.2.1 General requirements for authorization servers
  ['FAPI2-SP-5.2.1-1', 'Every endpoint speaks TLS 1.2 or later, never an older version.'],
  ['FAPI2-SP-5.2.1-2', 'On TLS 1.2 connections only the cipher suites BCP 195 (RFC 9325) recommends are allowed: ECDHE or DHE key exchange with AES-GCM.'],
  ['FAPI2-SP-5.3.2.1-1', 'The authorization server publishes its endpoints and capabilities in a discovery metadata document (OpenID Connect Discovery / RFC 8414).'],
  ['FAPI2-SP-5.3.2.1-2', 'The authorization server turns down token requests that use the resource owner password credentials grant.'],
  ['FAPI2-SP-5.3.2.1-3', 'The authorization server serves confidential clients only; public clients are out of scope.'],
  ['FAPI2-SP-5.3.2.1-4', 'Every access token the authorization server issues is sender-constrained; it never hands out plain bearer tokens.'],
  ['FAPI2-SP-5.3.2.1-5', 'Access tokens are sender-constrained either by mutual-TLS certificate binding (RFC 8705) or by DPoP (RFC 9449).'],
  ['FAPI2-SP-5.3.2.1-6', 'Clients authenticate to the authorization server only with mutual TLS (RFC 8705 section 2) or private_key_jwt (OpenID Connect Core section 9).'],
  ['FAPI2-SP-5.3.2.1-8', 'In a client authentication assertion the authorization server accepts nothing but its own issuer identifier, given as a single string, as the audience.'],
  ['FAPI2-SP-5.3.2.1-11', 'An authorization code stops being redeemable at most 60 seconds after the authorization server issued it.'],
  ['FAPI2-SP-5.3.2.1-13', 'JWTs whose iat or nbf lies up to 10 seconds ahead are still accepted, while ones dated more than 60 seconds ahead are refused.'],
  // 5.3.2.2 Authorization endpoint flows
  ['FAPI2-SP-5.3.2.2-1', 'The authorization server insists on response_type=code at the authorization endpoint.'],
  ['FAPI2-SP-5.3.2.2-3', 'An authorization request that did not go through the pushed authorization request endpoint (RFC 9126) is refused.'],
  ['FAPI2-SP-5.3.2.2-4', 'A pushed authorization request that carries no client authentication is refused.'],
  ['FAPI2-SP-5.3.2.2-5', 'PKCE with the S256 method is mandatory, so a request without a code challenge or with the plain method fails.'],
  ['FAPI2-SP-5.3.2.2-6', 'A pushed authorization request must contain redirect_uri, otherwise the authorization server rejects it.'],
  ['FAPI2-SP-5.3.2.2-7', 'The authorization server puts the iss parameter into its authorization responses as RFC 9207 describes.'],
  ['FAPI2-SP-5.3.2.2-8', 'Redirect URIs with the http scheme are not allowed (loopback redirection of native clients aside), so authorization responses never travel unencrypted.'],
  ['FAPI2-SP-5.3.2.2-9', 'An authorization code presented a second time is rejected.'],
  ['FAPI2-SP-5.3.2.2-12', 'The request_uri returned from the PAR endpoint has an expires_in value below 600 seconds.'],
  // 5.3.4 Requirements for resource servers
  ['FAPI2-SP-5.3.4-2', 'Resource servers do not accept access tokens in the query string (RFC 6750 2.3).'],
  ['FAPI2-SP-5.3.4-5', 'Resource servers accept sender-constrained access tokens (mutual TLS and/or DPoP) and check that the caller proves possession of the bound key.'],
  // 5.4.1 Cryptography and secrets
  ['FAPI2-SP-5.4.1-1.2', 'Every party signs and verifies JWTs with PS256, ES256 or EdDSA over Ed25519 and no other algorithm.'],
  ['FAPI2-SP-5.4.1-1.3', 'The none algorithm is never used to produce a JWT and a JWT that declares it is never accepted.'],
  ['FAPI2-SP-5.4.1-2', 'RSA keys are at least 2048 bits long.'],
  ['FAPI2-SP-5.4.1-3', 'Elliptic-curve keys are at least 224 bits long.'],

  // ---------------------------------------------------------------- FAPI 2.0 Message Signing (final)
  ['FAPI2-MS-5.3.1-1', 'An authorization server doing request signing accepts only signed JAR request objects at the PAR endpoint, and verifies them.'],
  ['FAPI2-MS-5.3.1-2', 'The request object must name the authorization server issuer identifier in aud, as the value or as a member of an array.'],
  ['FAPI2-MS-5.3.1-3', 'The request object must carry an nbf claim no more than 60 minutes old.'],
  ['FAPI2-MS-5.3.1-4', 'The request object must carry an exp claim that lies at most 60 minutes after its nbf.'],
  ['FAPI2-MS-5.4.1-1', 'An authorization server doing response signing supports, demands and returns JARM-signed authorization responses.'],

  // ---------------------------------------------------------------- FAPI 1.0 Part 2: Advanced (final)
  ['FAPI1-BASE-6.2.1-3', 'Protected resources do not accept access tokens in the query parameters (RFC 6750 2.3).'],
  ['FAPI1-ADV-5.2.2-1', 'The authorization server demands a JWS-signed request object, passed by value (request) or by reference (request_uri).'],
  ['FAPI1-ADV-5.2.2-2', 'The authorization server demands either response_type "code id_token" or response_type "code" together with response_mode "jwt" (JARM).'],
  ['FAPI1-ADV-5.2.2-5', 'The authorization server issues sender-constrained access tokens only.'],
  ['FAPI1-ADV-5.2.2-6', 'The authorization server supports mutual TLS as the way of binding access tokens to their legitimate sender.'],
  ['FAPI1-ADV-5.2.2-10', 'The authorization server uses only the parameters inside the signed request object (client_id aside), so a parameter missing there is missing.'],
  ['FAPI1-ADV-5.2.2-13', 'The request object must contain exp, and exp may lie no more than 60 minutes after nbf.'],
  ['FAPI1-ADV-5.2.2-14', 'Confidential clients authenticate only with tls_client_auth, self_signed_tls_client_auth or private_key_jwt.'],
  ['FAPI1-ADV-5.2.2-15', 'The request object audience must be, or must include, the OP issuer identifier URL.'],
  ['FAPI1-ADV-5.2.2-17', 'The request object must contain an nbf claim that is at most 60 minutes in the past.'],
  ['FAPI1-ADV-5.2.2-18', 'When PAR is offered, pushed requests must use PKCE with the S256 method.'],
  ['FAPI1-ADV-5.2.2.1-5', 'With response_type "code id_token", the ID token carries s_hash whenever the client sent a state value.'],
  ['FAPI1-ADV-5.2.2.2-1', 'With response_type "code" and response_mode "jwt", the authorization server wraps its authorization responses in a JARM JWT.'],
  ['FAPI1-ADV-8.5-1', 'Only TLS 1.2 or later is used; on TLS 1.2 the server permits only TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 and TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384.'],
  ['FAPI1-ADV-8.6-1', 'Clients and authorization servers sign JWS objects with PS256 or ES256 only.'],
  ['FAPI1-ADV-8.6-3', 'Clients and authorization servers never use the none algorithm for JWS.'],

  // ---------------------------------------------------------------- FAPI 1.0 Part 1: Baseline (final), which Advanced builds on
  ['FAPI1-BASE-5.2.2-8', 'The authorization server requires redirect URIs to be registered beforehand.'],
  ['FAPI1-BASE-5.2.2-9', 'The authorization server requires the redirect_uri in the authorization request.'],
  ['FAPI1-BASE-5.2.2.2-1', 'When the client asks for the openid scope, the authorization server requires a nonce in the authentication request.'],
  ['FAPI1-BASE-5.2.2-20', 'The authorization server accepts only redirect URIs that use the https scheme.'],

  // ---------------------------------------------------------------- JARM (final)
  ['JARM-2.1', 'The response JWT contains iss (the issuing authorization server), aud (the client_id), exp, and every authorization response parameter such as code and state (or the error fields).'],
  ['JARM-2.2', 'The response JWT is signed, optionally then encrypted, with the algorithm the authorization server picks from the client\'s registered metadata.'],
  ['JARM-2.4', 'Before using any parameter from the response JWT the client validates it: optional decryption, then iss, aud, exp and signature checks, aborting on any failure.'],
  ['JARM-2.4-2', 'The client refuses the response unless its iss is the issuer the authorization request was sent to.'],
  ['JARM-2.4-3', 'The client refuses the response unless its aud matches its own client_id.'],
  ['JARM-2.4-4', 'The client refuses the response once its exp has passed.'],
  ['JARM-2.4-5', 'The client refuses the response unless its signature verifies, and never accepts alg none.'],
  ['JARM-3', 'Client metadata authorization_signed_response_alg selects the response signing algorithm (RS256 by default, none forbidden).'],
  ['JARM-4', 'Authorization server metadata advertises the supported JARM signing/encryption algorithms and the jwt response modes.'],

  // ---------------------------------------------------------------- RFC 9126 PAR
  ['RFC9126-2', 'At the PAR endpoint the authorization server accepts its issuer identifier, its token endpoint URL or its PAR endpoint URL as the audience of a client assertion.'],
  ['RFC9126-2.1', 'The client POSTs the authorization request parameters form-encoded to the PAR endpoint, authenticating as at the token endpoint and never including request_uri.'],
  ['RFC9126-2.2', 'A successful push is answered with HTTP 201 and a JSON body holding a single-use request_uri bound to the client and its lifetime in expires_in.'],
  ['RFC9126-2.3', 'A failed push is answered with a token-endpoint style JSON error (e.g. 400 invalid_request), or with 405, 413 or 429 where applicable.'],
  ['RFC9126-4', 'The client then sends only client_id and request_uri to the authorization endpoint; the AS refuses an expired request_uri, honours it only for the client that pushed it, and should treat it as one-time use (a reload by the user agent may be tolerated).'],
  ['RFC9126-5', 'Authorization server metadata names the PAR endpoint and, via require_pushed_authorization_requests, whether only pushed requests are accepted.'],

  // ---------------------------------------------------------------- RFC 7636 PKCE
  ['RFC7636-4.2', 'The client derives code_challenge from code_verifier, with S256 being BASE64URL(SHA-256(ASCII(code_verifier))).'],
  ['RFC7636-4.4.1', 'A server that requires PKCE answers a request missing code_challenge, or with an unsupported method, with an invalid_request authorization error.'],
  ['RFC7636-4.6', 'At the token endpoint the server recomputes the challenge from code_verifier and refuses the grant (invalid_grant) if it does not match.'],

  // ---------------------------------------------------------------- RFC 9101 JAR
  ['RFC9101-4', 'A request object is a JWT whose claims are the authorization request parameters, secured with a JWS signature (optionally nested in JWE); it never contains request or request_uri.'],
  ['RFC9101-5', 'When a request object is used, the AS takes the authorization request parameters from it alone, ignoring any given outside it.'],
  ['RFC9101-6.2', 'The authorization server verifies the request object signature with a key of the client, and returns invalid_request_object if that fails.'],
  ['RFC9101-10.5', 'When require_signed_request_object is set (server or client metadata), the server rejects any authorization request without a conforming signed request object, including one using alg none.'],

  // ---------------------------------------------------------------- RFC 8705 mTLS
  ['RFC8705-2.1', 'With tls_client_auth the client is authenticated by a CA-issued certificate whose subject DN or SAN matches the registered value.'],
  ['RFC8705-2.2', 'With self_signed_tls_client_auth the client is authenticated by a certificate that matches one registered in its JWK set.'],
  ['RFC8705-3', 'Access tokens obtained over mutual TLS are bound to the client certificate, and the protected resource rejects a token (401 invalid_token) presented over a connection with a different certificate.'],
  ['RFC8705-3.4', 'Client metadata tls_client_certificate_bound_access_tokens asks the authorization server for certificate-bound access tokens.'],
  ['RFC8705-3.1', 'In a JWT access token the binding appears as cnf.x5t#S256, the base64url SHA-256 thumbprint of the DER-encoded client certificate.'],

  // ---------------------------------------------------------------- RFC 9449 DPoP
  ['RFC9449-4.2', 'A DPoP proof is a JWT typed dpop+jwt, signed with an asymmetric algorithm, carrying the public jwk in its header and jti, htm, htu, iat (plus ath and nonce when relevant) in its claims.'],
  ['RFC9449-4.3', 'The receiving server checks a DPoP proof in full: single header, syntax, typ, acceptable alg, signature, no private key, htm, htu, nonce, freshness and, at a resource, ath and key binding.'],
  ['RFC9449-4.3-12', 'At a protected resource the proof ath must equal the hash of the presented access token and the proof key must be the key the token is bound to.'],
  ['RFC9449-5', 'A token request with a valid DPoP proof yields an access token bound to that key and token_type DPoP; an invalid proof yields invalid_dpop_proof.'],
  ['RFC9449-5.2', 'Client metadata dpop_bound_access_tokens states that the client always uses DPoP at the token endpoint.'],
  ['RFC9449-7', 'Resource requests carry the access token plus a DPoP proof whose ath hashes that token, and the resource server checks both and the key binding.'],
  ['RFC9449-10', 'An authorization code can be bound to a DPoP key, by dpop_jkt in the authorization request or by a DPoP proof at PAR; the token request must prove that key, and a dpop_jkt that contradicts the PAR proof is refused.'],
  ['RFC9449-8', 'The authorization server may demand a server-chosen nonce in DPoP proofs, signalling it with use_dpop_nonce and a DPoP-Nonce header.'],

  // ---------------------------------------------------------------- RFC 9207 iss
  ['RFC9207-2', 'Authorization responses, error responses included, carry an iss parameter holding the authorization server issuer identifier.'],
  ['RFC9207-2.4', 'The client compares the received iss with the issuer it sent the request to and rejects the response on mismatch (or when iss is required but absent).'],

  // ---------------------------------------------------------------- RFC 7523 JWT client authentication
  ['RFC7523-2.2', 'JWT client authentication sends client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer and exactly one JWT in client_assertion.'],
  ['RFC7523-3', 'A client assertion must carry iss, sub equal to the client_id, an aud naming the authorization server and an exp, and be signed; the server rejects it otherwise.'],

  // ---------------------------------------------------------------- RFC 7591 Dynamic Client Registration
  ['RFC7591-2', 'Client metadata (redirect_uris, token_endpoint_auth_method, grant_types, jwks or jwks_uri, ...) describe how a client talks to the authorization server.'],
  ['RFC7591-3.2.1', 'A successful registration is answered with HTTP 201, a client_id and every metadata value the server registered for the client.'],
  ['RFC7591-3.2.2', 'A registration that cannot be accepted is answered with HTTP 400 and an error such as invalid_redirect_uri or invalid_client_metadata.'],

  // ---------------------------------------------------------------- RFC 7592 Dynamic Client Registration Management
  ['RFC7592-2', 'The client configuration endpoint answers only requests that carry the registration access token as a bearer token; others get HTTP 401.'],
  ['RFC7592-2.1', 'A GET with the registration access token returns the client\'s current registration.'],
  ['RFC7592-2.2', 'A PUT with the registration access token replaces the client\'s metadata and returns the registration as now stored.'],
  ['RFC7592-2.3', 'A DELETE with the registration access token deprovisions the client (HTTP 204); afterwards its client_id and token are no longer valid.'],

  // ---------------------------------------------------------------- RFC 6749 OAuth 2.0
  ['RFC6749-2.3.1', 'A client holding a password (client_secret) authenticates with HTTP Basic, or alternatively with client_id/client_secret in the request body.'],
  ['RFC6749-3.3', 'The scope parameter is a list of space-delimited values whose order carries no meaning.'],
  ['RFC6749-4.1.2', 'A successful authorization response carries the code, and the state exactly as the client sent it (and none when it sent none).'],
  ['RFC6749-4.1.2.1', 'A failed authorization request is reported by redirecting with error (one of the registered codes), optional error_description/error_uri, and state when one was sent.'],
  ['RFC6749-4.1.3', 'The authorization server redeems a code only for the authenticated client it was issued to, and only with the redirect_uri of the authorization request.'],
  ['RFC6749-6', 'A refresh request authenticates the client, and the authorization server uses a refresh token only for the client it was issued to.'],
  ['RFC6749-10.10', 'Codes and tokens are unguessable: the chance of guessing one must not exceed 2^-128, so an opaque value carries at least 128 bits of entropy.'],
  ['RFC6749-10.5', 'Authorization codes are short-lived and single-use: a code presented again is refused, and the tokens issued for it should be revoked.'],
  ['RFC8414-2', "The metadata's jwks_uri names the authorization server's JWK Set document (RFC 7517): a JSON object whose keys array holds the keys that validate its signatures."],
  ['RFC8414-3.2', 'The metadata is returned with HTTP 200 as a JSON object, content type application/json.'],
  ['RFC8414-3.3', 'The issuer in the metadata is identical to the issuer identifier the metadata was retrieved for; every endpoint listed is an https URL.'],
  ['RFC6749-5.1', 'A successful token response is JSON with access_token and token_type (plus optional expires_in, refresh_token, scope) and is not cacheable.'],
  ['RFC7519-4.1.5', 'A JWT must not be accepted before the time in its nbf claim; only a small leeway for clock skew (a few minutes at most) is allowed.'],
  ['RFC6749-5.2', 'A failed token request is answered, usually with HTTP 400 (401 may accompany invalid_client), by a JSON body whose error is one of the defined codes such as invalid_request, invalid_client or invalid_grant.'],

  // ---------------------------------------------------------------- OpenID Connect Core 1.0
  ['OIDC-CORE-2', 'The ID token is a signed JWT carrying at least iss, sub, aud, exp and iat, plus nonce, auth_time, acr, amr and azp where applicable.'],
  ['OIDC-CORE-5.5', 'A client may ask for individual claims with the claims request parameter, for the ID token and for the userinfo response; the OP returns those it can release.'],
  ['OIDC-CORE-3.1.2.1', 'The authentication request may carry nonce, a value the OP must echo unchanged in the ID token so the client can bind it to its session and detect replay.'],
  ['OIDC-CORE-3.1.3.6', 'In the authorization code flow the ID token may carry at_hash, the base64url left half of the hash of the access token using the hash of the ID token alg.'],
  ['OIDC-CORE-3.1.3.7', 'The client validates an ID token from the token endpoint: issuer, audience, signature and algorithm, expiry, and nonce when one was sent.'],
  ['OIDC-CORE-3.1.3.7-11', 'If the client sent a nonce, the ID token must contain a nonce claim with exactly that value.'],
  ['OIDC-CORE-3.3.2.10', 'In the hybrid flow the client checks that c_hash in the front-channel ID token matches the returned code.'],
  ['OIDC-CORE-3.3.2.11', 'An ID token returned from the authorization endpoint alongside a code (e.g. "code id_token") must carry c_hash, the hash of that code.'],
  ['OIDC-CORE-9', 'Defines the client authentication methods, among them private_key_jwt (a JWT assertion signed with the client private key).'],
  ['OIDC-CORE-15.5.2', 'The nonce must be unguessable and tied to the user session, e.g. a hash of a random value kept in an HttpOnly cookie.'],
];

function buildRequirement(id: string, summary: string): Requirement {
  const m = REQUIREMENT_ID_PATTERN.exec(id);
  if (!m) throw new Error(`requirements catalogue: malformed id "${id}"`);
  const specKey = m[1] as SpecKey;
  const section = m[2] as string;
  const spec: SpecInfo = SPECS[specKey];
  return Object.freeze({ id, spec: spec.name, url: spec.base + spec.anchor(section), summary });
}

function buildCatalogue(): Readonly<Record<string, Requirement>> {
  const out: Record<string, Requirement> = {};
  for (const [id, summary] of ENTRIES) {
    if (Object.hasOwn(out, id)) throw new Error(`requirements catalogue: duplicate id "${id}"`);
    out[id] = buildRequirement(id, summary);
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

export type RequirementKey =
  | 'fapi2ParRequired'
  | 'fapi2ParClientAuth'
  | 'fapi2PkceS256Required'
  | 'fapi2RedirectUriInPar'
  | 'fapi2IssInResponse'
  | 'fapi2SenderConstrained'
  | 'fapi2SenderConstraintMethods'
  | 'fapi2ClientAuthMethods'
  | 'fapi2ConfidentialClients'
  | 'fapi2ClientAssertionAudience'
  | 'fapi2AuthCodeLifetime'
  | 'fapi2AlgorithmsAllowed'
  | 'fapi2RsKeyBinding'
  | 'fapi2DiscoveryMetadata'
  | 'fapi2RejectNoneAlg'
  | 'fapi2msSignedRequestObject'
  | 'fapi2msJarm'
  | 'fapi1SignedRequestObject'
  | 'fapi1ResponseTypeJarm'
  | 'fapi1HolderOfKey'
  | 'fapi1ClientAuthMethods'
  | 'fapi1PkceS256WithPar'
  | 'fapi1RequestObjectExpNbf'
  | 'fapi1Algorithms'
  | 'fapi1SHash'
  | 'fapi1RejectNoneAlg'
  | 'jarmResponse'
  | 'jarmValidation'
  | 'jarmSigningAlg'
  | 'rfc9126ClientAssertionAudience'
  | 'rfc9126Request'
  | 'rfc9126Response'
  | 'rfc9126Error'
  | 'rfc9126Require'
  | 'rfc7636Challenge'
  | 'rfc7636ServerRequiresPkce'
  | 'rfc7636Verify'
  | 'rfc9101RequestObject'
  | 'rfc9101Verify'
  | 'rfc8705TlsClientAuth'
  | 'rfc8705BoundTokens'
  | 'rfc8705Cnf'
  | 'rfc8705ResourceCheck'
  | 'rfc9449Proof'
  | 'rfc9449ProofCheck'
  | 'rfc9449TokenRequest'
  | 'rfc9449Resource'
  | 'rfc9449Nonce'
  | 'rfc9449CodeBinding'
  | 'rfc9207Iss'
  | 'rfc9207ClientValidation'
  | 'rfc7523ClientAssertion'
  | 'rfc6749AuthzError'
  | 'rfc6749TokenError'
  | 'rfc6749CodeBoundToClient'
  | 'rfc6749CodeRedirectUri'
  | 'rfc7519NotBefore'
  | 'rfc6749CodeSingleUse'
  | 'rfc6749Refresh'
  | 'rfc6749Entropy'
  | 'rfc8414Issuer'
  | 'rfc8414JwksUri'
  | 'rfc8414Response'
  | 'fapi2CodeSingleUse'
  | 'fapi2TlsVersion'
  | 'fapi2NoTokenInQuery'
  | 'fapi1NoTokenInQuery'
  | 'fapi2TlsCiphers'
  | 'fapi1Tls'
  | 'rfc6749TokenResponse'
  | 'rfc6749ClientSecret'
  | 'oidcIdTokenValidation'
  | 'oidcIdToken'
  | 'oidcCHash'
  | 'oidcAtHash'
  | 'oidcNonce'
  | 'fapi2HttpsRedirectUris'
  | 'fapi1HttpsRedirectUris'
  | 'rfc7591Metadata'
  | 'rfc7591Response'
  | 'rfc7591Error'
  | 'rfc7592TokenRequired'
  | 'rfc7592Read'
  | 'rfc7592Update'
  | 'rfc7592Delete'
  | 'rfc8705BoundTokensMetadata'
  | 'rfc9449BoundTokensMetadata'
  | 'fapi2msRequestObjectAud'
  | 'fapi2msRequestObjectNbf'
  | 'fapi2msRequestObjectExp'
  | 'fapi1RequestObjectAud'
  | 'fapi1RequestObjectNbf'
  | 'fapi2ClockSkew'
  | 'fapi1RedirectUriRequired'
  | 'fapi1NonceRequired'
  | 'fapi1OnlyRequestObjectParams'
  | 'fapi1RegisteredRedirectUris'
  | 'fapi2ResponseTypeCode'
  | 'fapi2RequestUriLifetime'
  | 'rfc9126AuthorizationRequest'
  | 'rfc9101OutsideParamsIgnored'
  | 'rfc6749AuthzResponse'
  | 'rfc6749Scope'
  | 'oidcClaimsParameter';

/** Stable keys used by the harness's code, mapped to catalogue ids, so code never hard-codes clause numbers. */
export const R: { readonly [key in RequirementKey]: string } = Object.freeze({
  // FAPI 2.0 Security Profile
  fapi2ParRequired: 'FAPI2-SP-5.3.2.2-3',
  fapi2ParClientAuth: 'FAPI2-SP-5.3.2.2-4',
  fapi2PkceS256Required: 'FAPI2-SP-5.3.2.2-5',
  fapi2RedirectUriInPar: 'FAPI2-SP-5.3.2.2-6',
  fapi2IssInResponse: 'FAPI2-SP-5.3.2.2-7',
  fapi2SenderConstrained: 'FAPI2-SP-5.3.2.1-4',
  fapi2SenderConstraintMethods: 'FAPI2-SP-5.3.2.1-5',
  fapi2ClientAuthMethods: 'FAPI2-SP-5.3.2.1-6',
  fapi2ConfidentialClients: 'FAPI2-SP-5.3.2.1-3',
  fapi2ClientAssertionAudience: 'FAPI2-SP-5.3.2.1-8',
  fapi2AuthCodeLifetime: 'FAPI2-SP-5.3.2.1-11',
  fapi2AlgorithmsAllowed: 'FAPI2-SP-5.4.1-1.2',
  fapi2RsKeyBinding: 'FAPI2-SP-5.3.4-5',
  fapi2DiscoveryMetadata: 'FAPI2-SP-5.3.2.1-1',
  fapi2RejectNoneAlg: 'FAPI2-SP-5.4.1-1.3',
  // FAPI 2.0 Message Signing
  fapi2msSignedRequestObject: 'FAPI2-MS-5.3.1-1',
  fapi2msJarm: 'FAPI2-MS-5.4.1-1',
  // FAPI 1.0 Advanced
  fapi1SignedRequestObject: 'FAPI1-ADV-5.2.2-1',
  fapi1ResponseTypeJarm: 'FAPI1-ADV-5.2.2-2',
  fapi1HolderOfKey: 'FAPI1-ADV-5.2.2-5',
  fapi1ClientAuthMethods: 'FAPI1-ADV-5.2.2-14',
  fapi1PkceS256WithPar: 'FAPI1-ADV-5.2.2-18',
  fapi1RequestObjectExpNbf: 'FAPI1-ADV-5.2.2-13',
  fapi1Algorithms: 'FAPI1-ADV-8.6-1',
  fapi1SHash: 'FAPI1-ADV-5.2.2.1-5',
  fapi1RejectNoneAlg: 'FAPI1-ADV-8.6-3',
  // JARM
  jarmResponse: 'JARM-2.1',
  jarmValidation: 'JARM-2.4',
  jarmSigningAlg: 'JARM-2.2',
  // RFC 9126
  rfc9126ClientAssertionAudience: 'RFC9126-2',
  rfc9126Request: 'RFC9126-2.1',
  rfc9126Response: 'RFC9126-2.2',
  rfc9126Error: 'RFC9126-2.3',
  rfc9126Require: 'RFC9126-5',
  // RFC 7636
  rfc7636Challenge: 'RFC7636-4.2',
  rfc7636ServerRequiresPkce: 'RFC7636-4.4.1',
  rfc7636Verify: 'RFC7636-4.6',
  // RFC 9101
  rfc9101RequestObject: 'RFC9101-4',
  rfc9101Verify: 'RFC9101-6.2',
  // RFC 8705 (binding and resource-side check are both section 3 prose)
  rfc8705TlsClientAuth: 'RFC8705-2.1',
  rfc8705BoundTokens: 'RFC8705-3',
  rfc8705Cnf: 'RFC8705-3.1',
  rfc8705ResourceCheck: 'RFC8705-3',
  // RFC 9449
  rfc9449Proof: 'RFC9449-4.2',
  rfc9449ProofCheck: 'RFC9449-4.3',
  rfc9449TokenRequest: 'RFC9449-5',
  rfc9449Resource: 'RFC9449-7',
  rfc9449CodeBinding: 'RFC9449-10',
  rfc9449Nonce: 'RFC9449-8',
  // RFC 9207
  rfc9207Iss: 'RFC9207-2',
  rfc9207ClientValidation: 'RFC9207-2.4',
  // RFC 7523
  rfc7523ClientAssertion: 'RFC7523-3',
  // RFC 6749
  rfc6749AuthzError: 'RFC6749-4.1.2.1',
  rfc6749TokenError: 'RFC6749-5.2',
  rfc6749CodeBoundToClient: 'RFC6749-4.1.3',
  // The same clause: the code is redeemed only with the redirect_uri of the authorization request, present and identical.
  rfc6749CodeRedirectUri: 'RFC6749-4.1.3',
  rfc7519NotBefore: 'RFC7519-4.1.5',
  rfc6749CodeSingleUse: 'RFC6749-10.5',
  rfc6749Refresh: 'RFC6749-6',
  rfc6749Entropy: 'RFC6749-10.10',
  rfc8414Issuer: 'RFC8414-3.3',
  rfc8414JwksUri: 'RFC8414-2',
  rfc8414Response: 'RFC8414-3.2',
  fapi2CodeSingleUse: 'FAPI2-SP-5.3.2.2-9',
  fapi2TlsVersion: 'FAPI2-SP-5.2.1-1',
  fapi2NoTokenInQuery: 'FAPI2-SP-5.3.4-2',
  fapi1NoTokenInQuery: 'FAPI1-BASE-6.2.1-3',
  fapi2TlsCiphers: 'FAPI2-SP-5.2.1-2',
  fapi1Tls: 'FAPI1-ADV-8.5-1',
  rfc6749TokenResponse: 'RFC6749-5.1',
  rfc6749ClientSecret: 'RFC6749-2.3.1',
  // OpenID Connect Core
  oidcIdTokenValidation: 'OIDC-CORE-3.1.3.7',
  oidcIdToken: 'OIDC-CORE-2',
  oidcCHash: 'OIDC-CORE-3.3.2.11',
  oidcAtHash: 'OIDC-CORE-3.1.3.6',
  oidcNonce: 'OIDC-CORE-3.1.2.1',
  // Dynamic client registration (RFC 7591, RFC 7592) and the FAPI rules it must enforce
  fapi2HttpsRedirectUris: 'FAPI2-SP-5.3.2.2-8',
  fapi1HttpsRedirectUris: 'FAPI1-BASE-5.2.2-20',
  rfc7591Metadata: 'RFC7591-2',
  rfc7591Response: 'RFC7591-3.2.1',
  rfc7591Error: 'RFC7591-3.2.2',
  rfc7592TokenRequired: 'RFC7592-2',
  rfc7592Read: 'RFC7592-2.1',
  rfc7592Update: 'RFC7592-2.2',
  rfc7592Delete: 'RFC7592-2.3',
  rfc8705BoundTokensMetadata: 'RFC8705-3.4',
  rfc9449BoundTokensMetadata: 'RFC9449-5.2',
  // Request object claims (JAR under FAPI)
  fapi2msRequestObjectAud: 'FAPI2-MS-5.3.1-2',
  fapi2msRequestObjectNbf: 'FAPI2-MS-5.3.1-3',
  fapi2msRequestObjectExp: 'FAPI2-MS-5.3.1-4',
  fapi1RequestObjectAud: 'FAPI1-ADV-5.2.2-15',
  fapi1RequestObjectNbf: 'FAPI1-ADV-5.2.2-17',
  fapi2ClockSkew: 'FAPI2-SP-5.3.2.1-13',
  fapi1RedirectUriRequired: 'FAPI1-BASE-5.2.2-9',
  fapi1NonceRequired: 'FAPI1-BASE-5.2.2.2-1',
  fapi1OnlyRequestObjectParams: 'FAPI1-ADV-5.2.2-10',
  fapi1RegisteredRedirectUris: 'FAPI1-BASE-5.2.2-8',
  fapi2ResponseTypeCode: 'FAPI2-SP-5.3.2.2-1',
  fapi2RequestUriLifetime: 'FAPI2-SP-5.3.2.2-12',
  rfc9126AuthorizationRequest: 'RFC9126-4',
  rfc9101OutsideParamsIgnored: 'RFC9101-5',
  rfc6749AuthzResponse: 'RFC6749-4.1.2',
  rfc6749Scope: 'RFC6749-3.3',
  oidcClaimsParameter: 'OIDC-CORE-5.5',
});

// A key pointing at a missing entry is a bug in this file: fail at import time, not in the middle of a run.
for (const [key, id] of Object.entries(R)) {
  if (!Object.hasOwn(REQUIREMENTS, id)) throw new Error(`requirements catalogue: R.${key} -> "${id}" is not catalogued`);
}
