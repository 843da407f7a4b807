import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256' | 'plain';
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** RFC 7636 4.1/4.2: a 43-character verifier and its S256 challenge (or the verifier itself for `plain`, only ever
 * sent to prove that an AS refuses it). */
export function createPkce(method: 'S256' | 'plain' = 'S256'): Pkce {
  const verifier = randomToken(32);
  const challenge = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return { verifier, challenge, method };
}
