/** Upper bounds on the entropy of values an AS generates (RFC 6749 10.10, RFC 9126 7.1). Pure: no I/O. */

/**
 * What can be measured from outside is an upper bound: length × log2 of the alphabet the value is written in. A value
 * below 128 bits by that bound cannot carry 128 bits of entropy.
 */
export function bitsAtMost(value: string): number {
  const alphabet = /^[A-Za-z0-9_-]+$/.test(value) ? 64 : /^[0-9a-f]+$/i.test(value) ? 16 : /^[\x21-\x7e]+$/.test(value) ? 94 : 256;
  return Math.floor(value.length * Math.log2(alphabet));
}

/**
 * The part of a request_uri that can vary: what follows the fixed prefix of RFC 9126's URN
 * (`urn:ietf:params:oauth:request_uri:`), else the whole value, so that no character that may be random is left out.
 */
export function requestUriVariablePart(requestUri: string): string {
  const prefix = 'urn:ietf:params:oauth:request_uri:';
  return requestUri.startsWith(prefix) ? requestUri.slice(prefix.length) : requestUri;
}
