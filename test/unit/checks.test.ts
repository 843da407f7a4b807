import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import { ensureIdTokenValid } from '../../mock-rp/checks/id-token';
import { ensureJarmResponseValid } from '../../mock-rp/checks/jarm';
import { ensureNoKeyUrlHeaders, keyUrlHeaders, leftHalfHash } from '../../mock-rp/checks/jwt';
import { ensureTokenResponse, scopeValuesMissing } from '../../mock-rp/checks/token-response';
import { parseOAuthError } from '../../mock-rp/checks/error-response';
import { ensureIssMatches } from '../../mock-rp/checks/authorization-response';
import { ConformanceFailure } from '../../mock-rp/errors';
import type { HttpExchange } from '../../mock-rp/http';
import { redactBody, redactHeaders, redactUrl, redactValue } from '../../mock-rp/redact';
import { createPkce } from '../../mock-rp/pkce';
import { createRequestObject } from '../../mock-rp/request-object';
import { generateSigningKey } from '../../mock-rp/keys';
import { compactDecrypt, decodeJwt, decodeProtectedHeader } from 'jose';

const ISSUER = 'https://as.example';
const CLIENT = 'client-1';

async function asKeys(alg: 'PS256' | 'ES256' | 'RS256' = 'PS256') {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg };
  return { privateKey, jwks: { keys: [jwk] } as JSONWebKeySet, alg };
}

async function sign(claims: Record<string, unknown>, k: Awaited<ReturnType<typeof asKeys>>) {
  return new SignJWT(claims).setProtectedHeader({ alg: k.alg, kid: 'k1' }).sign(k.privateKey);
}

const now = () => Math.floor(Date.now() / 1000);
const fails = async (p: Promise<unknown> | (() => unknown), requirementPrefix?: string) => {
  await assert.rejects(async () => (typeof p === 'function' ? p() : p), (e: unknown) => {
    assert.ok(e instanceof ConformanceFailure, `expected ConformanceFailure, got ${String(e)}`);
    if (requirementPrefix) assert.ok(e.requirement.startsWith(requirementPrefix), e.requirement);
    return true;
  });
};

function exchange(status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): HttpExchange {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { label: 'token', identity: 'x', request: { method: 'POST', url: 'https://as.example/token', headers: {} }, response: { status, headers, body: text, json }, durationMs: 1 };
}

describe('ID token validation', () => {
  it('accepts a valid token with matching hashes', async () => {
    const k = await asKeys();
    const jwt = await sign({ iss: ISSUER, aud: CLIENT, sub: 'alice', iat: now(), exp: now() + 60, nonce: 'n', c_hash: leftHalfHash('the-code', 'PS256') }, k);
    const claims = await ensureIdTokenValid(jwt, k.jwks, { issuer: ISSUER, clientId: CLIENT, nonce: 'n', code: 'the-code' });
    assert.equal(claims.sub, 'alice');
  });
  it('refuses wrong iss, aud, nonce, expired, bad c_hash, RS256, bad signature', async () => {
    const k = await asKeys();
    const base = { iss: ISSUER, aud: CLIENT, sub: 'alice', iat: now(), exp: now() + 60, nonce: 'n' };
    const exp = { issuer: ISSUER, clientId: CLIENT, nonce: 'n', code: 'c' };
    await fails(ensureIdTokenValid(await sign({ ...base, iss: 'https://evil' }, k), k.jwks, exp));
    await fails(ensureIdTokenValid(await sign({ ...base, aud: 'other' }, k), k.jwks, exp));
    await fails(ensureIdTokenValid(await sign({ ...base, nonce: 'x' }, k), k.jwks, exp));
    await fails(ensureIdTokenValid(await sign({ ...base, exp: now() - 3600 }, k), k.jwks, exp));
    await fails(ensureIdTokenValid(await sign({ ...base, c_hash: 'AAAA' }, k), k.jwks, exp));
    const rs = await asKeys('RS256');
    await fails(ensureIdTokenValid(await sign(base, rs), rs.jwks, exp), 'FAPI2-SP-5.4');
    const other = await asKeys();
    await fails(ensureIdTokenValid(await sign(base, other), k.jwks, exp), 'OIDC-CORE-3.1.3.7');
  });
});

describe('JARM response validation', () => {
  it('returns the inner parameters of a valid response', async () => {
    const k = await asKeys('ES256');
    const jwt = await sign({ iss: ISSUER, aud: CLIENT, exp: now() + 60, code: 'abc', state: 's' }, k);
    const { params } = await ensureJarmResponseValid(jwt, k.jwks, { issuer: ISSUER, clientId: CLIENT });
    assert.deepEqual(params, { code: 'abc', state: 's' });
  });
  it('refuses wrong iss, wrong aud, missing exp, expired', async () => {
    const k = await asKeys('ES256');
    const e = { issuer: ISSUER, clientId: CLIENT };
    await fails(ensureJarmResponseValid(await sign({ iss: 'x', aud: CLIENT, exp: now() + 60 }, k), k.jwks, e), 'JARM');
    await fails(ensureJarmResponseValid(await sign({ iss: ISSUER, aud: 'y', exp: now() + 60 }, k), k.jwks, e), 'JARM');
    await fails(ensureJarmResponseValid(await sign({ iss: ISSUER, aud: CLIENT }, k), k.jwks, e), 'JARM');
    await fails(ensureJarmResponseValid(await sign({ iss: ISSUER, aud: CLIENT, exp: now() - 600 }, k), k.jwks, e), 'JARM');
  });
});

