/**
 * Faults of the bundled resource's token validation (FAPI 2.0 SP 5.3.4, FAPI 1.0 Part 1 6.2.1-4): each makes the
 * resource remember the tokens it has served, the way a caching or truncating validation layer would, and serve a
 * token from that memory that the AS no longer (or never) vouches for. Without a fault the memory is never read.
 */
import type { AccessToken } from 'oidc-provider';

export const RESOURCE_TOKEN_FAULTS = {
  'resource-token-prefix-match': 'the resource takes an access token it does not know for a token it served before whose first 32 characters are the same (a truncated comparison)',
  'resource-caches-token-validation': 'the resource keeps serving an access token it has served before after the AS revoked it (a validation cache without revocation)',
} as const;
export type ResourceTokenFault = keyof typeof RESOURCE_TOKEN_FAULTS;

/** How many leading characters the truncated comparison looks at. */
const PREFIX = 32;

export interface TokenMemory {
  /** A token the AS vouched for, under the value the client presented. */
  remember(value: string, token: AccessToken): void;
  /** What a faulty resource serves for a value the AS does not know (undefined without a fault). */
  recall(value: string): AccessToken | undefined;
}

export function createTokenMemory(relaxed: ReadonlySet<string>): TokenMemory {
  const byValue = new Map<string, AccessToken>();
  const byPrefix = new Map<string, AccessToken>();
  const active = relaxed.has('resource-token-prefix-match') || relaxed.has('resource-caches-token-validation');
  return {
    remember(value, token) {
      if (!active) return;
      if (byValue.size > 1000) {
        byValue.clear();
        byPrefix.clear();
      }
      byValue.set(value, token);
      byPrefix.set(value.slice(0, PREFIX), token);
    },
    recall(value) {
      if (relaxed.has('resource-caches-token-validation') && byValue.has(value)) return byValue.get(value);
      if (relaxed.has('resource-token-prefix-match') && value.length > PREFIX) return byPrefix.get(value.slice(0, PREFIX));
      return undefined;
    },
  };
}
