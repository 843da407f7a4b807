import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, commonRedirectUri, loadTargetConfig } from '../../fixtures/target-config';

const EXAMPLE = resolve(import.meta.dirname, '..', '..', 'fixtures', 'examples', 'target.example.json');
const YAML_EXAMPLE = resolve(import.meta.dirname, '..', '..', 'fixtures', 'examples', 'target.example.yaml');

function withEnv<T>(env: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

const ENV = { AS_USERNAME: 'qa', AS_PASSWORD: 'pw', AS_SECRET_HOLDER_SECRET: 's' };

function writeConfig(mutate: (c: Record<string, any>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'fapi-config-'));
  const c = withEnv(ENV, () => JSON.parse(JSON.stringify(loadTargetConfig(EXAMPLE)))) as Record<string, any>;
  mutate(c);
  const file = join(dir, 'target.json');
  writeFileSync(file, JSON.stringify(c));
  return file;
}

function rejects(file: string, field: string, pattern: RegExp): void {
  assert.throws(() => withEnv(ENV, () => loadTargetConfig(file)), (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.ok(e.message.includes(file), 'names the file');
    assert.ok(e.message.includes(`field ${field}`), `names the field ${field}: ${e.message}`);
    assert.match(e.message, pattern);
    assert.match(e.message, /fix:/);
    return true;
  });
}

describe('target configuration file', () => {
  it('the shipped example is valid: environment values substituted, paths resolved against the file', () => {
    const t = withEnv(ENV, () => loadTargetConfig(EXAMPLE));
    assert.equal(t.login.password, 'pw');
    assert.equal(t.variants['fapi2-sp-pkjwt-mtls']!.secretHolder!.client_secret, 's');
    assert.equal(t.ca, resolve(import.meta.dirname, '..', '..', 'certs', 'generated', 'ca.crt.pem'));
    assert.equal(commonRedirectUri(t, EXAMPLE).port, '8443');
  });
  it('names the environment variable that is missing', () => {
    assert.throws(() => withEnv({ ...ENV, AS_PASSWORD: undefined }, () => loadTargetConfig(EXAMPLE)), /field login\.password: environment variable AS_PASSWORD is not set/);
  });
  it('names unknown fields, wrong enum values and wrong types with their path', () => {
    rejects(writeConfig((c) => (c.variants['fapi2-sp-pkjwt-mtls'].clients[0].colour = 'blue')), 'variants.fapi2-sp-pkjwt-mtls.clients.0', /colour/);
    rejects(writeConfig((c) => (c.variants['fapi2-sp-pkjwt-mtls'].senderConstraint = 'bearer')), 'variants.fapi2-sp-pkjwt-mtls.senderConstraint', /mtls|dpop/);
    rejects(writeConfig((c) => (c.issuer = 42)), 'issuer', /./);
    rejects(writeConfig((c) => c.variants['fapi2-sp-pkjwt-mtls'].clients.pop()), 'variants.fapi2-sp-pkjwt-mtls.clients', /./);
  });
  it('refuses a redirect URI the harness cannot serve', () => {
    const file = writeConfig((c) => {
      for (const cl of c.variants['fapi2-sp-pkjwt-mtls'].clients) cl.redirect_uri = 'https://rp.example.com/cb';
    });
    const t = withEnv(ENV, () => loadTargetConfig(file));
    assert.throws(() => commonRedirectUri(t, file), /not a local https URL/);
  });
  it('the annotated YAML example is valid: a scripted login, dynamic clients, timeouts', () => {
    const t = withEnv({ ...ENV, AS_INITIAL_ACCESS_TOKEN: 'iat' }, () => loadTargetConfig(YAML_EXAMPLE));
    assert.equal(t.variants['fapi2-sp-pkjwt-dpop']!.clients, 'dynamic');
    assert.equal(t.registration?.initialAccessToken, 'iat');
    assert.equal(t.login.steps?.[1]?.action, 'fill');
    assert.equal(t.timeouts?.httpMs, 10_000);
    assert.equal(commonRedirectUri(t, YAML_EXAMPLE).port, '8443');
  });
  it('dynamic clients need key material to register', () => {
    rejects(writeConfig((c) => (c.variants['fapi2-sp-pkjwt-mtls'].clients = 'dynamic')), 'variants.fapi2-sp-pkjwt-mtls.clients', /registration\.clients/);
  });
  it('login steps: one value source per fill, valid regular expressions, known actions', () => {
    rejects(writeConfig((c) => (c.login.steps = [{ action: 'fill', selector: '#u' }])), 'login.steps.0', /exactly one of value and valueFrom/);
    rejects(writeConfig((c) => (c.login.steps = [{ action: 'expect-url', pattern: '(' }])), 'login.steps.0.pattern', /regular expression/);
    rejects(writeConfig((c) => (c.login.overrides = [{ match: '[', steps: [{ action: 'click', selector: '#a' }] }])), 'login.overrides.0.match', /regular expression/);
    rejects(writeConfig((c) => (c.login.steps = [{ action: 'hover', selector: '#a' }])), 'login.steps.0.action', /fill/);
  });
});
