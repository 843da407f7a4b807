/**
 * The parts of the RFCs, JARM and OpenID Connect Core that the FAPI profiles make normative for the authorization
 * server and the resource server: the code flow and token endpoint of RFC 6749, bearer usage (RFC 6750), PKCE, the
 * JWTs the AS receives (RFC 7519, RFC 7523), mutual TLS, JAR, PAR, iss, DPoP, JARM and the ID token.
 */
import { explained as x, tested as t } from './rows';
import type { ClauseRow } from './types';

const RFC6749: ClauseRow[] = [
  t('RFC6749-3.1', 'MUST', 'AS', 'The authorization endpoint takes GET, treats parameters without a value as absent and ignores unknown ones.', ['RFC6749-4.1.2'], 'only GET is exercised; empty and unknown parameters are not sent'),
  t('RFC6749-3.1.2.3', 'MUST', 'AS', 'A redirect_uri in the request is compared with the registered redirect URIs, when some are registered.', ['FAPI1-BASE-5.2.2-8']),
  t('RFC6749-3.1.2.4', 'MUST', 'AS', 'A request with a missing, invalid or mismatching redirect URI never redirects the user agent to it.', ['RFC6749-4.1.2.1', 'FAPI1-BASE-5.2.2-8'], 'FAPI 1.0 only; in FAPI 2.0 an unregistered redirect_uri pushed at PAR may be honoured'),
  t('RFC6749-3.3', 'MUST', 'AS', 'A missing scope gets a default or an error, and a granted scope that differs from the request is returned in the token response.', ['RFC6749-3.3'], 'the granted scope is judged only for a request with one made-up value added, and only where it shows (introspection) when the token response names none; a request without scope is not sent'),
  t('RFC6749-4.1.2', 'MUST', 'AS', 'The authorization response carries the code, short-lived and bound to client and redirect URI, and state exactly as sent.', ['RFC6749-4.1.2', 'RFC6749-10.5']),
  t('RFC6749-4.1.2.1', 'MUST', 'AS', 'A refused request is redirected back with an error code from the list, and state when one was sent.', ['RFC6749-4.1.2.1']),
  t('RFC6749-4.1.3-1', 'MUST', 'AS', 'A token request from a confidential client must be client-authenticated.', ['RFC7523-3', 'FAPI2-SP-5.3.2.1-6']),
  t('RFC6749-4.1.3-2', 'MUST', 'AS', 'Client authentication presented at the token endpoint is verified.', ['RFC7523-3', 'RFC8705-2.1']),
  t('RFC6749-4.1.3-3', 'MUST', 'AS', 'The code is redeemed only by the authenticated client it was issued to.', ['RFC6749-4.1.3']),
  t('RFC6749-4.1.3-4', 'MUST', 'AS', 'The code must be valid (not expired, not used).', ['RFC6749-10.5', 'FAPI2-SP-5.3.2.1-11']),
  t('RFC6749-4.1.3-5', 'MUST', 'AS', 'When the authorization request carried redirect_uri, the token request must carry the identical value.', ['RFC6749-4.1.3'], 'another registered redirect_uri is sent only when the target names second_redirect_uri; an omission accepted for a client not known to have two registered URIs is a warning (OpenID Connect Core 3.1.3.2 tolerates it)'),
  t('RFC6749-4.1.4', 'MUST', 'AS', 'A successful code exchange is answered as section 5.1 describes.', ['RFC6749-5.1']),
  t('RFC6749-5.1', 'MUST', 'AS', 'The token response is JSON with access_token and token_type, and forbids caching (Cache-Control: no-store, Pragma: no-cache).', ['RFC6749-5.1'], 'the no-cache headers are not checked'),
  t('RFC6749-5.2', 'MUST', 'AS', 'A refused token request is answered with a JSON error from the defined codes.', ['RFC6749-5.2']),
  t('RFC6749-6', 'MUST', 'AS', 'A refresh request must be client-authenticated and carry a valid refresh token issued to that client.', ['RFC6749-6']),
  t('RFC6749-10.4', 'MUST', 'AS', 'The binding of a refresh token to its client is verified whenever the client authenticates.', ['RFC6749-6']),
  t('RFC6749-10.5', 'MUST', 'AS', 'Authorization codes are short-lived and single-use.', ['RFC6749-10.5', 'FAPI2-SP-5.3.2.1-11']),
  x('RFC6749-10.6', 'MUST', 'AS', 'The redirect URI used to obtain a code is identical to the one given when it is exchanged.', 'covered', 'the same comparison as RFC6749-4.1.3-5, tested there'),
  t('RFC6749-10.10', 'MUST', 'AS', 'The chance of guessing a token or code is at most 2^-128.', ['RFC6749-10.10']),
  x('RFC6749-10.12', 'MUST', 'AS', 'The authorization endpoint is protected against cross-site request forgery, so no client gets authorization without the user knowing.', 'later', 'needs a consent submission forged from another origin inside the user\'s session'),
];

