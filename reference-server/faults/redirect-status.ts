/**
 * How the bundled server's sign-in and consent pages (interactions.ts) redirect the browser once a form is submitted.
 * oidc-provider's interactionFinished answers with 303, as FAPI 2.0 SP 5.3.2.2 recommends.
 */
import type { Fault } from './hooks';

export const REDIRECT_STATUS_FAULTS = {
  'sign-in-redirected-302': {
    relaxes:
      'the posted sign-in and consent forms are answered with a 302 redirect (instead of 303) to the authorization endpoint\'s resume URL; browsers follow a 302 after a POST with a GET, so the flow completes',
    provider: (provider) => {
      const finished = provider.interactionFinished.bind(provider);
      provider.interactionFinished = async (req, res, result, options) => {
        if (req.method !== 'POST') return finished(req, res, result, options);
        const resume = await provider.interactionResult(req, res, result, options);
        res.writeHead(302, { Location: resume, 'Content-Length': '0' });
        res.end();
      };
    },
  },
} satisfies Record<string, Fault>;
