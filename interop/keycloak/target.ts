/**
 * The harness's target configuration (FAPI_CONFIG) for the Keycloak the interop run started: its issuer, the realm's
 * clients for each variant, Keycloak's login and consent pages, DCR with the initial access token, the lifetimes the
 * realm sets.
 */
import type { PkiMaterial } from '../../reference-server/pki-files';
import type { VariantSpec } from './realm';

/** What the realm sets (accessCodeLifespan, parRequestUriLifespan): Keycloak's defaults, written down. */
export const KEYCLOAK_LIFETIMES = { authorizationCodeSeconds: 60, requestUriSeconds: 60 };

/**
 * Keycloak 26's login theme: #username, #password, #kc-login; its consent page has an accept button (name=accept)
 * and a cancel button (#kc-cancel); the login page has no cancel. Failed logins show #input-error, error pages
 * #kc-error-message.
 */
export const KEYCLOAK_SELECTORS = {
  username: '#username',
  password: '#password',
  submit: '#kc-login',
  consent: 'input[name="accept"], button[name="accept"]',
  error: '#kc-error-message, #input-error',
  cancel: '#kc-cancel',
};

export function buildKeycloakTarget(opts: {
  issuer: string;
  pki: PkiMaterial;
  redirectUri: string;
  clientSecret: string;
  user: { username: string; password: string };
  cancelUser: { username: string; password: string };
  initialAccessToken: string;
  variants: Record<string, VariantSpec>;
}): Record<string, unknown> {
  const { pki } = opts;
  const material = (m: PkiMaterial['client1']) => ({ jwks: m.jwksPath, certificate: m.certificatePath, key: m.keyPath, redirect_uri: opts.redirectUri });
  return {
    issuer: opts.issuer,
    ca: pki.caPath,
    scope: 'openid email',
    login: {
      username: opts.user.username,
      password: opts.user.password,
      selectors: KEYCLOAK_SELECTORS,
      // Keycloak remembers a user's consent per client, so a user who once consented is never asked again: the user
      // who cancels is one who never consents.
      cancelSteps: [
        { action: 'fill', selector: '#username', value: opts.cancelUser.username },
        { action: 'fill', selector: '#password', value: opts.cancelUser.password },
        { action: 'click', selector: '#kc-login' },
        { action: 'click', selector: '#kc-cancel' },
      ],
    },
    variants: Object.fromEntries(
      Object.entries(opts.variants).map(([name, spec]) => [
        name,
        {
          ...spec,
          clients: [
            { client_id: `${name}-1`, ...material(pki.client1) },
            { client_id: `${name}-2`, ...material(pki.client2) },
          ],
          secretHolder: { client_id: `${name}-secret`, client_secret: opts.clientSecret },
        },
      ]),
    ),
    strangerCertificate: { certificate: pki.stranger.certificatePath, key: pki.stranger.keyPath },
    registration: {
      initialAccessToken: opts.initialAccessToken,
      // "openid" is no client scope in Keycloak (it is implied), and its registration policy "Allowed Client Scopes"
      // refuses unknown scopes: a registration names the realm's client scopes only.
      metadata: { scope: 'email profile' },
      clients: [material(pki.client1), material(pki.client2)],
    },
    timeouts: { httpMs: 15_000, browserMs: 30_000 },
    lifetimes: KEYCLOAK_LIFETIMES,
  };
}