const RFC6750: ClauseRow[] = [
  t('RFC6750-2.1', 'MUST', 'RS', 'Resource servers support access tokens in the Authorization request header.', ['FAPI2-SP-5.3.4-5', 'RFC8705-3', 'RFC9449-7']),
  t('RFC6750-3', 'MUST', 'RS', 'A request without valid credentials is answered with a WWW-Authenticate header.', ['FAPI2-SP-5.3.4-2', 'RFC8705-3', 'RFC9449-4.3']),
];

const RFC7636: ClauseRow[] = [
  t('RFC7636-4.4', 'MUST', 'AS', 'The code challenge and its method are kept with the authorization code for the later check.', ['RFC7636-4.6']),
  t('RFC7636-4.4.1', 'MUST', 'AS', 'A server requiring PKCE answers a request without a challenge, or with an unsupported method, with invalid_request.', ['RFC7636-4.4.1']),
  t('RFC7636-4.6', 'MUST', 'AS', 'The token endpoint recomputes the challenge from code_verifier and refuses the code (invalid_grant) on mismatch.', ['RFC7636-4.6']),
];

const RFC7519: ClauseRow[] = [
  t('RFC7519-4.1.3', 'MUST', 'AS', 'A received JWT whose aud does not name the server is rejected.', ['FAPI2-MS-5.3.1-2', 'FAPI1-ADV-5.2.2-15', 'RFC7523-3']),
  t('RFC7519-4.1.4', 'MUST', 'AS', 'A received JWT is not accepted at or after its exp (small leeway allowed).', ['RFC7523-3', 'FAPI2-MS-5.3.1-4', 'FAPI1-ADV-5.2.2-13'], 'an expired DPoP proof is judged through iat, not exp'),
  t('RFC7519-4.1.5', 'MUST', 'AS', 'A received JWT is not accepted before its nbf (small leeway allowed).', ['FAPI2-SP-5.3.2.1-13', 'RFC7519-4.1.5'], 'request objects (at PAR and by value) and FAPI 2.0 client assertions with nbf ahead are sent; FAPI 1.0 client assertions with nbf ahead are not'),
];

const RFC7523: ClauseRow[] = [
  t('RFC7523-3-2', 'MUST', 'AS', 'A client assertion\'s sub must be the client_id.', ['RFC7523-3']),
  t('RFC7523-3-3', 'MUST', 'AS', 'A client assertion not naming the server in aud is rejected.', ['RFC7523-3']),
  t('RFC7523-3-4', 'MUST', 'AS', 'A client assertion past its exp (beyond clock skew) is rejected.', ['RFC7523-3']),
  t('RFC7523-3-9', 'MUST', 'AS', 'A client assertion with a signature that does not verify is rejected.', ['RFC7523-3']),
  t('RFC7523-3.2', 'MUST', 'AS', 'An invalid client assertion is answered with invalid_client.', ['RFC7523-3', 'RFC6749-5.2'], 'a few probes also accept invalid_request, which is what the bundled server answers for them'),
];

const RFC8705: ClauseRow[] = [
  t('RFC8705-2.1', 'MUST', 'AS', 'With tls_client_auth, the client certificate must chain to a trusted CA and match the registered subject.', ['RFC8705-2.1']),
  x('RFC8705-2.2', 'MUST', 'AS', 'With self_signed_tls_client_auth, the certificate must match one registered for the client.', 'not-applicable', 'binds only a server offering that method; the harness\'s clients use tls_client_auth or private_key_jwt'),
  t('RFC8705-3', 'MUST', 'RS', 'The resource checks the connection\'s client certificate against the token\'s binding and refuses a mismatch with 401 invalid_token.', ['RFC8705-3']),
];

const RFC9101: ClauseRow[] = [
  t('RFC9101-6.1', 'MUST', 'AS', 'An encrypted request object is decrypted with the server\'s key, and refused if that fails.', ['RFC9101-4'], 'only a well-encrypted request object is sent'),
  t('RFC9101-6.2', 'MUST', 'AS', 'A signed request object is verified with a key of the client, and refused (invalid_request_object) otherwise.', ['RFC9101-6.2']),
  t('RFC9101-6.3', 'MUST', 'AS', 'The request is assembled from the request object alone (parameters outside it do not count), its client_id must equal the client_id parameter, and it is then validated as any OAuth request.', ['RFC9101-5', 'FAPI1-ADV-5.2.2-10'], 'a request object whose client_id differs from the client_id parameter is not sent'),
  t('RFC9101-10.5', 'MUST', 'AS', 'Where signed request objects are required, a request without one (or signed with none) is refused.', ['RFC9101-10.5', 'FAPI2-MS-5.3.1-1', 'FAPI1-ADV-5.2.2-1']),
];

