/** The response-mode fault: FAPI 1.0's "the code comes in a JARM response" rule lifted. */
import type { Fault } from './hooks';

export const RESPONSE_MODE_FAULTS = {
  'allow-query-response-mode': {
    relaxes: 'FAPI 1.0 and FAPI 2.0 Message Signing clients may get the code in a plain query response instead of JARM',
    clients: { allowQueryResponseMode: true },
    provider: (provider) => {
      // Client is a per-provider class, so this touches no other server in the process.
      const proto = provider.Client.prototype;
      const original = proto.responseModeAllowed;
      proto.responseModeAllowed = function responseModeAllowed(mode, type, fapiProfile) {
        // Only the FAPI 1.0 "code needs JARM" rule is lifted; registered response_modes still apply.
        const profile = fapiProfile === '1.0 Final' && mode === 'query' && type === 'code' ? undefined : fapiProfile;
        return original.call(this, mode, type, profile);
      };
    },
  },
} satisfies Record<string, Fault>;
