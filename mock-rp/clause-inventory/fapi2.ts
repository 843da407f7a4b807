/** FAPI 2.0 Security Profile (final) and FAPI 2.0 Message Signing (final): the AS and RS clauses. */
import { explained as x, tested as t } from './rows';
import type { ClauseRow } from './types';

const SECURITY_PROFILE: ClauseRow[] = [
  // 5.2.1 Requirements for all endpoints (items 1, 2, 3 and 5 are MUSTs, 4 a SHOULD)
  t('FAPI2-SP-5.2.1-1', 'MUST', 'AS', 'Every endpoint the server offers is protected by TLS, and it reaches other servers over TLS only.', ['RFC8414-3.3'], 'only the endpoints listed in discovery are checked for https; outgoing connections (e.g. to a client jwks_uri) are not observed'),
  t('FAPI2-SP-5.2.1-2', 'MUST', 'AS', 'TLS connections use version 1.2 or newer.', ['FAPI2-SP-5.2.1-1']),
  t('FAPI2-SP-5.2.1-3', 'MUST', 'AS', 'TLS is set up following the BCP 195 recommendations for its secure use.', ['FAPI2-SP-5.2.1-2', 'FAPI2-SP-5.2.1-3'], 'the TLS 1.2 cipher suites and the size of a DHE group (RFC 9325 4.5) are probed, not the rest of BCP 195 (renegotiation, compression, certificate details)'),
  x('FAPI2-SP-5.2.1-4', 'SHOULD', 'AS', 'DNSSEC protects the server\'s names against spoofing.', 'operator', 'a property of the deployment\'s DNS zone, for the operator to check with a resolver that validates DNSSEC (e.g. delv); the harness has no such resolver, and its targets are reached by names a test machine resolves itself (loopback, /etc/hosts), where DNSSEC says nothing'),
  t('FAPI2-SP-5.2.1-5', 'MUST', 'AS', 'When it connects to another server (a client jwks_uri, a request_uri), the server checks that server\'s TLS certificate.', ['FAPI2-SP-5.2.1-5'], 'only with dynamic registration and only a self-signed certificate (an untrusted issuer) at a client jwks_uri; name mismatches, expired certificates and request_uri fetches are not tried'),
  // 5.2.2 Endpoints not used by web browsers
  t('FAPI2-SP-5.2.2-1', 'MUST', 'AS', 'On TLS 1.2, server-to-server endpoints allow only the cipher suites BCP 195 recommends.', ['FAPI2-SP-5.2.1-2']),
  // 5.2.3 Endpoints used by web browsers
  x('FAPI2-SP-5.2.3-1', 'MUST', 'AS', 'Browser-facing endpoints cannot be downgraded by TLS stripping (for instance through a preloaded HSTS policy).', 'not-observable', 'the means are left open (a preloaded policy, a policy of the top-level domain), so a missing header proves no violation'),
  t('FAPI2-SP-5.2.3-2', 'MUST', 'AS', 'On TLS 1.2, browser-facing endpoints use only cipher suites BCP 195 allows.', ['FAPI2-SP-5.2.1-2'], 'the probe holds every origin to the stricter list of 5.2.2 (suites BCP 195 recommends); an authorization endpoint on an origin of its own that allows more, as it may, would be failed wrongly'),
  t('FAPI2-SP-5.2.3-3', 'MUST', 'AS', 'The authorization endpoint does not answer cross-origin (CORS) requests.', ['FAPI2-SP-5.2.3-3']),

  // 5.3.2.1 Authorization servers: general requirements
  t('FAPI2-SP-5.3.2.1-1', 'MUST', 'AS', 'The server publishes its metadata (endpoints and capabilities) in an OpenID Connect Discovery / RFC 8414 document.', ['FAPI2-SP-5.3.2.1-1']),
  t('FAPI2-SP-5.3.2.1-2', 'MUST', 'AS', 'A token request using the resource owner password credentials grant is turned down.', ['FAPI2-SP-5.3.2.1-2']),
  t('FAPI2-SP-5.3.2.1-3', 'MUST', 'AS', 'Only confidential clients are served.', ['FAPI2-SP-5.3.2.1-3'], 'probed through dynamic registration of a public client only; a statically registered public client is not tried'),
  t('FAPI2-SP-5.3.2.1-4', 'MUST', 'AS', 'Every access token issued is sender-constrained.', ['FAPI2-SP-5.3.2.1-4']),
  t('FAPI2-SP-5.3.2.1-5', 'MUST', 'AS', 'Sender constraint uses mutual-TLS certificate binding or DPoP.', ['FAPI2-SP-5.3.2.1-4', 'RFC8705-3', 'RFC9449-5']),
  t('FAPI2-SP-5.3.2.1-6', 'MUST', 'AS', 'Clients authenticate by mutual TLS or by private_key_jwt, nothing else.', ['FAPI2-SP-5.3.2.1-6']),
  t('FAPI2-SP-5.3.2.1-7', 'MUST', 'AS', 'The server is no open redirector.', ['FAPI2-SP-5.3.2.1-7'], 'the authorization endpoint is probed (unknown client_id, unknown request_uri, each with a foreign redirect_uri); a request_uri pushed by another client, and redirects elsewhere (e.g. after logout), are not'),
  t('FAPI2-SP-5.3.2.1-8', 'MUST', 'AS', 'A client assertion is accepted only with the issuer identifier, as a single string, in aud.', ['FAPI2-SP-5.3.2.1-8']),
  t('FAPI2-SP-5.3.2.1-9', 'MUST', 'AS', 'Refresh tokens are not rotated, save in extraordinary circumstances where the previous token stays usable for a retry.', ['FAPI2-SP-5.3.2.1-9']),
  x('FAPI2-SP-5.3.2.1-10', 'MAY', 'AS', 'With DPoP, the server may demand server-provided nonces.', 'optional', 'a permission; the harness answers a nonce challenge when one comes'),
  t('FAPI2-SP-5.3.2.1-11', 'MUST', 'AS', 'An authorization code lives 60 seconds at most.', ['FAPI2-SP-5.3.2.1-11']),
  t('FAPI2-SP-5.3.2.1-12', 'MUST', 'AS', 'With DPoP, the server supports binding the authorization code to the DPoP key.', ['RFC9449-10']),
  t('FAPI2-SP-5.3.2.1-13', 'MUST', 'AS', 'JWTs whose iat or nbf lies up to 10 seconds ahead are accepted and those more than 60 seconds ahead refused.', ['FAPI2-SP-5.3.2.1-13']),
  x('FAPI2-SP-5.3.2.1-14', 'SHOULD', 'AS', 'Access tokens carry no more privilege than the use case needs.', 'operator', 'what a use case needs is the deployment\'s to say'),

  // 5.3.2.2 Authorization endpoint flows
  t('FAPI2-SP-5.3.2.2-1', 'MUST', 'AS', 'response_type must be code.', ['FAPI2-SP-5.3.2.2-1']),
  t('FAPI2-SP-5.3.2.2-2', 'MUST', 'AS', 'Client-authenticated pushed authorization requests (RFC 9126) are supported.', ['RFC9126-2.2', 'FAPI2-SP-5.3.2.2-3']),
  t('FAPI2-SP-5.3.2.2-3', 'MUST', 'AS', 'An authorization request that was not pushed is refused.', ['FAPI2-SP-5.3.2.2-3']),
  t('FAPI2-SP-5.3.2.2-4', 'MUST', 'AS', 'A push without client authentication is refused.', ['FAPI2-SP-5.3.2.2-4']),
  t('FAPI2-SP-5.3.2.2-5', 'MUST', 'AS', 'PKCE with S256 is required.', ['FAPI2-SP-5.3.2.2-5']),
  t('FAPI2-SP-5.3.2.2-6', 'MUST', 'AS', 'A push must carry redirect_uri.', ['FAPI2-SP-5.3.2.2-6']),
  t('FAPI2-SP-5.3.2.2-7', 'MUST', 'AS', 'Authorization responses carry iss as RFC 9207 defines.', ['FAPI2-SP-5.3.2.2-7']),
  t('FAPI2-SP-5.3.2.2-8', 'MUST', 'AS', 'Authorization responses never travel unencrypted: http redirect URIs are not allowed (loopback for native apps aside).', ['FAPI2-SP-5.3.2.2-8'], 'tried at dynamic registration; an http redirect_uri pushed at PAR by a registered client is not sent'),
  t('FAPI2-SP-5.3.2.2-9', 'MUST', 'AS', 'An authorization code used before is refused.', ['FAPI2-SP-5.3.2.2-9']),
  t('FAPI2-SP-5.3.2.2-10', 'MUST', 'AS', 'A request carrying user credentials is never redirected with HTTP 307.', ['FAPI2-SP-5.3.2.2-10'], 'judged on the browser\'s submissions that carried the configured password; a 307 to another POST (a one-time code, a password the page transforms before sending) is only a warning'),
  t('FAPI2-SP-5.3.2.2-11', 'SHOULD', 'AS', 'Redirects of the user agent by status code use 303.', ['FAPI2-SP-5.3.2.2-11'], 'judged on the AS\'s redirects answering the browser\'s form submissions (sign-in, consent) in one code flow; a redirect answering a GET is not judged, since every status code leads the browser to the same bodiless GET'),
  t('FAPI2-SP-5.3.2.2-12', 'MUST', 'AS', 'The request_uri from PAR comes with expires_in below 600 seconds.', ['FAPI2-SP-5.3.2.2-12']),
  x('FAPI2-SP-5.3.2.2-13', 'SHOULD', 'AS', 'The user sees enough (the client, the scope) to decide on consent.', 'operator', 'judging a consent screen takes a person'),
  t('FAPI2-SP-5.3.2.2-14', 'MUST', 'AS', 'With OpenID Connect, nonce values up to 64 characters are supported (longer ones may be refused).', ['OIDC-CORE-3.1.2.1']),
  // 5.3.2.3 Returning the authenticated user's identifier
  t('FAPI2-SP-5.3.2.3', 'MUST', 'AS', 'A server that returns the user\'s identifier in the token response does so through OpenID Connect.', ['OIDC-CORE-3.1.3.7', 'OIDC-CORE-2']),

  // 5.3.4 Resource servers
  t('FAPI2-SP-5.3.4-1', 'MUST', 'RS', 'Access tokens are accepted in the Authorization header (RFC 6750 2.1 or DPoP 7.1).', ['FAPI2-SP-5.3.4-5', 'RFC8705-3', 'RFC9449-7']),
  t('FAPI2-SP-5.3.4-2', 'MUST', 'RS', 'Access tokens in the query string are not accepted.', ['FAPI2-SP-5.3.4-2']),
  t('FAPI2-SP-5.3.4-3', 'MUST', 'RS', 'The resource checks each access token for validity, integrity, expiry and revocation.', ['FAPI2-SP-5.3.4-3'], 'an altered and a revoked token are presented (the revoked one when discovery names a revocation endpoint and the AS revokes the token for the client); an expired token is not, since making one means waiting out the AS\'s access token lifetime'),
  x('FAPI2-SP-5.3.4-4', 'MUST', 'RS', 'The resource serves only what the token\'s authorization covers, otherwise answers with an RFC 6750 error.', 'operator', 'which scope a resource needs is the deployment\'s; needs a configured resource and a token without that scope'),
  t('FAPI2-SP-5.3.4-5', 'MUST', 'RS', 'The resource supports and verifies sender-constrained tokens (mutual TLS and/or DPoP).', ['FAPI2-SP-5.3.4-5']),

  // 5.4.1 Cryptography and secrets
  x('FAPI2-SP-5.4.1-1.1', 'MUST', 'AS', 'JWTs are made and processed following the JWT best current practices (RFC 8725).', 'later', 'the rows on algorithms and none carry the tests; the rest of RFC 8725 (explicit typing, cross-JWT confusion) is not probed'),
  t('FAPI2-SP-5.4.1-1.2', 'MUST', 'AS', 'JWTs are signed and verified with PS256, ES256 or EdDSA (Ed25519) only.', ['FAPI2-SP-5.4.1-1.2']),
  t('FAPI2-SP-5.4.1-1.3', 'MUST', 'AS', 'alg none is neither used nor accepted.', ['FAPI2-SP-5.4.1-1.3']),
  t('FAPI2-SP-5.4.1-2', 'MUST', 'AS', 'RSA keys have at least 2048 bits.', ['FAPI2-SP-5.4.1-2'], 'the RSA keys of the AS\'s JWK set are measured; a client JWT signed with a 1024-bit RSA key is not tried'),
  x('FAPI2-SP-5.4.1-3', 'MUST', 'AS', 'Elliptic-curve keys have at least 224 bits.', 'covered', 'ES256 needs P-256 and EdDSA here means Ed25519, so FAPI2-SP-5.4.1-1.2 already rules out shorter curves'),
  t('FAPI2-SP-5.4.1-4', 'MUST', 'AS', 'Codes, access tokens and refresh tokens carry at least 128 bits of entropy.', ['RFC6749-10.10']),
  // 5.4.2 JSON Web Key Sets
  t('FAPI2-SP-5.4.2-1', 'MUST', 'AS', 'The jwks_uri endpoint is served over TLS only.', ['RFC8414-3.3', 'RFC8414-2']),
  t('FAPI2-SP-5.4.2-2', 'SHOULD', 'AS', 'The x5u and jku JOSE headers are not used.', ['FAPI2-SP-5.4.2-2'], 'judged on the JWTs the AS signs for the client in one code flow (the ID token, and the JARM response where the variant uses JARM); signed introspection or userinfo responses and JWT access tokens are not decoded'),
  t('FAPI2-SP-5.4.2-3', 'SHOULD', 'AS', 'A served JWK set holds no two keys with the same kid.', ['FAPI2-SP-5.4.2-3'], 'the AS\'s JWK set at jwks_uri is judged; the resource\'s keys, if any, are not'),
  // 5.4.3 Handling duplicate key identifiers
  t('FAPI2-SP-5.4.3', 'MUST', 'AS', 'When several keys share a kid, the verifier picks the key by its other attributes (kty, alg, use, crv).', ['FAPI2-SP-5.4.3'], 'tried through dynamic registration only (the harness cannot add a key to a configured client\'s set), with keys that differ in kty; keys of one kty that differ only in alg, use or crv are not tried'),
];