const RFC9126: ClauseRow[] = [
  t('RFC9126-2', 'MUST', 'AS', 'At the PAR endpoint, client assertions naming the issuer, the token endpoint or the PAR endpoint as audience are accepted (FAPI 2.0 narrows this to the issuer).', ['RFC9126-2']),
  t('RFC9126-2.1-1', 'MUST', 'AS', 'A push is client-authenticated the same way as a token request.', ['FAPI2-SP-5.3.2.2-4', 'RFC9126-2.1']),
  t('RFC9126-2.1-2', 'MUST', 'AS', 'A push carrying request_uri is refused.', ['RFC9126-2.1']),
  t('RFC9126-2.1-3', 'MUST', 'AS', 'A push is validated as an authorization request would be (checks skipped here must run at the authorization endpoint).', ['RFC9126-2.1', 'FAPI1-BASE-5.2.2-8', 'FAPI2-SP-5.3.2.2-5']),
  t('RFC9126-2.2', 'MUST', 'AS', 'A successful push is answered 201 with a request_uri bound to the client and its expires_in.', ['RFC9126-2.2', 'RFC9126-4']),
  t('RFC9126-4', 'MUST', 'AS', 'A request made with a request_uri is validated like any other and an expired request_uri is refused (one-time use is recommended).', ['RFC9126-4']),
  t('RFC9126-7.1', 'MUST', 'AS', 'request_uri values carry enough entropy that they cannot be guessed.', ['RFC9126-7.1-should'], 'an upper bound is measured (length and alphabet past the fixed URN prefix) and held to the 128 bits of RFC 9101 10.2\'s guidance, as a warning (the MUST sets no number); the randomness itself cannot be seen'),
  t('RFC9126-7.2', 'MUST', 'AS', 'A redirect URI first seen in a push is accepted only from an authenticated client.', ['FAPI2-SP-5.3.2.2-4']),
  t('RFC9126-7.3', 'SHOULD', 'AS', 'A request_uri is good for one use.', ['RFC9126-4']),
];

const RFC9207: ClauseRow[] = [
  t('RFC9207-2', 'MUST', 'AS', 'Every authorization response, errors included, carries iss with the issuer identifier.', ['FAPI2-SP-5.3.2.2-7']),
];

