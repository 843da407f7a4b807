/**
 * The reference server's layouts (reference-server/layouts.ts): FAPI_REFERENCE_LAYOUT names one, and the second
 * layout is a correct FAPI AS that offers more than FAPI clients may use, registers its clients for less, and exports
 * the selectors a user of its pages would configure. The run against it is judged like any correct AS's.
 */
import 'reflect-metadata';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { DEFAULT_PKI_DIR, pkiPaths } from '../../certs/pki';
import { errorPage } from '../../reference-server/html';
import { LAYOUTS, parseLayout } from '../../reference-server/layouts';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/server';
import { ENV } from '../../shared/env';
import { judgeCorrectAsRun } from '../layout2';
import type { JsonTest } from '../report-rows';

describe('FAPI_REFERENCE_LAYOUT', () => {
  test('is declared for users', () => {
    assert.equal(ENV.FAPI_REFERENCE_LAYOUT.audience, 'user');
  });

  test('unset or empty is the default layout; default and second are accepted as written', () => {
    assert.equal(parseLayout(undefined), 'default');
    assert.equal(parseLayout(''), 'default');
    assert.equal(parseLayout('default'), 'default');
    assert.equal(parseLayout(' second '), 'second');
  });

  test('an unknown name is refused in one line naming the setting and the known layouts', () => {
    assert.throws(() => parseLayout('third'), { message: 'FAPI_REFERENCE_LAYOUT must be one of default, second, got "third"' });
    assert.throws(() => parseLayout('Second', '--layout'), /^Error: --layout must be one of default, second, got "Second"$/);
  });

  test('the second layout keeps its lifetimes within FAPI\'s bounds and differs from the default in each', () => {
    const [d, s] = [LAYOUTS.default, LAYOUTS.second];
    assert.ok(s.authorizationCodeLifetimeSeconds <= 60 && s.requestUriLifetimeSeconds < 600);
    assert.notEqual(s.authorizationCodeLifetimeSeconds, d.authorizationCodeLifetimeSeconds);
    assert.notEqual(s.requestUriLifetimeSeconds, d.requestUriLifetimeSeconds);
    assert.notEqual(s.loginForm, d.loginForm);
    assert.notEqual(s.errorForm, d.errorForm);
    assert.deepEqual(s.jarmModes, ['jwt'], 'JARM clients registered for the one mode FAPI requires');
  });
});

describe('the second layout', () => {
  let server: ReferenceServer;
  let agent: Agent;
  let doc: Record<string, unknown>;
  before(async () => {
    server = await startReferenceServer({ pkiDir: DEFAULT_PKI_DIR, redirectUris: ['https://localhost:40124/cb'], layout: 'second' });
    agent = new Agent({ connect: { ca: readFileSync(pkiPaths(DEFAULT_PKI_DIR).ca.cert, 'utf8') } });
    const r = await request(`${server.issuer}/.well-known/openid-configuration`, { dispatcher: agent });
    doc = (await r.body.json()) as Record<string, unknown>;
  });
  after(async () => {
    await server?.close();
    await agent?.close();
  });

  test('one discovery document also for non-FAPI clients: secret methods, RS256 and EdDSA beside the FAPI ones', () => {
    assert.equal(server.layout, 'second');
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, ['private_key_jwt', 'tls_client_auth', 'client_secret_basic', 'client_secret_post']);
    for (const k of ['request_object_signing_alg_values_supported', 'token_endpoint_auth_signing_alg_values_supported']) {
      assert.deepEqual(doc[k], ['PS256', 'ES256', 'EdDSA', 'RS256'], k);
    }
    assert.deepEqual(doc.dpop_signing_alg_values_supported, ['PS256', 'ES256', 'EdDSA']);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['PS256', 'ES256'], 'it signs only with its own keys');
    assert.ok((doc.response_modes_supported as string[]).includes('query.jwt'), 'all JARM modes advertised, though clients get jwt only');
  });

  test('the exported target carries its lifetimes and the selectors and steps of its pages', () => {
    assert.deepEqual(server.target.lifetimes, { authorizationCodeSeconds: LAYOUTS.second.authorizationCodeLifetimeSeconds, requestUriSeconds: LAYOUTS.second.requestUriLifetimeSeconds });
    assert.equal(server.target.login.selectors?.error, '.oauth-problem');
    assert.equal(server.target.login.selectors?.username, '#user-name');
    assert.ok(server.target.login.steps?.length);
    assert.ok(server.target.login.cancelSteps?.length);
  });

  test('its error page has none of the default markers, and the exported one', () => {
    const html = errorPage({ error: 'invalid_request', error_description: 'bad <thing>' }, 'alternate');
    assert.match(html, /class="oauth-problem"/);
    assert.doesNotMatch(html, /id="error"|class="error"|data-error/);
    assert.match(html, /bad &lt;thing&gt;/);
  });
});

describe('judging a run against a correct AS', () => {
  const row = (over: Partial<JsonTest>): JsonTest => ({ title: 't', tags: [], projectName: 'p', status: 'passed', errors: [], modules: [], duration: 0, ...over });
  test('failures, harness errors and unexplained skips are told apart', () => {
    const r = judgeCorrectAsRun([
      row({}),
      row({ status: 'skipped', skipReason: 'the AS issued no refresh token' }),
      row({ status: 'skipped' }),
      row({ status: 'failed', errors: ['ConformanceFailure: [conformance] X: expected a; actual b'] }),
      row({ status: 'failed', errors: ['HarnessError: [harness] browser: no element'] }),
      row({ status: 'timedOut', errors: ['Test timeout of 60000ms exceeded.'] }),
    ]);
    assert.equal(r.failed.length, 2);
    assert.equal(r.harnessErrors.length, 1);
    assert.equal(r.unexplained.length, 1);
  });
});
