import { Agent, request, errors as undiciErrors } from 'undici';
import { HarnessError } from './errors';
import { redactBody, redactHeaders, redactUrl } from './redact';

/** A TLS client identity: the certificate the harness presents, or none. One connection pool per identity, because a
 * TLS connection keeps the certificate it was opened with for its whole life. */
export interface TlsIdentity {
  /** Stable name used for the connection pool and in the evidence, e.g. "client1" or "stranger". */
  name: string;
  cert?: string;
  key?: string;
}

export const NO_CERTIFICATE: TlsIdentity = { name: 'no-certificate' };

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
  url: string;
  /** A header given as an array goes out as one line per value (a request RFC 9449 4.3 makes the server refuse). */
  headers?: Record<string, string | string[]>;
  form?: Record<string, string | undefined> | URLSearchParams;
  body?: string;
  identity?: TlsIdentity;
  /** What this exchange is for, shown in the evidence ("PAR", "token", "resource" …). */
  label: string;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
  /** The body as received, before decoding (whether it is UTF-8 at all can be judged only here). */
  bytes?: Uint8Array;
}

/** One request/response pair, unredacted: only the recorder's copy is redacted. */
export interface HttpExchange {
  label: string;
  identity: string;
  request: { method: string; url: string; headers: Record<string, string | string[]>; body?: string };
  response: HttpResponse;
  durationMs: number;
}

/** The redacted form that goes into reports. */
export interface RecordedExchange {
  label: string;
  identity: string;
  startedAt: string;
  durationMs: number;
  /** A header sent on several lines is an array, one redacted value per line. */
  request: { method: string; url: string; headers: Record<string, string | string[]>; body?: string };
  response?: { status: number; headers: Record<string, string>; body: string };
  error?: string;
}

/** A visit of the browser to the AS's front channel (authorization endpoint, login, consent, back to the redirect URI),
 * in the same timeline as the HTTP exchanges. URLs are redacted; a JARM response is kept decoded (its payload redacted). */
export interface RecordedBrowserVisit {
  kind: 'browser';
  label: string;
  startedAt: string;
  durationMs: number;
  /** The URL the browser opened. */
  url: string;
  /** How it ended: "callback" (back at the redirect URI), "error page", "left unfinished" or "error" (the harness failed). */
  outcome: string;
  /** The redirect URI with the response parameters, or the error page's URL. */
  finalUrl?: string;
  /** The error page's HTTP status and the start of its text. */
  status?: number;
  text?: string;
  /** A JARM response, decoded. */
  jarm?: { header: unknown; payload: unknown };
  /** Every answer the browser's main frame received on the way, redirects included. */
  navigations?: RecordedNavigation[];
}

/** One answer to a top-level navigation of the browser (a page, a form submission, a redirect hop). No body is kept:
 * whether a submission carried the user's password is judged in the browser and kept as a flag. */
export interface RecordedNavigation {
  method: string;
  /** Redacted. */
  url: string;
  status: number;
  /** A redirect's target, redacted. */
  location?: string;
  /** The request body held the configured user's password. */
  carriedPassword?: true;
}

/** One entry of a test's evidence timeline. */
export type RecordedEvidence = RecordedExchange | RecordedBrowserVisit;

/** Collects redacted exchanges (and the browser's visits); the test fixture drains it into the report. */
export class ExchangeRecorder {
  readonly exchanges: RecordedEvidence[] = [];
  record(e: RecordedEvidence): void {
    this.exchanges.push(e);
  }
  drain(): RecordedEvidence[] {
    return this.exchanges.splice(0, this.exchanges.length);
  }
}

export interface HttpClientOptions {
  /** PEM bundle of CAs to trust (the AS's TLS certificate chain). */
  ca?: string;
  /** Skip server certificate verification. Only for targets the user explicitly marked insecure. */
  insecure?: boolean;
  timeoutMs?: number;
  recorder?: ExchangeRecorder;
  userAgent?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A response body bigger than this is not an OAuth response; stop reading rather than exhaust memory. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * The mock RP's only way onto the network: every request has a deadline, goes out over the connection pool of the
 * TLS identity it names, and is recorded (redacted) for evidence. Network failures and timeouts become HarnessErrors
 * naming the endpoint, never conformance verdicts.
 */
export class HttpClient {
  readonly recorder: ExchangeRecorder;
  readonly #agents = new Map<string, Agent>();
  readonly #opts: HttpClientOptions;

  constructor(opts: HttpClientOptions = {}) {
    this.#opts = opts;
    this.recorder = opts.recorder ?? new ExchangeRecorder();
  }