const MESSAGE_SIGNING: ClauseRow[] = [
  t('FAPI2-MS-5.3.1-1', 'MUST', 'AS', 'Signed request objects (JAR) are supported and verified at the PAR endpoint.', ['FAPI2-MS-5.3.1-1']),
  t('FAPI2-MS-5.3.1-2', 'MUST', 'AS', 'The request object\'s aud must be, or contain, the issuer identifier.', ['FAPI2-MS-5.3.1-2']),
  t('FAPI2-MS-5.3.1-3', 'MUST', 'AS', 'The request object must carry nbf no more than 60 minutes old.', ['FAPI2-MS-5.3.1-3']),
  t('FAPI2-MS-5.3.1-4', 'MUST', 'AS', 'The request object must carry exp at most 60 minutes after nbf.', ['FAPI2-MS-5.3.1-4']),
  t('FAPI2-MS-5.4.1-1', 'MUST', 'AS', 'Signed authorization responses (JARM) are supported and issued.', ['FAPI2-MS-5.4.1-1']),
  x('FAPI2-MS-5.5.1-1', 'MUST', 'AS', 'A server signing introspection responses issues them as signed JWTs.', 'not-applicable', 'binds only a server that offers signed introspection responses; the harness has no introspection client'),
];

export const ROWS_FAPI2: readonly ClauseRow[] = [...SECURITY_PROFILE, ...MESSAGE_SIGNING];
