import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fetchDiscovery } from '../../mock-rp/discovery';
import { ConformanceFailure, HarnessError } from '../../mock-rp/errors';
import { HttpClient, type RecordedExchange } from '../../mock-rp/http';
import { generateSigningKey } from '../../mock-rp/keys';
import { RelyingParty } from '../../mock-rp/rp';

/** An AS that misbehaves: it never answers, answers garbage, or crashes. The harness must fail fast and name it. */
let hanging: TcpServer;
let garbage: Server;
let hangingUrl = '';
let garbageUrl = '';

before(async () => {
  hanging = createTcpServer(() => {}); // accepts the connection, never says a word
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  garbage = createServer((req, res) => {
    if (req.url?.startsWith('/.well-known')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
    if (req.url === '/par') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    if (req.url === '/par-html') return void res.writeHead(201, { 'content-type': 'text/html' }).end('<html>created</html>');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
  garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
});

after(async () => {
  hanging.close();
  garbage.closeAllConnections();
  garbage.close();
});

async function relyingParty(http: HttpClient, parEndpoint: string) {
  return new RelyingParty({
    http,
    metadata: { issuer: garbageUrl, authorization_endpoint: `${garbageUrl}/auth`, token_endpoint: `${garbageUrl}/token`, jwks_uri: `${garbageUrl}/jwks`, pushed_authorization_request_endpoint: parEndpoint, raw: {} },
    asKeys: { keys: [] },
    variant: { profile: 'fapi2-sp', clientAuth: 'private_key_jwt', senderConstraint: 'mtls', requestMethod: 'par', responseMode: 'query' },
    client: { clientId: 'c', authMethod: 'private_key_jwt', signingKey: await generateSigningKey('ES256'), redirectUri: 'https://rp.example/cb' },
    scope: 'openid',
  });
}

describe('an AS that hangs or answers garbage', () => {
  it('a request that gets no answer fails within its deadline as a harness error naming the endpoint', async () => {
    const http = new HttpClient({ timeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(http.send({ method: 'GET', url: `${hangingUrl}/token`, label: 'token' }), (e: unknown) => {
      assert.ok(e instanceof HarnessError);
      assert.match(e.message, /token GET http:\/\/127\.0\.0\.1:\d+\/token: no answer within 300 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 2_000, 'bounded by the timeout');
    assert.equal(http.recorder.exchanges.length, 1, 'the failed exchange is still recorded as evidence');
    await http.close();
  });

  it('a refused connection is a harness error with a fix', async () => {
    const http = new HttpClient({ timeoutMs: 1_000 });
    await assert.rejects(http.send({ method: 'GET', url: 'http://127.0.0.1:1/x', label: 'discovery' }), (e: unknown) => e instanceof HarnessError && /connection refused/.test(e.message) && /fix:/.test(e.message));
    await http.close();
  });

  it('a discovery document that is not JSON stops with the URL and what came back', async () => {
    const http = new HttpClient({ timeoutMs: 1_000 });
    await assert.rejects(fetchDiscovery(http, garbageUrl), (e: unknown) => e instanceof HarnessError && e.message.includes('/.well-known/openid-configuration') && e.message.includes('<html>hello</html>'));
    await http.close();
  });

  it('a PAR endpoint that crashes (5xx) is not a proper refusal: conformance failure', async () => {
    const http = new HttpClient({ timeoutMs: 1_000 });
    const rp = await relyingParty(http, `${garbageUrl}/par`);
    await assert.rejects(rp.prepareAuthorization(), (e: unknown) => e instanceof ConformanceFailure && e.message.includes('HTTP 500'));
    await http.close();
  });

  it('a PAR success without a request_uri is a conformance failure naming what came back', async () => {
    const http = new HttpClient({ timeoutMs: 1_000 });
    const rp = await relyingParty(http, `${garbageUrl}/par-html`);
    await assert.rejects(rp.prepareAuthorization(), (e: unknown) => e instanceof ConformanceFailure && e.message.includes('<html>created</html>'));
    await http.close();
  });
});

describe('repeated request headers', () => {
  it('a header given as an array goes out as one line per value, and is recorded so, each line redacted', async () => {
    const seen: { lines?: string[]; joined?: string | string[] } = {};
    const server = createServer((req, res) => {
      seen.lines = req.headersDistinct.dpop;
      seen.joined = req.headers.dpop;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    const http = new HttpClient({ timeoutMs: 2_000 });
    try {
      await http.send({ method: 'POST', url, label: 'token', headers: { dpop: ['a.b.c', 'd.e.f'], authorization: ['DPoP first-secret-token', 'DPoP second-secret-token'] }, form: { x: '1' } });
      assert.deepEqual(seen.lines, ['a.b.c', 'd.e.f'], 'two DPoP header lines arrive');
      assert.equal(seen.joined, 'a.b.c, d.e.f', 'which Node joins the way it would join one comma-separated line');
      await http.send({ method: 'POST', url, label: 'token', headers: { dpop: 'a.b.c, d.e.f' }, form: { x: '1' } });
      assert.deepEqual(seen.lines, ['a.b.c, d.e.f'], 'a string stays one line');
      const [twoLines, oneLine] = http.recorder.exchanges as RecordedExchange[];
      assert.deepEqual(twoLines!.request.headers.dpop, ['a.b.c', 'd.e.f']);
      const auth = twoLines!.request.headers.authorization as string[];
      assert.equal(auth.length, 2);
      assert.ok(auth.every((line) => line.startsWith('DPoP ') && !line.includes('secret-token')), auth.join(' | '));
      assert.equal(oneLine!.request.headers.dpop, 'a.b.c, d.e.f');
    } finally {
      await http.close();
      server.close();
    }
  });
});
