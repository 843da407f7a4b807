import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TlsIdentity } from './http';
import type { SigningKey } from './keys';

export type { ClientAuthMethod } from '../shared/variants';
import type { ClientAuthMethod } from '../shared/variants';

export interface ClientCredentials {
  clientId: string;
  authMethod: ClientAuthMethod;
  signingKey: SigningKey;
  /** The client's certificate: its credential for tls_client_auth, the binding target for mTLS-bound tokens. */
  certificate?: TlsIdentity;
}

/** A deliberate violation: authenticate with a shared secret, which FAPI forbids (RFC 6749 2.3.1). */
export interface SecretAuthTamper {
  method: 'client_secret_basic' | 'client_secret_post';
  clientId: string;
  secret: string;
}

/**
 * Deliberate violations of a private_key_jwt client assertion (RFC 7523 3) a negative test may ask for. Time claims are
 * set from the current time, back- or forward-dated, never waited for.
 */
export interface ClientAssertionTamper {
  /** Send no client_assertion (nor its type): the client_id alone. */
  omitAssertion?: boolean;
  /** Claims left out, e.g. ['sub']. */
  omitClaims?: string[];
  /** Claims replaced or added, from the current time in seconds, e.g. (now) => ({ exp: now - 300 }). */
  claims?: (now: number) => Record<string, unknown>;
  /** Sign with this key instead of the client's own (another client's key, or the client's key under RS256). */
  signWith?: SigningKey;
}

export interface ClientAuthParts {
  form: Record<string, string>;
  headers: Record<string, string>;
}

/** RFC 7523 2.2 / 3: a private_key_jwt client assertion. The audience is the issuer, as FAPI 2.0 SP 5.3.2.1 asks. */
export async function createClientAssertion(creds: ClientCredentials, audience: string, tamper: ClientAssertionTamper = {}, now = Math.floor(Date.now() / 1000)): Promise<string> {
  const claims: Record<string, unknown> = { iss: creds.clientId, sub: creds.clientId, aud: audience, jti: randomUUID(), iat: now, nbf: now, exp: now + 60 };
  for (const k of tamper.omitClaims ?? []) delete claims[k];
  Object.assign(claims, tamper.claims?.(now));
  const key = tamper.signWith ?? creds.signingKey;
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

/** The form fields and headers that authenticate the client at the token or PAR endpoint. */
export async function clientAuthentication(creds: ClientCredentials, audience: string, tamper?: SecretAuthTamper, assertion?: ClientAssertionTamper): Promise<ClientAuthParts> {
  if (tamper?.method === 'client_secret_basic') {
    const basic = Buffer.from(`${encodeURIComponent(tamper.clientId)}:${encodeURIComponent(tamper.secret)}`).toString('base64');
    return { form: {}, headers: { authorization: `Basic ${basic}` } };
  }
  if (tamper?.method === 'client_secret_post') {
    return { form: { client_id: tamper.clientId, client_secret: tamper.secret }, headers: {} };
  }
  if (creds.authMethod === 'tls_client_auth' || assertion?.omitAssertion) return { form: { client_id: creds.clientId }, headers: {} };
  return {
    form: {
      client_id: creds.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await createClientAssertion(creds, audience, assertion),
    },
    headers: {},
  };
}
