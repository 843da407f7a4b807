import { ConformanceFailure } from '../errors';
import type { HttpExchange } from '../http';
import { R } from '../requirements';
import { excerpt } from './jwt';

export interface OAuthError {
  status: number;
  error: string;
  error_description?: string;
}

/**
 * An OAuth error response from a back-channel endpoint (RFC 6749 5.2, RFC 9126 2.3): a 4xx status with a JSON
 * object carrying `error`. Returns undefined when the response is a success (2xx). A 5xx, or a 4xx without a
 * parsable error, is not a proper refusal: it is reported as a failure of the error response requirement.
 */
export function parseOAuthError(exchange: HttpExchange, requirement: string = R.rfc6749TokenError): OAuthError | undefined {
  const { status, json, body } = exchange.response;
  if (status >= 200 && status < 300) return undefined;
  if (status >= 500) {
    throw new ConformanceFailure(requirement, `a 4xx OAuth error response from ${exchange.label}`, `HTTP ${status}: ${excerpt(body, exchange.response.headers['content-type'])}`);
  }
  const obj = json as { error?: unknown; error_description?: unknown } | undefined;
  if (!obj || typeof obj.error !== 'string') {
    throw new ConformanceFailure(requirement, `a JSON error object with "error" from ${exchange.label}`, `HTTP ${status}: ${excerpt(body, exchange.response.headers['content-type'])}`);
  }
  // RFC 6749 5.2: the error travels "using the application/json media type".
  const type = exchange.response.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ConformanceFailure(requirement, `the JSON error from ${exchange.label} with content type application/json`, `HTTP ${status} ${obj.error}, content type ${type || '(none)'}`);
  }
  return { status, error: obj.error, ...(typeof obj.error_description === 'string' ? { error_description: obj.error_description } : {}) };
}
