import 'reflect-metadata';
import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as x509 from '@peculiar/x509';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { pkiPaths } from '../certs/pki';
import { HttpClient } from '../mock-rp/http';
import { startReferenceServer, type ReferenceServer, type TargetJson } from '../reference-server/server';

/**
 * A hostile authorization server for the harness's own tests: the reference server, with one endpoint made to
 * misbehave (never answer, drip, garbage, 50 MB, wrong content type, HTML, an empty 500, a redirect loop, a cut
 * connection, another issuer, broken or foreign keys) while every other endpoint works, or with a TLS certificate
 * for another host. The misbehaviour sits in front of the reference server's routing (its `intercept` option), in
 * the same HTTPS server, so that mTLS client certificates still reach the real endpoints: a proxy in front (fastify or
 * other) would terminate TLS and lose them, and the behaviours need raw control of the socket anyway.
 */

export type HostileEndpoint = 'discovery' | 'jwks' | 'par' | 'authorization' | 'token';

export const BEHAVIOURS = {
  hang: 'accepts the request and never answers',
  drip: 'sends the status and headers, then one byte of body every 500 ms, forever',
  'invalid-json': 'answers application/json that does not parse',
  'huge-body': 'answers a 50 MB body',
  'wrong-content-type': 'answers the right JSON as text/plain',
  html: 'answers an HTML page where JSON is due',
  'empty-500': 'answers HTTP 500 with no body',
  'close-mid-response': 'sends headers and part of the body, then closes the connection',
  'redirect-loop': 'redirects the authorization request to itself, forever',
  'other-issuer': 'publishes a discovery document that names another issuer',
  'empty-jwks': 'publishes a JWK Set with no keys',
  'malformed-jwks': 'publishes a JWK Set that is not valid JSON',
  'duplicate-kid': 'publishes its signing key and another key under the same kid',
  'foreign-keys': 'publishes other keys under its keys\' kids, so that its ID tokens and JARM responses are signed with a key not in its JWK Set',
  'tls-other-host': 'presents a TLS certificate (from the trusted test CA) for another host name',
} as const;
export type Behaviour = keyof typeof BEHAVIOURS;

export interface HostileAs {
  issuer: string;
  /** The target configuration the harness gets (FAPI_CONFIG). */
  target: TargetJson;
  /** How many requests met the misbehaviour. */
  hits(): number;
  close(): Promise<void>;
}

const HUGE_BYTES = 50 * 1024 * 1024;

