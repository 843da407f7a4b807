/**
 * Layouts of the bundled reference server: whole configurations, each a correct FAPI authorization server, that differ
 * wherever FAPI leaves the implementer a choice. The default layout is the one the fault matrix and the docs describe;
 * the second is configured differently at every such choice, so that a verdict the catalogue reaches on both is less
 * likely to rest on something only one server happens to do. Everything a layout changes is named here, and
 * configuration.ts, server.ts, interactions.ts and html.ts read it from here.
 */
import type { JarmMode } from './clients';
import type { LoginForm } from './html';

export const LAYOUT_NAMES = ['default', 'second'] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];

export interface Layout {
  /** One line for the harness's start-up line and the docs. */
  summary: string;
  /** Login and consent pages: the default layout's (one step, oidc-provider's field names) or another form. */
  loginForm: LoginForm;
  /** Error pages: the default layout's (`#error`, `#error_description`) or another form, found by the selector the
   * exported target carries. */
  errorForm: LoginForm;
  /** The response modes the JARM clients (FAPI 1.0, Message Signing) are registered for; undefined: the default. */
  jarmModes?: readonly JarmMode[];
  /** Signing algorithms the server also accepts and advertises beyond the FAPI ones, for clients that register for
   * them (non-FAPI clients): request objects and client assertions, and DPoP proofs. FAPI clients stay registered for
   * one FAPI algorithm each, which the server then enforces. */
  extraVerifyAlgs: { requestObjectAndClientAuth: string[]; dpop: string[] };
  /** Client authentication methods advertised and enabled beyond private_key_jwt and tls_client_auth (for non-FAPI clients). */
  extraAuthMethods: string[];
  /** A client that is not a FAPI client is registered beside the FAPI ones (the one discovery document serves both). */
  nonFapiClient: boolean;
  /** The sign-in page on every authorization request: no single sign-on from an earlier one in the same browser. */
  loginEveryRequest: boolean;
  /** The consent page on every authorization request: no consent remembered from an earlier one. */
  consentEveryRequest: boolean;
  /** Refresh tokens only when the granted scope holds offline_access (OpenID Connect Core 11); else for every client
   * allowed the refresh_token grant. */
  refreshNeedsOfflineAccess: boolean;
  /** Whether a refresh rotates the refresh token; undefined: oidc-provider's own rule. */
  rotateRefreshTokens?: boolean;
  /** Lifetimes, within FAPI's bounds (code at most 60 s, request_uri below 600 s). Short, so that the expiry scenarios'
   * waits run out while a worker's other tests run. */
  authorizationCodeLifetimeSeconds: number;
  requestUriLifetimeSeconds: number;
  /** Access token and ID token lifetimes (no FAPI bound). */
  accessTokenLifetimeSeconds: number;
}

export const LAYOUTS: Record<LayoutName, Layout> = {
  default: {
    summary: 'FAPI algorithms and methods only, one-step sign-in with remembered consent, refresh tokens for every client, JARM clients registered for every mode',
    loginForm: 'default',
    errorForm: 'default',
    extraVerifyAlgs: { requestObjectAndClientAuth: [], dpop: [] },
    extraAuthMethods: [],
    nonFapiClient: false,
    loginEveryRequest: false,
    consentEveryRequest: false,
    refreshNeedsOfflineAccess: false,
    authorizationCodeLifetimeSeconds: 5,
    requestUriLifetimeSeconds: 4,
    accessTokenLifetimeSeconds: 600,
  },
  second: {
    summary:
      'one discovery document also for non-FAPI clients (RS256, EdDSA, client secrets), JARM clients registered for response_mode=jwt only, sign-in and consent on every request, refresh tokens only with offline_access and never rotated, other lifetimes, pages in another form',
    loginForm: 'alternate',
    errorForm: 'alternate',
    jarmModes: ['jwt'],
    extraVerifyAlgs: { requestObjectAndClientAuth: ['EdDSA', 'RS256'], dpop: ['EdDSA'] },
    extraAuthMethods: ['client_secret_basic', 'client_secret_post'],
    nonFapiClient: true,
    loginEveryRequest: true,
    consentEveryRequest: true,
    refreshNeedsOfflineAccess: true,
    rotateRefreshTokens: false,
    authorizationCodeLifetimeSeconds: 8,
    requestUriLifetimeSeconds: 7,
    accessTokenLifetimeSeconds: 300,
  },
};

export function isLayoutName(value: string): value is LayoutName {
  return (LAYOUT_NAMES as readonly string[]).includes(value);
}

/** The layout a setting names (FAPI_REFERENCE_LAYOUT, --layout); unset or empty is the default. Throws one clear line. */
export function parseLayout(value: string | undefined, source = 'FAPI_REFERENCE_LAYOUT'): LayoutName {
  const v = value?.trim();
  if (!v) return 'default';
  if (isLayoutName(v)) return v;
  throw new Error(`${source} must be one of ${LAYOUT_NAMES.join(', ')}, got "${value}"`);
}

/** The client registered for the second layout that is not a FAPI client: a plain confidential web client. */
export const NON_FAPI_CLIENT_ID = 'plain-web-app';
