/**
 * The sign-in faults: how the bundled sign-in and consent pages (interactions.ts) redirect the browser once the user
 * submits a form. oidc-provider's interactionFinished answers with 303, as FAPI 2.0 SP 5.3.2.2 recommends.
 */
import type { Provider } from 'oidc-provider';
import type { Fault } from './hooks';

/** The path the login form posts to, in both page layouts (html.ts). */
const LOGIN_POST = /^\/interaction\/[^/]+\/login$/;

/** Has the provider answer the form submissions `which` selects with `status` to the resume URL, instead of 303. */
function redirectFinishedForms(status: 302 | 307, which: (path: string) => boolean): (provider: Provider) => void {
  return (provider) => {
    const finished = provider.interactionFinished.bind(provider);
    provider.interactionFinished = async (req, res, result, options) => {
      const path = URL.parse(req.url ?? '/', 'https://localhost')?.pathname ?? '';
      if (req.method !== 'POST' || !which(path)) return finished(req, res, result, options);
      const resume = await provider.interactionResult(req, res, result, options);
      res.writeHead(status, { Location: resume, 'Content-Length': '0' });
      res.end();
    };
  };
}

export const SIGN_IN_FAULTS = {
  'sign-in-redirected-307': {
    relaxes:
      'the posted sign-in form is answered with a 307 redirect to the authorization endpoint\'s resume URL, so the browser posts the credentials on there; that URL takes the POST and sends the browser on with a 303, and the flow completes',
    provider: redirectFinishedForms(307, (path) => LOGIN_POST.test(path)),
    guard: async (req, res, url, server) => {
      // oidc-provider resumes an authorization only on GET: the forwarded POST is drained (its body is never read)
      // and redirected to the same URL with 303.
      if (req.method !== 'POST' || !url.pathname.startsWith(`${server.routes.authorization}/`)) return req;
      for await (const _chunk of req) {
        // drain
      }
      res.writeHead(303, { Location: `${url.pathname}${url.search}`, 'Content-Length': '0' });
      res.end();
      return undefined;
    },
  },
  'sign-in-redirected-302': {
    relaxes:
      'the posted sign-in and consent forms are answered with a 302 redirect (instead of 303) to the authorization endpoint\'s resume URL; browsers follow a 302 after a POST with a GET, so the flow completes',
    provider: redirectFinishedForms(302, () => true),
  },
} satisfies Record<string, Fault>;
