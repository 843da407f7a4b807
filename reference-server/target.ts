/** The reference server described in the harness's target format: what a user would configure for it. */
import { buildTarget, type TargetJson } from './clients';
import { LOGIN } from './configuration';
import { RESOURCE_PATH } from './faults/resource';
import { ALTERNATE_CANCEL_STEPS, ALTERNATE_ERROR_SELECTOR, ALTERNATE_LOGIN_STEPS, ALTERNATE_SELECTORS, type LoginForm } from './html';
import type { PkiMaterial } from './pki-files';

export interface TargetInput {
  issuer: string;
  pki: PkiMaterial;
  redirectUris: string[];
  clientSecret: string;
  initialAccessToken: string;
  loginForm: LoginForm;
  errorForm: LoginForm;
  lifetimes: TargetJson['lifetimes'];
}

export function exportTarget(input: TargetInput): TargetJson {
  return buildTarget({
    issuer: input.issuer,
    pki: input.pki,
    redirectUri: input.redirectUris[0]!,
    ...(input.redirectUris[1] ? { secondRedirectUri: input.redirectUris[1] } : {}),
    clientSecret: input.clientSecret,
    login: targetLogin(input.loginForm, input.errorForm),
    resourcePath: RESOURCE_PATH,
    initialAccessToken: input.initialAccessToken,
    lifetimes: input.lifetimes,
  });
}

/** The login part of the exported target: what a user would configure for the layout's pages. */
function targetLogin(loginForm: LoginForm, errorForm: LoginForm): TargetJson['login'] {
  const error: Record<string, string> = errorForm === 'alternate' ? { error: ALTERNATE_ERROR_SELECTOR } : {};
  if (loginForm === 'alternate') {
    return { ...LOGIN, selectors: { ...ALTERNATE_SELECTORS, ...error }, steps: [...ALTERNATE_LOGIN_STEPS], cancelSteps: [...ALTERNATE_CANCEL_STEPS] };
  }
  return errorForm === 'alternate' ? { ...LOGIN, selectors: { ...error } } : { ...LOGIN };
}