export async function startHostileAs(opts: { endpoint: HostileEndpoint; behaviour: Behaviour; redirectUri: string; pkiDir: string; secretLedger?: (secret: string, what: string) => void }): Promise<HostileAs> {
  const paths = pkiPaths(opts.pkiDir);
  let hits = 0;
  let routes: { paths: Set<string>; discovery?: Record<string, unknown>; jwks?: { keys: JWK[] } } | undefined;
  const timers = new Set<NodeJS.Timeout>();

  const intercept = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!routes || opts.behaviour === 'tls-other-host') return false;
    const path = (req.url ?? '/').split('?')[0]!;
    if (!routes.paths.has(path)) return false;
    hits += 1;
    misbehave(req, res);
    return opts.behaviour !== 'wrong-content-type' || opts.endpoint === 'discovery' || opts.endpoint === 'jwks' ? true : false;
  };

  const json = (res: ServerResponse, status: number, body: string, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(body);
  };

  const misbehave = (req: IncomingMessage, res: ServerResponse) => {
    const success = opts.endpoint === 'par' ? 201 : 200;
    switch (opts.behaviour) {
      case 'hang':
        return; // the server's close() destroys the socket
      case 'drip': {
        res.writeHead(success, { 'content-type': 'application/json' });
        res.write('{"padding":"');
        const t = setInterval(() => res.write('x'), 500);
        timers.add(t);
        res.on('close', () => {
          clearInterval(t);
          timers.delete(t);
        });
        return;
      }
      case 'invalid-json':
        return json(res, success, '{"request_uri": "urn:ietf:params:oauth:request_uri:x", "access_token": ');
      case 'huge-body': {
        res.writeHead(success, { 'content-type': 'application/json', 'content-length': HUGE_BYTES });
        const chunk = Buffer.alloc(1024 * 1024, 'x');
        let sent = 0;
        const pump = () => {
          while (sent < HUGE_BYTES) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (sent = HUGE_BYTES));
        return pump();
      }
      case 'wrong-content-type':
        if (opts.endpoint === 'discovery') return json(res, 200, JSON.stringify(routes!.discovery), 'text/plain');
        if (opts.endpoint === 'jwks') return json(res, 200, JSON.stringify(routes!.jwks), 'text/plain');
        // A dynamic endpoint: the reference server answers, under another content type.
        forceContentType(res, 'text/plain; charset=utf-8');
        return;
      case 'html':
        return json(res, success, '<!doctype html><html><head><title>Welcome</title></head><body><h1>Welcome to our portal</h1></body></html>', 'text/html; charset=utf-8');
      case 'empty-500':
        res.writeHead(500, { 'content-length': 0 });
        return res.end();
      case 'close-mid-response':
        res.writeHead(success, { 'content-type': 'application/json', 'content-length': 4096 });
        res.write('{"request_uri":"urn:ietf:params:oauth:request_uri:');
        return void setTimeout(() => res.socket?.destroy(), 50);
      case 'redirect-loop':
        res.writeHead(302, { location: req.url ?? '/', 'content-length': 0 });
        return res.end();
      case 'other-issuer':
        return json(res, 200, JSON.stringify({ ...routes!.discovery, issuer: 'https://other-issuer.fapi-harness.test' }));
      case 'empty-jwks':
        return json(res, 200, JSON.stringify({ keys: [] }), 'application/jwk-set+json');
      case 'malformed-jwks':
        return json(res, 200, '{"keys": [{"kty": "RSA", ', 'application/jwk-set+json');
      case 'duplicate-kid':
      case 'foreign-keys':
        return json(res, 200, JSON.stringify(hostileKeys!), 'application/jwk-set+json');
      case 'tls-other-host':
        return;
    }
  };

  const tlsCertificate = opts.behaviour === 'tls-other-host' ? await otherHostCertificate(paths.ca) : undefined;
  let hostileKeys: { keys: JWK[] } | undefined;
  const server: ReferenceServer = await startReferenceServer({ pkiDir: opts.pkiDir, port: 0, redirectUris: [opts.redirectUri], intercept, ...(tlsCertificate ? { tlsCertificate } : {}), ...(opts.secretLedger ? { secretLedger: opts.secretLedger } : {}) });
  try {
    if (opts.behaviour !== 'tls-other-host') {
      // Learn the endpoint's paths (and mTLS aliases) and the genuine documents from the server itself.
      const http = new HttpClient({ ca: readFileSync(paths.ca.cert, 'utf8'), timeoutMs: 5_000 });
      try {
        const discovery = (await http.send({ method: 'GET', url: `${server.issuer}/.well-known/openid-configuration`, label: 'hostile set-up' })).response.json as Record<string, unknown>;
        const jwks = (await http.send({ method: 'GET', url: discovery.jwks_uri as string, label: 'hostile set-up' })).response.json as { keys: JWK[] };
        const field = { discovery: undefined, jwks: 'jwks_uri', par: 'pushed_authorization_request_endpoint', authorization: 'authorization_endpoint', token: 'token_endpoint' }[opts.endpoint];
        const aliases = (discovery.mtls_endpoint_aliases ?? {}) as Record<string, string>;
        const urls: string[] = field ? [discovery[field] as string, aliases[field]].filter((u): u is string => typeof u === "string") : [`${server.issuer}/.well-known/openid-configuration`];
        routes = { paths: new Set(urls.map((u) => new URL(u).pathname)), discovery, jwks };
        if (opts.behaviour === 'duplicate-kid' || opts.behaviour === 'foreign-keys') hostileKeys = await keysFor(opts.behaviour, jwks);
      } finally {
        await http.close();
      }
    }
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    issuer: server.issuer,
    target: server.target,
    hits: () => hits,
    async close() {
      for (const t of timers) clearInterval(t);
      await server.close();
    },
  };
}

/** The reference server's answer under another content type (its own header calls are overridden). */
function forceContentType(res: ServerResponse, type: string): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = ((name: string, value: number | string | readonly string[]) => setHeader(name, name.toLowerCase() === 'content-type' ? type : value)) as typeof res.setHeader;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const headers = args.find((a) => a && typeof a === 'object') as Record<string, unknown> | undefined;
    if (headers) for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') headers[k] = type;
    res.removeHeader('content-type');
    setHeader('content-type', type);
    return writeHead(...args);
  }) as typeof res.writeHead;
}

/** duplicate-kid: the genuine keys plus a stranger under the first signing key's kid; foreign-keys: strangers under
 * every signing key's kid (same algorithm and key type, other key material). */
async function keysFor(behaviour: 'duplicate-kid' | 'foreign-keys', genuine: { keys: JWK[] }): Promise<{ keys: JWK[] }> {
  const stranger = async (k: JWK): Promise<JWK> => {
    const alg = (k.alg ?? (k.kty === 'EC' ? 'ES256' : 'PS256')) as string;
    const { publicKey } = await generateKeyPair(alg, { extractable: true });
    return { ...(await exportJWK(publicKey)), kid: k.kid!, alg, use: k.use ?? 'sig' };
  };
  const signing = genuine.keys.filter((k) => k.use !== 'enc');
  if (behaviour === 'duplicate-kid') return { keys: [...genuine.keys, await stranger(signing[0]!)] };
  return { keys: [...(await Promise.all(signing.map(stranger))), ...genuine.keys.filter((k) => k.use === 'enc')] };
}

/** A server certificate from the test CA (trusted by the harness) for a host name that is not localhost. */
async function otherHostCertificate(ca: { cert: string; key: string }): Promise<{ cert: string; key: string }> {
  const crypto = webcrypto as unknown as NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const caCert = new x509.X509Certificate(readFileSync(ca.cert, 'utf8'));
  const caKey = await webcrypto.subtle.importKey('pkcs8', pemBody(readFileSync(ca.key, 'utf8')), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomBytes(8).toString('hex'),
      subject: [{ CN: ['other-host.fapi-harness.test'] }],
      issuer: caCert.subjectName,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      signingAlgorithm: alg,
      publicKey: keys.publicKey,
      signingKey: caKey as unknown as CryptoKey,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'other-host.fapi-harness.test' }], false), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false)],
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string };
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}
