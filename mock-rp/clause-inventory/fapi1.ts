/**
 * FAPI 1.0 Part 2: Advanced (final), and the Part 1: Baseline clauses Part 2 imports for the authorization server
 * (5.2.2 except item 7, and its subsections), the protected resource (6.2.1) and TLS (7.1).
 */
import { explained as x, tested as t } from './rows';
import type { ClauseRow } from './types';

const ADVANCED: ClauseRow[] = [
  // 5.2.2 Authorization server (items 3, 4, 7, 8, 9 and 12 were moved or withdrawn)
  t('FAPI1-ADV-5.2.2-1', 'MUST', 'AS', 'A JWS-signed request object is required, by value (request) or by reference (request_uri).', ['FAPI1-ADV-5.2.2-1']),
  t('FAPI1-ADV-5.2.2-2', 'MUST', 'AS', 'response_type must be "code id_token", or "code" with response_mode "jwt".', ['FAPI1-ADV-5.2.2-2']),
  t('FAPI1-ADV-5.2.2-5', 'MUST', 'AS', 'Only sender-constrained access tokens are issued.', ['FAPI1-ADV-5.2.2-5']),
  t('FAPI1-ADV-5.2.2-6', 'MUST', 'AS', 'Mutual-TLS certificate binding (RFC 8705) is supported for access tokens.', ['FAPI1-ADV-5.2.2-5', 'RFC8705-3']),
  t('FAPI1-ADV-5.2.2-10', 'MUST', 'AS', 'Only the parameters inside the signed request object are used.', ['FAPI1-ADV-5.2.2-10']),
  x('FAPI1-ADV-5.2.2-11', 'MAY', 'AS', 'The pushed authorization request endpoint may be offered.', 'optional', 'a permission; when it is offered, the PAR rows apply'),
  t('FAPI1-ADV-5.2.2-13', 'MUST', 'AS', 'The request object must carry exp at most 60 minutes after nbf.', ['FAPI1-ADV-5.2.2-13']),
  t('FAPI1-ADV-5.2.2-14', 'MUST', 'AS', 'Confidential clients authenticate with tls_client_auth, self_signed_tls_client_auth or private_key_jwt only.', ['FAPI1-ADV-5.2.2-14']),
  t('FAPI1-ADV-5.2.2-15', 'MUST', 'AS', 'The request object\'s aud must be, or contain, the issuer identifier.', ['FAPI1-ADV-5.2.2-15']),
  t('FAPI1-ADV-5.2.2-16', 'MUST', 'AS', 'Public clients are not supported.', ['FAPI1-ADV-5.2.2-14'], 'probed through dynamic registration of a public client only'),
  t('FAPI1-ADV-5.2.2-17', 'MUST', 'AS', 'The request object must carry nbf no more than 60 minutes old.', ['FAPI1-ADV-5.2.2-17']),
  t('FAPI1-ADV-5.2.2-18', 'MUST', 'AS', 'Pushed requests, where PAR is offered, must use PKCE with S256.', ['FAPI1-ADV-5.2.2-18']),
  // 5.2.2.1 ID token as detached signature (response_type "code id_token")
  x('FAPI1-ADV-5.2.2.1-1', 'MUST', 'AS', 'With "code id_token", OpenID Connect is supported.', 'later', 'needs a FAPI 1.0 variant using response_type "code id_token"; the harness runs FAPI 1.0 with code and JARM only'),
  t('FAPI1-ADV-5.2.2.1-2', 'MUST', 'AS', 'Signed ID tokens are supported.', ['OIDC-CORE-3.1.3.7', 'FAPI1-ADV-8.6-1'], 'seen on ID tokens from the token endpoint; the harness does not use "code id_token"'),
  x('FAPI1-ADV-5.2.2.1-3', 'SHOULD', 'AS', 'Signed and encrypted ID tokens are supported too.', 'later', 'needs a client registered with ID token encryption keys'),
  x('FAPI1-ADV-5.2.2.1-4', 'MUST', 'AS', 'An ID token is returned with the authorization response as its detached signature.', 'later', 'needs a FAPI 1.0 variant using response_type "code id_token"; the harness runs FAPI 1.0 with code and JARM only'),
  x('FAPI1-ADV-5.2.2.1-5', 'MUST', 'AS', 'The front-channel ID token carries s_hash whenever the client sent state.', 'later', 'needs a FAPI 1.0 variant using response_type "code id_token"; the harness runs FAPI 1.0 with code and JARM only (s_hash is checked whenever an ID token carries one)'),
  x('FAPI1-ADV-5.2.2.1-6', 'SHOULD', 'AS', 'Sensitive personal data stays out of the front-channel ID token unless it is encrypted.', 'operator', 'which claims are sensitive is the deployment\'s to say'),
  // 5.2.2.2 JARM (response_type "code" with response_mode "jwt")
  t('FAPI1-ADV-5.2.2.2-1', 'MUST', 'AS', 'With "code" and response_mode "jwt", authorization responses are JWT-secured as JARM specifies.', ['JARM-2.1', 'FAPI1-ADV-5.2.2-2']),
  // 6.2.1 Protected resources
  x('FAPI1-ADV-6.2.1-1', 'MUST', 'RS', 'Protected resources meet the Part 1 provisions for protected resources (6.2.1).', 'covered', 'inventoried item by item under FAPI1-BASE-6.2.1'),
  t('FAPI1-ADV-6.2.1-2', 'MUST', 'RS', 'Protected resources follow RFC 8705 for certificate-bound tokens.', ['RFC8705-3']),
  // 8.2 Uncertainty of resource server handling of access tokens
  t('FAPI1-ADV-8.2', 'MUST', 'RS', 'Protected resources accept no bearer access token, only mutual-TLS sender-constrained ones.', ['FAPI1-ADV-5.2.2-5', 'RFC8705-3'], 'a bound token presented over a connection without any client certificate is not tried; another client\'s certificate is'),
  // 8.5 TLS considerations
  t('FAPI1-ADV-8.5-1', 'MUST', 'AS', 'On TLS below 1.3, only the four listed ECDHE/DHE AES-GCM cipher suites are permitted.', ['FAPI1-ADV-8.5-1']),
  x('FAPI1-ADV-8.5-2', 'MAY', 'AS', 'The authorization endpoint may allow further BCP 195 cipher suites for browsers.', 'optional', 'a permission; the cipher probe does not yet exempt an authorization endpoint served from an origin of its own, so a server using it there would be failed wrongly'),
  t('FAPI1-ADV-8.5-3', 'MUST', 'AS', 'With the DHE cipher suites, key lengths of at least 2048 bits are used.', ['FAPI1-ADV-8.5-3'], 'judged only where the server accepts a DHE suite on TLS 1.2 (it may offer ECDHE alone)'),
  // 8.6 Algorithm considerations
  t('FAPI1-ADV-8.6-1', 'MUST', 'AS', 'JWS uses PS256 or ES256 only.', ['FAPI1-ADV-8.6-1']),
  x('FAPI1-ADV-8.6-2', 'SHOULD', 'AS', 'RSASSA-PKCS1-v1_5 algorithms such as RS256 are not used.', 'covered', 'FAPI1-ADV-8.6-1 already allows PS256 and ES256 alone'),
  t('FAPI1-ADV-8.6-3', 'MUST', 'AS', 'alg none is never used.', ['FAPI1-ADV-8.6-3']),
  t('FAPI1-ADV-8.6.1-1', 'MUST', 'AS', 'JWE does not use the RSA1_5 key management algorithm.', ['FAPI1-ADV-8.6.1-1'], 'a pushed request object wrapped with RSA1_5 to the AS\'s RSA encryption key must be refused; the AS\'s own JWEs (ID tokens, JARM) are not encrypted by the harness\'s clients, and discovery is not judged: one document also serves non-FAPI clients'),
  // 8.8 Session fixation
  x('FAPI1-ADV-8.8', 'MUST', 'RS', 'No privileged action runs during the authorization process; actions run only with the issued access token.', 'not-observable', 'what an API does during authorization is invisible to a client'),
  // 8.9 JWKS URIs
  t('FAPI1-ADV-8.9-1', 'MUST', 'AS', 'jwks_uri endpoints are served over TLS.', ['RFC8414-3.3', 'RFC8414-2']),
  t('FAPI1-ADV-8.9-2', 'SHOULD', 'AS', 'The x5u and jku JOSE headers are not used.', ['FAPI1-ADV-8.9-2'], 'judged on the JARM response and the ID token of one code flow; signed userinfo responses and JWT access tokens are not decoded'),
  t('FAPI1-ADV-8.9-3', 'SHOULD', 'AS', 'A JWK set holds no two keys with the same kid.', ['FAPI1-ADV-8.9-3'], 'the AS\'s JWK set at jwks_uri is judged'),
  // 8.11 Duplicate key identifiers
  t('FAPI1-ADV-8.11', 'MUST', 'AS', 'When several keys share a kid, the verifier picks the key by its other attributes.', ['FAPI1-ADV-8.11'], 'tried through dynamic registration only (the harness cannot add a key to a configured client\'s set), with keys that differ in kty; keys of one kty that differ only in alg, use or crv are not tried'),
];

