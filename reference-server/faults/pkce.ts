/** The PKCE faults that oidc-provider's configuration or storage can express (accept-plain-pkce rewrites requests: rewrite/). */
import type { Fault } from './hooks';
import { codeForgets } from './store';

export const PKCE_FAULTS = {
  'pkce-not-required': {
    relaxes: 'authorization requests without a PKCE code_challenge are accepted',
    configuration: (config) => {
      config.pkce = { required: () => false };
    },
  },
  'pkce-verifier-not-checked': {
    relaxes: 'the token endpoint issues tokens for a code whatever code_verifier comes with it, or none',
    // With no challenge on the code and no code_verifier in the request, oidc-provider's PKCE check has nothing to compare.
    store: codeForgets(['codeChallenge', 'codeChallengeMethod']),
    tokenParams: (params) => {
      if (params.get('grant_type') !== 'authorization_code' || !params.has('code_verifier')) return false;
      params.delete('code_verifier');
      return true;
    },
  },
} satisfies Record<string, Fault>;