  #agent(identity: TlsIdentity): Agent {
    let agent = this.#agents.get(identity.name);
    if (!agent) {
      agent = new Agent({
        connect: {
          ca: this.#opts.ca,
          cert: identity.cert,
          key: identity.key,
          rejectUnauthorized: !this.#opts.insecure,
          timeout: this.#opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        },
        keepAliveTimeout: 4_000,
      });
      this.#agents.set(identity.name, agent);
    }
    return agent;
  }

  async send(req: HttpRequest): Promise<HttpExchange> {
    const identity = req.identity ?? NO_CERTIFICATE;
    const timeoutMs = req.timeoutMs ?? this.#opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string | string[]> = { 'user-agent': this.#opts.userAgent ?? 'fapi-conformance-harness', ...req.headers };
    let body = req.body;
    if (req.form) {
      const form = req.form instanceof URLSearchParams ? req.form : toSearchParams(req.form);
      body = form.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    headers.accept ??= 'application/json';
    const started = Date.now();
    const recordedRequest = {
      method: req.method,
      url: redactUrl(req.url),
      headers: redactHeaders(headers),
      ...(body !== undefined ? { body: redactBody(body, firstLine(headers['content-type'])) } : {}),
    };
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await request(req.url, {
        method: req.method,
        headers,
        body,
        dispatcher: this.#agent(identity),
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const bytes = await readBounded(res.body, MAX_BODY_BYTES);
      const text = bytes.toString('utf8');
      const resHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) resHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
      const response: HttpResponse = { status: res.statusCode, headers: resHeaders, body: text, json: parseJson(text), bytes };
      const durationMs = Date.now() - started;
      this.recorder.record({
        label: req.label,
        identity: identity.name,
        startedAt: new Date(started).toISOString(),
        durationMs,
        request: recordedRequest,
        response: { status: response.status, headers: redactHeaders(resHeaders), body: capRecorded(redactBody(text, resHeaders['content-type'])) },
      });
      return { label: req.label, identity: identity.name, request: { method: req.method, url: req.url, headers, ...(body !== undefined ? { body } : {}) }, response, durationMs };
    } catch (cause) {
      const durationMs = Date.now() - started;
      const message = describeNetworkError(cause, req, timeoutMs);
      this.recorder.record({ label: req.label, identity: identity.name, startedAt: new Date(started).toISOString(), durationMs, request: recordedRequest, error: message });
      throw new HarnessError(message, { endpoint: req.url, cause, hint: networkHint(cause) });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#agents.values()].map((a) => a.close().catch(() => undefined)));
    this.#agents.clear();
  }
}

/** What the evidence keeps of a body: enough for any OAuth response, not a page an AS sends by mistake. */
const MAX_RECORDED_CHARS = 64 * 1024;
function capRecorded(body: string): string {
  return body.length > MAX_RECORDED_CHARS ? `${body.slice(0, MAX_RECORDED_CHARS)}\n…[truncated: ${body.length} characters in all]` : body;
}

function firstLine(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

function toSearchParams(form: Record<string, string | undefined>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) p.append(k, v);
  return p;
}

function parseJson(text: string): unknown {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function readBounded(body: AsyncIterable<Buffer | Uint8Array>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) throw new Error(`response body larger than ${max} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function errorCode(cause: unknown): string | undefined {
  const c = cause as { code?: string; cause?: { code?: string } };
  return c?.code ?? c?.cause?.code;
}

function describeNetworkError(cause: unknown, req: HttpRequest, timeoutMs: number): string {
  const where = `${req.label} ${req.method} ${req.url}`;
  const code = errorCode(cause);
  if (
    (cause as Error)?.name === 'TimeoutError' ||
    cause instanceof undiciErrors.HeadersTimeoutError ||
    cause instanceof undiciErrors.BodyTimeoutError ||
    cause instanceof undiciErrors.ConnectTimeoutError
  ) {
    return `${where}: no answer within ${timeoutMs} ms`;
  }
  if (code === 'ECONNREFUSED') return `${where}: connection refused (is the authorization server running?)`;
  if (code === 'ENOTFOUND') return `${where}: host not found`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `${where}: the server's TLS certificate is for another host name (${code})`;
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `${where}: TLS certificate of the server not trusted (${code})`;
  return `${where}: ${(cause as Error)?.message ?? String(cause)}${code ? ` (${code})` : ''}`;
}

function networkHint(cause: unknown): string | undefined {
  const code = errorCode(cause);
  if (code === 'ECONNREFUSED') return 'check the issuer URL in the target configuration and that the server is up';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'use the host name the server certificate names in the issuer URL, or give the server a certificate for its host name';
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return "set the target's CA bundle ('ca') to the chain that signed the server certificate";
  return undefined;
}