const BASELINE: ClauseRow[] = [
  // 5.2.2 Authorization server (imported by Part 2 except item 7)
  t('FAPI1-BASE-5.2.2-1', 'MUST', 'AS', 'Confidential clients are supported.', ['FAPI1-ADV-5.2.2-14']),
  x('FAPI1-BASE-5.2.2-2', 'SHOULD', 'AS', 'Public clients should be supported.', 'not-applicable', 'Part 2 (5.2.2-16) forbids public clients'),
  x('FAPI1-BASE-5.2.2-3', 'MUST', 'AS', 'A client secret, where a symmetric key is used, meets OpenID Connect Core 16.19.', 'not-applicable', 'Part 2 allows no secret-based client authentication, and the harness registers no secrets'),
  x('FAPI1-BASE-5.2.2-4', 'MUST', 'AS', 'Confidential clients authenticate by mutual TLS, client_secret_jwt or private_key_jwt.', 'covered', 'Part 2 narrows it (FAPI1-ADV-5.2.2-14), which carries the tests'),
  t('FAPI1-BASE-5.2.2-5', 'MUST', 'AS', 'RSA keys of 2048 bits or more are required and used.', ['FAPI1-BASE-5.2.2-5'], 'the RSA keys of the AS\'s JWK set are measured; a client JWT signed with a 1024-bit RSA key is not tried'),
  x('FAPI1-BASE-5.2.2-6', 'MUST', 'AS', 'Elliptic-curve keys of 160 bits or more are required and used.', 'covered', 'only PS256 and ES256 are allowed (FAPI1-ADV-8.6-1) and ES256 needs P-256'),
  x('FAPI1-BASE-5.2.2-7', 'MUST', 'AS', 'PKCE with S256 is required.', 'not-applicable', 'Part 2 exempts it, requiring PKCE only with PAR (FAPI1-ADV-5.2.2-18)'),
  t('FAPI1-BASE-5.2.2-8', 'MUST', 'AS', 'Redirect URIs must be registered beforehand.', ['FAPI1-BASE-5.2.2-8']),
  t('FAPI1-BASE-5.2.2-9', 'MUST', 'AS', 'The authorization request must carry redirect_uri.', ['FAPI1-BASE-5.2.2-9']),
  t('FAPI1-BASE-5.2.2-10', 'MUST', 'AS', 'redirect_uri must match a registered redirect URI exactly.', ['FAPI1-BASE-5.2.2-8'], 'the registered URI with an added query parameter is sent; near misses in path or case are not'),
  x('FAPI1-BASE-5.2.2-11', 'MUST', 'AS', 'Users are authenticated at the level of assurance the authorized operations call for.', 'operator', 'the level needed is the deployment\'s; login is automated, not judged'),
  x('FAPI1-BASE-5.2.2-12', 'MUST', 'AS', 'Scopes not authorized before need the user\'s explicit approval.', 'operator', 'judging that consent was asked takes a person (or a deployment\'s description of its screens)'),
  t('FAPI1-BASE-5.2.2-13', 'MUST', 'AS', 'An authorization code used before is refused.', ['RFC6749-10.5']),
  t('FAPI1-BASE-5.2.2-14', 'MUST', 'AS', 'Token responses follow RFC 6749 4.1.4.', ['RFC6749-5.1']),
  x('FAPI1-BASE-5.2.2-15', 'MUST', 'AS', 'Granted scopes are returned with the access token when the request travelled unprotected in the front channel.', 'not-applicable', 'Part 2 protects every authorization request (signed request object or PAR), so the condition never holds'),
  t('FAPI1-BASE-5.2.2-16', 'MUST', 'AS', 'Access tokens, codes and refresh tokens are unguessable (RFC 6749 10.10).', ['RFC6749-10.10']),
  x('FAPI1-BASE-5.2.2-17', 'SHOULD', 'AS', 'The user is clearly shown the details of the grant.', 'operator', 'judging a consent screen takes a person'),
  x('FAPI1-BASE-5.2.2-18', 'SHOULD', 'AS', 'The user has a way to revoke tokens granted to a client.', 'operator', 'a user-facing feature outside the protocol'),
  t('FAPI1-BASE-5.2.2-19', 'MUST', 'AS', 'Mismatched client identifiers given in two ways are answered with invalid_client.', ['RFC7523-3', 'RFC6749-5.2'], 'the test also accepts invalid_request (what the bundled server answers), so the error code itself is not held to invalid_client'),
  t('FAPI1-BASE-5.2.2-20', 'MUST', 'AS', 'Redirect URIs must use https.', ['FAPI1-BASE-5.2.2-20'], 'tried at dynamic registration only'),
  x('FAPI1-BASE-5.2.2-21', 'SHOULD', 'AS', 'Access tokens that are not sender-constrained live under 10 minutes.', 'not-applicable', 'Part 2 issues sender-constrained tokens only'),
  t('FAPI1-BASE-5.2.2-22', 'MUST', 'AS', 'Metadata is distributed through OpenID Connect Discovery and by no other means.', ['RFC8414-3.2', 'RFC8414-3.3'], 'that no other channel exists cannot be observed'),
  // 5.2.2.1 Returning the authenticated user's identifier
  t('FAPI1-BASE-5.2.2.1-1', 'MUST', 'AS', 'The OpenID Connect authentication request (Core 3.1.2.1) is supported.', ['OIDC-CORE-3.1.2.1']),
  t('FAPI1-BASE-5.2.2.1-2', 'MUST', 'AS', 'The authentication request is verified as Core 3.1.2.2 says.', ['FAPI1-BASE-5.2.2-9', 'FAPI1-BASE-5.2.2.2-1'], 'only the checks the FAPI profiles name (redirect_uri, nonce, signed request) are probed'),
  x('FAPI1-BASE-5.2.2.1-3', 'MUST', 'AS', 'The user is authenticated as Core 3.1.2.2 and 3.1.2.3 say.', 'operator', 'how the user logs in is the deployment\'s; the harness automates it without judging it'),
  t('FAPI1-BASE-5.2.2.1-4', 'MUST', 'AS', 'The authentication response follows Core 3.1.2.4 and 3.1.2.5 (success or error).', ['RFC6749-4.1.2', 'RFC6749-4.1.2.1']),
  t('FAPI1-BASE-5.2.2.1-5', 'MUST', 'AS', 'The token request is verified as Core 3.1.3.2 says.', ['RFC6749-4.1.3', 'RFC7636-4.6']),
  t('FAPI1-BASE-5.2.2.1-6', 'MUST', 'AS', 'With openid in scope, the token response carries an ID token whose sub is the authenticated user.', ['OIDC-CORE-3.1.3.7', 'OIDC-CORE-2']),
  // 5.2.2.2 / 5.2.2.3
  t('FAPI1-BASE-5.2.2.2-1', 'MUST', 'AS', 'When openid is requested, nonce is required.', ['FAPI1-BASE-5.2.2.2-1']),
  t('FAPI1-BASE-5.2.2.3-1', 'MUST', 'AS', 'When openid is not requested, state is required.', ['FAPI1-BASE-5.2.2.3-1'], 'a pushed request object whose scope is the target\'s without openid, with neither state nor nonce; skipped when the target\'s scope holds only openid'),
  // 6.2.1 Protected resources
  t('FAPI1-BASE-6.2.1-1', 'MUST', 'RS', 'Resources support HTTP GET.', ['FAPI1-ADV-5.2.2-5', 'RFC8705-3']),
  t('FAPI1-BASE-6.2.1-2', 'MUST', 'RS', 'Access tokens are accepted in the Authorization header.', ['FAPI1-ADV-5.2.2-5', 'RFC8705-3']),
  t('FAPI1-BASE-6.2.1-3', 'MUST', 'RS', 'Access tokens in the query string are not accepted.', ['FAPI1-BASE-6.2.1-3']),
  t('FAPI1-BASE-6.2.1-4', 'MUST', 'RS', 'The resource checks that the access token is neither expired nor revoked.', ['FAPI1-BASE-6.2.1-4'], 'a token revoked at the AS\'s revocation endpoint is presented (when discovery names one and the AS revokes it for the client); an expired token is not, since making one means waiting out the AS\'s access token lifetime'),
  x('FAPI1-BASE-6.2.1-5', 'MUST', 'RS', 'The resource checks that the token\'s scope covers the resource.', 'operator', 'which scope a resource needs is the deployment\'s; needs a configured resource and a token without that scope'),
  x('FAPI1-BASE-6.2.1-6', 'MUST', 'RS', 'The resource identifies the entity behind the token.', 'not-observable', 'an internal step of the resource'),
  x('FAPI1-BASE-6.2.1-7', 'MUST', 'RS', 'The resource returns only what the entity and scope allow, otherwise an RFC 6750 error.', 'operator', 'what belongs to whom is the deployment\'s data'),
  t('FAPI1-BASE-6.2.1-8', 'MUST', 'RS', 'Responses are encoded in UTF-8 where that applies.', ['FAPI1-BASE-6.2.1-8'], 'judged on the configured resource\'s served answer; error answers and the userinfo endpoint are not'),
  t('FAPI1-BASE-6.2.1-9', 'MUST', 'RS', 'JSON responses are labelled Content-Type: application/json where that applies.', ['FAPI1-BASE-6.2.1-9'], 'judged on the configured resource\'s served answer; error answers and the userinfo endpoint are not'),
  t('FAPI1-BASE-6.2.1-10', 'MUST', 'RS', 'Responses carry the server date in the Date header.', ['FAPI1-BASE-6.2.1-10'], 'judged on the configured resource\'s served answer; error answers and the userinfo endpoint are not'),
  t('FAPI1-BASE-6.2.1-11', 'MUST', 'RS', 'x-fapi-interaction-id is echoed from the request, or set to a fresh UUID when none was sent.', ['FAPI1-BASE-6.2.1-11'], 'judged on the configured resource\'s served answers; whether the UUID is fresh for every call is not'),
  x('FAPI1-BASE-6.2.1-12', 'MUST', 'RS', 'The interaction id is logged.', 'not-observable', 'the resource\'s logs are invisible to a client'),
  t('FAPI1-BASE-6.2.1-13', 'MUST', 'RS', 'A request with a valid x-fapi-customer-ip-address header is not refused.', ['FAPI1-BASE-6.2.1-13']),
  // 7.1 TLS and DNSSEC considerations
  t('FAPI1-BASE-7.1-1', 'MUST', 'AS', 'TLS 1.2 or later is used for all communication.', ['FAPI1-ADV-8.5-1']),
  t('FAPI1-BASE-7.1-2', 'MUST', 'AS', 'A TLS server certificate check is made (when the server connects out).', ['FAPI1-BASE-7.1-2'], 'only with dynamic registration and only a self-signed certificate (an untrusted issuer) at a client jwks_uri; name mismatches and expired certificates are not tried'),
  // 7.5 Native apps: redirect URIs the AS registers
  x('FAPI1-BASE-7.5-1', 'MUST', 'AS', 'Private-use URI scheme redirection is not supported.', 'covered', 'only https redirect URIs are allowed (FAPI1-BASE-5.2.2-20)'),
  x('FAPI1-BASE-7.5-2', 'MUST', 'AS', 'Loopback interface redirection is not supported.', 'covered', 'loopback redirection uses http, and only https redirect URIs are allowed (FAPI1-BASE-5.2.2-20)'),
  // 7.7 Discovery and multiple brands
  x('FAPI1-BASE-7.7', 'MUST', 'AS', 'Each brand served from one deployment has its own issuer.', 'operator', 'which brands a deployment serves is outside the protocol'),
];

export const ROWS_FAPI1: readonly ClauseRow[] = [...ADVANCED, ...BASELINE];