describe('token and error responses', () => {
  it('accepts a DPoP token response and refuses a Bearer one for a DPoP client', () => {
    ensureTokenResponse(exchange(200, { access_token: 'at', token_type: 'DPoP', expires_in: 60 }), { binding: 'dpop' });
    assert.throws(() => ensureTokenResponse(exchange(200, { access_token: 'at', token_type: 'Bearer' }), { binding: 'dpop' }), ConformanceFailure);
  });
  it('refuses non-JSON, error statuses and missing tokens', () => {
    assert.throws(() => ensureTokenResponse(exchange(200, '<html>', { 'content-type': 'text/html' }), { binding: 'mtls' }), ConformanceFailure);
    assert.throws(() => ensureTokenResponse(exchange(400, { error: 'invalid_grant' }), { binding: 'mtls' }), ConformanceFailure);
    assert.throws(() => ensureTokenResponse(exchange(200, { token_type: 'Bearer' }), { binding: 'mtls' }), ConformanceFailure);
  });
  it('parses OAuth errors and treats 5xx and non-JSON 4xx as improper refusals', () => {
    assert.deepEqual(parseOAuthError(exchange(401, { error: 'invalid_client' })), { status: 401, error: 'invalid_client' });
    assert.equal(parseOAuthError(exchange(201, { request_uri: 'x' })), undefined);
    assert.throws(() => parseOAuthError(exchange(500, 'boom')), ConformanceFailure);
    assert.throws(() => parseOAuthError(exchange(400, 'nope')), ConformanceFailure);
  });
  it('requires iss in plain authorization responses (RFC 9207)', () => {
    ensureIssMatches({ code: 'c', iss: ISSUER }, ISSUER);
    assert.throws(() => ensureIssMatches({ code: 'c' }, ISSUER), ConformanceFailure);
    assert.throws(() => ensureIssMatches({ code: 'c', iss: 'https://evil' }, ISSUER), ConformanceFailure);
  });
});

describe('redaction', () => {
  it('redacts a token response whatever its content type, and secret pairs in any other text', () => {
    const token = 'AcCeSs-ToKeN-0123456789';
    const json = redactBody(JSON.stringify({ access_token: token, refresh_token: `R${token}`, token_type: 'Bearer' }), 'text/plain');
    assert.ok(!json.includes(token) && json.includes('"token_type": "Bearer"'));
    const cut = redactBody(`{"access_token": "${token}", "refre`, 'application/json');
    assert.ok(!cut.includes(token));
    const html = redactBody(`<p>access_token: "${token}" and code=${token}&state=s</p>`, 'text/html');
    assert.ok(!html.includes(token) && html.includes('state=s'));
  });
  it('keeps no secret in evidence', () => {
    const assertion = 'eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJjIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const form = new URLSearchParams({ client_assertion: assertion, code: 'secretcode123456', code_verifier: 'v'.repeat(43), client_secret: 's3cr3t-value-long', grant_type: 'authorization_code' }).toString();
    const red = redactBody(form, 'application/x-www-form-urlencoded');
    assert.ok(!red.includes('c2lnbmF0dXJl'));
    assert.ok(!red.includes('secretcode123456'));
    assert.ok(!red.includes('s3cr3t-value-long'));
    assert.ok(!red.includes('v'.repeat(43)));
    assert.ok(red.includes('grant_type=authorization_code'));
    // A revocation request (RFC 7009 2.1) carries the token itself.
    const revocation = redactBody(new URLSearchParams({ token: 'access-token-value-0123456789', token_type_hint: 'access_token' }).toString(), 'application/x-www-form-urlencoded');
    assert.ok(!revocation.includes('access-token-value-0123456789'));
    assert.ok(revocation.includes('token_type_hint=access_token'));
    const json = redactBody(JSON.stringify({ access_token: 'A'.repeat(40), refresh_token: 'R'.repeat(40), token_type: 'Bearer' }), 'application/json');
    assert.ok(!json.includes('A'.repeat(40)) && !json.includes('R'.repeat(40)) && json.includes('Bearer'));
    const h = redactHeaders({ authorization: `Basic ${Buffer.from('c:secret').toString('base64')}`, 'content-type': 'x' });
    assert.ok(!h.authorization!.includes(Buffer.from('c:secret').toString('base64')));
    const repeated = redactHeaders({ authorization: ['Bearer first-secret-value', 'Bearer second-secret-value'], cookie: ['a=secret-1', 'b=secret-2'], dpop: ['x.y.z', 'u.v.w'] });
    assert.deepEqual(repeated.dpop, ['x.y.z', 'u.v.w'], 'repeated lines stay apart');
    assert.ok(!JSON.stringify(repeated).includes('secret'), JSON.stringify(repeated));
    assert.ok(!redactUrl('https://rp/cb?code=abcdefghijkl&state=s').includes('abcdefghijkl'));
    assert.equal(redactValue('short'), '[redacted]');
  });
});