const RFC9449: ClauseRow[] = [
  t('RFC9449-4.3-1', 'MUST', 'AS', 'A request with more than one DPoP header is refused.', ['RFC9449-4.3-1'], 'probed at the token and PAR endpoints (two header lines); a resource request with two DPoP header lines is not sent'),
  t('RFC9449-4.3-2', 'MUST', 'AS', 'The DPoP header must hold a single well-formed JWT.', ['RFC9449-4.3-2'], 'probed at the token endpoint with two proofs in one header; a value that is no JWT at all is not tried'),
  t('RFC9449-4.3-3', 'MUST', 'RS', 'The proof carries every claim section 4.2 requires.', ['RFC9449-4.3'], 'probed at the resource; the same check at the token and PAR endpoints (AS) is not'),
  t('RFC9449-4.3-4', 'MUST', 'RS', 'The proof\'s typ is dpop+jwt.', ['RFC9449-4.3'], 'probed at the resource; the same check at the token and PAR endpoints (AS) is not'),
  t('RFC9449-4.3-5', 'MUST', 'RS', 'The proof\'s alg is an accepted asymmetric algorithm, never none.', ['RFC9449-4.3'], 'probed at the resource; the same check at the token and PAR endpoints (AS) is not'),
  t('RFC9449-4.3-6', 'MUST', 'RS', 'The proof\'s signature verifies with the jwk in its header.', ['RFC9449-4.3'], 'probed at the resource; the same check at the token and PAR endpoints (AS) is not'),
  t('RFC9449-4.3-7', 'MUST', 'RS', 'The jwk in the proof holds no private key.', ['RFC9449-4.3'], 'probed at the resource; the same check at the token and PAR endpoints (AS) is not'),
  t('RFC9449-4.3-8', 'MUST', 'RS', 'htm matches the request method.', ['RFC9449-4.3'], 'probed at the resource; the same check at the token and PAR endpoints (AS) is not'),
  t('RFC9449-4.3-9', 'MUST', 'RS', 'htu matches the request URI, query and fragment aside.', ['RFC9449-4.3'], 'probed at the resource; the same check at the token and PAR endpoints (AS) is not'),
  t('RFC9449-4.3-10', 'MUST', 'AS', 'When the server handed out a nonce, the proof\'s nonce matches it.', ['RFC9449-4.3-10'], 'at PAR, with a made-up nonce after the server handed one out; skipped where the AS hands out none (nonces are optional)'),
  t('RFC9449-4.3-11', 'MUST', 'RS', 'The proof was created within an acceptable window (iat or server nonce).', ['RFC9449-4.3'], 'probed at the resource (iat missing, an hour old, an hour ahead); at the token and PAR endpoints only a proof 120 s ahead (FAPI 2.0), carrying the server\'s nonce'),
  t('RFC9449-4.3-12', 'MUST', 'RS', 'At a resource, ath equals the hash of the access token and the proof key is the key the token is bound to.', ['RFC9449-4.3-12', 'RFC9449-7']),
  t('RFC9449-5', 'MUST', 'AS', 'A token request with a valid proof gets a token bound to its key, token_type DPoP; an invalid proof gets invalid_dpop_proof.', ['RFC9449-5'], 'a token request without a proof is refused in the tests; one with an invalid proof (bad typ, alg, signature, htm, htu) is not sent'),
  t('RFC9449-5.2', 'MUST', 'AS', 'A client registered with dpop_bound_access_tokens true gets no token from a request without a DPoP header.', ['RFC9449-5'], 'judged under the FAPI rule that every token is sender-constrained, whatever the client registered'),
  t('RFC9449-6', 'MUST', 'RS', 'The resource makes sure the proof\'s public key is the one the access token is bound to.', ['RFC9449-4.3-12', 'FAPI2-SP-5.3.4-5']),
  t('RFC9449-7', 'MUST', 'RS', 'A request with a DPoP-bound token is served only when a DPoP proof came with it, passes the checks of 4.3 and proves the bound key.', ['RFC9449-7']),
  t('RFC9449-7.2', 'MUST', 'RS', 'A resource that also takes bearer tokens refuses a DPoP-bound token presented as a bearer token.', ['RFC9449-7']),
  x('RFC9449-8', 'MAY', 'AS', 'The server may require proofs to carry a nonce it provides.', 'optional', 'a permission; the harness answers a nonce challenge when one comes'),
  t('RFC9449-10', 'MUST', 'AS', 'A code bound to a DPoP key (dpop_jkt, or a proof at PAR) is redeemed only with a proof of that key; a dpop_jkt that contradicts the PAR proof is refused.', ['RFC9449-10']),
];

const JARM: ClauseRow[] = [
  t('JARM-2.1', 'MUST', 'AS', 'The response JWT carries iss, aud and exp and every authorization response parameter, errors included.', ['JARM-2.1']),
  t('JARM-4', 'SHOULD', 'AS', 'The server publishes its response signing algorithms and jwt response modes in its metadata.', ['FAPI2-SP-5.3.2.1-1'], 'a jwt response mode missing from response_modes_supported is skipped, not warned about'),
];

const OIDC_CORE: ClauseRow[] = [
  t('OIDC-CORE-2', 'MUST', 'AS', 'The ID token is a signed JWT with iss, sub, aud, exp, iat and, where they apply, nonce, auth_time, acr, azp.', ['OIDC-CORE-3.1.3.7', 'OIDC-CORE-2']),
  t('OIDC-CORE-3.1.2.1', 'MUST', 'AS', 'The nonce of the authentication request comes back unchanged in the ID token.', ['OIDC-CORE-3.1.2.1']),
  t('OIDC-CORE-3.1.3.2', 'MUST', 'AS', 'The token request is validated: the client authenticated, the code issued to it and still valid, and redirect_uri identical to the one of the authentication request (its omission may be tolerated only when the client registered a single redirect URI).', ['RFC6749-4.1.3', 'RFC6749-10.5', 'RFC7636-4.6']),
  x('OIDC-CORE-3.3.2.11', 'MUST', 'AS', 'An ID token returned with a code from the authorization endpoint carries c_hash.', 'later', 'needs a FAPI 1.0 variant using response_type "code id_token"; the harness runs FAPI 1.0 with code and JARM only (c_hash is checked whenever an ID token carries one)'),
  t('OIDC-CORE-9', 'MUST', 'AS', 'With private_key_jwt, the assertion\'s iss and sub are the client_id, aud names the server, and a jti and exp are present.', ['RFC7523-3'], 'a missing jti is not sent'),
];

export const ROWS_RFC: readonly ClauseRow[] = [...RFC6749, ...RFC6750, ...RFC7636, ...RFC7519, ...RFC7523, ...RFC8705, ...RFC9101, ...RFC9126, ...RFC9207, ...RFC9449, ...JARM, ...OIDC_CORE];