describe('builders', () => {
  it('makes S256 and plain PKCE pairs', () => {
    const s = createPkce('S256');
    assert.equal(s.verifier.length, 43);
    assert.notEqual(s.challenge, s.verifier);
    const p = createPkce('plain');
    assert.equal(p.challenge, p.verifier);
  });
  it('builds signed and unsigned request objects with lifetime claims', async () => {
    const key = await generateSigningKey('ES256');
    const signed = await createRequestObject({ state: 's' }, { clientId: CLIENT, audience: ISSUER, signingKey: key });
    const claims = decodeJwt(signed);
    assert.equal(claims.iss, CLIENT);
    assert.equal(claims.aud, ISSUER);
    assert.ok(typeof claims.exp === 'number' && typeof claims.nbf === 'number' && claims.exp - claims.nbf <= 3600);
    const unsigned = await createRequestObject({ state: 's' }, { clientId: CLIENT, audience: ISSUER, signingKey: key, tamper: { kind: 'unsigned' } });
    assert.equal(decodeProtectedHeader(unsigned).alg, 'none');
    assert.ok(unsigned.endsWith('.'));
  });
  it('encrypts a signed request object to the AS key (JWE, nested JWT)', async () => {
    const key = await generateSigningKey('ES256');
    const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'enc-1', use: 'enc' };
    const jwe = await createRequestObject({ state: 's' }, { clientId: CLIENT, audience: ISSUER, signingKey: key, encryptTo: { jwk, alg: 'RSA-OAEP-256', enc: 'A256GCM' } });
    assert.equal(jwe.split('.').length, 5);
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, privateKey);
    assert.equal(protectedHeader.cty, 'JWT');
    assert.equal(decodeJwt(new TextDecoder().decode(plaintext)).state, 's');
  });
});

it('a refusal of a request with outside parameters used none of them, unless it echoes the outside state', async () => {
  const { refusedWithoutOutsideValues } = await import('../../mock-rp/checks/authorization-response');
  const redirect = (state?: string) => ({ kind: 'error-redirect' as const, error: 'invalid_request', ...(state ? { state } : {}), params: {}, viaJarm: false });
  assert.match(refusedWithoutOutsideValues(redirect(), 'outside') ?? '', /invalid_request/);
  assert.ok(refusedWithoutOutsideValues(redirect('inside'), 'outside'));
  assert.equal(refusedWithoutOutsideValues(redirect('outside'), 'outside'), undefined);
  assert.ok(refusedWithoutOutsideValues({ kind: 'error-page', url: 'https://as/err', text: 'bad request' }, 'outside'));
  assert.equal(refusedWithoutOutsideValues({ kind: 'code', code: 'c', params: {}, viaJarm: false }, 'outside'), undefined);
});

describe('x5u and jku headers (FAPI 2.0 SP 5.4.2, FAPI 1.0 Advanced 8.9)', () => {
  it('names each x5u or jku header of the JWTs the AS signed, and passes headers without them', () => {
    const plain = { what: 'the ID token', header: { alg: 'PS256', kid: 'k1', typ: 'JWT' } };
    assert.deepEqual(keyUrlHeaders([plain]), []);
    ensureNoKeyUrlHeaders([plain], 'FAPI2-SP-5.4.2-2');
    const jarm = { what: 'the JARM response', header: { alg: 'PS256', jku: 'https://as.example/jwks', x5u: 'https://as.example/cert.pem' } };
    assert.deepEqual(keyUrlHeaders([jarm, plain]), ['the JARM response: x5u "https://as.example/cert.pem"', 'the JARM response: jku "https://as.example/jwks"']);
    assert.throws(() => ensureNoKeyUrlHeaders([plain, jarm], 'FAPI1-ADV-8.9-2'), (e: unknown) => e instanceof ConformanceFailure && e.requirement === 'FAPI1-ADV-8.9-2' && e.message.includes('jku "https://as.example/jwks"'));
  });
});

describe('scopeValuesMissing', () => {
  it('compares scope values as sets: order, repetition and extra spaces carry no meaning', () => {
    assert.deepEqual(scopeValuesMissing('openid email', 'email  openid'), []);
    assert.deepEqual(scopeValuesMissing('openid openid x', 'openid'), ['x']);
    assert.deepEqual(scopeValuesMissing('x', 'openid email'), ['x']);
    assert.deepEqual(scopeValuesMissing('openid', 'openid email extra'), []);
  });
});
